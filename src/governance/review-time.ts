import { addDays } from '../platform/dates.ts';

/**
 * When an access review's dates fall, pure: which reminder is due, the next deadline of a recurring campaign, and
 * the instant an end-dated membership stops counting.
 */
const DAY_MS = 86_400_000;

/**
 * The reminder due at `now`: the reminder day whose moment (the deadline less that many days) is the latest one
 * passed, while the deadline has not; null when none is. A reminder missed while nothing ran is not sent late
 * when a later one is due (reviewers get the most recent, once: the outbox's dedupe key names the day).
 */
export function dueReminder(deadline: Date, remindDays: readonly number[], now: Date): number | null {
  if (now.getTime() >= deadline.getTime()) return null;
  const passed = remindDays.filter((d) => deadline.getTime() - d * DAY_MS <= now.getTime());
  return passed.length ? Math.min(...passed) : null;
}

/** `months` calendar months after `at` (UTC), the day kept or clamped to the month's last (31 Jan + 1 → 28/29 Feb). */
export function addMonths(at: Date, months: number): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const out = new Date(at.getTime());
  out.setUTCFullYear(y, m, Math.min(at.getUTCDate(), last));
  return out;
}

/** The deadline of the campaign that follows: `everyMonths` later, again until it lies after `now`. */
export function nextDeadline(deadline: Date, everyMonths: number, now: Date): Date {
  let n = 1;
  let next = addMonths(deadline, everyMonths);
  while (next.getTime() <= now.getTime()) next = addMonths(deadline, everyMonths * ++n);
  return next;
}

/** An end date is the last day the membership counts (UTC): it stops at the start of the day after. */
export function endDateInstant(endDate: string): Date {
  return new Date(`${addDays(endDate, 1)}T00:00:00.000Z`);
}
