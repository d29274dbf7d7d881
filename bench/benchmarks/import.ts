import { closeSync, createReadStream, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { demoOrgCsv } from '../../src/demo/demo-org-csv.ts';
import { demoUnits } from '../../src/demo/demo-institution.ts';
import { type GeneratedCsv, PEOPLE_COLUMNS, PeopleGenerator, writePeopleCsv } from '../data/people-csv.ts';
import { bulkLoadPeople } from '../lib/bulk-people.ts';
import { type BenchContext, type Benchmark, once } from '../lib/context.ts';
import { log, progress } from '../lib/progress.ts';
import type { BenchResult, Row } from '../lib/report.ts';
import { tenthRates, timed } from '../lib/stats.ts';
import type { ImportSummary } from '../../src/registry/import-service.ts';
import { benchActor } from '../lib/steward.ts';
import { type Engine, openTarget, type Target } from '../lib/targets.ts';
import { benchOrgWeights } from './bench-orgs.ts';
import { fitSize } from './sizing.ts';

/**
 * Importing people from a CSV file through the registry's real importer (the code behind
 * POST /people/import and `steward people import`), compared with a raw COPY of the same
 * file into a bare table of text columns, in the same run on the same database.
 */

/** The generated file, made once per run and shared with other benchmarks. */
export function peopleCsv(ctx: BenchContext, rows: number): Promise<GeneratedCsv> {
  return once(ctx, `people-csv-${rows}`, () =>
    writePeopleCsv(join(ctx.workDir, `people-${rows}.csv`), rows, {
      seed: ctx.options.seed,
      orgCodes: benchOrgWeights(),
    }),
  );
}

/** The first `rows` lines of a bigger file (the generator is deterministic, so it is the same data). */
function headOf(ctx: BenchContext, csv: GeneratedCsv, rows: number): string {
  if (rows >= csv.rows) return csv.file;
  const file = join(ctx.workDir, `people-head-${rows}.csv`);
  const text = readFileSync(csv.file, 'utf8');
  let end = 0;
  for (let i = 0; i <= rows; i += 1) end = text.indexOf('\n', end) + 1;
  const fd = openSync(file, 'w');
  writeSync(fd, text.slice(0, end));
  closeSync(fd);
  return file;
}

async function createOrgs(target: Target): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const report = await target.app.orgs.importOrgs(benchActor, demoOrgCsv(demoUnits(today)));
  if (report.failed)
    throw new Error(`creating the benchmark's org units failed: ${JSON.stringify(report.errors.slice(0, 3))}`);
}

/** Raw COPY of the file (without its header) into a bare table of text columns. */
async function rawCopy(target: Target, file: string): Promise<number> {
  await sql
    .raw(`create table if not exists bench_raw_people (${PEOPLE_COLUMNS.map((c) => `${c} text`).join(', ')})`)
    .execute(target.app.db);
  await sql`truncate bench_raw_people`.execute(target.app.db);
  const text = readFileSync(file, 'utf8');
  const body = text.slice(text.indexOf('\n') + 1);
  const { ms } = await timed(() => target.app.database.copyCsv('bench_raw_people', [...PEOPLE_COLUMNS], body));
  return ms;
}

/**
 * For orientation: COPY of the same people straight into the registry's own tables (with
 * their trigram and JSON indexes), in a second fresh database, i.e. the write cost without
 * the importer's checks, matching, audit and change log.
 */
async function tablesCopy(engine: Engine, ctx: BenchContext, rows: number): Promise<number> {
  const target = await openTarget(engine, 'import_tables');
  try {
    const generator = new PeopleGenerator(ctx.options.seed, benchOrgWeights());
    const people = (function* () {
      for (let i = 0; i < rows; i += 1) yield generator.next();
    })();
    const { ms } = await timed(() => bulkLoadPeople(target.app.database, people, rows, `${engine} (registry tables)`));
    return ms;
  } finally {
    await target.close();
  }
}

