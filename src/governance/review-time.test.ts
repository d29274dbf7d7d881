import { describe, expect, it } from 'vitest';
import { addMonths, dueReminder, endDateInstant, nextDeadline } from './review-time.ts';

const t = (iso: string) => new Date(iso);

describe('reminders', () => {
  const deadline = t('2026-10-31T17:00:00Z');
  it('are due from their moment on, the latest passed one only, and none after the deadline', () => {
    expect(dueReminder(deadline, [7, 1], t('2026-10-24T16:59:59Z'))).toBeNull();
    expect(dueReminder(deadline, [7, 1], t('2026-10-24T17:00:00Z'))).toBe(7);
    expect(dueReminder(deadline, [7, 1], t('2026-10-30T16:59:59Z'))).toBe(7);
    expect(dueReminder(deadline, [7, 1], t('2026-10-30T17:00:00Z'))).toBe(1);
    expect(dueReminder(deadline, [1, 7], t('2026-10-31T16:00:00Z'))).toBe(1);
    expect(dueReminder(deadline, [7, 1], deadline)).toBeNull();
    expect(dueReminder(deadline, [], t('2026-10-31T16:00:00Z'))).toBeNull();
  });
});

describe('recurring deadlines', () => {
  it('move on by calendar months, clamped to the month’s end', () => {
    expect(addMonths(t('2026-01-31T12:00:00Z'), 1).toISOString()).toBe('2026-02-28T12:00:00.000Z');
    expect(addMonths(t('2028-01-31T12:00:00Z'), 1).toISOString()).toBe('2028-02-29T12:00:00.000Z');
    expect(addMonths(t('2026-11-15T00:00:00Z'), 3).toISOString()).toBe('2027-02-15T00:00:00.000Z');
  });
  it('lie after now, however long nothing ran', () => {
    const deadline = t('2026-03-01T00:00:00Z');
    expect(nextDeadline(deadline, 3, t('2026-03-02T00:00:00Z')).toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(nextDeadline(deadline, 3, t('2026-12-02T00:00:00Z')).toISOString()).toBe('2027-03-01T00:00:00.000Z');
  });
});

describe('end dates', () => {
  it('count through the day: the membership stops at the start of the next (UTC)', () => {
    expect(endDateInstant('2026-12-31').toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});
