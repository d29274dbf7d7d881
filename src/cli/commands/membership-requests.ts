import type { Command } from 'commander';
import type { InboxItemT, MembershipRequestViewT as RequestView } from '../../governance/request-schemas.ts';
import { client, wantsJson } from '../context.ts';
import { out, printJson } from '../output.ts';
import { groupIdOf } from './governance-policies.ts';
import { resolvePerson } from './status.ts';
import { addDecisionCommands, printList } from '../request-commands.ts';

/**
 * `steward governance request create|show|approve|deny|withdraw|list` and `steward inbox`: membership requests as
 * the account of the token. Decisions send the version just read as If-Match, so a request someone decided
 * meanwhile is refused (409) rather than decided twice.
 */
function requestLines(r: RequestView): string[] {
  return [
    `request ${r.id} (version ${r.version}): ${r.member.name} (${r.member.kind} ${r.member.id}) in ${r.groupName} — ${r.state}${r.state === 'pending' ? `, stage ${r.stage + 1} of ${r.stages.length}` : ''}`,
    `  policy      ${r.policyName}`,
    `  asked by    ${r.requestedBy}: ${r.reason || '-'}${r.ticket ? ` (ticket ${r.ticket})` : ''}`,
    `  ends on     ${r.endsOn ?? 'open-ended'}`,
    ...(r.membershipId ? [`  membership  ${r.membershipId}`] : []),
    '  stages',
    ...r.stages.map(
      (s) =>
        `    ${s.index + 1}. ${s.state.padEnd(8)} ${s.decision ? `${s.decision.decision} by ${s.decision.decider}${s.decision.comment ? `: ${s.decision.comment}` : ''}` : s.approvers.join('; ')}`,
    ),
  ];
}

const rows = (list: RequestView[]) =>
  list.map((r) => ({
    id: r.id,
    member: r.member.name,
    group: r.groupName,
    state: r.state,
    stage: r.state === 'pending' ? `${r.stage + 1}/${r.stages.length}` : '',
    'ends on': r.endsOn ?? '',
    'asked by': r.requestedBy,
  }));

interface CreateFlags {
  person?: string;
  account?: string;
  reason?: string;
  ticket?: string;
  endsOn?: string;
  days?: string;
}

/** Registers `steward governance request …` and `steward inbox`. */
export function registerMembershipRequests(program: Command): void {
  const governance =
    program.commands.find((c) => c.name() === 'governance') ??
    program.command('governance').description('membership governance: policies, requests');
  const request = governance.command('request').description('membership requests of governed groups');
  request
    .command('create <group>')
    .description('ask for a person or account to join a governed group (the checks run now)')
    .option('--person <ref>')
    .option('--account <id>')
    .option('--reason <text>')
    .option('--ticket <ticket>')
    .option('--ends-on <date>', 'the day the membership ends (YYYY-MM-DD)')
    .option('--days <n>', 'or: how many days from today')
    .action(async (group: string, f: CreateFlags, cmd: Command) => {
      const api = client(cmd);
      const r = await api.post<RequestView>('/governance/requests', {
        groupId: await groupIdOf(api, group),
        personId: f.person ? await resolvePerson(api, f.person) : undefined,
        accountId: f.account ? Number(f.account) : undefined,
        reason: f.reason,
        ticket: f.ticket,
        endsOn: f.endsOn,
        days: f.days === undefined ? undefined : Number(f.days),
      });
      return wantsJson(cmd) ? printJson(r) : out(requestLines(r));
    });
  request.command('show <id>').action(async (id: string, _o, cmd: Command) => {
    const r = await client(cmd).get<RequestView>(`/governance/requests/${Number(id)}`);
    return wantsJson(cmd) ? printJson(r) : out(requestLines(r));
  });
  request
    .command('list')
    .description("your requests, or a group's (group readers)")
    .option('--state <state>')
    .option('--group <group>')
    .option('--mine', 'only yours')
    .action(async (f: { state?: string; group?: string; mine?: boolean }, cmd: Command) => {
      const api = client(cmd);
      const list = await api.get<RequestView[]>('/governance/requests', {
        state: f.state,
        groupId: f.group ? await groupIdOf(api, f.group) : undefined,
        mine: f.mine ? 'true' : undefined,
      });
      printList(cmd, list, 'no requests', rows);
    });
  addDecisionCommands(
    request,
    '/governance/requests',
    [
      ['approve', 'approve', 'approve the current stage (the checks run again)'],
      ['deny', 'deny', 'deny it (say why with --comment)'],
      ['withdraw', 'withdraw', 'withdraw your request while it waits'],
    ],
    requestLines,
  );
  program
    .command('inbox')
    .description('everything waiting for your decision: guest and membership requests, oldest first')
    .action(async (_o, cmd: Command) => {
      const list = await client(cmd).get<InboxItemT[]>('/inbox');
      printList(cmd, list, 'nothing waits for you', (items) =>
        items.map((i) => ({ kind: i.kind, id: i.id, since: i.submittedAt.slice(0, 10), summary: i.summary })),
      );
    });
}
