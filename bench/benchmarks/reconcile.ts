import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { demoOrgCsv } from '../../src/demo/demo-org-csv.ts';
import { demoUnits } from '../../src/demo/demo-institution.ts';
import { FeedGenerator } from '../../src/demo/affiliation-feeds.ts';
import { csvSnapshotWriter } from '../../src/sources/snapshot-files.ts';
import type { AffiliationRecord } from '../../src/sources/snapshot-rows.ts';
import { SNAPSHOT_COLUMNS } from '../../src/sources/snapshot-rows.ts';
import { type BenchContext, type Benchmark, once } from '../lib/context.ts';
import { log, progress } from '../lib/progress.ts';
import { type BenchResult, type Row, secondsAgainst } from '../lib/report.ts';
import { timed } from '../lib/stats.ts';
import { benchActor } from '../lib/steward.ts';
import { type Engine, openTarget, type Target } from '../lib/targets.ts';
import { BENCH_TODAY, benchOrgWeights } from './bench-orgs.ts';
import { fitSize } from './sizing.ts';

/**
 * Reconciling a source's full snapshot through the real reconciler (the code behind
 * POST /sources/:name/snapshots): the first snapshot (every record new), the same file
 * again (nothing changed), and the next day's file with 1 % of records changed, gone or
 * new — each compared with a raw COPY of the same file into a bare table in the same run.
 */
const SOURCE = 'campus';
const ATTRIBUTES = ['hr_ok', 'hr_status', 'level', 'registered_this_term'];

interface Files {
  base: string;
  next: string;
  records: number;
}

function writeSnapshot(file: string, records: readonly AffiliationRecord[]): void {
  const writer = csvSnapshotWriter(ATTRIBUTES);
  const chunks = [writer.header];
  for (const r of records) chunks.push(writer.line(r));
  writeFileSync(file, chunks.join(''));
}

/** The day-0 snapshot and the next day's, `records` long, made once per size and run. */
function snapshotFiles(ctx: BenchContext, records: number): Promise<Files> {
  return once(ctx, `snapshots-${records}`, () => {
    log(`generating snapshots of ${records.toLocaleString('en')} records…`);
    const generator = new FeedGenerator({ seed: ctx.options.seed + 23, today: BENCH_TODAY, orgs: benchOrgWeights() });
    const all: AffiliationRecord[] = [];
    while (all.length < records) all.push(...generator.nextPerson());
    all.length = records;
    const next = generator.evolve(all, 0.01);
    const files = {
      base: join(ctx.workDir, `snapshot-${records}-0.csv`),
      next: join(ctx.workDir, `snapshot-${records}-1.csv`),
      records,
    };
    writeSnapshot(files.base, all);
    writeSnapshot(files.next, next);
    return files;
  });
}

async function prepare(target: Target): Promise<void> {
  const report = await target.app.orgs.importOrgs(benchActor, demoOrgCsv(demoUnits(BENCH_TODAY)));
  if (report.failed)
    throw new Error(`creating the benchmark's org units failed: ${JSON.stringify(report.errors.slice(0, 3))}`);
  await target.app.sources.createSource(benchActor, {
    name: SOURCE,
    label: 'Generated campus feed (HR, student records, housing)',
    holdThreshold: 0.05,
  });
}

async function reconcile(
  target: Target,
  file: string,
  records: number,
  label: string,
): Promise<{ ms: number; detail: Awaited<ReturnType<Target['app']['snapshots']['receiveSnapshot']>> }> {
  const bar = progress(`${target.engine}: ${label}`, records);
  const { ms, value } = await timed(() =>
    target.app.snapshots.receiveSnapshot(benchActor, SOURCE, createReadStream(file), {
      format: 'csv',
      onProgress: (p) => bar.update(p.phase === 'receiving' ? Math.min(p.lines, records) : p.applied),
    }),
  );
  bar.done(`${value.state}: +${value.added} ~${value.changed} -${value.removed}`);
  if (value.state !== 'applied') throw new Error(`${label}: the snapshot was ${value.state} (${value.decision})`);
  return { ms, detail: value };
}

/** Raw COPY of the file (without its header) into a bare table of text columns. */
async function rawCopy(target: Target, file: string): Promise<number> {
  const columns = [...SNAPSHOT_COLUMNS, ...ATTRIBUTES.map((a) => `attr_${a}`)];
  await sql
    .raw(`create table if not exists bench_raw_snapshot (${columns.map((c) => `${c} text`).join(', ')})`)
    .execute(target.app.db);
  await sql`truncate bench_raw_snapshot`.execute(target.app.db);
  const text = readFileSync(file, 'utf8');
  const { ms } = await timed(() =>
    target.app.database.copyCsv('bench_raw_snapshot', columns, text.slice(text.indexOf('\n') + 1)),
  );
  return ms;
}

/** The tables a first snapshot writes: the registry's own, and its audit trail and change log. */
const WRITTEN = ['people', 'identifiers', 'affiliations', 'source_records', 'audit_log', 'change_log'] as const;

/** Where the audit trail and change log stand, so the rows a snapshot adds can be told apart. */
async function logHeads(target: Target): Promise<{ audit: number; changes: number }> {
  const {
    rows: [r],
  } = await sql<{ audit: number; changes: number }>`
    select (select coalesce(max(seq), 0) from audit_log)::int as audit, (select coalesce(max(position), 0) from change_log)::int as changes`.execute(
    target.app.db,
  );
  return r;
}

