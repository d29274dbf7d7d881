import { sql } from 'kysely';
import { demoOrgCsv } from '../../src/demo/demo-org-csv.ts';
import { demoUnits } from '../../src/demo/demo-institution.ts';
import { FeedGenerator } from '../../src/demo/affiliation-feeds.ts';
import { appendixA } from '../../src/status/appendix-a.ts';
import { bulkLoadAffiliations } from '../lib/bulk-affiliations.ts';
import type { Benchmark, BenchContext } from '../lib/context.ts';
import { log, progress } from '../lib/progress.ts';
import type { BenchResult, Row } from '../lib/report.ts';
import { summarise, tenthRates, timed } from '../lib/stats.ts';
import { benchActor } from '../lib/steward.ts';
import { type Engine, openTarget, type Target } from '../lib/targets.ts';
import { BENCH_TODAY, benchOrgWeights } from './bench-orgs.ts';
import { fitSize } from './sizing.ts';

/**
 * Ranked status at scale: the full recompute of everyone's status history from their
 * affiliations (first run, and again with nothing changed), and refreshing one person, on
 * people with generated HR, student and housing affiliations and the Appendix A status
 * types. Baselines in the same run: reading every fact the recompute reads in one query,
 * and reading one person's statuses.
 */
const REFRESH_SAMPLES = 300;

async function prepare(target: Target, ctx: BenchContext, people: number): Promise<number> {
  const report = await target.app.orgs.importOrgs(benchActor, demoOrgCsv(demoUnits(BENCH_TODAY)));
  if (report.failed)
    throw new Error(`creating the benchmark's org units failed: ${JSON.stringify(report.errors.slice(0, 3))}`);
  for (const type of appendixA) await target.app.status.types.createType(benchActor, type);
  const generator = new FeedGenerator({ seed: ctx.options.seed + 11, today: BENCH_TODAY, orgs: benchOrgWeights() });
  return (await bulkLoadAffiliations(target.app.database, generator, people, target.engine)).affiliations;
}

async function recompute(
  target: Target,
  people: number,
  label: string,
): Promise<{ ms: number; opened: number; slices: number[] }> {
  const bar = progress(`${target.engine}: ${label}`, people);
  const marks: { done: number; at: number }[] = [];
  const start = performance.now();
  const { ms, value } = await timed(() =>
    target.app.status.recomputeAll(benchActor, {
      batchSize: 2000,
      onProgress: ({ done }) => {
        marks.push({ done, at: performance.now() });
        bar.update(done);
      },
    }),
  );
  bar.done();
  const slices = tenthRates(marks, people, start);
  log(`${target.engine}: ${label}: people/s per tenth: ${slices.map((r) => Math.round(r)).join(', ')}`);
  return { ms, opened: value.opened, slices };
}

/** Every fact the recompute reads, in one query: affiliations with their units' codes and paths. */
async function readFacts(target: Target): Promise<number> {
  const { ms } = await timed(() =>
    sql`select a.id, a.person_id, a.source, a.kind, a.codes, a.attributes, a.valid_from, a.valid_to, o.code, o.path from affiliations a join org_units o on o.id = a.org_id`.execute(
      target.app.db,
    ),
  );
  return ms;
}

async function runEngine(engine: Engine, ctx: BenchContext, notes: string[]): Promise<Row[]> {
  const size = await fitSize(engine, ctx, 'status recompute', ctx.options.people, notes, async (n) => {
    const probe = await openTarget(engine, 'status_probe');
    try {
      await prepare(probe, ctx, n);
      return (await recompute(probe, n, 'probe recompute')).ms;
    } finally {
      await probe.close();
    }
  });
  const target = await openTarget(engine, 'status');
  try {
    const affiliations = await prepare(target, ctx, size);
    const factsMs = await readFacts(target);
    const first = await recompute(target, size, `recomputing ${size.toLocaleString('en')} people`);
    const again = await recompute(target, size, 'recomputing again (nothing changed)');
    log(`${engine}: refreshing ${REFRESH_SAMPLES} people one at a time…`);
    const refresh: number[] = [];
    const read: number[] = [];
    for (let i = 0; i < REFRESH_SAMPLES; i += 1) {
      const id = 1 + Math.floor(((i * 7919) % REFRESH_SAMPLES) * (size / REFRESH_SAMPLES));
      refresh.push((await timed(() => target.app.status.refreshPerson(benchActor, id))).ms);
      read.push((await timed(() => target.app.status.personStatuses(benchActor, id))).ms);
    }
    const r = summarise(refresh);
    const v = summarise(read);
    notes.push(
      `${engine}: ${size.toLocaleString('en')} people with ${affiliations.toLocaleString('en')} affiliations; the first recompute opened ${first.opened.toLocaleString('en')} status intervals, the second ${again.opened.toLocaleString('en')}.`,
    );
    return [
      { engine, measure: 'baseline: read every fact once', size, value: factsMs / 1000, unit: 's' },
      {
        engine,
        measure: 'full recompute (first)',
        size,
        value: first.ms / 1000,
        unit: 's',
        baseline: { label: 'read facts', value: factsMs / 1000 },
        ratio: first.ms / factsMs,
      },
      { engine, measure: 'full recompute rate', size, value: (size * 1000) / first.ms, unit: 'people/s' },
      ...first.slices.map((rate, i) => ({
        engine,
        measure: `full recompute rate, tenth ${i + 1}`,
        size,
        value: rate,
        unit: 'people/s' as const,
        baseline: { label: 'whole run', value: (size * 1000) / first.ms },
        ratio: (size * 1000) / first.ms / rate,
      })),
      {
        engine,
        measure: "full recompute: last tenth's rate as a share of the first's",
        size,
        value: (100 * (first.slices.at(-1) ?? 0)) / (first.slices[0] ?? 1),
        unit: '%',
      },
      {
        engine,
        measure: 'full recompute (nothing changed)',
        size,
        value: again.ms / 1000,
        unit: 's',
        baseline: { label: 'read facts', value: factsMs / 1000 },
        ratio: again.ms / factsMs,
      },
      {
        engine,
        measure: 'refresh one person p50',
        size,
        value: r.p50,
        unit: 'ms',
        baseline: { label: 'read statuses p50', value: v.p50 },
        ratio: r.p50 / v.p50,
      },
      {
        engine,
        measure: 'refresh one person p95',
        size,
        value: r.p95,
        unit: 'ms',
        baseline: { label: 'read statuses p95', value: v.p95 },
        ratio: r.p95 / v.p95,
      },
    ];
  } finally {
    await target.close();
  }
}

export const statusBenchmark: Benchmark = {
  name: 'status',
  title: 'ranked status: full recompute and single-person refresh',
  async run(ctx): Promise<BenchResult> {
    const notes: string[] = [
      `People and affiliations generated by src/demo/affiliation-feeds.ts (seed ${ctx.options.seed + 11}): students with campus/college codes and levels, HR jobs with status/class codes, housing contracts; the ${appendixA.length} Appendix A status types. Loaded with COPY; only status work is timed.`,
      `Recompute in batches of 2,000 people, one transaction each, with audit rows and change-log entries; refresh = app.status.refreshPerson, ${REFRESH_SAMPLES} people one at a time.`,
    ];
    const rows: Row[] = [];
    for (const engine of ctx.options.engines) rows.push(...(await runEngine(engine, ctx, notes)));
    return {
      name: 'status',
      title: this.title,
      aim: 'figures and rate for 1,000,000 people; refresh p95',
      parameters: { people: ctx.options.people, seed: ctx.options.seed, engines: ctx.options.engines },
      rows,
      notes,
    };
  },
};