async function runImport(
  target: Target,
  file: string,
  rows: number,
): Promise<{ ms: number; summary: ImportSummary; slices: number[] }> {
  const bar = progress(`${target.engine}: importing ${rows.toLocaleString('en')} people`, rows);
  const marks: { done: number; at: number }[] = [];
  const start = performance.now();
  const { ms, value: summary } = await timed(() =>
    target.app.people.importPeople(benchActor, createReadStream(file), {
      onProgress: (done) => {
        marks.push({ done, at: performance.now() });
        bar.update(done);
      },
    }),
  );
  bar.done(`${summary.created.toLocaleString('en')} created, ${summary.failed} failed`);
  if (summary.failed)
    log(`${target.engine}: ${summary.failed} rows failed, e.g. ${JSON.stringify(summary.errors.slice(0, 3))}`);
  const slices = tenthRates(marks, rows, start);
  log(`${target.engine}: import rows/s per tenth: ${slices.map((r) => Math.round(r)).join(', ')}`);
  return { ms, summary, slices };
}

async function runEngine(engine: Engine, ctx: BenchContext, csv: GeneratedCsv, notes: string[]): Promise<Row[]> {
  const size = await fitSize(engine, ctx, 'import', csv.rows, notes, async (n) => {
    const probe = await openTarget(engine, 'import_probe');
    try {
      await createOrgs(probe);
      return (await runImport(probe, headOf(ctx, csv, n), n)).ms;
    } finally {
      await probe.close();
    }
  });
  const file = headOf(ctx, csv, size);
  const target = await openTarget(engine, 'import');
  try {
    await createOrgs(target);
    log(`${engine}: raw COPY of ${size.toLocaleString('en')} rows…`);
    const copyMs = await rawCopy(target, file);
    const { ms, summary, slices } = await runImport(target, file, size);
    const tablesMs = await tablesCopy(engine, ctx, size);
    const count = await target.app.db
      .selectFrom('people')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(count.n) !== size)
      notes.push(`${engine}: the importer left ${count.n} people for ${size} rows (${summary.failed} rows failed).`);
    const rate = (size * 1000) / ms;
    const copyRate = (size * 1000) / copyMs;
    return [
      { engine, measure: 'raw COPY into text table', size, value: copyMs / 1000, unit: 's' },
      {
        engine,
        measure: 'registry import',
        size,
        value: ms / 1000,
        unit: 's',
        baseline: { label: 'raw COPY', value: copyMs / 1000 },
        ratio: ms / copyMs,
      },
      {
        engine,
        measure: 'registry import rate',
        size,
        value: rate,
        unit: 'rows/s',
        baseline: { label: 'raw COPY', value: copyRate },
        ratio: copyRate / rate,
      },
      {
        engine,
        measure: '(COPY into registry tables)',
        size,
        value: tablesMs / 1000,
        unit: 's',
        baseline: { label: 'raw COPY', value: copyMs / 1000 },
        ratio: tablesMs / copyMs,
        note: 'people + identifiers with their indexes; no checks or audit',
      },
      {
        engine,
        measure: 'registry import vs COPY into registry tables',
        size,
        value: ms / 1000,
        unit: 's',
        baseline: { label: 'COPY into registry tables', value: tablesMs / 1000 },
        ratio: ms / tablesMs,
      },
      ...slices.map((r, i) => ({
        engine,
        measure: `registry import rate, tenth ${i + 1}`,
        size,
        value: r,
        unit: 'rows/s' as const,
        baseline: { label: 'whole run', value: rate },
        ratio: rate / r,
      })),
    ];
  } finally {
    await target.close();
  }
}

export const importBenchmark: Benchmark = {
  name: 'import',
  title: 'importing people from CSV through the registry importer vs raw COPY',
  async run(ctx): Promise<BenchResult> {
    const csv = await peopleCsv(ctx, ctx.options.people);
    const notes: string[] = [
      `File: ${csv.rows.toLocaleString('en')} generated people (seed ${ctx.options.seed}), ${(csv.bytes / 2 ** 20).toFixed(1)} MiB, columns ${PEOPLE_COLUMNS.join(', ')}; org codes refer to Northbridge University's units, created first with the org importer.`,
      'The importer checks every row, writes people, source-key identifiers, emails and affiliations, and audits; COPY only parses text into a bare table.',
    ];
    const rows: Row[] = [];
    for (const engine of ctx.options.engines) rows.push(...(await runEngine(engine, ctx, csv, notes)));
    return {
      name: 'import',
      title: this.title,
      aim: 'registry import ≤ 3× the raw COPY time of the same file',
      parameters: {
        people: ctx.options.people,
        seed: ctx.options.seed,
        engines: ctx.options.engines,
        bytes: csv.bytes,
      },
      rows,
      notes,
    };
  },
};
