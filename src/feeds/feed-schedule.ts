import { dueSlot, nextSlot, scheduleProblems } from '../platform/schedule/cron-slots.ts';

/**
 * Feed schedules are cron expressions read in UTC, judged by the same rules as the
 * scheduled jobs (platform/schedule/cron-slots.ts). Pure: "now" and the last run are passed in.
 */
const utc = (cron: string) => ({ cron, timeZone: 'UTC' });

/** Why an expression is not a schedule, or null when it is one. */
export function scheduleProblem(expression: string): string | null {
  const [problem] = scheduleProblems(utc(expression));
  return problem ? problem.message.replace(`${expression} `, '') : null;
}

/** The first run time strictly after `after`, or null. */
export function nextRun(expression: string, after: Date): Date | null {
  return nextSlot(utc(expression), after);
}

/** Whether a scheduled time lies after the last run (or the feed's definition) and at or before now. */
export function isDue(expression: string, lastRun: Date, now: Date): boolean {
  return dueSlot(utc(expression), lastRun, now) !== null;
}
