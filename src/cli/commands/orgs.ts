import { reportUnapplied } from './held-changes.ts';
import type { Command } from 'commander';
import { valueFromText } from '../../organisations/custom-fields.ts';
import type { EndedUnit, Kind, TreeNode, UnitDetail } from '../../organisations/org-schemas.ts';
import { ApiError } from '../api-client.ts';
import { client, collect, etagOf, wantsJson } from '../context.ts';
import { out, printJson } from '../output.ts';
import { registerImportOrgs } from './import-orgs.ts';
import { detailLines, resolveUnit, treeLines } from './org-format.ts';
import { registerOrgKinds, registerOrgOfficers } from './org-officers.ts';
import { setExitCode, writeErr } from '../io.ts';

/** `--field name=value` pairs, typed by the kind's schema (numbers, booleans) as the server expects. */
async function customValues(cmd: Command, kind: string, pairs: string[]): Promise<Record<string, unknown> | undefined> {
  if (pairs.length === 0) return undefined;
  const { fields } = await client(cmd).get<Kind>(`/org-kinds/${encodeURIComponent(kind)}`);
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`--field ${pair}: write it as name=value`);
      const name = pair.slice(0, at);
      const field = fields.find((f) => f.name === name);
      return [name, field ? valueFromText(field, pair.slice(at + 1)) : pair.slice(at + 1)];
    }),
  );
}

function show(cmd: Command, unit: UnitDetail): void {
  if (wantsJson(cmd)) printJson(unit);
  else out(detailLines(unit));
}

interface EndFlags {
  validTo: string;
  reason: string;
  cascade?: boolean;
  dryRun?: boolean;
}

