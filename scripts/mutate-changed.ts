import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/**
 * CI's mutation step (issue 18): StrykerJS on the pure files listed in stryker.config.json (`mutate`) that the
 * change touches, incrementally, and a failure when one of them scores below the aim (85 %).
 *
 *   node scripts/mutate-changed.ts        (npm run mutate:changed)
 *
 * "Touched": the file, or a test beside it whose name starts with its own (`limits.test.ts`, `decide-reasons.test.ts`),
 * differs between the working tree and the base: the commit of the last CI run whose mutation step passed (kept in
 * the cache), else HEAD~1; with neither (a fresh shallow clone) the step says so and is skipped. The cache lives
 * outside the clone (CI runs on a clean one): STEWARD_CI_CACHE, default ~/.cache/steward-ci. It keeps StrykerJS's
 * incremental state, merged file by file, so a file's unchanged mutants are not run again. STEWARD_MUTATE_BASE names
 * another base (a commit or branch).
 */
const AIM = Number(process.env.STEWARD_MUTATION_AIM ?? 85);
const root = join(dirname(new URL(import.meta.url).pathname), '..');
const cache = process.env.STEWARD_CI_CACHE ?? join(homedir(), '.cache', 'steward-ci');
const cachedState = join(cache, 'stryker-incremental.json');
const lastCommitFile = join(cache, 'stryker-last-commit');

interface StrykerConfig {
  mutate: string[];
  incrementalFile: string;
  jsonReporter: { fileName: string };
}
interface Report {
  files: Record<string, { mutants: { status: string }[] }>;
  testFiles?: Record<string, unknown>;
}

const git = (...args: string[]): string | null => {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};
const isCommit = (ref: string) => git('rev-parse', '--quiet', '--verify', `${ref}^{commit}`);

/** The commit to compare with, and where it comes from; null when the clone holds none. */
function base(): { commit: string; from: string } | null {
  const asked = process.env.STEWARD_MUTATE_BASE;
  if (asked) {
    const commit = isCommit(asked);
    if (!commit) throw new Error(`STEWARD_MUTATE_BASE=${asked} is not a commit of this clone`);
    return { commit, from: asked };
  }
  const last = existsSync(lastCommitFile) ? readFileSync(lastCommitFile, 'utf8').trim() : '';
  const lastCommit = last ? isCommit(last) : null;
  if (lastCommit) return { commit: lastCommit, from: 'the last CI run' };
  const parent = isCommit('HEAD~1');
  return parent ? { commit: parent, from: 'HEAD~1' } : null;
}

/** The listed files touched by the changed paths: the file itself or a test beside it named after it. */
function touchedFiles(listed: string[], changed: string[]): string[] {
  return listed.filter((file) => {
    const stem = basename(file, '.ts');
    return changed.some(
      (c) =>
        c === file ||
        (dirname(c) === dirname(file) &&
          c.endsWith('.test.ts') &&
          (basename(c).startsWith(`${stem}.`) || basename(c).startsWith(`${stem}-`))),
    );
  });
}

/** StrykerJS's mutation score of one file: detected (killed, timed out) over detected and undetected. */
function score(mutants: { status: string }[]): number {
  const count = (...statuses: string[]) => mutants.filter((m) => statuses.includes(m.status)).length;
  const detected = count('Killed', 'Timeout');
  const valid = detected + count('Survived', 'NoCoverage');
  return valid === 0 ? 100 : (100 * detected) / valid;
}

/** The cached state with the files and tests of this run put in place of their earlier results. */
function merge(earlier: Report | null, run: Report): Report {
  if (!earlier) return run;
  return {
    ...run,
    files: { ...earlier.files, ...run.files },
    testFiles: { ...earlier.testFiles, ...run.testFiles },
  };
}

const readJson = <T>(path: string): T | null =>
  existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : null;

function main(): number {
  const started = Date.now();
  const config = readJson<StrykerConfig>(join(root, 'stryker.config.json'))!;
  const b = base();
  if (!b) {
    console.log('mutation: no earlier commit to compare with (a fresh shallow clone, no earlier CI run): skipped');
    mkdirSync(cache, { recursive: true });
    writeFileSync(lastCommitFile, `${git('rev-parse', 'HEAD')}\n`);
    return 0;
  }
  const changed = (git('diff', '--name-only', '--diff-filter=d', b.commit) ?? '').split('\n').filter(Boolean);
  const files = touchedFiles(config.mutate, changed).filter((f) => existsSync(join(root, f)));
  if (files.length === 0) {
    console.log(`mutation: no listed pure file changed since ${b.from} (${b.commit.slice(0, 12)}): skipped`);
    return 0;
  }
  console.log(`mutation: ${files.join(', ')} changed since ${b.from} (${b.commit.slice(0, 12)})`);

  const state = join(root, config.incrementalFile);
  mkdirSync(dirname(state), { recursive: true });
  if (existsSync(cachedState)) copyFileSync(cachedState, state);
  const earlier = readJson<Report>(state);
  const run = spawnSync(
    'npx',
    ['stryker', 'run', '--incremental', '--mutate', files.join(','), '--reporters', 'clear-text,json'],
    { cwd: root, stdio: 'inherit' },
  );
  if (run.status !== 0) {
    console.error(`mutation: StrykerJS failed (exit ${run.status ?? run.signal})`);
    return 1;
  }
  const report = readJson<Report>(join(root, config.jsonReporter.fileName))!;
  const latest = readJson<Report>(state);
  mkdirSync(cache, { recursive: true });
  if (latest) writeFileSync(cachedState, JSON.stringify(merge(earlier, latest)));

  const below: string[] = [];
  for (const file of files) {
    const s = score(report.files[file]?.mutants ?? []);
    console.log(`mutation: ${file} ${s.toFixed(2)} %`);
    if (s < AIM) below.push(`${file} (${s.toFixed(2)} %)`);
  }
  console.log(`mutation: ${Math.round((Date.now() - started) / 1000)} s`);
  if (below.length) {
    console.error(
      `mutation: below the aim of ${AIM} %: ${below.join(', ')}; kill the survivors or list why they are equivalent (docs/mutation.md)`,
    );
    return 1;
  }
  if (!process.env.STEWARD_MUTATE_BASE) writeFileSync(lastCommitFile, `${git('rev-parse', 'HEAD')}\n`);
  return 0;
}

process.exitCode = main();
