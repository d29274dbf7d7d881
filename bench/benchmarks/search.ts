import { sql } from 'kysely';
import { cleanName, type PersonName } from '../../src/registry/names.ts';
import { type BenchPerson, PeopleGenerator } from '../data/people-csv.ts';
import { buildQueries, type QueryKind, type SearchQuery } from '../data/queries.ts';
import { bulkLoadPeople } from '../lib/bulk-people.ts';
import type { Benchmark, BenchContext } from '../lib/context.ts';
import { log, progress } from '../lib/progress.ts';
import type { BenchResult, Row } from '../lib/report.ts';
import { summarise } from '../lib/stats.ts';
import { benchActor } from '../lib/steward.ts';
import { type Engine, openTarget, type Target } from '../lib/targets.ts';
import { benchOrgWeights } from './bench-orgs.ts';
import { fitSize } from './sizing.ts';

/**
 * Name search on a large registry through the registry's search service
 * (app.people.search, in-process): p50/p95/p99 over a few hundred queries that mix exact
 * names, names with a typo, partial names and identifier/email lookups, one at a time.
 * Baseline: an indexed exact lookup of a source key in the identifiers table, same run,
 * same data. Also reports how often the person a query was built from is in the results.
 */
const kinds: QueryKind[] = ['exact name', 'typo', 'partial name', 'identifier', 'email'];

function* people(seed: number, count: number): Generator<BenchPerson> {
  const generator = new PeopleGenerator(seed, benchOrgWeights());
  for (let i = 0; i < count; i += 1) yield generator.next();
}

function sampleOf(seed: number, count: number, size = 2000): BenchPerson[] {
  const every = Math.max(1, Math.floor(count / size));
  const out: BenchPerson[] = [];
  let i = 0;
  for (const p of people(seed, count)) if (i++ % every === 0) out.push(p);
  return out;
}

interface Timing {
  kind: QueryKind | 'baseline';
  ms: number;
  /** The person the query was built from is among the results. */
  found: boolean;
  /** … and ranked first. */
  first: boolean;
  /** The first result carries the name meant (many people share a common name), or the partial name typed. */
  nameFirst: boolean;
}

/**
 * True if the person is called `meant`: every word of it starts a word of their name (given or preferred, middle,
 * family).
 */
export function carriesName(person: PersonName, meant: string): boolean {
  const words = cleanName(
    [person.givenName, person.preferredName, person.middleName, person.familyName].filter(Boolean).join(' '),
  ).split(' ');
  return cleanName(meant)
    .split(' ')
    .every((w) => words.some((x) => x.startsWith(w)));
}

async function timeSearch(target: Target, q: SearchQuery): Promise<Timing> {
  const start = performance.now();
  const hits = await target.app.people.search(benchActor, q.text, 20);
  const ms = performance.now() - start;
  const rank = hits.findIndex((h) => h.person.identifiers.some((i) => i.kind === 'source-key' && i.value === q.expect));
  const nameFirst = q.meant === null ? rank === 0 : hits.length > 0 && carriesName(hits[0].person, q.meant);
  return { kind: q.kind, ms, found: rank >= 0, first: rank === 0, nameFirst };
}

async function timeBaseline(target: Target, q: SearchQuery): Promise<Timing> {
  const source = q.expect.startsWith('U') ? 'sis' : 'hr';
  const start = performance.now();
  const row = await target.app.db
    .selectFrom('identifiers')
    .select('person_id')
    .where('kind', '=', 'source-key')
    .where('scope', '=', source)
    .where('value', '=', q.expect)
    .executeTakeFirst();
  return {
    kind: 'baseline',
    ms: performance.now() - start,
    found: Boolean(row),
    first: Boolean(row),
    nameFirst: Boolean(row),
  };
}

