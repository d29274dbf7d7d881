/**
 * What a snapshot changes compared with what its source said last time, and whether that
 * change may be applied. Pure. The reconciler classifies in SQL over millions of rows with
 * the same rule as `classify`; `diffSnapshots` is the in-memory form for small inputs and
 * tests.
 *
 * The safety valve: a snapshot whose changes exceed the source's threshold is held for an
 * administrator. rate = (added + changed + removed) / max(previousCount, 1), held when
 * rate > threshold (exactly at the threshold applies). The FIRST snapshot of a source
 * (previousCount 0) is not held whatever its size: there is nothing yet to protect, and
 * holding it would hold every new source. A snapshot with any line in error is held too,
 * even when forced: applying only its good lines would apply it by halves, and a snapshot
 * applies wholly or not at all. A dry run never applies; it reports what a real run would do.
 */
export type Change = 'added' | 'changed' | 'removed' | 'unchanged';

/** The one classification rule: a record key's hash last time vs now (absent = null/undefined). */
export function classify(
  previousHash: string | null | undefined,
  incomingHash: string | null | undefined,
): Change | null {
  const before = previousHash ?? null;
  const after = incomingHash ?? null;
  if (before === null) return after === null ? null : 'added';
  if (after === null) return 'removed';
  return before === after ? 'unchanged' : 'changed';
}

export interface SnapshotDiff {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
}

/** Classifies every record key of the last and the incoming snapshot (keys in order: incoming, then removed). */
export function diffSnapshots(input: {
  previous: ReadonlyMap<string, string>;
  incoming: ReadonlyMap<string, string>;
}): SnapshotDiff {
  const diff: SnapshotDiff = { added: [], changed: [], removed: [], unchanged: [] };
  for (const [key, hash] of input.incoming) diff[classify(input.previous.get(key), hash)!].push(key);
  for (const key of input.previous.keys()) if (!input.incoming.has(key)) diff.removed.push(key);
  return diff;
}

/** A source's hold threshold unless it sets its own: a snapshot may change 10 % of its records. */
export const DEFAULT_HOLD_THRESHOLD = 0.1;

export interface ValveInput {
  /** How many records the source had before this snapshot. */
  previousCount: number;
  added: number;
  changed: number;
  removed: number;
  /** Lines of the snapshot in error (read errors and whole-snapshot errors). */
  errorLines?: number;
  /** The source's hold threshold, a fraction (0.1 = 10 %). */
  threshold?: number;
  /** An administrator applies it even over the threshold (never over errors). */
  force?: boolean;
  dryRun?: boolean;
}

export type ValveReason = 'first-snapshot' | 'within-threshold' | 'over-threshold' | 'forced' | 'row-errors';

export interface ValveDecision {
  decision: 'apply' | 'hold' | 'dry-run';
  /** Why a real run applies or holds (for a dry run: why the real run would). */
  reason: ValveReason;
  /** What a real run would decide (equal to `decision` unless this is a dry run). */
  wouldBe: 'apply' | 'hold';
  /**
   * (added + changed + removed) / max(previousCount + added, 1): the share of the records before or after, each counted
   * once, so never above 1 (against the records before alone, one that also added some read "140 of 139 (100.7 %)").
   */
  rate: number;
  /** The decision in one sentence, for the administrator. */
  message: string;
}

const count = (n: number) => n.toLocaleString('en-US');
const records = (n: number) => `${count(n)} record${n === 1 ? '' : 's'}`;
const percent = (fraction: number, digits = 1) =>
  `${Number((fraction * 100).toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits })} %`;

/** Decides whether a snapshot is applied, held for an administrator, or only reported (dry run), and says why. */
export function valveDecision(input: ValveInput): ValveDecision {
  const threshold = input.threshold ?? DEFAULT_HOLD_THRESHOLD;
  for (const [name, n] of Object.entries({
    previousCount: input.previousCount,
    added: input.added,
    changed: input.changed,
    removed: input.removed,
    errorLines: input.errorLines ?? 0,
  })) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number ≥ 0, not ${n}`);
  }
  if (!(threshold > 0 && threshold <= 1))
    throw new RangeError(`threshold must be a fraction above 0 and at most 1, not ${threshold}`);
  const changes = input.added + input.changed + input.removed;
  const involved = input.previousCount + input.added;
  const rate = changes / Math.max(involved, 1);
  // A rate equal to the threshold up to rounding (a threshold computed as 0.7 - 0.4) is "at", not "over", it.
  const over = rate > threshold && Math.abs(rate - threshold) > 1e-12;
  let shown = percent(rate);
  if (over && shown === percent(threshold)) shown = percent(rate, 3);
  const reason: ValveReason = input.errorLines
    ? 'row-errors'
    : input.previousCount === 0
      ? 'first-snapshot'
      : !over
        ? 'within-threshold'
        : input.force
          ? 'forced'
          : 'over-threshold';
  const wouldBe = reason === 'row-errors' || reason === 'over-threshold' ? 'hold' : 'apply';
  const verb = (v: string) => (wouldBe === 'apply' && !input.dryRun ? `${v}s` : `would ${v}`);
  const facts =
    input.previousCount === 0
      ? `first snapshot of this source: ${verb('add')} ${records(input.added)}`
      : `${verb('change')} ${count(changes)} of ${records(involved)} (${shown}), ${over ? 'over' : 'within'} this source's ${percent(threshold)} threshold`;
  const errors = input.errorLines
    ? `; ${count(input.errorLines)} line${input.errorLines === 1 ? ' has' : 's have'} errors`
    : '';
  const verdicts: Record<ValveReason, string> = {
    'row-errors': 'held for an administrator (a snapshot applies wholly or not at all)',
    'first-snapshot': "applied (a source's first snapshot is never held)",
    'within-threshold': 'applied',
    forced: 'applied because an administrator forced it',
    'over-threshold': 'held for an administrator',
  };
  if (input.dryRun)
    return {
      decision: 'dry-run',
      reason,
      wouldBe,
      rate,
      message: `dry run, nothing applied: ${facts}${errors}: a real run would be ${wouldBe === 'apply' ? 'applied' : 'held'}`,
    };
  return { decision: wouldBe, reason, wouldBe, rate, message: `${facts}${errors}: ${verdicts[reason]}` };
}
