import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  adminToken,
  freshDatabase,
  node24,
  root,
  startSteward,
  strongPassword,
} from '../test/multi/steward-process.ts';
import type { LoadReport } from './soak-load.ts';
import { makeSoakWorld } from './soak-world.ts';

/**
 * The soak (issue 13): a Steward server on a fresh database with data, the maximum rate of
 * its mixed load measured in a closed loop for `--probe-seconds` (20), then the mix at 70 % of that
 * for `--minutes` from a load generator in its own process (scripts/soak-load.ts), while
 * the server's resident memory is sampled. Reports errors, p99 per kind and whether the
 * memory stayed flat; exits 1 when a request failed.
 *
 *   node scripts/soak.ts --minutes=10 [--database-url=postgres://…/any] [--snapshot-every=30] [--json]
 *
 * Without --database-url (or DATABASE_URL) the server runs on PGlite in a temporary data
 * directory; with it, on a new database created on that PostgreSQL server and dropped after.
 */
export interface SoakReport {
  storage: string;
  maxMixedPerSecond: number;
  targetRate: number;
  load: LoadReport;
  errors: number;
  rssMiB: { atSecond: number; mib: number }[];
  rssVerdict: { flat: boolean; firstHalfMiB: number; secondHalfMiB: number; growth: number };
}

function option(name: string, fallback?: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length) ?? fallback;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** Memory is flat when the second half of the run averages under 10 % (and 20 MiB) above the first. */
function verdict(samples: { atSecond: number; mib: number }[]): SoakReport['rssVerdict'] {
  const warm = samples.slice(Math.floor(samples.length / 5));
  const half = Math.floor(warm.length / 2);
  const first = mean(warm.slice(0, half).map((s) => s.mib));
  const second = mean(warm.slice(half).map((s) => s.mib));
  const growth = first ? (second - first) / first : 0;
  return {
    flat: growth < 0.1 || second - first < 20,
    firstHalfMiB: Math.round(first),
    secondHalfMiB: Math.round(second),
    growth: Math.round(growth * 1000) / 1000,
  };
}

function rssMiB(pid: number): number {
  return (
    Number(
      execFileSync('ps', ['-o', 'rss=', '-p', String(pid)])
        .toString()
        .trim(),
    ) / 1024
  );
}

function runLoad(world: unknown, rate: number, seconds: number, snapshotEvery: number): Promise<LoadReport> {
  const child = spawn(
    node24(),
    [join(root, 'scripts', 'soak-load.ts'), String(rate), String(seconds), String(snapshotEvery)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stdin.end(JSON.stringify(world));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadReport)
        : reject(new Error(`load generator ended with ${code}`)),
    ),
  );
}

export async function soak(minutes: number, databaseUrl?: string, snapshotEvery = 30): Promise<SoakReport> {
  const database = databaseUrl ? await freshDatabase(databaseUrl) : null;
  const dataDir = database ? null : mkdtempSync(join(tmpdir(), 'steward-soak-'));
  const server = await startSteward('soak', {
    ...(database ? { DATABASE_URL: database.url } : { STEWARD_DATA_DIR: dataDir! }),
    STEWARD_LOG_LEVEL: 'warn',
  });
  try {
    const token = await adminToken(server.url);
    const world = await makeSoakWorld(server.url, token, strongPassword);
    // The maximum of the same mix (closed loop), so 70 % of it is a load the server can carry.
    const probe = await runLoad(world, 0, Number(option('probe-seconds', '20')), snapshotEvery);
    const maxRate = Math.round(probe.sent / probe.seconds);
    const targetRate = Math.max(1, Math.round(maxRate * 0.7));
    const started = Date.now();
    const rss: { atSecond: number; mib: number }[] = [];
    const sample = () =>
      rss.push({ atSecond: Math.round((Date.now() - started) / 1000), mib: Math.round(rssMiB(server.child.pid!)) });
    sample();
    const sampler = setInterval(sample, Math.max(1_000, Math.min(10_000, (minutes * 60_000) / 30)));
    const load = await runLoad(world, targetRate, minutes * 60, snapshotEvery);
    clearInterval(sampler);
    sample();
    const errors = Object.values(load.kinds).reduce((sum, k) => sum + k.errors, 0);
    return {
      storage: database ? 'postgres' : 'pglite',
      maxMixedPerSecond: maxRate,
      targetRate,
      load,
      errors,
      rssMiB: rss,
      rssVerdict: verdict(rss),
    };
  } finally {
    await server.stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

export function describeReport(r: SoakReport): string {
  const lines = [
    `storage ${r.storage}; maximum of the mix ${r.maxMixedPerSecond}/s; mixed load at ${r.targetRate}/s for ${Math.round(r.load.seconds)} s (${r.load.sent} sent)`,
    ...Object.entries(r.load.kinds).map(
      ([kind, k]) =>
        `  ${kind.padEnd(14)} ${String(k.count).padStart(7)} done, ${k.errors} errors, p50 ${k.p50} ms, p99 ${k.p99} ms, max ${k.max} ms`,
    ),
    `errors: ${r.errors}${r.load.errorSamples.length ? ` (${r.load.errorSamples.join(' | ')})` : ''}`,
    `server RSS (MiB by second): ${r.rssMiB.map((s) => `${s.atSecond}s:${s.mib}`).join(' ')}`,
    `RSS ${r.rssVerdict.flat ? 'flat' : 'GROWING'}: ${r.rssVerdict.firstHalfMiB} → ${r.rssVerdict.secondHalfMiB} MiB (${(r.rssVerdict.growth * 100).toFixed(1)} %)`,
  ];
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await soak(
    Number(option('minutes', '10')),
    option('database-url', process.env.DATABASE_URL),
    Number(option('snapshot-every', '30')),
  );
  process.stdout.write(`${process.argv.includes('--json') ? JSON.stringify(report) : describeReport(report)}\n`);
  process.exitCode = report.errors === 0 ? 0 : 1;
}
