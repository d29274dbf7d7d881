import { compareStarts, covers, type DayRange } from './dates.ts';
import { compileMatchers, type AffiliationFact, type Matcher } from './matching.ts';
import { comparePriority, type StatusType } from './status-types.ts';
import { dayAfter, dayBefore, daysBetween } from '../platform/dates.ts';

/**
 * A person's statuses over time, from their affiliations. Pure: the same facts and types
 * always give the same intervals, whether one person is refreshed or everyone recomputed.
 *
 * - Dates are inclusive calendar days; a null validFrom is an open start, a null validTo an
 *   open end. An affiliation whose end is before its start never held and is ignored.
 * - For each status type, the validity periods of the affiliations it matches are united:
 *   overlapping and adjacent periods (one ends 30 June, the next starts 1 July) become one
 *   interval, whose `because` lists every affiliation that contributed.
 * - Look-ahead (the seed's 30 June / 1 July case): when an interval ends on E, no other
 *   status of its category holds on both E and E + 1 (carrying the category on), and the
 *   earliest status of that category starting after E starts on S with at most N days
 *   uncovered between them (S − E − 1 ≤ N; N = 14 by default), the interval is extended
 *   to S − 1 and carries `bridgedTo` (the status and day it bridges to, and its original
 *   end E). An adjacent start (gap 0) is marked the same way, so the person page shows the
 *   hand-over even when nothing had to be extended. Bridges are decided on the unbridged
 *   intervals, so one bridge never causes another.
 */

/** One affiliation that makes a status hold: the person page's "why". */
export interface Because {
  affiliationId: number;
  source: string;
  kind: string;
  orgCode: string;
}

/** Marks an interval whose end was carried over to the next status of its category. */
export interface Bridge {
  statusTypeId: number;
  start: string;
  /** The end the affiliations gave, before look-ahead moved it. */
  originalEnd: string;
}

/** The stored content of one status interval (a status history row without its id). */
export interface StatusInterval extends DayRange {
  statusTypeId: number;
  bridgedTo: Bridge | null;
  because: Because[];
}

/** What a status interval needs for "which is primary": its type and that type's rank. */
export interface RankedInterval extends DayRange {
  statusTypeId: number;
  rank: number;
}

/** A derived interval: stored content plus the type's rank and category (not stored; they may change). */
export interface DerivedInterval extends StatusInterval {
  rank: number;
  category: string;
}

export const DEFAULT_LOOK_AHEAD_DAYS = 14;

export interface DeriveOptions {
  /** Largest number of uncovered days look-ahead bridges (default 14; 0 marks only adjacent hand-overs). */
  lookAheadDays?: number;
}

interface Piece extends DayRange {
  because: Because;
}

function unite(type: StatusType, pieces: Piece[]): DerivedInterval[] {
  pieces.sort((a, b) => compareStarts(a.start, b.start) || a.because.affiliationId - b.because.affiliationId);
  const out: DerivedInterval[] = [];
  let current: DerivedInterval | null = null;
  for (const piece of pieces) {
    if (current !== null && (current.end === null || piece.start === null || piece.start <= dayAfter(current.end))) {
      if (current.end !== null && (piece.end === null || piece.end > current.end)) current.end = piece.end;
      current.because.push(piece.because);
    } else {
      current = {
        statusTypeId: type.id,
        rank: type.rank,
        category: type.category,
        start: piece.start,
        end: piece.end,
        bridgedTo: null,
        because: [piece.because],
      };
      out.push(current);
    }
  }
  for (const interval of out) {
    // Sorted, and an affiliation read twice is named once.
    interval.because = interval.because
      .sort((a, b) => a.affiliationId - b.affiliationId)
      .filter((b, i, all) => i === 0 || all[i - 1].affiliationId !== b.affiliationId);
  }
  return out;
}

/** The earliest interval of the list starting after `end` (on a tie, the higher priority). */
function nextStart(list: readonly DerivedInterval[], end: string): DerivedInterval | null {
  let next: DerivedInterval | null = null;
  for (const j of list) {
    if (j.start === null || j.start <= end) continue;
    if (
      next === null ||
      j.start < next.start! ||
      (j.start === next.start && comparePriority(j.rank, j.statusTypeId, next.rank, next.statusTypeId) < 0)
    )
      next = j;
  }
  return next;
}

