import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { GuestExpiryReport, GuestReportByOrg } from '../../guests/guest-reports.ts';
import type { GuestTransitionView } from '../../guests/guest-service.ts';
import type { Guest, GuestType } from '../../guests/guest-store.ts';
import type { GuestTypeInput } from '../../guests/guest-types.ts';
import type { Lifecycle } from '../../guests/lifecycle.ts';
import type { SweepResult } from '../../guests/sweep.ts';
import type { ApiClient } from '../api-client.ts';
import { client, collect, etagOf, wantsJson } from '../context.ts';
import { out, printJson, printTable } from '../output.ts';
import { resolveUnit } from './org-format.ts';
import { resolvePerson } from './status.ts';
import { writeOut } from '../io.ts';

/**
 * `steward guests …`: guest types (list, show, add, update, delete), lifecycles (list, show,
 * put from a JSON file), guests (list, show with their history, add, set the end date,
 * renew, trigger a transition), the sweep of timed transitions and the report.
 */
async function resolveGuestType(api: ApiClient, ref: string): Promise<GuestType> {
  const types = await api.get<GuestType[]>('/guest-types');
  const found = types.find((t) => String(t.id) === ref || t.name.toLowerCase() === ref.trim().toLowerCase());
  if (!found) throw new Error(`no guest type is called ${ref}; see: steward guests types list`);
  return found;
}

interface TypeFlags {
  label?: string;
  lifecycle?: string;
  defaultDays?: string;
  maxDays?: string;
  renewable?: boolean;
  renewalWindow?: string;
  directory?: string;
  orgSubtree?: string;
  service?: string[];
  reason?: string[];
  sponsorRequired?: boolean;
  requesterRequired?: boolean;
  idNumberRequired?: boolean;
  expiringDays?: string;
  retentionDays?: string;
  rank?: string;
}

function typeOptions(cmd: Command): Command {
  return cmd
    .option('--label <text>', 'what people see')
    .option('--lifecycle <name>', 'visitor, tenant, dependant or one of your own')
    .option('--default-days <n>', 'default length of a stay (none = open-ended)')
    .option('--max-days <n>', 'longest stay, and longest renewal from today')
    .option('--renewable', 'may be renewed')
    .option('--renewal-window <days>', 'renewal opens this many days before the end')
    .option('--directory <flag>', 'Y, N, O (optional, in by default) or P (optional, out by default)')
    .option('--org-subtree <code>', 'departments must lie under this unit')
    .option('--service <name>', 'a service that may be asked for: id-card, it-account, email (repeatable)', collect)
    .option('--reason <text>', 'a reason to pick from (repeatable)', collect)
    .option('--sponsor-required', 'sponsored by a person (dependants)')
    .option('--requester-required', 'the requester must be recorded')
    .option('--id-number-required', 'the guest must hold an ID number')
    .option('--expiring-days <n>', 'days before the end a guest becomes expiring')
    .option('--retention-days <n>', 'days after disabled a guest is archived')
    .option('--rank <n>', 'display rank');
}

const num = (v: string | undefined) => (v === undefined ? undefined : v === 'none' ? null : Number(v));

function typeBody(current: GuestTypeInput | null, name: string, f: TypeFlags): GuestTypeInput {
  const pick = <T>(v: T | undefined, fallback: T): T => (v === undefined ? fallback : v);
  const base: GuestTypeInput = current ?? { name, label: f.label ?? name, lifecycle: f.lifecycle ?? 'visitor' };
  const { id: _id, version: _v, ...rest } = base as GuestTypeInput & { id?: number; version?: number };
  return {
    ...rest,
    name,
    label: pick(f.label, base.label),
    lifecycle: pick(f.lifecycle, base.lifecycle),
    ...(f.defaultDays !== undefined ? { defaultDays: num(f.defaultDays) } : {}),
    ...(f.maxDays !== undefined ? { maxDays: num(f.maxDays) } : {}),
    ...(f.renewable ? { renewable: true } : {}),
    ...(f.renewalWindow !== undefined ? { renewalWindowDays: num(f.renewalWindow) } : {}),
    ...(f.directory !== undefined ? { directory: f.directory as GuestTypeInput['directory'] } : {}),
    ...(f.orgSubtree !== undefined ? { orgSubtree: f.orgSubtree === 'none' ? null : f.orgSubtree } : {}),
    ...(f.service ? { services: f.service as GuestTypeInput['services'] } : {}),
    ...(f.reason ? { reasons: f.reason } : {}),
    ...(f.sponsorRequired ? { sponsorRequired: true } : {}),
    ...(f.requesterRequired ? { requesterRequired: true } : {}),
    ...(f.idNumberRequired ? { idNumberRequired: true } : {}),
    ...(f.expiringDays !== undefined ? { expiringDays: Number(f.expiringDays) } : {}),
    ...(f.retentionDays !== undefined ? { retentionDays: Number(f.retentionDays) } : {}),
    ...(f.rank !== undefined ? { displayRank: Number(f.rank) } : {}),
  };
}

