import type { Command } from 'commander';
import type { EffectiveOfficer, Kind, Officer } from '../../organisations/org-schemas.ts';
import { client, wantsJson } from '../context.ts';
import { out, printJson } from '../output.ts';
import { officerLine, resolveUnit } from './org-format.ts';

/** `steward orgs officers list|add|remove`: administrators and approvers of a unit. */
export function registerOrgOfficers(orgs: Command): void {
  const officers = orgs.command('officers').description('administrators and approvers of units');
  officers
    .command('list <unit>')
    .description("a unit's own officers and its effective ones (inherited where it has none)")
    .action(async (ref: string, _opts, cmd: Command) => {
      const api = client(cmd);
      const r = await api.get<{ direct: Officer[]; effective: EffectiveOfficer[] }>(
        `/orgs/${await resolveUnit(api, ref)}/officers`,
      );
      if (wantsJson(cmd)) printJson(r);
      else out(['effective:', ...(r.effective.length ? r.effective.map((o) => `  ${officerLine(o)}`) : ['  none'])]);
    });
  officers
    .command('add <unit>')
    .description('appoint a person')
    .requiredOption('--person <id>', "the person's id")
    .requiredOption('--function <function>', 'administrator or approver')
    .requiredOption('--role <name>', 'e.g. "Head of department", "IT desk"')
    .action(async (ref: string, opts: { person: string; function: string; role: string }, cmd: Command) => {
      const api = client(cmd);
      const o = await api.post<Officer>(`/orgs/${await resolveUnit(api, ref)}/officers`, {
        personId: Number(opts.person),
        function: opts.function,
        roleName: opts.role,
      });
      if (wantsJson(cmd)) printJson(o);
      else out([`appointed ${officerLine(o)}`]);
    });
  officers
    .command('remove <unit> <officerId>')
    .description('remove an officer (the number after # in officers list)')
    .action(async (ref: string, officerId: string, _opts, cmd: Command) => {
      const api = client(cmd);
      await api.delete(`/orgs/${await resolveUnit(api, ref)}/officers/${Number(officerId.replace(/^#/, ''))}`);
      out([`removed officer #${officerId.replace(/^#/, '')}`]);
    });
}

/** `steward orgs kinds list|show`: the kinds of unit and their custom fields. */
export function registerOrgKinds(orgs: Command): void {
  const kinds = orgs.command('kinds').description('kinds of unit and their custom fields');
  kinds.command('list').action(async (_opts, cmd: Command) => {
    const list = await client(cmd).get<Kind[]>('/org-kinds');
    if (wantsJson(cmd)) printJson(list);
    else
      out(
        list.map(
          (k) =>
            `${k.kind.padEnd(12)} ${k.label}  (${k.units} units; fields: ${k.fields.map((f) => f.name).join(', ') || 'none'})`,
        ),
      );
  });
  kinds.command('show <kind>').action(async (kind: string, _opts, cmd: Command) => {
    const k = await client(cmd).get<Kind>(`/org-kinds/${encodeURIComponent(kind)}`);
    if (wantsJson(cmd)) return printJson(k);
    const field = (f: Kind['fields'][number]) =>
      `  ${f.name.padEnd(18)} ${f.type}${f.options ? ` (${f.options.join(' | ')})` : ''}${f.required ? ', required' : ''}${f.default !== undefined ? `, default ${JSON.stringify(f.default)}` : ''}${f.label ? `  ${f.label}` : ''}`;
    out([
      `${k.kind}: ${k.label}, ${k.units} units, version ${k.version}`,
      ...(k.fields.length ? k.fields.map(field) : ['  no custom fields']),
    ]);
  });
}
