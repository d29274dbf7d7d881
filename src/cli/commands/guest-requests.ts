import type { Command } from 'commander';
import type {
  GuestRequestView as RequestView,
  WaitingByApproverReport,
} from '../../guests/requests/request-schemas.ts';
import type { ApiClient } from '../api-client.ts';
import { client, collect, wantsJson } from '../context.ts';
import { out, printJson, printTable } from '../output.ts';
import { resolvePerson } from './status.ts';
import { addDecisionCommands, printList } from '../request-commands.ts';
import { writeOut } from '../io.ts';

/**
 * `steward guests request|requests|inbox|approve|reject|withdraw|renewal|waiting`: guest
 * requests from the command line, as the account of the token (the guarantor is its
 * person). Decisions send the version just read as If-Match, so a request someone decided
 * meanwhile is refused (409) rather than decided twice.
 */
function requestLines(r: RequestView): string[] {
  return [
    `request ${r.id} (${r.kind}, version ${r.version}): ${r.typeLabel} ${r.visitorName} — ${r.state}${r.currentStep ? `, waiting for ${r.currentStep}` : ''}`,
    `  visit       ${r.validFrom} – ${r.validTo} at ${r.hostOrg ? `${r.hostOrg.code} (${r.hostOrg.name})` : '-'}${r.reason ? `; reason: ${r.reason}` : ''}`,
    `  visitor     ${r.personId ? `person ${r.personId}` : 'new person'}${r.visitor.email ? `, ${r.visitor.email}` : ''}`,
    `  guarantor   ${r.guarantorName} (person ${r.guarantorId})${r.submittedBy ? `, submitted by ${r.submittedBy}` : ''}`,
    `  services    ${r.services.join(', ') || 'none'}`,
    ...(r.minted ? [`  minted      username ${r.minted.username ?? '-'}, email ${r.minted.email ?? '-'}`] : []),
    ...(r.guestId ? [`  guest       ${r.guestId}`] : []),
    '  steps',
    ...r.steps.map(
      (s) =>
        `    ${String(s.index + 1)}. ${s.label.padEnd(22)} ${s.state.padEnd(9)} ${s.decision ? `by ${s.decision.actor}${s.decision.comment ? `: ${s.decision.comment}` : ''}` : s.approvers.join(', ')}`,
    ),
  ];
}

const rows = (list: RequestView[]) =>
  list.map((r) => ({
    id: r.id,
    kind: r.kind,
    type: r.type,
    visitor: r.visitorName,
    unit: r.hostOrg?.code ?? '',
    from: r.validFrom,
    to: r.validTo,
    state: r.state,
    step: r.currentStep ?? '',
    guarantor: r.guarantorName,
  }));

/** A unit by id or code, from the request form's options (a guarantor may not read the org tree). */
async function unitOf(api: ApiClient, ref: string): Promise<number> {
  const { units } = await api.get<{ units: { id: number; code: string }[] }>('/guests/request-options');
  const found = units.find((u) => String(u.id) === ref || u.code.toLowerCase() === ref.trim().toLowerCase());
  if (!found) throw new Error(`no current unit has the code ${ref}`);
  return found.id;
}

interface RequestFlags {
  type: string;
  given?: string;
  family?: string;
  email?: string;
  birthDate?: string;
  person?: string;
  host?: string;
  sponsor?: string;
  reason?: string;
  service?: string[];
  from: string;
  to: string;
  guarantor?: string;
}

