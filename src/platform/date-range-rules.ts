/**
 * The sane range of dates Steward accepts anywhere, by kind: a calendar date (YYYY-MM-DD) or an instant (RFC 3339
 * date-time) lies between 1900-01-01 and 9999-12-31 and names a day the calendar has (not 2026-02-30). Pure; the HTTP
 * input guards apply it to every date and date-time field of every route (rule `date-range`).
 */
export const EARLIEST_DAY = '1900-01-01';
export const LATEST_DAY = '9999-12-31';
export const DATE_RANGE_RULE = 'date-range';
export type DateKind = 'date' | 'date-time';

const EARLIEST_MS = Date.UTC(1900, 0, 1);
const AFTER_LATEST_MS = Date.UTC(9999, 11, 31) + 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})/;
const TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}/;

/**
 * Why a date or date-time is out of range or impossible, or null when it is neither. A value not even shaped like one
 * (no YYYY-MM-DD at its start) is left to the format check, which names it.
 */
export function dateRangeMessage(value: string, kind: DateKind): string | null {
  const m = DAY.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1900) return `must be on or after ${EARLIEST_DAY}`;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return `${m[0]} is not a day of the calendar`;
  if (kind === 'date') return null;
  const at = Date.parse(value);
  if (Number.isNaN(at))
    // RFC 3339 allows a leap second (23:59:60), which no timestamp Steward stores can hold.
    return TIME.test(value)
      ? `${value} names no instant Steward can hold (a leap second, :60, cannot be stored)`
      : null;
  if (at < EARLIEST_MS) return `must be on or after ${EARLIEST_DAY}T00:00:00Z`;
  if (at >= AFTER_LATEST_MS) return `must be on or before ${LATEST_DAY}T23:59:59Z`;
  return null;
}
