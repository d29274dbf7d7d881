import type { Command } from 'commander';
import type {
  Guest,
  GuestTransition,
  GuestView,
  ReportByOrg,
  ReportExpiring,
  ReportUnvouched,
  SweepResult,
} from '../../guests/guest-schemas.ts';
import type { ApiClient } from '../api-client.ts';
import { client, collect, etagOf, wantsJson } from '../context.ts';
import { writeOut } from '../io.ts';
import { out, printJson, printTable } from '../output.ts';
import { registerGuestLifecycles } from './guest-lifecycles.ts';
import { registerGuestTypes } from './guest-types.ts';
import { resolveUnit } from './org-format.ts';
import { resolvePerson } from './status.ts';

/**
 * `steward guests …`: guest types (guest-types.ts), lifecycles (guest-lifecycles.ts),
 * guests (list, show with their history, add, set the end date, renew, trigger a
 * transition), the sweep of timed transitions and the report.
 */
function guestLines(g: Guest, history: GuestTransition[]): string[] {
  return [
    `guest ${g.id} (person ${g.personId}, version ${g.version}): ${g.type}, ${g.state} since ${g.stateSince}`,
    `  valid       ${g.validFrom} – ${g.validTo ?? '…'}`,
    `  units       host ${g.hostOrgId ?? '-'}, tenant of ${g.tenantOrgId ?? '-'}`,
    `  people      guarantor ${g.guarantorId ?? '-'}, sponsor ${g.sponsorId ?? '-'}, requester ${g.requesterId ?? '-'}`,
    `  asked for   ${g.services.join(', ') || 'nothing'}${g.reason ? `; reason: ${g.reason}` : ''}`,
    '  history',
    ...history.map(
      (h) =>
        `    ${h.at.slice(0, 10)}  ${h.transition.padEnd(14)} ${(h.from || '·').padEnd(9)} → ${h.to.padEnd(9)} ${h.dueOn ? `due ${h.dueOn}` : `by ${h.actor}`}${h.notices.length ? `  (${h.notices.length} notices)` : ''}`,
    ),
  ];
}
async function guestWithEtag(api: ApiClient, id: string): Promise<string> {
  return etagOf(api, `/guests/${Number(id)}`);
}
interface AddFlags {
  person: string;
  type: string;
  from?: string;
  to?: string;
  host?: string;
  tenant?: string;
  guarantor?: string;
  sponsor?: string;
  requester?: string;
  reason?: string;
  service?: string[];
}

