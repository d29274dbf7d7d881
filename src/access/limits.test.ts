import { describe, expect, it } from 'vitest';
import { failingLimit, limitHolds, limitProblems, localMoment } from './limits.ts';

describe('limits', () => {
  const ny = 'America/New_York';
  it("reads the time of day in the institution's zone, across daylight saving", () => {
    // 02:30 UTC on 1 September is 22:30 the day before in New York (EDT, UTC−4).
    const summer = localMoment(new Date('2026-09-01T02:30:00Z'), ny);
    expect(summer.minutes).toBe(22 * 60 + 30);
    expect(summer.date).toBe('2026-08-31');
    // In December New York is UTC−5: 02:30 UTC is 21:30 local.
    expect(localMoment(new Date('2026-12-01T02:30:00Z'), ny).minutes).toBe(21 * 60 + 30);
  });

  it('applies a daytime window and one that wraps midnight', () => {
    const day = { kind: 'time-window', from: '08:00', to: '22:00' } as const;
    const night = { kind: 'time-window', from: '22:00', to: '08:00' } as const;
    const at = (hhmm: string) => localMoment(new Date(`2026-09-01T${hhmm}:00-04:00`), ny);
    expect(limitHolds(day, at('08:00'))).toBe(true);
    expect(limitHolds(day, at('21:59'))).toBe(true);
    expect(limitHolds(day, at('22:00'))).toBe(false);
    expect(limitHolds(day, at('07:59'))).toBe(false);
    expect(limitHolds(night, at('23:30'))).toBe(true);
    expect(limitHolds(night, at('03:00'))).toBe(true);
    expect(limitHolds(night, at('12:00'))).toBe(false);
  });

  it('applies weekdays and inclusive date ranges', () => {
    const tuesday = localMoment(new Date('2026-09-01T12:00:00Z'), 'UTC');
    expect(tuesday.weekday).toBe(2);
    expect(limitHolds({ kind: 'weekdays', days: [1, 2, 3, 4, 5] }, tuesday)).toBe(true);
    expect(limitHolds({ kind: 'weekdays', days: [6, 7] }, tuesday)).toBe(false);
    expect(limitHolds({ kind: 'dates', from: '2026-09-01', to: '2026-09-01' }, tuesday)).toBe(true);
    expect(limitHolds({ kind: 'dates', to: '2026-08-31' }, tuesday)).toBe(false);
    expect(
      failingLimit(
        [
          { kind: 'weekdays', days: [2] },
          { kind: 'dates', from: '2026-10-01' },
        ],
        tuesday,
      ),
    ).toEqual({ kind: 'dates', from: '2026-10-01' });
  });

  it("includes a window's first minute and excludes its last, also when it wraps midnight", () => {
    const night = { kind: 'time-window', from: '22:00', to: '08:00' } as const;
    const at = (hhmm: string) => localMoment(new Date(`2026-09-01T${hhmm}:00Z`), 'UTC');
    expect(limitHolds(night, at('21:59'))).toBe(false);
    expect(limitHolds(night, at('22:00'))).toBe(true);
    expect(limitHolds(night, at('00:00'))).toBe(true);
    expect(limitHolds(night, at('07:59'))).toBe(true);
    expect(limitHolds(night, at('08:00'))).toBe(false);
  });

  it('reads Sunday as ISO weekday 7 and Monday as 1, in the zone of the application', () => {
    // 2026-09-06 is a Sunday; at 01:00 UTC on Monday 7 September it is still Sunday evening in New York.
    const sunday = localMoment(new Date('2026-09-06T12:00:00Z'), 'UTC');
    expect(sunday.weekday).toBe(7);
    expect(limitHolds({ kind: 'weekdays', days: [7] }, sunday)).toBe(true);
    expect(limitHolds({ kind: 'weekdays', days: [1, 2, 3, 4, 5, 6] }, sunday)).toBe(false);
    const lateSunday = localMoment(new Date('2026-09-07T01:00:00Z'), ny);
    expect([lateSunday.weekday, lateSunday.date]).toEqual([7, '2026-09-06']);
    const monday = localMoment(new Date('2026-09-07T12:00:00Z'), 'UTC');
    expect(monday.weekday).toBe(1);
    expect(limitHolds({ kind: 'weekdays', days: [7] }, monday)).toBe(false);
    expect(limitHolds({ kind: 'weekdays', days: [1] }, monday)).toBe(true);
  });

  it('includes both ends of a date range, and an open end lets every later (or earlier) day through', () => {
    const on = (date: string) => localMoment(new Date(`${date}T12:00:00Z`), 'UTC');
    const range = { kind: 'dates', from: '2026-09-01', to: '2026-09-30' } as const;
    expect(
      [on('2026-08-31'), on('2026-09-01'), on('2026-09-30'), on('2026-10-01')].map((m) => limitHolds(range, m)),
    ).toEqual([false, true, true, false]);
    expect(limitHolds({ kind: 'dates', from: '2026-09-01' }, on('2099-01-01'))).toBe(true);
    expect(limitHolds({ kind: 'dates', to: '2026-09-01' }, on('1999-01-01'))).toBe(true);
    expect(limitHolds({ kind: 'dates', from: '2026-09-02' }, on('2026-09-01'))).toBe(false);
  });

  it('names field and rule for bad limits', () => {
    const problems = limitProblems(
      [
        { kind: 'time-window', from: '25:00', to: '08:00' },
        { kind: 'weekdays', days: [0] },
        { kind: 'dates', from: '2026-09-02', to: '2026-09-01' },
        { kind: 'moon' },
      ],
      '/limits',
    );
    expect(problems.map((p) => [p.field, p.rule])).toEqual([
      ['/limits/0/from', 'format:time'],
      ['/limits/1/days', 'weekdays'],
      ['/limits/2/to', 'date-order'],
      ['/limits/3/kind', 'enum'],
    ]);
    expect(limitProblems('x', '/limits')[0].rule).toBe('type');
  });
});
