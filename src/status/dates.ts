/**
 * Calendar-day arithmetic and day ranges for status intervals. Dates are YYYY-MM-DD strings
 * (which compare correctly as strings); both ends of a range are inclusive, and null means
 * open (no known start, no known end). Pure: `Date` is used only to count days, never to
 * ask what day it is — "today" is always passed in.
 */

/** A span of whole days, ends inclusive; null start = since ever, null end = no end known. */
export interface DayRange {
  start: string | null;
  end: string | null;
}

const DAY_MS = 86_400_000;

function toUtcMs(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/** The date `days` days after (or before, when negative) `date`, across months and leap years. */
export function addDays(date: string, days: number): string {
  return new Date(toUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The day after `date`: where an interval ending on `date` would have to continue. */
export function dayAfter(date: string): string {
  return addDays(date, 1);
}

/** The day before `date`: the last day of something that stops when `date` begins. */
export function dayBefore(date: string): string {
  return addDays(date, -1);
}

/** Whole days from `from` to `to` (positive when `to` is later): measures gaps for look-ahead. */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** True if the range includes the date: the question "held on this day?". */
export function covers(range: DayRange, date: string): boolean {
  return (range.start === null || range.start <= date) && (range.end === null || range.end >= date);
}

/** True if the two ranges share at least one day (open ends reach forever). */
export function overlaps(a: DayRange, b: DayRange): boolean {
  return (
    (a.start === null || b.end === null || a.start <= b.end) && (b.start === null || a.end === null || b.start <= a.end)
  );
}

/** Orders starts with an open start (null) first, so sorting by start is total and stable. */
export function compareStarts(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** Orders ends with an open end (null) last: the later of two ends, null meaning never. */
export function compareEnds(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
