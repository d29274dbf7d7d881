import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { check, checkAll, type CheckRequest } from '../../src/access/decide.ts';
import { buildCasbin, type CasbinBaseline, FASTEST, VARIANTS } from '../../test/access/casbin-baseline.ts';
import {
  AT,
  buildIndex,
  mixedProbes,
  type Probe,
  randomWorld,
  type Shape,
  type World,
} from '../../test/access/random-grants.ts';
import { log } from '../lib/progress.ts';
import type { Row } from '../lib/report.ts';
import type { Engine } from '../lib/targets.ts';

/**
 * The decision point in process (issue 19): µs per check, p50 and p95, on allows and denies apart (half of the
 * questions each), after a warm-up pass at each size, for Steward without reasons (the compiled grant sets), Steward
 * with reasons (what POST /check answers), a batch of 100 (per item), casbin as its fastest model (casbin-baseline.ts;
 * the other models measured briefly), and a floor: the Map.get calls no check can avoid (application, resource and
 * action by name, unit and subject by id, a role's covers by resource id), on maps of the same sizes.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export const shapeFor = (grants: number): Shape => ({
  orgs: 3000,
  apps: 10,
  resourcesPerApp: 20,
  actionsPerApp: 5,
  rolesPerApp: 4,
  permissionsPerRole: 5,
  people: Math.max(100, Math.round(grants / 10)),
  groups: 100,
  assignments: grants,
  membershipsPerGroup: 20,
  dated: 0.2,
  affiliationScoped: 0.1,
});

/** Questions of each kind (allowed, denied). */
const PER_KIND = Number(process.env.BENCH_ACCESS_PROBES ?? 2000);
/** Checks timed together for one sample: performance.now() is too coarse and too costly for one sub-µs check. */
const BATCH = 50;

interface Timing {
  p50: number;
  p95: number;
  samples: number;
}

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const summary = (samples: number[]): Timing => {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: pct(s, 0.5), p95: pct(s, 0.95), samples: s.length };
};

/** µs per check over batches of `batch` consecutive questions, round and round, for about `ms` milliseconds. */
function timeSync<T>(items: T[], fn: (x: T) => unknown, ms: number, batch = BATCH): Timing {
  const samples: number[] = [];
  let sink = 0;
  let i = 0;
  const start = performance.now();
  do {
    const t0 = performance.now();
    for (let k = 0; k < batch; k++) if (fn(items[(i + k) % items.length])) sink += 1;
    samples.push(((performance.now() - t0) * 1000) / batch);
    i += batch;
  } while (performance.now() - start < ms);
  if (sink < 0) log('');
  return summary(samples);
}

/**
 * A function to time: `run(from)` answers `size` questions from the `from`-th on (round and round) in a loop of its
 * own, so each loop's call is monomorphic and inlined as it would be in a caller's code.
 */
interface Contender {
  name: string;
  size: number;
  run: (from: number) => number;
}

/**
 * Several contenders taking turns, one sample each per turn, for about `ms` milliseconds: on a shared, busy machine
 * they then see the same load, so their ratios hold even when the absolute figures swing. µs per question.
 */
function timeTurns(contenders: Contender[], ms: number): Map<string, Timing> {
  const samples = contenders.map(() => [] as number[]);
  let sink = 0;
  let from = 0;
  const start = performance.now();
  do {
    for (let j = 0; j < contenders.length; j++) {
      const c = contenders[j];
      const t0 = performance.now();
      sink += c.run(from);
      samples[j].push(((performance.now() - t0) * 1000) / c.size);
    }
    from += 100;
  } while (performance.now() - start < ms);
  if (sink < 0) log('');
  return new Map(contenders.map((c, j) => [c.name, summary(samples[j])]));
}

/** As timeSync, one check per sample, awaiting each answer; at least `min` samples. */
async function timeEach(items: Probe[], fn: (p: Probe) => unknown, ms: number, min = 3): Promise<Timing> {
  const samples: number[] = [];
  const start = performance.now();
  for (let i = 0; samples.length < min || performance.now() - start < ms; i++) {
    const t0 = performance.now();
    await fn(items[i % items.length]);
    samples.push((performance.now() - t0) * 1000);
  }
  return summary(samples);
}

