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
