import { describe, expect, it } from 'vitest';
import { dateRangeMessage } from './date-range-rules.ts';

describe('the sane range of dates', () => {
  it('accepts real days from 1900-01-01 to 9999-12-31', () => {
    for (const day of ['1900-01-01', '1969-07-20', '2024-02-29', '2026-12-31', '9999-12-31'])
      expect(dateRangeMessage(day, 'date'), day).toBeNull();
  });

  it('refuses days before 1900 and days the calendar has not, saying which', () => {
    expect(dateRangeMessage('1899-12-31', 'date')).toBe('must be on or after 1900-01-01');
    expect(dateRangeMessage('0000-01-01', 'date')).toBe('must be on or after 1900-01-01');
    expect(dateRangeMessage('0099-06-01', 'date')).toBe('must be on or after 1900-01-01');
    expect(dateRangeMessage('2026-02-30', 'date')).toBe('2026-02-30 is not a day of the calendar');
    expect(dateRangeMessage('2026-02-29', 'date')).toBe('2026-02-29 is not a day of the calendar');
    expect(dateRangeMessage('2100-02-29', 'date')).toBe('2100-02-29 is not a day of the calendar');
    for (const day of ['2026-00-10', '2026-13-01', '2026-04-31', '2026-01-00', '2026-01-32'])
      expect(dateRangeMessage(day, 'date'), day).toBe(`${day} is not a day of the calendar`);
  });

  it('judges an instant by its day as written and by the instant it names', () => {
    expect(dateRangeMessage('2026-09-01T09:00:00Z', 'date-time')).toBeNull();
    expect(dateRangeMessage('1900-01-01T00:00:00Z', 'date-time')).toBeNull();
    expect(dateRangeMessage('9999-12-31T23:59:59.999Z', 'date-time')).toBeNull();
    expect(dateRangeMessage('1899-12-31T23:00:00Z', 'date-time')).toBe('must be on or after 1900-01-01');
    expect(dateRangeMessage('2026-02-30T10:00:00Z', 'date-time')).toBe('2026-02-30 is not a day of the calendar');
    // The day as written is in range, the instant is not.
    expect(dateRangeMessage('1900-01-01T00:30:00+01:00', 'date-time')).toBe('must be on or after 1900-01-01T00:00:00Z');
    expect(dateRangeMessage('9999-12-31T23:00:00-02:00', 'date-time')).toBe(
      'must be on or before 9999-12-31T23:59:59Z',
    );
  });

  it('refuses a leap second, which the format allows and no stored timestamp can hold', () => {
    expect(dateRangeMessage('2026-09-01T23:59:60Z', 'date-time')).toBe(
      '2026-09-01T23:59:60Z names no instant Steward can hold (a leap second, :60, cannot be stored)',
    );
    expect(dateRangeMessage('2026-09-01T23:59:59Z', 'date-time')).toBeNull();
  });

  it('leaves what is not shaped like a date to the format check', () => {
    for (const text of ['', 'tomorrow', '1-01-01', '+002026-01-01', '26-01-01'])
      expect(dateRangeMessage(text, 'date')).toBeNull();
  });
});