export function registerGuests(program: Command): void {
  const guests = program
    .command('guests')
    .description('visitors, tenants and dependants: types, lifecycles, guests and the sweep');
  registerGuestTypes(guests);
  registerGuestLifecycles(guests);
  guests
    .command('list')
    .description('guests by state, organisation and type')
    .option('--state <state>')
    .option('--org <code>', 'host or tenant unit in this subtree')
    .option('--type <type>')
    .option('--limit <n>', 'at most', '100')
    .action(async (f: { state?: string; org?: string; type?: string; limit: string }, cmd: Command) => {
      const api = client(cmd);
      const page = await api.get<{ items: Guest[] }>('/guests', {
        state: f.state,
        type: f.type,
        orgId: f.org ? await resolveUnit(api, f.org) : undefined,
        limit: f.limit,
      });
      if (wantsJson(cmd)) return printJson(page);
      printTable(
        page.items.map((g) => ({
          id: g.id,
          person: g.personId,
          type: g.type,
          state: g.state,
          from: g.validFrom,
          to: g.validTo ?? '',
          host: g.hostOrgId ?? '',
        })),
      );
    });
  guests
    .command('show <id>')
    .description('a guest and their history')
    .action(async (id: string, _o, cmd: Command) => {
      const api = client(cmd);
      const g = await api.get<GuestView>(`/guests/${Number(id)}`);
      const h = await api.get<GuestTransition[]>(`/guests/${Number(id)}/transitions`);
      if (wantsJson(cmd)) printJson({ ...g, history: h });
      else {
        const lines = guestLines(g, h);
        const o = g.handover;
        if (o)
          lines.splice(
            4,
            0,
            `  handed over ${o.role} ${o.voucherId} no longer vouches; ${o.orgCode} until ${o.deadline}`,
          );
        out(lines);
      }
    });
  guests
    .command('add')
    .description('register a guest directly (pending until valid-from)')
    .requiredOption('--person <ref>', 'person id or identifier')
    .requiredOption('--type <type>')
    .option('--from <date>')
    .option('--to <date>')
    .option('--host <code>', 'department or organisation')
    .option('--tenant <code>', 'tenant organisation')
    .option('--guarantor <ref>')
    .option('--sponsor <ref>')
    .option('--requester <ref>')
    .option('--reason <text>')
    .option('--service <name>', 'repeatable', collect)
    .action(async (f: AddFlags, cmd: Command) => {
      const api = client(cmd);
      const person = async (ref?: string) => (ref ? resolvePerson(api, ref) : undefined);
      const g = await api.post<Guest>('/guests', {
        personId: await resolvePerson(api, f.person),
        type: f.type,
        validFrom: f.from,
        validTo: f.to,
        hostOrgId: f.host ? await resolveUnit(api, f.host) : undefined,
        tenantOrgId: f.tenant ? await resolveUnit(api, f.tenant) : undefined,
        guarantorId: await person(f.guarantor),
        sponsorId: await person(f.sponsor),
        requesterId: await person(f.requester),
        reason: f.reason,
        services: f.service,
      });
      if (wantsJson(cmd)) printJson(g);
      else out(guestLines(g, []).slice(0, 5));
    });
  guests
    .command('end-date <id> <date>')
    .description("set a guest's last valid day ('none' for open-ended); e.g. a tenant leaving")
    .option('--reason <text>')
    .action(async (id: string, date: string, f: { reason?: string }, cmd: Command) => {
      const api = client(cmd);
      const g = (
        await api.request<Guest>(`/guests/${Number(id)}/valid-to`, {
          method: 'PUT',
          body: { validTo: date === 'none' ? null : date, reason: f.reason ?? null },
          headers: { 'if-match': await guestWithEtag(api, id) },
        })
      ).data;
      if (wantsJson(cmd)) printJson(g);
      else out([`guest ${g.id}: ${g.state}, valid ${g.validFrom} – ${g.validTo ?? '…'}`]);
    });
  guests
    .command('renew <id> <date>')
    .description('renew a stay until a later date')
    .option('--reason <text>')
    .action(async (id: string, date: string, f: { reason?: string }, cmd: Command) => {
      const api = client(cmd);
      const g = (
        await api.request<Guest>(`/guests/${Number(id)}/renew`, {
          method: 'POST',
          body: { validTo: date, reason: f.reason ?? null },
          headers: { 'if-match': await guestWithEtag(api, id) },
        })
      ).data;
      if (wantsJson(cmd)) printJson(g);
      else out([`guest ${g.id}: ${g.state}, valid ${g.validFrom} – ${g.validTo ?? '…'}`]);
    });
  guests
    .command('transition <id> <name>')
    .description('trigger a manual transition (withdraw, end-now, …)')
    .option('--reason <text>')
    .action(async (id: string, name: string, f: { reason?: string }, cmd: Command) => {
      const api = client(cmd);
      const g = (
        await api.request<Guest>(`/guests/${Number(id)}/transitions`, {
          method: 'POST',
          body: { transition: name, reason: f.reason ?? null },
          headers: { 'if-match': await guestWithEtag(api, id) },
        })
      ).data;
      if (wantsJson(cmd)) printJson(g);
      else out([`guest ${g.id}: ${g.state} since ${g.stateSince}`]);
    });
  guests
    .command('take-over <id>')
    .description('take over a handed-over guest as its new guarantor or sponsor (a guest manager of the unit)')
    .option('--reason <text>')
    .action(async (id: string, f: { reason?: string }, cmd: Command) => {
      const api = client(cmd);
      const g = (
        await api.request<Guest>(`/guests/${Number(id)}/take-over`, {
          method: 'POST',
          body: { reason: f.reason ?? null },
          headers: { 'if-match': await guestWithEtag(api, id) },
        })
      ).data;
      if (wantsJson(cmd)) printJson(g);
      else out([`guest ${g.id}: guarantor ${g.guarantorId ?? '-'}, sponsor ${g.sponsorId ?? '-'}`]);
    });
  guests
    .command('sweep')
    .description('apply every timed transition that is due now')
    .action(async (_o, cmd: Command) => {
      const r = await client(cmd).post<SweepResult>('/guests/sweep');
      if (wantsJson(cmd)) return printJson(r);
      out([
        `moved ${r.moved} guests in ${r.passes} passes; ${r.notices} notices`,
        `handovers: ${r.handovers.opened} opened, ${r.handovers.closed} closed`,
        ...Object.entries(r.transitions).map(([k, n]) => `  ${k}: ${n}`),
      ]);
    });
  guests
    .command('report')
    .description('guests per host unit by state with those ending soon, and the upcoming expiries')
    .option('--within <days>', 'the window for ending soon', '30')
    .option('--on <date>', 'count from this day (default today)')
    .option('--expiring', 'with --csv: the upcoming expiries rather than the counts')
    .option('--unvouched', 'with --csv: the guests whose guarantor or sponsor can no longer vouch for them')
    .option('--csv', 'print CSV')
    .action(
      async (
        f: { within: string; on?: string; expiring?: boolean; unvouched?: boolean; csv?: boolean },
        cmd: Command,
      ) => {
        const api = client(cmd);
        const query = { within: f.within, on: f.on };
        if (f.csv) {
          const [path, params] = f.unvouched
            ? ['/guests/reports/unvouched', { on: f.on }]
            : [f.expiring ? '/guests/reports/expiring' : '/guests/reports/by-org', query];
          const csv = await api.request<string>(path, {
            query: { ...params, format: 'csv' },
            headers: { accept: 'text/csv' },
          });
          writeOut(csv.data);
          return;
        }
        const byOrg = await api.get<ReportByOrg>('/guests/reports/by-org', query);
        const expiring = await api.get<ReportExpiring>('/guests/reports/expiring', query);
        const unvouched = await api.get<ReportUnvouched>('/guests/reports/unvouched', { on: f.on });
        if (wantsJson(cmd)) return printJson({ byOrg, expiring, unvouched });
        printTable(
          byOrg.orgs.map((o) => ({
            org: o.code ?? '(none)',
            ...o.counts,
            total: o.total,
            [`ending ≤${byOrg.within}d`]: o.endingWithin,
          })),
        );
        out(['', `ending ${byOrg.on} – ${byOrg.until}: ${expiring.items.length}`]);
        if (expiring.items.length)
          printTable(
            expiring.items.map((i) => ({
              id: i.guestId,
              name: i.personName,
              type: i.type,
              org: i.orgCode ?? '',
              'valid to': i.validTo,
              guarantor: i.guarantor ?? '',
            })),
          );
        out(['', `nobody vouches for on ${unvouched.on}: ${unvouched.items.length}`]);
        if (unvouched.items.length)
          printTable(
            unvouched.items.map((i) => ({
              id: i.guestId,
              name: i.personName,
              state: i.state,
              org: i.orgCode ?? '',
              [i.role]: i.voucherName,
              'able until': i.voucherLastDay ?? 'never',
            })),
          );
      },
    );
}
