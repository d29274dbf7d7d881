import { sql } from 'kysely';
import { PeopleGenerator, type BenchPerson } from '../data/people-csv.ts';
import { bulkLoadPeople } from '../lib/bulk-people.ts';
import type { Benchmark, BenchContext } from '../lib/context.ts';
import { log, progress } from '../lib/progress.ts';
import type { BenchResult, Row } from '../lib/report.ts';
import { summarise } from '../lib/stats.ts';
import { benchActor } from '../lib/steward.ts';
import { type Engine, openTarget, type Target } from '../lib/targets.ts';
import { pageRequest } from '../../src/scim/scim-paging.ts';
import { benchOrgWeights } from './bench-orgs.ts';

/**
 * SCIM list queries on a large registry (issue 15), in process as the /scim/v2/Users route runs them
 * (app.scim.searchUsers, then usersOf building the page's Users): `userName eq`, `emails co`, and pages of 100
 * shallow and deep. Baseline, same run, same data: the registry's own search (app.people.search) given the same
 * text (the username, the email fragment), and for pages a 100-hit name search.
 */
type Kind =
  'userName eq (hit)' | 'userName eq (miss)' | 'emails co (hit)' | 'emails co (miss)' | 'page shallow' | 'page deep';
const KINDS: Kind[] = [
  'userName eq (hit)',
  'userName eq (miss)',
  'emails co (hit)',
  'emails co (miss)',
  'page shallow',
  'page deep',
];

interface Probe {
  kind: Kind;
  filter?: string;
  startIndex: number;
  /** What the registry's search is given as the baseline of this probe. */
  text: string;
  limit: number;
}

export function* people(seed: number, count: number): Generator<BenchPerson> {
  const generator = new PeopleGenerator(seed, benchOrgWeights());
  for (let i = 0; i < count; i += 1) yield generator.next();
}

/** A username for everyone (`given.family<id>`, a-z only), as minting would have given them. */
export async function addUsernames(target: Target): Promise<void> {
  await sql`insert into identifiers (kind, scope, value, person_id, created_at)
    select 'username', '', regexp_replace(lower(given_name || '.' || family_name), '[^a-z.]', '', 'g') || id, id, created_at
    from people`.execute(target.app.db);
  await sql`vacuum analyze identifiers`.execute(target.app.db);
  await sql`vacuum analyze people`.execute(target.app.db);
}

async function buildProbes(target: Target, size: number, samples: number, seed: number): Promise<Probe[]> {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const ids = Array.from({ length: samples }, () => 1 + Math.floor(rand() * size));
  const names = await target.app.db
    .selectFrom('identifiers')
    .select(['person_id', 'value'])
    .where('kind', '=', 'username')
    .where('person_id', 'in', ids)
    .execute();
  const emails = await sql<{ address: string; family: string }>`
    select e.v->>'address' as address, p.family_name as family from people p, jsonb_array_elements(p.emails) e(v)
    where p.id = any(${ids}) limit ${samples}`.execute(target.app.db);
  const probes: Probe[] = [];
  for (const [i, n] of names.entries()) {
    probes.push({
      kind: 'userName eq (hit)',
      filter: `userName eq "${n.value}"`,
      startIndex: 1,
      text: n.value,
      limit: 20,
    });
    const miss = `nobody.${i}x${n.value}`;
    probes.push({ kind: 'userName eq (miss)', filter: `userName eq "${miss}"`, startIndex: 1, text: miss, limit: 20 });
  }
  for (const [i, e] of emails.rows.entries()) {
    // The local part and the @: the person, and the few others whose address begins the same way.
    const part = `${e.address.slice(0, e.address.indexOf('@') + 1)}`;
    probes.push({ kind: 'emails co (hit)', filter: `emails co "${part}"`, startIndex: 1, text: part, limit: 20 });
    const miss = `zq${i}.${part}`;
    probes.push({ kind: 'emails co (miss)', filter: `emails co "${miss}"`, startIndex: 1, text: miss, limit: 20 });
    probes.push({ kind: 'page shallow', startIndex: 1 + Math.floor(rand() * 1000), text: e.family, limit: 100 });
    const deep = Math.floor(size / 2 + rand() * (size / 2 - 100));
    probes.push({ kind: 'page deep', startIndex: deep, text: e.family, limit: 100 });
  }
  // Interleave the kinds so each sees the same state of a shared machine.
  return probes.sort(() => rand() - 0.5);
}