/** The look-ups a check cannot avoid, on maps of the same sizes and key types as the index's. */
function floorOf(w: World): (p: Probe) => number {
  const apps = new Map(
    w.apps.map((a) => [
      a.name,
      new Map(w.resources.filter((r) => r.appId === a.id).map((r) => [r.name, r.id] as const)),
    ]),
  );
  const actions = new Map([...new Set([...w.actions.values()].flat())].map((a, i) => [a, i]));
  const orgs = new Map(w.orgs.map((o) => [o.id, o.path]));
  const people = new Map(w.people.map((p) => [p, { id: p }]));
  // As a role's covers: by resource id, then an array by action id.
  const covers = new Map<number, number[]>();
  for (const r of w.resources)
    covers.set(
      r.id,
      [...actions.values()].map((a) => (r.id + a) % 3),
    );
  return (p) => {
    const resources = apps.get(p.app)!;
    const r = resources.get(p.resource)!;
    const a = actions.get(p.action)!;
    const path = orgs.get(p.orgId)!;
    const person = people.get(p.personId);
    const hit = covers.get(r)?.[a];
    return (hit ?? 0) + path.length + (person ? 1 : 0);
  };
}

const NO_REASONS = { explain: false };
const request = (p: Probe): CheckRequest => ({
  subject: { type: 'person', id: p.personId },
  application: p.app,
  action: p.action,
  resource: p.resource,
  scope: p.orgId,
  at: AT,
});

const heap = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
const us = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en'));