/** `steward orgs …`: browse, create, rename, move and end org units; officers and kinds; `steward import orgs`. */
export function registerOrgs(program: Command): void {
  const orgs = program.command('orgs').description('the organisation tree');

  orgs
    .command('tree')
    .description("print the tree, indented, with each unit's validity")
    .option('--root <code>', 'start from this unit (default: every root)')
    .option('--depth <n>', 'levels below the root(s)')
    .option('--current', 'leave out units not valid today')
    .action(async (opts: { root?: string; depth?: string; current?: boolean }, cmd: Command) => {
      const api = client(cmd);
      const root = opts.root ? await resolveUnit(api, opts.root) : undefined;
      const nodes = await api.get<TreeNode[]>('/orgs/tree', { root, depth: opts.depth, currentOnly: opts.current });
      if (wantsJson(cmd)) printJson(nodes);
      else out(nodes.length ? treeLines(nodes) : ['(no units)']);
    });

  orgs
    .command('show <unit>')
    .description('one unit (by code or id): breadcrumb, fields, children, officers, counts')
    .action(async (ref: string, _opts, cmd: Command) => {
      const api = client(cmd);
      show(cmd, await api.get<UnitDetail>(`/orgs/${await resolveUnit(api, ref)}`));
    });

  orgs
    .command('create <code>')
    .description('create a unit')
    .requiredOption('--name <name>', 'its name')
    .requiredOption('--kind <kind>', 'its kind (see: steward orgs kinds list)')
    .option('--parent <code>', 'the unit it belongs to (omit for a root)')
    .option('--abbreviation <text>')
    .option('--alt-name <name>', 'an alternate name (repeatable)', collect, [])
    .option('--valid-from <date>')
    .option('--valid-to <date>')
    .option('--field <name=value>', 'a custom field of the kind (repeatable)', collect, [])
    .action(
      async (
        code: string,
        opts: {
          name: string;
          kind: string;
          parent?: string;
          abbreviation?: string;
          altName: string[];
          validFrom?: string;
          validTo?: string;
          field: string[];
        },
        cmd: Command,
      ) => {
        const api = client(cmd);
        const parentId = opts.parent ? await resolveUnit(api, opts.parent) : null;
        const unit = await api.post<UnitDetail>('/orgs', {
          code,
          kind: opts.kind,
          name: opts.name,
          parentId,
          abbreviation: opts.abbreviation,
          altNames: opts.altName.length ? opts.altName : undefined,
          validFrom: opts.validFrom,
          validTo: opts.validTo,
          custom: await customValues(cmd, opts.kind, opts.field),
        });
        show(cmd, unit);
      },
    );

  orgs
    .command('rename <unit>')
    .description("change a unit's name, abbreviation or alternate names")
    .option('--name <name>')
    .option('--abbreviation <text>', 'an empty string removes it')
    .option('--alt-name <name>', 'replaces the alternate names (repeatable)', collect, [])
    .option('--reason <text>', 'kept in the audit trail')
    .action(
      async (
        ref: string,
        opts: { name?: string; abbreviation?: string; altName: string[]; reason?: string },
        cmd: Command,
      ) => {
        const api = client(cmd);
        const body = {
          name: opts.name,
          abbreviation: opts.abbreviation === undefined ? undefined : opts.abbreviation || null,
          altNames: opts.altName.length ? opts.altName : undefined,
          reason: opts.reason,
        };
        show(cmd, await api.patch<UnitDetail>(`/orgs/${await resolveUnit(api, ref)}`, body));
      },
    );

  orgs
    .command('update <unit>')
    .description("change a unit's custom fields or start date")
    .option('--field <name=value>', 'a custom field; name= clears it (repeatable)', collect, [])
    .option('--valid-from <date>')
    .option('--reason <text>', 'kept in the audit trail')
    .action(async (ref: string, opts: { field: string[]; validFrom?: string; reason?: string }, cmd: Command) => {
      const api = client(cmd);
      const id = await resolveUnit(api, ref);
      const current = await api.get<UnitDetail>(`/orgs/${id}`);
      const body = {
        custom: await customValues(cmd, current.kind, opts.field),
        validFrom: opts.validFrom,
        reason: opts.reason,
      };
      show(cmd, await api.patch<UnitDetail>(`/orgs/${id}`, body));
    });

  orgs
    .command('move <unit>')
    .description('move a unit, with everything below it, under another parent')
    .requiredOption('--to <code>', 'the new parent')
    .option('--reason <text>', 'kept in the audit trail')
    .option('--dry-run', 'only show whose affiliations would move; change nothing')
    .action(async (ref: string, opts: { to: string; reason?: string; dryRun?: boolean }, cmd: Command) => {
      const api = client(cmd);
      const id = await resolveUnit(api, ref);
      const parentId = await resolveUnit(api, opts.to);
      const headers = { 'if-match': await etagOf(api, `/orgs/${id}`) };
      const { data } = await api.request<UnitDetail>(`/orgs/${id}/move`, {
        method: 'POST',
        body: { parentId, reason: opts.reason },
        headers,
        query: { dryRun: opts.dryRun || undefined },
      });
      if (!reportUnapplied(cmd, data)) show(cmd, data);
    });

  orgs
    .command('end <unit>')
    .description('end a unit on a date; with --cascade, everything below that outlives it ends too')
    .requiredOption('--valid-to <date>', 'its last valid day (YYYY-MM-DD)')
    .requiredOption('--reason <text>', 'why it ends (kept in the audit trail)')
    .option('--cascade', 'also end the units and affiliations below it that outlive the date')
    .option('--dry-run', 'only show who would lose which affiliation and status; change nothing')
    .action(async (ref: string, opts: EndFlags, cmd: Command) => {
      const api = client(cmd);
      const id = await resolveUnit(api, ref);
      const headers = { 'if-match': await etagOf(api, `/orgs/${id}`) };
      try {
        const { data: r } = await api.request<EndedUnit>(`/orgs/${id}/end`, {
          method: 'POST',
          body: { validTo: opts.validTo, reason: opts.reason, cascade: Boolean(opts.cascade) },
          headers,
          query: { dryRun: opts.dryRun || undefined },
        });
        if (reportUnapplied(cmd, r)) return;
        if (wantsJson(cmd)) printJson(r);
        else
          out([
            `${r.code} ends on ${r.validTo}`,
            ...(r.endedUnits || r.endedAffiliations
              ? [`  with it: ${r.endedUnits} unit(s) and ${r.endedAffiliations} affiliation(s)`]
              : []),
          ]);
      } catch (e) {
        if (!(e instanceof ApiError) || e.problem.code !== 'cascade-required') throw e;
        const p = e.problem as {
          counts: { units: number; affiliations: number };
          affected: {
            units: { code: string; name: string; validTo: string | null }[];
            affiliations: { name: string; orgCode: string; validTo: string | null }[];
          };
        };
        const lines = [`${e.problem.detail}`];
        if (p.counts.units)
          lines.push(
            `  ${p.counts.units} unit(s), for example:`,
            ...p.affected.units.map((u) => `    ${u.code}  ${u.name}  (until ${u.validTo ?? 'open'})`),
          );
        if (p.counts.affiliations)
          lines.push(
            `  ${p.counts.affiliations} affiliation(s), for example:`,
            ...p.affected.affiliations.map((a) => `    ${a.name} in ${a.orgCode}  (until ${a.validTo ?? 'open'})`),
          );
        lines.push('Run again with --cascade to end them all on the same date.');
        writeErr(`${lines.join('\n')}\n`);
        setExitCode(1);
      }
    });

  registerOrgOfficers(orgs);
  registerOrgKinds(orgs);
  registerImportOrgs(program);
}
