import { Cron } from 'croner';

/**
 * Feed schedules are cron expressions read in UTC. Pure: "now" and the last run are
 * passed in.
 */
function cronOf(expression: string): Cron {
  return new Cron(expression, { paused: true, timezone: 'UTC' });
}

/** Why an expression is not a schedule, or null when it is one. */
export function scheduleProblem(expression: string): string | null {
  try {
    const next = cronOf(expression).nextRun(new Date(0));
    return next ? null : 'never runs';
  } catch (e) {
    return `is not a cron expression: ${(e as Error).message}`;
  }
}

/** The first run time strictly after `after`, or null. */
export function nextRun(expression: string, after: Date): Date | null {
  return cronOf(expression).nextRun(after);
}

/**
 * Whether a run is due at `now`: some scheduled time lies after the last run (or, never
 * run, after the feed was defined) and at or before now.
 */
export function isDue(expression: string, lastRun: Date, now: Date): boolean {
  const next = nextRun(expression, lastRun);
  return next !== null && next.getTime() <= now.getTime();
}
