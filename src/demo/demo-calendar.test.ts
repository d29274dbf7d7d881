import { describe, expect, it } from 'vitest';
import { addDuration, calendarProblems } from '../calendars/calendar-rules.ts';
import { demoCalendar } from './demo-calendar.ts';

describe('the demo calendar', () => {
  it('is a valid calendar whose terms lie round the day the demo starts, in spring or autumn', () => {
    for (const today of ['2026-12-07', '2027-03-01', '2027-08-15']) {
      const cal = demoCalendar(today);
      expect(calendarProblems(cal), today).toEqual([]);
      expect(addDuration(today, { amount: 0, unit: 'end-of-term' }, cal), today).not.toBeNull();
    }
    expect(addDuration('2026-12-07', { amount: 0, unit: 'end-of-term' }, demoCalendar('2026-12-07'))).toBe(
      '2026-12-18',
    );
  });
});