function bridge(intervals: readonly DerivedInterval[], lookAheadDays: number): void {
  const byCategory = new Map<string, DerivedInterval[]>();
  for (const i of intervals) {
    const list = byCategory.get(i.category);
    if (list) list.push(i);
    else byCategory.set(i.category, [i]);
  }
  for (const list of byCategory.values()) {
    // Decide on the unbridged intervals first, then extend: one bridge never causes another.
    const bridges: [DerivedInterval, DerivedInterval][] = [];
    for (const i of list) {
      if (i.end === null) continue;
      const end = i.end;
      const following = dayAfter(end);
      if (list.some((j) => j !== i && covers(j, end) && covers(j, following))) continue;
      const next = nextStart(list, i.end);
      if (next !== null && daysBetween(i.end, next.start!) - 1 <= lookAheadDays) bridges.push([i, next]);
    }
    for (const [i, next] of bridges) {
      i.bridgedTo = { statusTypeId: next.statusTypeId, start: next.start!, originalEnd: i.end! };
      i.end = dayBefore(next.start!);
    }
  }
}

/** Orders intervals with the primary one first: higher rank, then lower status type id. */
export function primaryFirst(a: RankedInterval, b: RankedInterval): number {
  return comparePriority(a.rank, a.statusTypeId, b.rank, b.statusTypeId);
}

/**
 * A person's status intervals from their affiliations: the history to store, in start
 * order (open starts first), then primary first. Pass compiled matchers when deriving for
 * many people, so the types are compiled once.
 */
export function deriveIntervals(
  facts: readonly AffiliationFact[],
  types: readonly StatusType[] | Matcher,
  options: DeriveOptions = {},
): DerivedInterval[] {
  const lookAheadDays = options.lookAheadDays ?? DEFAULT_LOOK_AHEAD_DAYS;
  if (!Number.isInteger(lookAheadDays) || lookAheadDays < 0)
    throw new RangeError(`lookAheadDays must be a whole number of days, not ${lookAheadDays}`);
  const matcher = typeof types === 'function' ? types : compileMatchers(types);
  const pieces = new Map<number, { type: StatusType; pieces: Piece[] }>();
  for (const fact of facts) {
    if (fact.validFrom !== null && fact.validTo !== null && fact.validTo < fact.validFrom) continue;
    for (const type of matcher(fact)) {
      let entry = pieces.get(type.id);
      if (!entry) pieces.set(type.id, (entry = { type, pieces: [] }));
      entry.pieces.push({
        start: fact.validFrom,
        end: fact.validTo,
        because: { affiliationId: fact.id, source: fact.source, kind: fact.kind, orgCode: fact.orgCode },
      });
    }
  }
  const intervals = [...pieces.values()].flatMap((e) => unite(e.type, e.pieces));
  bridge(intervals, lookAheadDays);
  return intervals.sort((a, b) => compareStarts(a.start, b.start) || primaryFirst(a, b));
}

export interface StatusesOn<T> {
  /** Every status held on the day, primary first. */
  held: T[];
  /** The highest-ranked status held (ties: lower status type id), or null for none. */
  primary: T | null;
  /** Statuses that start after the day (pending, not held yet), earliest first. */
  pending: T[];
}

/** The statuses a person holds on a day and which is primary: the person page's "now". */
export function statusesOn<T extends RankedInterval>(intervals: readonly T[], date: string): StatusesOn<T> {
  const held = intervals.filter((i) => covers(i, date)).sort(primaryFirst);
  const pending = intervals
    .filter((i) => i.start !== null && i.start > date)
    .sort((a, b) => compareStarts(a.start, b.start) || primaryFirst(a, b));
  return { held, primary: held[0] ?? null, pending };
}

/**
 * "What was their status before it ended?": of the intervals that ended before the day,
 * the latest-ending, and of those ending that same day, the primary one. Null if none.
 */
export function lastBefore<T extends RankedInterval>(intervals: readonly T[], date: string): T | null {
  let last: T | null = null;
  for (const i of intervals) {
    if (i.end === null || i.end >= date) continue;
    if (last === null || i.end > last.end! || (i.end === last.end && primaryFirst(i, last) < 0)) last = i;
  }
  return last;
}
