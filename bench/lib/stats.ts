/** Timing and summary statistics for benchmark samples (milliseconds). */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarise(samples: number[]): Summary {
  const sorted = samples.slice().sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    count: sorted.length,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/**
 * Items per second over each tenth of a run (by items done), from progress marks taken as
 * it went: a bulk path that stays linear shows ten similar rates.
 */
export function tenthRates(marks: { done: number; at: number }[], total: number, start: number): number[] {
  const rates: number[] = [];
  let from = { done: 0, at: start };
  for (let tenth = 1; tenth <= 10; tenth += 1) {
    const mark = marks.find((m) => m.done >= (total * tenth) / 10);
    if (!mark) break;
    rates.push(((mark.done - from.done) * 1000) / Math.max(mark.at - from.at, 1e-3));
    from = mark;
  }
  return rates;
}
