import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Benchmark } from '../lib/context.ts';
import { type ChildServer, freePort, startChild } from '../lib/child-server.ts';
import { log } from '../lib/progress.ts';
import type { BenchResult, Row } from '../lib/report.ts';
import { summarise } from '../lib/stats.ts';

/**
 * A restart of `steward serve` on an existing PGlite data directory holding the demo institution: time from spawning
 * the process until GET /health answers 200 (ready), and the process's resident memory then and 3 s later. Baseline:
 * a process that only opens PGlite on the same directory (then answers /health from node:http); a bare Fastify
 * process answering /health for orientation. Each restart is a fresh child process; the three alternate, N times
 * (`--samples`, default 3), medians reported. The directory is made by a first `serve --demo` start (not timed).
 */
const SETTLE_MS = 3_000;

interface Sample {
  readyMs: number;
  cpuReady: number;
  firstAnswerMs: number;
  rssReady: number;
  rssSettled: number;
}

async function sample(run: () => Promise<ChildServer>): Promise<Sample> {
  const child = await run();
  try {
    const rssReady = child.rssMb();
    const cpuReady = child.cpuSeconds();
    // The lowest RSS seen while it settles: garbage collection makes any one reading swing by a hundred MB or more.
    let rssSettled = rssReady;
    for (let waited = 0; waited < SETTLE_MS; waited += 200) {
      await new Promise((ok) => setTimeout(ok, 200));
      rssSettled = Math.min(rssSettled, child.rssMb());
    }
    return { readyMs: child.readyMs, cpuReady, firstAnswerMs: child.firstAnswerMs, rssReady, rssSettled };
  } finally {
    await child.stop();
  }
}

const median = (xs: number[]) => summarise(xs).p50;

function serve(dir: string, port: number, demo: boolean) {
  return startChild(
    demo ? 'steward serve --demo (first start)' : 'steward serve (restart)',
    ['bin/steward.js', 'serve', '--data-dir', dir, '--port', String(port), ...(demo ? ['--demo'] : [])],
    port,
    {
      env: { STEWARD_ADMIN_PASSWORD: 'bench password 1234 start', STEWARD_LOG_LEVEL: 'warn' },
      timeoutMs: 30 * 60_000,
    },
  );
}

export const startBenchmark: Benchmark = {
  name: 'start',
  title: 'server restart on a PGlite data directory with the demo: time to /health ready, and memory',
  async run(ctx): Promise<BenchResult> {
    const rows: Row[] = [];
    const notes: string[] = [];
    const result = (): BenchResult => ({
      name: 'start',
      title: this.title,
      aim: 'restart ≤ 2× the time PGlite alone takes to open the directory; RSS ≤ 1.5× PGlite alone',
      parameters: { samples: ctx.options.samples ?? 3, settleMs: SETTLE_MS },
      rows,
      notes,
    });
    if (!ctx.options.engines.includes('pglite')) {
      notes.push('PGlite only (a restart on PostgreSQL opens a pool); run with --engines=pglite.');
      return result();
    }
    const dir = join(ctx.workDir, 'start-demo');
    const given = process.env.BENCH_START_DATA_DIR;
    if (given) {
      // A directory an earlier run (or `serve --demo`) made, copied so the run does not change it.
      cpSync(given, dir, { recursive: true });
      rmSync(join(dir, 'steward.pid'), { force: true });
      notes.push(`Data directory copied from BENCH_START_DATA_DIR (${given}).`);
    } else {
      log('start: first start with the demo (not timed in the ratio)…');
      const first = await serve(dir, await freePort(), true);
      notes.push(`First start (demo loaded): ${(first.readyMs / 1000).toFixed(1)} s, ${first.rssMb().toFixed(0)} MB.`);
      await first.stop();
    }

    const runs = ctx.options.samples ?? 3;
    const kinds = {
      pglite: async () => {
        const port = await freePort();
        return startChild('PGlite open only', ['bench/lib/children/pglite-open.ts', dir, String(port)], port);
      },
      bare: async () => {
        const port = await freePort();
        return startChild('bare Fastify', ['bench/lib/children/bare-fastify.ts', String(port)], port);
      },
      steward: async () => serve(dir, await freePort(), false),
    };
    const samples: Record<keyof typeof kinds, Sample[]> = { pglite: [], bare: [], steward: [] };
    for (let i = 0; i < runs; i++)
      for (const kind of Object.keys(kinds) as (keyof typeof kinds)[]) {
        samples[kind].push(await sample(kinds[kind]));
        const s = samples[kind].at(-1)!;
        log(`start: run ${i + 1}/${runs} ${kind}: ${(s.readyMs / 1000).toFixed(2)} s, ${s.rssSettled.toFixed(0)} MB`);
      }
    return report(rows, notes, samples, result);
  },
};

function report(
  rows: Row[],
  notes: string[],
  samples: Record<'pglite' | 'bare' | 'steward', Sample[]>,
  result: () => BenchResult,
): BenchResult {
  const m = (kind: 'pglite' | 'bare' | 'steward', key: keyof Sample) => median(samples[kind].map((s) => s[key]));
  const base = { label: 'PGlite alone opens the directory', value: m('pglite', 'readyMs') / 1000 };
  const row = (measure: string, value: number, unit: 's' | 'count', extra: Partial<Row> = {}): Row => ({
    engine: 'pglite',
    measure,
    size: samples.steward.length,
    value,
    unit,
    ...extra,
  });
  rows.push(row('restart to /health ready', m('steward', 'readyMs') / 1000, 's', { baseline: base }));
  rows.at(-1)!.ratio = rows.at(-1)!.value / base.value;
  rows.push(row('restart to first /health answer (503 starting)', m('steward', 'firstAnswerMs') / 1000, 's'));
  rows.push(row('PGlite open only (baseline)', base.value, 's'));
  const cpuBase = { label: 'PGlite alone, CPU', value: m('pglite', 'cpuReady') };
  rows.push(
    row('restart CPU time until ready', m('steward', 'cpuReady'), 's', {
      baseline: cpuBase,
      ratio: m('steward', 'cpuReady') / cpuBase.value,
      note: `bare Fastify ${m('bare', 'cpuReady').toFixed(2)} s`,
    }),
  );
  rows.push(row('bare Fastify to /health', m('bare', 'readyMs') / 1000, 's'));
  for (const key of ['rssReady', 'rssSettled'] as const) {
    const when = key === 'rssReady' ? 'when ready' : `lowest in the ${SETTLE_MS / 1000} s after ready`;
    const baseRss = m('pglite', key);
    rows.push(
      row(`RSS ${when} (MB)`, m('steward', key), 'count', {
        baseline: { label: 'PGlite alone (MB)', value: baseRss },
        ratio: m('steward', key) / baseRss,
        note: `bare Fastify ${m('bare', key).toFixed(0)} MB`,
      }),
    );
  }
  notes.push(
    'Each figure is the median of alternating runs (PGlite alone, bare Fastify, Steward), each a new process spawned by the bench; /health polled every 20 ms.',
    "Steward runs with its scheduler on (as a server does); Node's compile cache (src/cli/main.ts) is warm after the first start.",
  );
  return result();
}
