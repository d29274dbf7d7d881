import { describe, expect, it } from 'vitest';
import { addDays, dayAfter, dayBefore, daysBetween, isoDate } from './dates.ts';

describe('calendar days', () => {
  it('adds days across month ends, leap days and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-05-10', 0)).toBe('2026-05-10');
  });

  it('names the neighbouring days and counts the days between two dates', () => {
    expect(dayAfter('2026-01-31')).toBe('2026-02-01');
    expect(dayBefore('2026-01-01')).toBe('2025-12-31');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2026-03-10', '2026-03-01')).toBe(-9);
  });

  it('reads the UTC calendar date of an instant, not the local one', () => {
    expect(isoDate(new Date('2026-06-30T23:59:59.999Z'))).toBe('2026-06-30');
    expect(isoDate(new Date('2026-07-01T00:30:00+02:00'))).toBe('2026-06-30');
  });
});