function typeLines(t: GuestType): string[] {
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  return [
    `${t.name} (guest type ${t.id}, version ${t.version}): ${t.label}`,
    `  lifecycle   ${t.lifecycle} (expiring ${t.expiringDays} days before the end, archived ${t.retentionDays} days after disabled)`,
    `  stay        default ${t.defaultDays ?? 'open-ended'}, at most ${t.maxDays ?? 'unlimited'} days; renewable ${yes(t.renewable)}${t.renewalWindowDays ? ` (from ${t.renewalWindowDays} days before the end)` : ''}`,
    `  requires    sponsor ${yes(t.sponsorRequired)}, requester ${yes(t.requesterRequired)}, ID number ${yes(t.idNumberRequired)}`,
    `  directory   ${t.directory}${t.orgSubtree ? `; departments under ${t.orgSubtree}` : ''}`,
    `  services    ${t.services.join(', ') || 'none'}`,
    `  approvals   ${t.approvalChain.map((s) => (s.ifService ? `${s.step} (if ${s.ifService})` : s.step)).join(' → ') || 'none'}`,
    `  reasons     ${t.reasons.join('; ') || 'any'}`,
  ];
}

function guestLines(g: Guest, history: GuestTransitionView[]): string[] {
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

function registerTypes(guests: Command): void {
  const types = guests
    .command('types')
    .description('guest types: who vouches, how long, which services, which lifecycle');
  types
    .command('list')
    .description('every guest type')
    .action(async (_o, cmd: Command) => {
      const list = await client(cmd).get<GuestType[]>('/guest-types');
      if (wantsJson(cmd)) return printJson(list);
      printTable(
        list.map((t) => ({
          id: t.id,
          name: t.name,
          lifecycle: t.lifecycle,
          days: `${t.defaultDays ?? '-'}/${t.maxDays ?? '-'}`,
          sponsor: t.sponsorRequired ? 'Y' : 'N',
          dir: t.directory,
          services: t.services.join(','),
        })),
      );
    });
  types
    .command('show <type>')
    .description('one guest type')
    .action(async (ref: string, _o, cmd: Command) => {
      const t = await resolveGuestType(client(cmd), ref);
      if (wantsJson(cmd)) printJson(t);
      else out(typeLines(t));
    });
  typeOptions(types.command('add <name>').description('add a guest type')).action(
    async (name: string, f: TypeFlags, cmd: Command) => {
      const t = await client(cmd).post<GuestType>('/guest-types', typeBody(null, name, f));
      if (wantsJson(cmd)) printJson(t);
      else out(typeLines(t));
    },
  );
  typeOptions(
    types.command('update <type>').description('change a guest type; flags not given stay as they are'),
  ).action(async (ref: string, f: TypeFlags, cmd: Command) => {
    const api = client(cmd);
    const current = await resolveGuestType(api, ref);
    const path = `/guest-types/${current.id}`;
    const saved = await api.request<GuestType>(path, {
      method: 'PUT',
      body: typeBody(current, current.name, f),
      headers: { 'if-match': await etagOf(api, path) },
    });
    if (wantsJson(cmd)) printJson(saved.data);
    else out(typeLines(saved.data));
  });
  types
    .command('delete <type>')
    .description('delete a guest type no guest has')
    .action(async (ref: string, _o, cmd: Command) => {
      const api = client(cmd);
      const t = await resolveGuestType(api, ref);
      await api.delete(`/guest-types/${t.id}`);
      out([`deleted guest type ${t.name}`]);
    });
}

function registerLifecycles(guests: Command): void {
  const lifecycles = guests
    .command('lifecycles')
    .description('lifecycles: states, transitions, who triggers them, timed rules');
  lifecycles
    .command('list')
    .description('every lifecycle')
    .action(async (_o, cmd: Command) => {
      const list = await client(cmd).get<Lifecycle[]>('/guest-lifecycles');
      if (wantsJson(cmd)) return printJson(list);
      printTable(
        list.map((l) => ({
          name: l.name,
          label: l.label,
          states: l.states.map((s) => s.name).join(' '),
          transitions: l.transitions.length,
        })),
      );
    });
  lifecycles
    .command('show <name>')
    .description('one lifecycle')
    .action(async (name: string, _o, cmd: Command) => {
      const l = await client(cmd).get<Lifecycle>(`/guest-lifecycles/${name}`);
      if (wantsJson(cmd)) return printJson(l);
      out([
        `${l.name}: ${l.label} (requests start ${l.initial}, direct entries ${l.entry})`,
        ...l.transitions.map(
          (t) =>
            `  ${t.name.padEnd(14)} ${t.from.join('|')} → ${t.to}  by ${t.by.join(', ')}${t.when ? `  when ${JSON.stringify(t.when)}` : ''}`,
        ),
      ]);
    });
  lifecycles
    .command('put <name> <file>')
    .description('create or replace a lifecycle from a JSON file')
    .action(async (name: string, file: string, _o, cmd: Command) => {
      const api = client(cmd);
      const existing = await api.request<Lifecycle>(`/guest-lifecycles/${name}`).catch(() => null);
      const saved = await api.request<Lifecycle>(`/guest-lifecycles/${name}`, {
        method: 'PUT',
        body: JSON.parse(readFileSync(file, 'utf8')),
        headers: { 'if-match': existing?.headers.get('etag') ?? '"0"' },
      });
      if (wantsJson(cmd)) printJson(saved.data);
      else out([`saved lifecycle ${name}`]);
    });
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
  registerTypes(guests);
  registerLifecycles(guests);
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
      const g = await api.get<Guest>(`/guests/${Number(id)}`);
      const h = await api.get<GuestTransitionView[]>(`/guests/${Number(id)}/transitions`);
      if (wantsJson(cmd)) printJson({ ...g, history: h });
      else out(guestLines(g, h));
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
    .command('sweep')
    .description('apply every timed transition that is due now')
    .action(async (_o, cmd: Command) => {
      const r = await client(cmd).post<SweepResult>('/guests/sweep');
      if (wantsJson(cmd)) return printJson(r);
      out([
        `moved ${r.moved} guests in ${r.passes} passes; ${r.notices} notices`,
        ...Object.entries(r.transitions).map(([k, n]) => `  ${k}: ${n}`),
      ]);
    });
  guests
    .command('report')
    .description('guests per host unit by state with those ending soon, and the upcoming expiries')
    .option('--within <days>', 'the window for ending soon', '30')
    .option('--on <date>', 'count from this day (default today)')
    .option('--expiring', 'with --csv: the upcoming expiries rather than the counts')
    .option('--csv', 'print CSV')
    .action(async (f: { within: string; on?: string; expiring?: boolean; csv?: boolean }, cmd: Command) => {
      const api = client(cmd);
      const query = { within: f.within, on: f.on };
      if (f.csv) {
        const csv = await api.request<string>(f.expiring ? '/guests/reports/expiring' : '/guests/reports/by-org', {
          query: { ...query, format: 'csv' },
          headers: { accept: 'text/csv' },
        });
        writeOut(csv.data);
        return;
      }
      const byOrg = await api.get<GuestReportByOrg>('/guests/reports/by-org', query);
      const expiring = await api.get<GuestExpiryReport>('/guests/reports/expiring', query);
      if (wantsJson(cmd)) return printJson({ byOrg, expiring });
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
    });
}