/**
 * The orientation baseline for a first snapshot: every row it wrote (people, identifiers,
 * affiliations, source records, and its audit and change-log rows) bulk-inserted again in one
 * statement per table into empty copies of those tables with all their indexes (`like …
 * including indexes`). INSERT … SELECT parses no text, so it is a little cheaper than a COPY.
 */
async function registryCopy(target: Target, since: { audit: number; changes: number }): Promise<number> {
  const db = target.app.db;
  for (const t of WRITTEN) {
    await sql.raw(`drop table if exists bench_copy_${t}`).execute(db);
    await sql.raw(`create table bench_copy_${t} (like ${t} including defaults including indexes)`).execute(db);
  }
  const where: Record<string, string> = {
    audit_log: `seq > ${since.audit}`,
    change_log: `position > ${since.changes}`,
  };
  const { ms } = await timed(async () => {
    for (const t of WRITTEN)
      await sql
        .raw(`insert into bench_copy_${t} select * from ${t}${where[t] ? ` where ${where[t]}` : ''}`)
        .execute(db);
  });
  for (const t of WRITTEN) await sql.raw(`drop table bench_copy_${t}`).execute(db);
  return ms;
}

async function runEngine(engine: Engine, ctx: BenchContext, notes: string[]): Promise<Row[]> {
  const size = await fitSize(engine, ctx, 'reconcile', ctx.options.people, notes, async (n) => {
    const probe = await openTarget(engine, 'reconcile_probe');
    try {
      await prepare(probe);
      return (await reconcile(probe, (await snapshotFiles(ctx, n)).base, n, 'probe')).ms;
    } finally {
      await probe.close();
    }
  });
  const files = await snapshotFiles(ctx, size);
  const target = await openTarget(engine, 'reconcile');
  try {
    await prepare(target);
    const copyMs = await rawCopy(target, files.base);
    const heads = await logHeads(target);
    const first = await reconcile(target, files.base, size, 'first snapshot (all new)');
    const same = await reconcile(target, files.base, size, 'same snapshot again (unchanged)');
    const copyNextMs = await rawCopy(target, files.next);
    const next = await reconcile(target, files.next, size, 'next snapshot (1 % changed)');
    // Last: its writes (and what the server does after them) must not slow the snapshots measured above.
    const registryMs = await registryCopy(target, heads);
    notes.push(
      `${engine}: the next snapshot added ${next.detail.added}, changed ${next.detail.changed} and removed ${next.detail.removed} of ${size.toLocaleString('en')} records; the first created ${(first.detail.added ?? 0).toLocaleString('en')} affiliations.`,
    );
    const copy = { label: 'raw COPY', ms: copyMs };
    return [
      { engine, measure: 'raw COPY into text table', size, value: copyMs / 1000, unit: 's' },
      secondsAgainst({ engine, measure: 'first snapshot (every record new)', size }, first.ms, copy),
      {
        engine,
        measure: 'bulk insert of the rows it wrote (registry tables with indexes)',
        size,
        value: registryMs / 1000,
        unit: 's',
      },
      secondsAgainst({ engine, measure: 'first snapshot against that bulk insert', size, note: 'aim ≤ 3×' }, first.ms, {
        label: 'bulk insert, registry tables',
        ms: registryMs,
      }),
      secondsAgainst({ engine, measure: 'unchanged snapshot', size, note: 'aim ≤ 2× on PostgreSQL' }, same.ms, copy),
      secondsAgainst({ engine, measure: 'snapshot with 1 % changed', size, note: 'aim ≤ 3× on PostgreSQL' }, next.ms, {
        label: 'raw COPY',
        ms: copyNextMs,
      }),
    ];
  } finally {
    await target.close();
  }
}

export const reconcileBenchmark: Benchmark = {
  name: 'reconcile',
  title: 'reconciling a source snapshot (first, unchanged, 1 % changed) vs raw COPY',
  async run(ctx): Promise<BenchResult> {
    const notes: string[] = [
      `Snapshots generated by src/demo/affiliation-feeds.ts (seed ${ctx.options.seed + 23}): HR jobs, student records and housing contracts as one source's CSV (${SNAPSHOT_COLUMNS.length} columns + ${ATTRIBUTES.length} attribute columns); the next day's file has 1 % of records with a new title or end date, gone, or new.`,
      'The reconciler stages the file, diffs it against what the source said last time, and applies the difference in batches with audit rows, change-log entries and status refresh; COPY only parses text into a bare table.',
      'The first snapshot is also compared with a bulk insert (INSERT … SELECT, one statement per table) of every row it wrote — people, identifiers, affiliations, source records, audit and change-log rows — into empty copies of those tables with all their indexes: what writing the same rows costs at least.',
    ];
    const rows: Row[] = [];
    for (const engine of ctx.options.engines) rows.push(...(await runEngine(engine, ctx, notes)));
    return {
      name: 'reconcile',
      title: this.title,
      aim: 'unchanged ≤ 2×, 1 % changed ≤ 3× the raw COPY on PostgreSQL; first snapshot ≤ 3× the bulk insert of the rows it wrote',
      parameters: { records: ctx.options.people, seed: ctx.options.seed, engines: ctx.options.engines },
      rows,
      notes,
    };
  },
};
