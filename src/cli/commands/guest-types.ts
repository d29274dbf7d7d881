import type { Command } from 'commander';
import type { GuestType } from '../../guests/guest-schemas.ts';
import type { GuestTypeInput } from '../../guests/guest-types.ts';
import type { ApiClient } from '../api-client.ts';
import { client, collect, etagOf, wantsJson } from '../context.ts';
import { out, printJson, printTable } from '../output.ts';

/** `steward guests types …`: list, show, add, update and delete guest types. */
export async function resolveGuestType(api: ApiClient, ref: string): Promise<GuestType> {
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
export function registerGuestTypes(guests: Command): void {
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
