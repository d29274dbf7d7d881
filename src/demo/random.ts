/**
 * A small seeded random source (mulberry32) with the draws the demo and the benchmarks
 * need. Deterministic: the same seed gives the same institution and the same CSV files,
 * and it is much faster than a general-purpose generator for a million rows.
 */
export class Random {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}

/** Items with weights, drawn in proportion to their weight (binary search over the running totals). */
export class Weighted<T> {
  readonly items: readonly T[];
  readonly #totals: Float64Array;
  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new Error('a weighted pool needs at least one item');
    this.items = entries.map(([item]) => item);
    this.#totals = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, w], i) => {
      sum += w;
      this.#totals[i] = sum;
    });
  }

  draw(random: Random): T {
    const target = random.next() * this.#totals[this.#totals.length - 1];
    let lo = 0;
    let hi = this.#totals.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#totals[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

/** Zipf-like weights for a ranked list: the k-th item weighs 1 / (k + offset)^s. */
export function zipf<T>(items: readonly T[], s = 1, offset = 2): [T, number][] {
  return items.map((item, k) => [item, 1 / (k + offset) ** s]);
}

/** YYYY-MM-DD of a UTC day counted from 1970-01-01. */
export function dayToDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The UTC day number of a YYYY-MM-DD date. */
export function dateToDay(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}
