import { describe, expect, it } from 'vitest';
import { isDue, nextRun, scheduleProblem } from './feed-schedule.ts';

describe('feed schedules', () => {
  it('accepts cron expressions and names a bad one', () => {
    expect(scheduleProblem('0 2 * * *')).toBeNull();
    expect(scheduleProblem('*/15 * * * *')).toBeNull();
    expect(scheduleProblem('every night')).toMatch(/not a cron expression/);
    expect(scheduleProblem('0 25 * * *')).toMatch(/not a cron expression/);
  });

  it('is due once a scheduled time has passed since the last run, in UTC', () => {
    expect(nextRun('0 2 * * *', new Date('2026-09-01T09:00:00Z'))?.toISOString()).toBe('2026-09-02T02:00:00.000Z');
    expect(isDue('0 2 * * *', new Date('2026-09-01T09:00:00Z'), new Date('2026-09-02T01:59:59Z'))).toBe(false);
    expect(isDue('0 2 * * *', new Date('2026-09-01T09:00:00Z'), new Date('2026-09-02T02:00:00Z'))).toBe(true);
    expect(isDue('0 2 * * *', new Date('2026-09-02T02:00:00Z'), new Date('2026-09-02T03:00:00Z'))).toBe(false);
  });
});