async function runEngine(
  engine: Engine,
  ctx: BenchContext,
  size: number,
): Promise<{ rows: Row[]; quality: Record<string, unknown> }> {
  const seed = ctx.options.seed;
  const target = await openTarget(engine, 'search');
  try {
    await bulkLoadPeople(target.app.database, people(seed, size), size, engine);
    await sql`vacuum analyze people`.execute(target.app.db);
    const queries = buildQueries(sampleOf(seed, size), ctx.options.queries, seed + 1);
    for (const q of queries.slice(0, 20)) await timeSearch(target, q); // warm caches and plans
    const timings: Timing[] = [];
    const bar = progress(`${engine}: ${queries.length} searches + ${queries.length} baseline lookups`, queries.length);
    for (const [i, q] of queries.entries()) {
      // Alternate search and baseline so both see the same state of a shared machine.
      timings.push(await timeSearch(target, q));
      timings.push(await timeBaseline(target, q));
      bar.update(i + 1);
    }
    bar.done();
    const base = summarise(timings.filter((t) => t.kind === 'baseline').map((t) => t.ms));
    const all = summarise(timings.filter((t) => t.kind !== 'baseline').map((t) => t.ms));
    const rows: Row[] = [];
    for (const p of ['p50', 'p95', 'p99'] as const) {
      rows.push({
        engine,
        measure: `search ${p} (all ${all.count} queries)`,
        size,
        value: all[p],
        unit: 'ms',
        baseline: { label: `id lookup ${p}`, value: base[p] },
        ratio: all[p] / base[p],
      });
    }
    const quality: Record<string, unknown> = {};
    for (const kind of kinds) {
      const mine = timings.filter((t) => t.kind === kind);
      if (!mine.length) continue;
      const s = summarise(mine.map((t) => t.ms));
      const found = mine.filter((t) => t.found).length;
      const first = mine.filter((t) => t.first).length;
      const nameFirst = mine.filter((t) => t.nameFirst).length;
      const pct = (n: number) => `${((100 * n) / mine.length).toFixed(0)} %`;
      quality[kind] = {
        queries: mine.length,
        p50: s.p50,
        p95: s.p95,
        p99: s.p99,
        foundInTop20: found,
        rankedFirst: first,
        nameRankedFirst: nameFirst,
      };
      const named = kind === 'identifier' || kind === 'email' ? '' : `; the name meant first: ${pct(nameFirst)}`;
      rows.push({
        engine,
        measure: `  ${kind}: p95 (p50 ${s.p50.toFixed(1)} ms)`,
        size,
        value: s.p95,
        unit: 'ms',
        note: `${mine.length} queries; that person in top 20: ${pct(found)}, first: ${pct(first)}${named}`,
      });
    }
    rows.push({ engine, measure: 'baseline: source-key lookup p50', size, value: base.p50, unit: 'ms' });
    log(`${engine}: search p95 ${all.p95.toFixed(1)} ms, baseline p95 ${base.p95.toFixed(2)} ms`);
    return { rows, quality };
  } finally {
    await target.close();
  }
}

export const searchBenchmark: Benchmark = {
  name: 'search',
  title: 'name search (typo-tolerant) and identifier lookup on a large registry',
  async run(ctx): Promise<BenchResult> {
    const rows: Row[] = [];
    const notes: string[] = [];
    const quality: Record<string, unknown> = {};
    for (const engine of ctx.options.engines) {
      const size = await fitSize(engine, ctx, 'search (bulk load)', ctx.options.people, notes, async (n) => {
        const probe = await openTarget(engine, 'search_probe');
        try {
          const start = performance.now();
          await bulkLoadPeople(probe.app.database, people(ctx.options.seed, n), n, `${engine} probe`);
          return performance.now() - start;
        } finally {
          await probe.close();
        }
      });
      const r = await runEngine(engine, ctx, size);
      rows.push(...r.rows);
      quality[engine] = r.quality;
    }
    notes.unshift(
      `Data: people generated from seed ${ctx.options.seed} and loaded with a bulk COPY of the rows the importer writes (people with the registry's search_name, one source-key identifier each), then VACUUM ANALYZE — the importer itself is measured by the import benchmark.`,
      `Queries: ${ctx.options.queries} per engine, one at a time through app.people.search (limit 20): 30 % exact names, 30 % one typo, 15 % partial names, 15 % source keys, 10 % personal emails. Baseline: primary-key lookup of the query's source key.`,
      '"that person" is the record a query was built from; many people share a common name, so for names "the name meant first" (the first result is called what was meant, or starts with the partial name typed) says more about search quality.',
    );
    return {
      name: 'search',
      title: this.title,
      aim: 'p95 ≤ 50 ms on PostgreSQL at 1,000,000 people',
      parameters: {
        people: ctx.options.people,
        queries: ctx.options.queries,
        seed: ctx.options.seed,
        engines: ctx.options.engines,
      },
      rows,
      notes,
      details: { quality },
    };
  },
};
