import { ENGINES, type Engine } from './targets.ts';

/**
 * Benchmark settings: the issue's sizes by default, scaled down with environment variables
 * or flags for quick runs (flags win):
 *
 *   BENCH_PEOPLE   --people=N    people imported / searched (default 1,000,000)
 *   BENCH_MINT     --mint=N      usernames minted (default 100,000)
 *   BENCH_QUERIES  --queries=N   search queries timed per engine (default 400)
 *   BENCH_ENGINES  --engines=…   postgres,pglite (default both)
 *   BENCH_PGLITE_BUDGET_MIN  --pglite-budget=MIN  longest a PGlite step may be projected
 *                  to take before it is measured at a smaller size (default 20)
 *   BENCH_SEED     --seed=N      seed of the generated data (default 20051204)
 *   BENCH_GROUPS / BENCH_GROUP_MEMBERSHIPS / BENCH_FRESHNESS_SAMPLES  --groups=N
 *                  --memberships=N --samples=N  sizes of access-freshness (unset: its defaults)
 *   --people=N (as above)  provision-ldap's accounts on PostgreSQL (default 100,000 there)
 *   --pglite-people=N  provision-ldap's accounts on PGlite (default 10,000)
 *   --units=N      provision-ldap's org units (default 3,000)
 *   --events=N     provision-webhooks' change-log events (default 20,000)
 *   BENCH_DATABASE_URL           the PostgreSQL server to create databases on
 */
export interface BenchOptions {
  names: string[];
  people: number;
  mint: number;
  queries: number;
  engines: Engine[];
  pgliteBudgetMinutes: number;
  seed: number;
  groups?: number;
  memberships?: number;
  samples?: number;
  /** provision-ldap on PostgreSQL: --people when given, else 100,000. */
  provisionPeople: number;
  pglitePeople: number;
  units?: number;
  events: number;
}

function positive(label: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${label} must be a positive number, not ${raw}`);
  return Math.floor(value);
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const flags = new Map<string, string>();
  const names: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      names.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) flags.set(arg.slice(2, eq), arg.slice(eq + 1));
    else flags.set(arg.slice(2), argv[++i] ?? '');
  }
  const known = ['people', 'mint', 'queries', 'engines', 'pglite-budget', 'seed', 'groups', 'memberships', 'samples'];
  known.push('pglite-people', 'units', 'events');
  for (const key of flags.keys())
    if (!known.includes(key)) throw new Error(`unknown flag --${key}; known: ${known.map((k) => `--${k}`).join(', ')}`);
  const engines = (flags.get('engines') ?? env.BENCH_ENGINES ?? ENGINES.join(','))
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const e of engines)
    if (!ENGINES.includes(e as Engine)) throw new Error(`unknown engine ${e}; known: ${ENGINES.join(', ')}`);
  return {
    names,
    people: positive('people', flags.get('people') ?? env.BENCH_PEOPLE, 1_000_000),
    mint: positive('mint', flags.get('mint') ?? env.BENCH_MINT, 100_000),
    queries: positive('queries', flags.get('queries') ?? env.BENCH_QUERIES, 400),
    engines: engines as Engine[],
    pgliteBudgetMinutes: positive('pglite-budget', flags.get('pglite-budget') ?? env.BENCH_PGLITE_BUDGET_MIN, 20),
    seed: positive('seed', flags.get('seed') ?? env.BENCH_SEED, 20_051_204),
    ...(flags.has('groups') ? { groups: positive('groups', flags.get('groups'), 0) } : {}),
    ...(flags.has('memberships') ? { memberships: positive('memberships', flags.get('memberships'), 0) } : {}),
    ...(flags.has('samples') ? { samples: positive('samples', flags.get('samples'), 0) } : {}),
    provisionPeople: positive('people', flags.get('people') ?? env.BENCH_PEOPLE, 100_000),
    pglitePeople: positive('pglite-people', flags.get('pglite-people'), 10_000),
    ...(flags.has('units') ? { units: positive('units', flags.get('units'), 0) } : {}),
    events: positive('events', flags.get('events'), 20_000),
  };
}