async function timeScim(target: Target, p: Probe): Promise<{ ms: number; total: number; items: number }> {
  const start = performance.now();
  const page = pageRequest({ ...(p.filter ? { filter: p.filter } : {}), startIndex: p.startIndex, count: 100 });
  const { total, rows } = await target.app.scim.searchUsers(benchActor, page);
  const users = await target.app.scim.usersOf(rows, 'https://steward.example/scim/v2');
  return { ms: performance.now() - start, total, items: users.length };
}

async function timeRegistry(target: Target, p: Probe): Promise<number> {
  const start = performance.now();
  await target.app.people.search(benchActor, p.text, p.limit);
  return performance.now() - start;
}

async function runEngine(engine: Engine, size: number, samples: number, seed: number): Promise<Row[]> {
  const target = await openTarget(engine, 'scim');
  try {
    await bulkLoadPeople(target.app.database, people(seed, size), size, engine);
    log(`${engine}: usernames for ${size.toLocaleString('en')} people`);
    await addUsernames(target);
    const probes = await buildProbes(target, size, samples, seed + 15);
    for (const kind of KINDS)
      for (const p of probes.filter((x) => x.kind === kind).slice(0, 5)) {
        await timeScim(target, p);
        await timeRegistry(target, p);
      }
    const scim = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
    const registry = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
    const found = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
    const bar = progress(`${engine}: ${probes.length} SCIM queries + as many registry searches`, probes.length);
    for (const [i, p] of probes.entries()) {
      const r = await timeScim(target, p);
      scim.get(p.kind)!.push(r.ms);
      found.get(p.kind)!.push(p.kind.startsWith('page') ? r.items : r.total);
      registry.get(p.kind)!.push(await timeRegistry(target, p));
      bar.update(i + 1);
    }
    bar.done();
    const rows: Row[] = [];
    for (const kind of KINDS) {
      const a = summarise(scim.get(kind)!);
      const b = summarise(registry.get(kind)!);
      const n = summarise(found.get(kind)!);
      const what = kind.startsWith('page') ? 'Users on the page' : 'totalResults';
      for (const q of ['p50', 'p95'] as const)
        rows.push({
          engine,
          measure: `${kind} ${q}`,
          size,
          value: a[q],
          unit: 'ms',
          baseline: { label: `registry search ${q}`, value: b[q] },
          ratio: a[q] / b[q],
          ...(q === 'p50' ? { note: `${a.count} probes; ${what} min ${n.min}, median ${n.p50}, max ${n.max}` } : {}),
        });
      log(
        `${engine}: ${kind} p50 ${a.p50.toFixed(1)} ms p95 ${a.p95.toFixed(1)} ms; registry p95 ${b.p95.toFixed(1)} ms`,
      );
    }
    return rows;
  } finally {
    await target.close();
  }
}

export const scimBenchmark: Benchmark = {
  name: 'scim',
  title: 'SCIM Users filters and pages on a large registry',
  async run(ctx: BenchContext): Promise<BenchResult> {
    const samples = ctx.options.samples ?? 100;
    const rows: Row[] = [];
    const sizes: Record<string, number> = {};
    for (const engine of ctx.options.engines) {
      const size = engine === 'pglite' ? Math.min(ctx.options.people, ctx.options.pglitePeople) : ctx.options.people;
      sizes[engine] = size;
      rows.push(...(await runEngine(engine, size, samples, ctx.options.seed)));
    }
    return {
      name: 'scim',
      title: this.title,
      aim: 'userName eq an index lookup; every p95 within a small multiple of the registry search',
      parameters: { people: ctx.options.people, sizes, samples, seed: ctx.options.seed, engines: ctx.options.engines },
      rows,
      notes: [
        'Data: people generated from the seed and bulk-copied as the search benchmark does (60 % with a personal email), each given a username identifier `given.family<id>`, then VACUUM ANALYZE.',
        "SCIM: app.scim.searchUsers (count=100, with totalResults) then usersOf (the page as SCIM Users), in process, as GET /scim/v2/Users runs them. Hits: a sampled person's username / the local part and @ of a sampled address (that person and the few sharing it); misses: the same made unmatchable. Pages: no filter, startIndex in 1–1,000 (shallow) or in the second half of the registry (deep).",
        'Baseline: app.people.search given the same username or email fragment (limit 20); for pages a name search for a sampled family name with limit 100. Kinds are interleaved; 5 of each are run first to warm up.',
        'PGlite runs at --pglite-people (default 10,000).',
      ],
    };
  },
};