export async function inProcess(grants: number, seed: number, engine: Engine, notes: string[]): Promise<Row[]> {
  const world = randomWorld(seed, shapeFor(grants));
  const before = heap();
  const index = buildIndex(world);
  const bytes = heap() - before;
  const mixed = mixedProbes(world, (p) => check(index, request(p)).decision === 'allow', seed + 1, 2 * PER_KIND);
  const rows: Row[] = [];
  const floor = floorOf(world);
  const kinds = [
    ['allow', mixed.allows],
    ['deny', mixed.denies],
  ] as const;
  const results = new Map<string, Timing>();
  const fast = (r: CheckRequest) => check(index, r, NO_REASONS).decision === 'allow';
  const explained = (r: CheckRequest) => check(index, r).decision === 'allow';
  // The first pass compiles the grant sets of the people it meets; timed on its own, then everything warms up.
  for (const [kind, probes] of kinds) {
    const reqs = probes.map(request);
    const t0 = performance.now();
    for (const r of reqs) fast(r);
    results.set(`first pass ${kind}`, {
      p50: ((performance.now() - t0) * 1000) / reqs.length,
      p95: NaN,
      samples: 1,
    });
  }
  for (const [kind, probes] of kinds) {
    const reqs = probes.map(request);
    for (let round = 0; round < 3; round++) {
      for (const r of reqs) fast(r);
      for (const r of reqs) explained(r);
      for (const p of probes) floor(p);
    }
    const turns = timeTurns(
      [
        {
          name: `floor ${kind}`,
          size: BATCH,
          run: (from) => {
            let n = 0;
            for (let k = 0; k < BATCH; k++) n += floor(probes[(from + k) % probes.length]);
            return n;
          },
        },
        {
          name: `steward ${kind}`,
          size: BATCH,
          run: (from) => {
            let n = 0;
            for (let k = 0; k < BATCH; k++) if (fast(reqs[(from + k) % reqs.length])) n += 1;
            return n;
          },
        },
      ],
      3000,
    );
    for (const [name, t] of turns) results.set(name, t);
    // With reasons, in turns with the check without: the reasons' garbage would otherwise land in the floor's turns.
    const explainedTurns = timeTurns(
      [
        {
          name: `steward again ${kind}`,
          size: BATCH,
          run: (from) => {
            let n = 0;
            for (let k = 0; k < BATCH; k++) if (fast(reqs[(from + k) % reqs.length])) n += 1;
            return n;
          },
        },
        {
          name: `steward explained ${kind}`,
          size: 5,
          run: (from) => {
            let n = 0;
            for (let k = 0; k < 5; k++) if (explained(reqs[(from + k) % reqs.length])) n += 1;
            return n;
          },
        },
      ],
      3000,
    );
    for (const [name, t] of explainedTurns) results.set(name, t);
  }
  const compiled = heap() - before;
  const batches: CheckRequest[][] = [];
  const all = [...mixed.allows, ...mixed.denies].map(request);
  for (let i = 0; i + 100 <= all.length; i += 100) batches.push(all.slice(i, i + 100));
  for (const b of batches) checkAll(index, b, { explain: false });
  // The same questions in the same order, one call each: what a batch's cost per item is compared with.
  const turns = timeTurns(
    [
      {
        name: 'steward one by one',
        size: 100,
        run: (from) => {
          const b = batches[(from / 100) % batches.length];
          let n = 0;
          for (let k = 0; k < 100; k++) if (check(index, b[k], NO_REASONS).decision === 'allow') n += 1;
          return n;
        },
      },
      {
        name: 'steward batch',
        size: 100,
        run: (from) => {
          let n = 0;
          // Another batch than the one-by-one turn just asked, whose grant sets that turn brought into the cache.
          const b = batches[(from / 100 + (batches.length >> 1)) % batches.length];
          for (const d of checkAll(index, b, NO_REASONS)) if (d.decision === 'allow') n += 1;
          return n;
        },
      },
    ],
    3000,
  );
  for (const [name, t] of turns) results.set(name, t);
  log(
    `  ${grants.toLocaleString('en')} grants: Steward ${us(results.get('steward allow')!.p50)} / ${us(results.get('steward deny')!.p50)} µs (allow / deny p50), floor ${us(results.get('floor allow')!.p50)} µs; casbin…`,
  );
  const disagreements: string[] = [];
  for (const variant of VARIANTS) {
    const baseline: CasbinBaseline = await buildCasbin(world, variant);
    for (const [kind, probes] of kinds) {
      const answer = kind === 'allow';
      if (variant === FASTEST) {
        for (const p of probes) if ((await baseline.enforce(p)) !== answer) disagreements.push(`${variant} ${kind}`);
        results.set(
          `casbin ${variant} ${kind}`,
          timeSync(probes, (p) => baseline.enforce(p), 1500, 5),
        );
      } else {
        const budget = variant.startsWith('pattern') ? 3000 : 1500;
        results.set(
          `casbin ${variant} ${kind}`,
          await timeEach(
            probes,
            async (p) => {
              if ((await baseline.enforce(p)) !== answer) disagreements.push(`${variant} ${kind}`);
            },
            budget,
          ),
        );
      }
    }
    log(
      `    casbin ${variant}: ${us(results.get(`casbin ${variant} allow`)!.p50)} / ${us(results.get(`casbin ${variant} deny`)!.p50)} µs`,
    );
  }
  notes.push(
    `${grants.toLocaleString('en')} grants: ${mixed.allows.length} allowed and ${mixed.denies.length} denied questions; casbin (${FASTEST}) compared on all of them, the other models on those they were timed on: ${disagreements.length} disagreements; index ${(bytes / 1e6).toFixed(1)} MB for ${index.size().assignments.toLocaleString('en')} assignments and ${index.size().memberships.toLocaleString('en')} memberships.`,
  );
  if (disagreements.length) throw new Error(`casbin disagrees: ${disagreements.slice(0, 5).join('; ')}`);
  for (const [kind] of kinds) {
    const floorT = results.get(`floor ${kind}`)!;
    const ours = results.get(`steward ${kind}`)!;
    const row = (measure: string, t: Timing, base?: { label: string; value: number }, note?: string): Row => ({
      engine,
      measure: `${measure}, ${kind}s, p50`,
      size: grants,
      value: t.p50,
      unit: 'µs',
      ...(base ? { baseline: base, ratio: t.p50 / base.value } : {}),
      note: `${note ? `${note}; ` : ''}p95 ${Number.isNaN(t.p95) ? '—' : us(t.p95)} µs`,
    });
    const floorBase = { label: 'floor (Map.get only)', value: floorT.p50 };
    const oursBase = { label: 'Steward check', value: ours.p50 };
    rows.push(row('floor: the unavoidable Map.get calls', floorT));
    rows.push(row('Steward check (no reasons)', ours, floorBase));
    rows.push(
      row('Steward check, first pass (builds grant sets)', results.get(`first pass ${kind}`)!, floorBase, 'mean'),
    );
    rows.push(
      row('Steward check with reasons (as POST /check)', results.get(`steward explained ${kind}`)!, {
        label: 'Steward check, in turns with it',
        value: results.get(`steward again ${kind}`)!.p50,
      }),
    );
    for (const variant of [FASTEST, ...VARIANTS.filter((v) => v !== FASTEST)])
      rows.push(
        row(
          `casbin ${variant}${variant === FASTEST ? ' (baseline)' : ''}`,
          results.get(`casbin ${variant} ${kind}`)!,
          oursBase,
          `${results.get(`casbin ${variant} ${kind}`)!.samples} samples`,
        ),
      );
  }
  const batch = results.get('steward batch')!;
  rows.push({
    engine,
    measure: 'Steward checkAll, 100 per batch (half allowed), per item, p50',
    size: grants,
    value: batch.p50,
    unit: 'µs',
    baseline: { label: 'the same questions one call each', value: results.get('steward one by one')!.p50 },
    ratio: batch.p50 / results.get('steward one by one')!.p50,
    note: `p95 ${us(batch.p95)} µs`,
  });
  rows.push({ engine, measure: 'index memory', size: grants, value: bytes / 1e6, unit: 'count', note: 'MB of heap' });
  rows.push({
    engine,
    measure: 'index memory with the grant sets the questions built',
    size: grants,
    value: compiled / 1e6,
    unit: 'count',
    note: 'MB of heap',
  });
  return rows;
}
