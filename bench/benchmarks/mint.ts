import { sql } from 'kysely';
import type { PersonName } from '../../src/registry/names.ts';
import { candidatesFor } from '../../src/registry/minting.ts';
import { patternPlan } from '../../src/registry/minting-settings.ts';
import { nameTokens } from '../../src/registry/username-patterns.ts';
import { PeopleGenerator } from '../data/people-csv.ts';
import { bulkLoadPeople } from '../lib/bulk-people.ts';
import type { Benchmark, BenchContext } from '../lib/context.ts';
import { log, progress } from '../lib/progress.ts';
import type { BenchResult, Row } from '../lib/report.ts';
import { timed } from '../lib/stats.ts';
import { benchActor } from '../lib/steward.ts';
import { type Engine, openTarget, type Target } from '../lib/targets.ts';
import { benchOrgWeights } from './bench-orgs.ts';

/**
 * Minting usernames for many people at once through the registry's batch minting
 * (app.people.mintMany, the function behind `POST /minting/batch`), with the
 * collisions a real population brings: many John Smiths all want "jsmith". Baseline: the
 * same number of distinct, precomputed values inserted into the reservation table in
 * batches of the same size, in the same run.
 */
const BATCH = 2000;

const fixedLabels = ['1st candidate', '2nd candidate', '3rd candidate', 'later candidate'];

/** How a minted value came about: the first pattern, a later one, or a number. */
export function classify(name: PersonName, value: string, plan: ReturnType<typeof patternPlan>): string {
  const c = candidatesFor(plan, nameTokens(name));
  const fixed = c.fixed.indexOf(value);
  if (fixed >= 0) return fixedLabels[Math.min(fixed, fixedLabels.length - 1)];
  const n = c.numberedStem === null ? NaN : Number(value.slice(value.search(/\d+$/)));
  if (!Number.isFinite(n)) return 'other';
  if (n === 1) return 'number 1';
  if (n <= 9) return 'number 2-9';
  if (n <= 99) return 'number 10-99';
  if (n <= 999) return 'number 100-999';
  return 'number 1000+';
}

const order = [...fixedLabels, 'number 1', 'number 2-9', 'number 10-99', 'number 100-999', 'number 1000+', 'other'];

async function baseline(target: Target, count: number): Promise<number> {
  const values = Array.from({ length: count }, (_, i) => `b${String(i).padStart(7, '0')}`);
  const bar = progress(`${target.engine}: baseline reservation inserts`, count);
  const { ms } = await timed(async () => {
    for (let i = 0; i < count; i += BATCH) {
      const batch = values.slice(i, i + BATCH);
      await target.app.db.transaction().execute(async (trx) => {
        await sql`insert into reserved_identifiers (kind, value, person_id, reserved_at)
          select 'bench-baseline', v, null, now() from unnest(${batch}::text[]) as v`.execute(trx);
      });
      bar.update(Math.min(i + BATCH, count));
    }
  });
  bar.done();
  return ms;
}

async function runEngine(
  engine: Engine,
  ctx: BenchContext,
  count: number,
): Promise<{ rows: Row[]; distribution: Record<string, number>; skipped: number }> {
  const target = await openTarget(engine, 'mint');
  try {
    const generator = new PeopleGenerator(ctx.options.seed + 7, benchOrgWeights());
    const people = Array.from({ length: count }, () => generator.next());
    await bulkLoadPeople(target.app.database, people, count, engine);
    const baseMs = await baseline(target, count);
    const { settings } = await target.app.people.getMintingSettings(benchActor);
    const plan = patternPlan(settings, 'username');
    const bar = progress(`${engine}: minting usernames`, count);
    const personIds = Array.from({ length: count }, (_, i) => i + 1);
    const { ms, value: result } = await timed(() =>
      target.app.people.mintMany(benchActor, {
        kind: 'username',
        personIds,
        batchSize: BATCH,
        onProgress: (done) => bar.update(done),
      }),
    );
    bar.done();
    const distribution: Record<string, number> = Object.fromEntries(order.map((k) => [k, 0]));
    for (const m of result.minted) distribution[classify(people[m.personId - 1], m.value, plan)] += 1;
    const rate = (result.minted.length * 1000) / ms;
    const baseRate = (count * 1000) / baseMs;
    const rows: Row[] = [
      { engine, measure: 'baseline: reserve precomputed values', size: count, value: baseMs / 1000, unit: 's' },
      {
        engine,
        measure: 'mint usernames (mintMany)',
        size: count,
        value: ms / 1000,
        unit: 's',
        baseline: { label: 'reserve', value: baseMs / 1000 },
        ratio: ms / baseMs,
      },
      {
        engine,
        measure: 'mint rate',
        size: count,
        value: rate,
        unit: 'values/s',
        baseline: { label: 'reserve', value: baseRate },
        ratio: baseRate / rate,
      },
    ];
    log(`${engine}: minted ${result.minted.length}, skipped ${result.skipped.length}`);
    return { rows, distribution, skipped: result.skipped.length };
  } finally {
    await target.close();
  }
}

export const mintBenchmark: Benchmark = {
  name: 'mint',
  title: 'minting usernames in batches, with realistic name collisions',
  async run(ctx): Promise<BenchResult> {
    const count = ctx.options.mint;
    const rows: Row[] = [];
    const details: Record<string, unknown> = {};
    const notes: string[] = [
      `People are generated from seed ${ctx.options.seed + 7} and bulk-loaded (COPY) first; only minting is timed. Batches of ${BATCH} people, one transaction each, with audit and change-log rows.`,
      `Baseline: ${count.toLocaleString('en')} distinct precomputed values inserted into reserved_identifiers in batches of ${BATCH} (no candidate reads, no audit).`,
    ];
    for (const engine of ctx.options.engines) {
      const r = await runEngine(engine, ctx, count);
      rows.push(...r.rows);
      details[engine] = { suffixes: r.distribution, skipped: r.skipped };
      const total = Object.values(r.distribution).reduce((s, v) => s + v, 0);
      notes.push(
        `${engine} — how usernames were found: ${Object.entries(r.distribution)
          .filter(([, v]) => v)
          .map(([k, v]) => `${k} ${v.toLocaleString('en')} (${((100 * v) / total).toFixed(1)} %)`)
          .join(', ')}${r.skipped ? `; ${r.skipped} skipped` : ''}`,
      );
    }
    return {
      name: 'mint',
      title: this.title,
      aim: 'report the rate and the collision-suffix distribution; compare with plain reservation inserts',
      parameters: { count, batch: BATCH, seed: ctx.options.seed + 7, engines: ctx.options.engines },
      rows,
      notes,
      details,
    };
  },
};
