import { Cron } from 'croner';
import type { FieldProblem } from '../errors.ts';

/**
 * When a scheduled job is due, from its cron expression and the last slot it completed.
 * Pure: the caller passes "now". A slot is an instant the expression names; a job is due
 * when the latest slot at or before now is later than the last one it completed (or than
 * the moment the job was first seen). Missed slots collapse into one run: after a week of
 * downtime a daily job runs once, not seven times.
 */
export interface Schedule {
  cron: string;
  /** IANA time zone the expression is read in (default UTC). */
  timeZone: string;
}

function compile(schedule: Schedule): Cron {
  return new Cron(schedule.cron, { paused: true, timezone: schedule.timeZone, mode: '5-part' });
}

/** Problems with a schedule, each naming the field and the rule. */
export function scheduleProblems(schedule: Schedule): FieldProblem[] {
  const problems: FieldProblem[] = [];
  try {
    new Intl.DateTimeFormat('en', { timeZone: schedule.timeZone });
  } catch {
    problems.push({
      field: '/timeZone',
      rule: 'time-zone',
      message: `${schedule.timeZone} is not a known IANA time zone (e.g. UTC, Europe/Helsinki)`,
    });
    return problems;
  }
  try {
    if (compile(schedule).nextRun(new Date(0)) === null)
      problems.push({ field: '/cron', rule: 'cron', message: `${schedule.cron} never runs` });
  } catch (e) {
    problems.push({
      field: '/cron',
      rule: 'cron',
      message: `${schedule.cron} is not a cron expression (five-field cron: minute hour day month weekday): ${(e as Error).message}`,
    });
  }
  return problems;
}

/** The latest slot at or before `now` that is later than `after`, or null when none is. */
export function dueSlot(schedule: Schedule, after: Date, now: Date): Date | null {
  const cron = compile(schedule);
  // previousRuns looks strictly before its reference; a slot exactly at now counts.
  const [latest] = cron.previousRuns(1, new Date(now.getTime() + 1));
  if (!latest || latest.getTime() <= after.getTime()) return null;
  return latest;
}

/** The next slot after `at`. */
export function nextSlot(schedule: Schedule, at: Date): Date | null {
  return compile(schedule).nextRun(at);
}
