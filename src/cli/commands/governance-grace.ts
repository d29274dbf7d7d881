import type { Command } from 'commander';
import type { GroupDetail } from '../../groups/group-schemas.ts';
import type { HoldViewStatic, ReconcileView, WhyView } from '../../governance/grace-schemas.ts';
import type { ApiClient } from '../api-client.ts';
import { client, etagOf, wantsJson } from '../context.ts';
import { minuteUtc, out, printJson, printTable } from '../output.ts';

/**
 * `steward governance …` (losing eligibility): why a membership ends, running the reconcile,
 * and the mass-loss holds. Groups are named by their full names or ids.
 */
const value = (v: unknown) =>
  v === null || v === undefined ? '(none)' : Array.isArray(v) ? (v.length ? v.join(', ') : '(none)') : String(v);

async function groupId(api: ApiClient, ref: string): Promise<number> {
  if (/^\d+$/.test(ref)) return Number(ref);
  return (await api.get<GroupDetail>(`/groups/by-name/${encodeURIComponent(ref)}`)).id;
}

function printWhy(w: WhyView): void {
  const lines = [
    `membership  ${w.membershipId} of ${w.group}${w.member ? ` — ${w.member} (#${w.personId})` : ''}`,
    `ends        ${minuteUtc(w.endsAt)}`,
    `governed    ${w.governed ? `yes, by ${w.policy?.name} (${w.policy?.level})` : 'no'}`,
    '',
    w.summary,
  ];
  if (w.grace)
    lines.push(
      '',
      `change      ${w.grace.fact}: ${value(w.grace.from)} → ${value(w.grace.to)} (${w.grace.kind})`,
      `seen        ${minuteUtc(w.grace.seenAt)}`,
      `rule        ${w.grace.rule.level}: ${w.grace.rule.days} days after a ${w.grace.rule.kind} change`,
      `notices     ${w.grace.notices.map((n) => `${n.name} (${n.roles.join(', ')}; ${n.mailState ?? 'no address'})`).join('; ') || '(none)'}`,
    );
  if (w.hold) lines.push(`hold        ${w.hold.id} (${w.hold.state})`);
  if (w.facts) {
    lines.push('', 'fact         at grant                      today');
    for (const f of ['department', 'title', 'statuses', 'supporting'] as const)
      lines.push(`${f.padEnd(12)} ${value(w.facts.atGrant[f]).padEnd(29)} ${value(w.facts.today[f])}`);
  }
  if (w.history.length) {
    lines.push('', 'history');
    for (const h of w.history) lines.push(`  ${minuteUtc(h.at)}  ${h.event}  ${h.sentence}`);
  }
  out(lines);
}

function holdRows(holds: HoldViewStatic[]) {
  return holds.map((h) => ({
    id: h.id,
    group: h.group,
    policy: h.policy,
    state: h.state,
    affected: `${h.affected} of ${h.members}`,
    created: minuteUtc(h.createdAt),
  }));
}

async function decide(
  api: ApiClient,
  id: string,
  how: 'release' | 'discard',
  reason?: string,
): Promise<HoldViewStatic> {
  const path = `/governance/holds/${Number(id)}`;
  return (
    await api.request<HoldViewStatic>(`${path}/${how}`, {
      method: 'POST',
      body: reason ? { reason } : {},
      headers: { 'if-match': await etagOf(api, path) },
    })
  ).data;
}

/** Registers the grace commands under `steward governance` (creating it when no other part did). */
export function registerGovernanceGrace(program: Command): void {
  const gov =
    program.commands.find((c) => c.name() === 'governance') ??
    program.command('governance').description('membership governance: policies, requests, grace and reviews');

  gov
    .command('why <group> <membership>')
    .description('why (and when) a membership ends: the fact that changed, the grace rule, the notices, then vs now')
    .action(async (group: string, membership: string, _o, cmd: Command) => {
      const api = client(cmd);
      const w = await api.get<WhyView>(`/groups/${await groupId(api, group)}/members/${Number(membership)}/why`);
      if (wantsJson(cmd)) return printJson(w);
      printWhy(w);
    });

  gov
    .command('reconcile')
    .description('compare governed memberships with today’s facts now (system administrators)')
    .option('--incremental', 'only the people the change log names since the last pass')
    .action(async (o: { incremental?: boolean }, cmd: Command) => {
      const r = await client(cmd).post<ReconcileView>('/governance/reconcile', {
        mode: o.incremental ? 'incremental' : 'full',
      });
      if (wantsJson(cmd)) return printJson(r);
      out([
        `${r.mode} pass: ${r.candidates} changed, ${r.started} grace started, ${r.ended} ended at once, ${r.escalated} tightened, ${r.replaced} replaced, ${r.cleared} cleared; ${r.notices} notices; ${r.held} held${r.holds.length ? ` (holds ${r.holds.join(', ')})` : ''}`,
      ]);
    });

  gov
    .command('holds')
    .description('mass losses of eligibility held for release')
    .option('--state <state>', 'open (default), released, discarded or all')
    .action(async (o: { state?: string }, cmd: Command) => {
      const holds = await client(cmd).get<HoldViewStatic[]>('/governance/holds', { state: o.state });
      if (wantsJson(cmd)) return printJson(holds);
      printTable(holdRows(holds));
    });

  gov
    .command('hold <id>')
    .description('one hold with its items')
    .action(async (id: string, _o, cmd: Command) => {
      const h = await client(cmd).get<HoldViewStatic>(`/governance/holds/${Number(id)}`);
      if (wantsJson(cmd)) return printJson(h);
      out([`hold ${h.id}: ${h.group} (${h.policy}), ${h.state}`, h.reason, '']);
      printTable(
        h.items.map((i) => ({
          membership: i.membershipId,
          person: i.personId,
          change: `${i.fact}: ${value(i.from)} → ${value(i.to)}`,
          kind: i.kind,
          days: i.days,
        })),
      );
    });

  for (const how of ['release', 'discard'] as const)
    gov
      .command(`${how} <id>`)
      .description(how === 'release' ? 'release a hold: the next pass applies it' : 'discard a hold')
      .option('--reason <text>', 'why')
      .action(async (id: string, o: { reason?: string }, cmd: Command) => {
        const h = await decide(client(cmd), id, how, o.reason);
        if (wantsJson(cmd)) return printJson(h);
        out([`hold ${h.id} ${h.state}`]);
      });
}
