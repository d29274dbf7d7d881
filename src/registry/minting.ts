import type { NamePatternPlan } from './minting-settings.ts';
import { candidateValue, fitStem, type NameTokens, numberedPrefixes, renderStem } from './username-patterns.ts';

/**
 * Choosing usernames and email addresses from name patterns. Pure: the minting service
 * reads which values are already taken (the `lookups`), and an Allocation hands out the
 * first free candidate per person, remembering what it handed out so one batch never
 * issues a value twice. The database's reservation insert is the final guard.
 */
export interface NameCandidates {
  /** Whole values of the patterns without {n}, in order. */
  fixed: string[];
  /** The stem of the first numbered pattern that applies, or null. */
  numberedStem: string | null;
}

/** Largest number of digits {n} may take (a million people with one stem). */
export const MAX_NUMBER_DIGITS = 6;

/** The candidates the patterns give for one person's name. */
export function candidatesFor(plan: NamePatternPlan, names: NameTokens): NameCandidates {
  const fixed: string[] = [];
  for (const pattern of plan.patterns) {
    const stem = renderStem(pattern, names);
    if (stem === null) continue;
    if (pattern.numbered) return { fixed, numberedStem: stem };
    const local = candidateValue(stem, plan.maxLength);
    if (local && !fixed.includes(local + plan.suffix)) fixed.push(local + plan.suffix);
  }
  return { fixed, numberedStem: null };
}

/** What must be read to know which candidates are taken: exact values and prefix ranges ("prefix" up to "prefix:"). */
export function lookupsFor(plan: NamePatternPlan, all: NameCandidates[]): { values: string[]; prefixes: string[] } {
  const values = new Set<string>();
  const prefixes = new Set<string>();
  for (const c of all) {
    for (const v of c.fixed) values.add(v);
    if (c.numberedStem !== null)
      for (const p of numberedPrefixes(c.numberedStem, plan.maxLength, MAX_NUMBER_DIGITS)) if (p) prefixes.add(p);
  }
  return { values: [...values], prefixes: [...prefixes] };
}

/** Hands out free candidates against a set of taken values; remembers what it gave. */
export class Allocation {
  readonly #plan: NamePatternPlan;
  readonly #taken: Set<string>;
  readonly #next = new Map<string, number>();
  constructor(plan: NamePatternPlan, taken: Iterable<string>) {
    this.#plan = plan;
    this.#taken = new Set(taken);
  }

  /** Marks a value as unavailable (say, a concurrent minter won it). */
  take(value: string): void {
    this.#taken.add(value);
  }

  /** The first free candidate, now taken; null when every candidate is used up. */
  choose(c: NameCandidates): string | null {
    for (const v of c.fixed) {
      if (!this.#taken.has(v)) {
        this.#taken.add(v);
        return v;
      }
    }
    if (c.numberedStem === null) return null;
    const stem = c.numberedStem;
    const limit = 10 ** MAX_NUMBER_DIGITS;
    for (let n = this.#next.get(stem) ?? 1; n < limit; n += 1) {
      const digits = String(n).length;
      if (!fitStem(stem, this.#plan.maxLength, digits)) return null;
      const value = candidateValue(stem, this.#plan.maxLength, n) + this.#plan.suffix;
      if (this.#taken.has(value)) continue;
      this.#taken.add(value);
      this.#next.set(stem, n + 1);
      return value;
    }
    return null;
  }
}
