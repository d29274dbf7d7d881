/**
 * Calendar days as YYYY-MM-DD strings (which compare correctly as strings). Pure: `Date`
 * only counts days here, it never says what day it is; "today" comes from the clock.
 */
const DAY_MS = 86_400_000;

function toUtcMs(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/** The calendar date (UTC) of an instant. */
export function isoDate(at: Date): string {
  return at.toISOString().slice(0, 10);
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

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}
