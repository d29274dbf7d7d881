import type { BenchOptions } from './options.ts';
import type { BenchResult } from './report.ts';

/** What every benchmark receives from the runner. */
export interface BenchContext {
  options: BenchOptions;
  /** A temporary directory for generated files, removed when the run ends. */
  workDir: string;
  startedAt: Date;
  /** Things worth computing once per run (the generated people CSV), by key. */
  shared: Map<string, unknown>;
}

export interface Benchmark {
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}

/** Computes a value once per run and shares it between benchmarks. */
export async function once<T>(ctx: BenchContext, key: string, make: () => Promise<T> | T): Promise<T> {
  if (!ctx.shared.has(key)) ctx.shared.set(key, await make());
  return ctx.shared.get(key) as T;
}
