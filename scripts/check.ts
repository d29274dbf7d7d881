import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';

/**
 * The static half of `npm test` (issue 19): Prettier's check, ESLint and the type check, started together instead of
 * one after the other (each is one process on one core; on two cores the three take about half the wall time they
 * took in a row). Each tool's output is held and printed whole, under its name, when it ends, so the outputs do not
 * interleave; the script fails when any of the three fails, after all three have ended and been shown.
 *
 *   node scripts/check.ts                       the three checks (npm run check)
 *   node scripts/check.ts --tests [vitest args]  and `vitest run` beside them (npm test)
 *
 * With `--tests` the test run starts at the same time and prints as it goes: the suite keeps on average about one of
 * two cores busy (its long files run one at a time), and the checks fill the other. The checks' outputs still come
 * whole, each when it ends; the exit code is non-zero when the tests or any check failed.
 *
 * Each tool keeps a cache between runs on the same clone (in node_modules/.cache/steward-check, which a clean clone
 * does not have, so CI checks every file; locally only changed files are checked again): Prettier's and ESLint's by
 * file content, the type check as an incremental build (`--incremental`, the compiler's own record of what it
 * checked). None of them can hide a problem: a changed file, a changed config or another tool version is checked
 * again.
 */
const root = join(dirname(new URL(import.meta.url).pathname), '..');
const cache = process.env.STEWARD_CHECK_CACHE ?? join(root, 'node_modules', '.cache', 'steward-check');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

const steps: { name: string; command: string; args: string[] }[] = [
  {
    name: 'prettier --check',
    command: bin('prettier'),
    args: [
      '--check',
      '--log-level',
      'warn',
      '--cache',
      '--cache-strategy',
      'content',
      '--cache-location',
      join(cache, 'prettier'),
      '.',
    ],
  },
  {
    name: 'eslint',
    command: bin('eslint'),
    args: ['--cache', '--cache-strategy', 'content', '--cache-location', join(cache, 'eslint'), '.'],
  },
  {
    name: 'tsc',
    command: bin('tsc'),
    args: ['-p', 'tsconfig.json', '--incremental', '--tsBuildInfoFile', join(cache, 'tsconfig.tsbuildinfo')],
  },
];

interface Outcome {
  name: string;
  code: number | null;
  seconds: number;
  output: string;
}

function run(step: (typeof steps)[number]): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = (code: number | null, extra = '') => {
      const output = Buffer.concat(chunks).toString() + extra;
      const seconds = (performance.now() - started) / 1000;
      const outcome = { name: step.name, code, seconds, output };
      print(outcome);
      resolve(outcome);
    };
    child.on('error', (error) => done(null, `${error.message}\n`));
    child.on('close', (code) => done(code));
  });
}

function print({ name, code, seconds, output }: Outcome) {
  const verdict = code === 0 ? 'ok' : `FAILED (exit ${code ?? 'none'})`;
  process.stdout.write(`--- ${name}: ${verdict}, ${seconds.toFixed(1)} s\n${output}`);
  if (output && !output.endsWith('\n')) process.stdout.write('\n');
}

/** `vitest run` with the given arguments, its output passed straight through. */
function runTests(args: string[]): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(bin('vitest'), ['run', ...args], { cwd: root, stdio: 'inherit' });
    const done = (code: number | null, output = '') => {
      const outcome = { name: 'vitest run', code, seconds: (performance.now() - started) / 1000, output };
      print(outcome);
      resolve(outcome);
    };
    child.on('error', (error) => done(null, `${error.message}\n`));
    child.on('close', (code) => done(code));
  });
}

const testsAt = process.argv.indexOf('--tests');
const tests = testsAt === -1 ? [] : [runTests(process.argv.slice(testsAt + 1))];
const outcomes = await Promise.all([...steps.map(run), ...tests]);
const failed = outcomes.filter((o) => o.code !== 0).map((o) => o.name);
if (failed.length) {
  process.stdout.write(`check failed: ${failed.join(', ')}\n`);
  process.exitCode = 1;
}