export function registerGuestRequests(program: Command): void {
  const guests = program.commands.find((c) => c.name() === 'guests') ?? program.command('guests');
  guests
    .command('request')
    .description('ask for a visitor (you are the guarantor); the approval chain starts')
    .requiredOption('--type <type>')
    .requiredOption('--from <date>')
    .requiredOption('--to <date>')
    .option('--given <name>')
    .option('--family <name>')
    .option('--email <address>')
    .option('--birth-date <date>')
    .option('--person <ref>', 'an existing person instead of names')
    .option('--host <code>', 'the department visited')
    .option('--sponsor <ref>')
    .option(
      '--reason <text>',
      "one of the guest type's reasons, when it lists any (steward guests types show <type> lists them; a wrong one is refused naming them)",
    )
    .option('--service <name>', 'id-card or it-account (repeatable)', collect)
    .option('--guarantor <ref>', 'system administrators: in whose name')
    .action(async (f: RequestFlags, cmd: Command) => {
      const api = client(cmd);
      const r = await api.post<RequestView>('/guests/requests', {
        type: f.type,
        givenName: f.given,
        familyName: f.family,
        email: f.email,
        birthDate: f.birthDate,
        personId: f.person ? await resolvePerson(api, f.person) : undefined,
        hostOrgId: f.host ? await unitOf(api, f.host) : undefined,
        sponsorId: f.sponsor ? await resolvePerson(api, f.sponsor) : undefined,
        guarantorId: f.guarantor ? await resolvePerson(api, f.guarantor) : undefined,
        reason: f.reason,
        services: f.service,
        validFrom: f.from,
        validTo: f.to,
      });
      if (wantsJson(cmd)) printJson(r);
      else out(requestLines(r));
    });
  guests
    .command('requests [id]')
    .description('your requests, or one request with its steps')
    .option('--state <state>')
    .option('--all', "everyone's (guest readers)")
    .action(async (id: string | undefined, f: { state?: string; all?: boolean }, cmd: Command) => {
      const api = client(cmd);
      if (id) {
        const r = await api.get<RequestView>(`/guests/requests/${Number(id)}`);
        return wantsJson(cmd) ? printJson(r) : out(requestLines(r));
      }
      const list = await api.get<RequestView[]>('/guests/requests', {
        state: f.state,
        all: f.all ? 'true' : undefined,
      });
      printList(cmd, list, 'no requests', rows);
    });
  guests
    .command('inbox')
    .description('requests waiting for your decision, oldest first')
    .action(async (_o, cmd: Command) => {
      const list = await client(cmd).get<RequestView[]>('/guests/inbox');
      printList(cmd, list, 'nothing waits for you', rows);
    });
  addDecisionCommands(
    guests,
    '/guests/requests',
    [
      ['approve', 'approve', 'approve the current step'],
      ['reject', 'reject', 'reject (say why with --comment)'],
      ['withdraw', 'withdraw', 'withdraw your waiting request'],
    ],
    requestLines,
  );
  guests
    .command('renewal <guest> <date>')
    .description("ask for a later valid-to of a guest (the department's approvers decide)")
    .action(async (guest: string, date: string, _o, cmd: Command) => {
      const r = await client(cmd).post<RequestView>(`/guests/${Number(guest)}/renewal-requests`, { validTo: date });
      if (wantsJson(cmd)) printJson(r);
      else out(requestLines(r));
    });
  guests
    .command('waiting')
    .description('requests waiting per approver of their current step')
    .option('--csv', 'print CSV')
    .action(async (f: { csv?: boolean }, cmd: Command) => {
      const api = client(cmd);
      if (f.csv) {
        const csv = await api.request<string>('/guests/reports/waiting-by-approver', {
          query: { format: 'csv' },
          headers: { accept: 'text/csv' },
        });
        writeOut(csv.data);
        return;
      }
      const report = await api.get<WaitingByApproverReport>('/guests/reports/waiting-by-approver');
      if (wantsJson(cmd)) return printJson(report);
      out([`${report.totalWaiting} requests waiting on ${report.on}`]);
      if (report.approvers.length)
        printTable(
          report.approvers.map((a) => ({
            approver: a.name,
            step: a.step,
            waiting: a.waiting,
            'oldest since': a.oldestSince,
            days: a.oldestDays,
            requests: a.requestIds.join(' '),
          })),
        );
    });
}
