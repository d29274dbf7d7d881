import { describe, expect, it } from 'vitest';
import { dueSlot, nextSlot, scheduleProblems } from './cron-slots.ts';

const daily = { cron: '30 2 * * *', timeZone: 'UTC' };

describe('cron slots', () => {
  it('is not due before the first slot after the job was first seen', () => {
    expect(dueSlot(daily, new Date('2026-12-01T10:00:00Z'), new Date('2026-12-02T02:29:00Z'))).toBeNull();
  });

  it('is due from the slot on, and names that slot', () => {
    expect(dueSlot(daily, new Date('2026-12-01T10:00:00Z'), new Date('2026-12-02T02:30:00Z'))?.toISOString()).toBe(
      '2026-12-02T02:30:00.000Z',
    );
    expect(dueSlot(daily, new Date('2026-12-01T10:00:00Z'), new Date('2026-12-02T09:00:00Z'))?.toISOString()).toBe(
      '2026-12-02T02:30:00.000Z',
    );
  });

  it('is not due again once the slot is completed', () => {
    expect(dueSlot(daily, new Date('2026-12-02T02:30:00Z'), new Date('2026-12-02T23:59:00Z'))).toBeNull();
  });

  it('collapses a week of missed slots into one run at the latest', () => {
    expect(dueSlot(daily, new Date('2026-12-02T02:30:00Z'), new Date('2026-12-09T12:00:00Z'))?.toISOString()).toBe(
      '2026-12-09T02:30:00.000Z',
    );
  });

  it('reads the expression in the schedule time zone', () => {
    const helsinki = { cron: '0 3 * * *', timeZone: 'Europe/Helsinki' };
    expect(nextSlot(helsinki, new Date('2026-12-01T00:00:00Z'))?.toISOString()).toBe('2026-12-01T01:00:00.000Z');
  });

  it('names the field and rule of a bad expression or zone', () => {
    expect(scheduleProblems({ cron: '61 * * * *', timeZone: 'UTC' })).toEqual([
      expect.objectContaining({ field: '/cron', rule: 'cron' }),
    ]);
    expect(scheduleProblems({ cron: '* * * * * *', timeZone: 'UTC' })).toEqual([
      expect.objectContaining({ field: '/cron', rule: 'cron' }),
    ]);
    expect(scheduleProblems({ cron: '0 3 * * *', timeZone: 'Mars/Olympus' })).toEqual([
      expect.objectContaining({ field: '/timeZone', rule: 'time-zone' }),
    ]);
    expect(scheduleProblems(daily)).toEqual([]);
  });
});
