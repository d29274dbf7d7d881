import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoBenchmark } from './benchmarks/demo.ts';
import { groupsBenchmark } from './benchmarks/groups.ts';
import { governanceBenchmark } from './benchmarks/governance.ts';
import { accessBenchmark } from './benchmarks/access.ts';
import { accessFreshnessBenchmark } from './benchmarks/access-freshness.ts';
import { checkHttpBenchmark } from './benchmarks/check-http.ts';
import { guestsBenchmark } from './benchmarks/guests.ts';
import { loansBenchmark } from './benchmarks/loans.ts';
import { provisionLdapBenchmark } from './benchmarks/provision-ldap.ts';
import { provisionWebhooksBenchmark } from './benchmarks/provision-webhooks.ts';
import { importBenchmark } from './benchmarks/import.ts';
import { mintBenchmark } from './benchmarks/mint.ts';
import { reconcileBenchmark } from './benchmarks/reconcile.ts';
import { reviewWorklistBenchmark } from './benchmarks/review-worklist.ts';
import { scimBenchmark } from './benchmarks/scim.ts';
import { searchBenchmark } from './benchmarks/search.ts';
import { startBenchmark } from './benchmarks/start.ts';
import { statusBenchmark } from './benchmarks/status.ts';
import { interrupted, onCleanup, runAll } from './lib/cleanup.ts';
import type { Benchmark, BenchContext } from './lib/context.ts';
import { parseOptions } from './lib/options.ts';
import { log } from './lib/progress.ts';
import { render, save } from './lib/report.ts';
import { serverUrl, serverVersion } from './lib/targets.ts';

/**
 * `npm run bench` runs every benchmark; `npm run bench -- import search` runs some.
 * Figures go to stdout and bench/results/; progress goes to stderr.
 */
const benchmarks: Benchmark[] = [
  importBenchmark,
  searchBenchmark,
  mintBenchmark,
  demoBenchmark,
  statusBenchmark,
  reconcileBenchmark,
  guestsBenchmark,
  groupsBenchmark,
  accessBenchmark,
  accessFreshnessBenchmark,
  loansBenchmark,
  provisionLdapBenchmark,
  provisionWebhooksBenchmark,
  governanceBenchmark,
  reviewWorklistBenchmark,
  scimBenchmark,
  startBenchmark,
  checkHttpBenchmark,
];

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const unknown = options.names.filter((n) => !benchmarks.some((b) => b.name === n));
  if (unknown.length) {
    process.stderr.write(
      `unknown benchmark ${unknown.join(', ')}; known: ${benchmarks.map((b) => b.name).join(', ')}\n`,
    );
    return 2;
  }
  const chosen = options.names.length ? benchmarks.filter((b) => options.names.includes(b.name)) : benchmarks;
  const startedAt = new Date();
  const workDir = mkdtempSync(join(tmpdir(), 'steward-bench-'));
  onCleanup(`work directory ${workDir}`, () => rmSync(workDir, { recursive: true, force: true }));
  const postgres = options.engines.includes('postgres')
    ? await serverVersion().catch((e: Error) => {
        throw new Error(
          `cannot reach PostgreSQL at ${serverUrl().replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@')} (${e.message}); set BENCH_DATABASE_URL or --engines=pglite`,
        );
      })
    : null;
  process.stdout.write(`Steward benchmarks — ${chosen.map((b) => b.name).join(', ')}\n`);
  process.stdout.write(
    `  people=${options.people.toLocaleString('en')} mint=${options.mint.toLocaleString('en')} queries=${options.queries} engines=${options.engines.join(',')} seed=${options.seed}\n`,
  );
  process.stdout.write(
    `  node ${process.version}, ${cpus().length} CPU(s) ${cpus()[0]?.model ?? ''}; ${postgres ?? 'no PostgreSQL'}\n`,
  );
  process.stdout.write(
    '  Figures are wall-clock times on this machine; on a shared CPU they are noisy. Ratios compare with a baseline measured in the same run.\n',
  );
  const ctx: BenchContext = { options, workDir, startedAt, shared: new Map() };
  let failed = 0;
  for (const benchmark of chosen) {
    log(`── ${benchmark.name}: ${benchmark.title}`);
    try {
      const result = await benchmark.run(ctx);
      process.stdout.write(render(result));
      process.stdout.write(`  results: ${save(result, { startedAt, postgres })}\n`);
    } catch (e) {
      failed += 1;
      if (interrupted()) break;
      process.stderr.write(`benchmark ${benchmark.name} failed: ${(e as Error).stack ?? e}\n`);
    }
  }
  return failed ? 1 : 0;
}

main()
  .then(async (code) => {
    await runAll();
    process.exitCode = code;
  })
  .catch(async (e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    await runAll();
    process.exitCode = 1;
  });
