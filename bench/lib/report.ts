import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Engine } from './targets.ts';

/**
 * What a benchmark measured, printed as a table on stdout and written as JSON to
 * bench/results/<name>-<YYYY-MM-DD>.json. Every figure that has a baseline carries the
 * baseline measured in the same process on the same data, and their ratio.
 */
export type Unit = 'µs' | 'ms' | 's' | 'rows/s' | 'values/s' | 'people/s' | 'count' | '%';

export interface Row {
  engine: Engine;
  measure: string;
  /** Rows, people or queries the figure is about. */
  size: number;
  value: number;
  unit: Unit;
  baseline?: { label: string; value: number };
  /** value / baseline for times; baseline / value for rates (so "3×" always means 3 times slower). */
  ratio?: number;
  note?: string;
}

export interface BenchResult {
  name: string;
  title: string;
  aim: string;
  parameters: Record<string, unknown>;
  rows: Row[];
  notes: string[];
  /** Anything else worth keeping (say, the collision-suffix distribution). */
  details?: Record<string, unknown>;
}

export function slowdown(value: number, baseline: number, unit: Unit): number {
  return unit.endsWith('/s') ? baseline / value : value / baseline;
}

/** A time in seconds measured against a baseline time from the same run, with their ratio. */
export function secondsAgainst(
  row: { engine: Engine; measure: string; size: number; note?: string },
  ms: number,
  base: { label: string; ms: number },
): Row {
  return {
    ...row,
    value: ms / 1000,
    unit: 's',
    baseline: { label: base.label, value: base.ms / 1000 },
    ratio: ms / base.ms,
  };
}

function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return '—';
  switch (unit) {
    case 'ms':
      return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en')} ms`;
    case 'µs':
      return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en')} µs`;
    case 's':
      return `${value < 100 ? value.toFixed(2) : Math.round(value).toLocaleString('en')} s`;
    case '%':
      return `${value.toFixed(1)} %`;
    default:
      return `${Math.round(value).toLocaleString('en')}${unit === 'count' ? '' : ` ${unit}`}`;
  }
}

/** A plain-text table with right-aligned numbers. */
export function table(headers: string[], body: string[][], alignRight: boolean[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const cell = (text: string, i: number) => (alignRight[i] ? text.padStart(widths[i]) : text.padEnd(widths[i]));
  const line = (cells: string[]) => `  ${cells.map(cell).join('  ').trimEnd()}`;
  return [line(headers), `  ${widths.map((w) => '─'.repeat(w)).join('  ')}`, ...body.map(line)].join('\n');
}

export function render(result: BenchResult): string {
  const body = result.rows.map((r) => [
    r.engine,
    r.measure,
    r.size.toLocaleString('en'),
    formatValue(r.value, r.unit),
    r.baseline ? `${formatValue(r.baseline.value, r.unit)} (${r.baseline.label})` : '',
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
    r.note ?? '',
  ]);
  const lines = [`\n== ${result.name}: ${result.title}`, `   aim: ${result.aim}`, ''];
  lines.push(
    table(['engine', 'measure', 'size', 'value', 'baseline (same run)', 'ratio', 'note'], body, [
      false,
      false,
      true,
      true,
      false,
      true,
      false,
    ]),
  );
  for (const note of result.notes) lines.push(`  * ${note}`);
  return `${lines.join('\n')}\n`;
}

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

function pgliteVersion(): string | null {
  try {
    const file = fileURLToPath(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url));
    return JSON.parse(readFileSync(file, 'utf8')).version;
  } catch {
    return null;
  }
}

/** Writes the result with the machine it ran on; returns the path relative to the working directory. */
export function save(result: BenchResult, environment: { startedAt: Date; postgres: string | null }): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${result.name}-${environment.startedAt.toISOString().slice(0, 10)}.json`);
  const machine = {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: process.platform,
  };
  const document = {
    ...result,
    startedAt: environment.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    commit: gitCommit(),
    machine,
    versions: { postgres: environment.postgres, pglite: pgliteVersion() },
  };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return relative(process.cwd(), file);
}
