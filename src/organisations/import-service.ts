import { pipeline, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { invalid } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { applyImport } from './import-apply.ts';
import { type CsvRecord, type ExistingUnit, type ImportContext, type ImportPlan, planImport } from './org-import.ts';
import type { ImportReport } from './org-schemas.ts';
import { type Db, lockTree } from './unit-store.ts';

/** CSV text, bytes, or a stream of them (an HTTP request body, a file). */
export type CsvSource = string | Buffer | Readable | AsyncIterable<string | Buffer>;

/** Reads the header and records of a CSV file, streaming; a malformed file is a validation error. */
export async function readCsv(source: CsvSource): Promise<{ header: string[]; records: CsvRecord[] }> {
  const input = typeof source === 'string' || Buffer.isBuffer(source) ? Readable.from([source]) : Readable.from(source);
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, info: true });
  // pipeline passes a failing source (an aborted upload) on to the parser, whose iteration then throws.
  pipeline(input, parser, () => {});
  let header: string[] | null = null;
  const records: CsvRecord[] = [];
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) header = item.record.map((c) => c.trim());
      else records.push({ line: item.info.lines, cells: item.record });
    }
  } catch (e) {
    throw invalid('/body', 'csv', `the file is not valid CSV: ${(e as Error).message}`);
  }
  return { header: header ?? [], records };
}

/** Everything the planner needs to know about what already exists. */
async function loadContext(db: Db): Promise<ImportContext> {
  const kinds = await db.selectFrom('org_kinds').select(['kind', 'fields']).execute();
  const rows = await db
    .selectFrom('org_units as u')
    .leftJoin('org_units as p', 'p.id', 'u.parent_id')
    .select([
      'u.id',
      'u.code',
      'p.code as parent_code',
      'u.kind',
      'u.name',
      'u.abbreviation',
      'u.alt_names',
      'u.valid_from',
      'u.valid_to',
      'u.custom',
    ])
    .execute();
  const units = new Map<string, ExistingUnit>();
  const codeOf = new Map<number, string>();
  for (const r of rows) {
    codeOf.set(r.id, r.code);
    units.set(r.code, {
      id: r.id,
      code: r.code,
      parentCode: r.parent_code,
      kind: r.kind,
      name: r.name,
      abbreviation: r.abbreviation,
      altNames: r.alt_names,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      custom: r.custom,
    });
  }
  const ends = await db
    .selectFrom('affiliations')
    .select((eb) => [
      'org_id',
      eb.fn.max('valid_to').as('last'),
      eb.fn.countAll<number>().as('n'),
      eb.fn.count<number>('valid_to').as('dated'),
    ])
    .groupBy('org_id')
    .execute();
  const affiliationEnds = new Map<string, string | null>();
  for (const e of ends) affiliationEnds.set(codeOf.get(e.org_id)!, e.n > e.dated ? null : (e.last as string | null));
  return { kinds: new Map(kinds.map((k) => [k.kind, k.fields])), units, affiliationEnds };
}

function report(plan: ImportPlan, dryRun: boolean): ImportReport {
  const count = (action: string) => plan.units.filter((u) => u.action === action).length;
  return {
    rows: plan.rows,
    created: count('create'),
    updated: count('update'),
    unchanged: count('unchanged'),
    failed: plan.failed,
    dryRun,
    errors: plan.errors,
  };
}

/**
 * The org importer, in process: the HTTP route and the demo loader both call this.
 * Columns: code, parent_code, kind, name, abbreviation, alt_names (';'-separated),
 * valid_from, valid_to, custom.<field>. Valid lines are applied in one transaction (a
 * failure midway leaves nothing written); bad lines are reported by line, field and rule;
 * running the same file twice changes nothing the second time.
 */
export function createImportService(deps: ServiceDeps) {
  async function importOrgs(
    actor: Actor,
    source: CsvSource,
    options: { dryRun?: boolean } = {},
  ): Promise<ImportReport> {
    authorise(actor, 'imports:run');
    const { header, records } = await readCsv(source);
    if (options.dryRun) return report(planImport(header, records, await loadContext(deps.db)), true);
    return write(deps, actor, async (uow) => {
      await lockTree(uow.db);
      const plan = planImport(header, records, await loadContext(uow.db));
      await applyImport(uow, plan);
      const summary = report(plan, false);
      if (summary.created || summary.updated) {
        uow.audit({
          action: 'org.import',
          targetType: 'import',
          targetId: 'orgs',
          after: { ...summary, errors: summary.errors.length },
        });
      }
      return summary;
    });
  }

  return { importOrgs };
}
