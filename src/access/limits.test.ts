import { describe, expect, it } from 'vitest';
import { describeLimit, failingLimit, isTimeZone, limitHolds, limitProblems, localMoment } from './limits.ts';

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

describe('limit validation', () => {
  const rulesOf = (limits: unknown) => limitProblems(limits, '/limits').map((p) => `${p.field} ${p.rule}`);

  it('accepts well-formed limits of every kind, open date ends included', () => {
    expect(
      limitProblems(
        [
          { kind: 'time-window', from: '00:00', to: '23:59' },
          { kind: 'weekdays', days: [1, 7] },
          { kind: 'dates', from: '2026-09-01', to: '2026-09-01' },
          { kind: 'dates', from: null, to: '2026-09-01' },
          { kind: 'dates' },
        ],
        '/limits',
      ),
    ).toEqual([]);
    expect(limitProblems([], '/limits')).toEqual([]);
  });

  it('refuses a limit that is not an object, with its message', () => {
    expect(limitProblems([null, 'x'], '/l')).toEqual([
      { field: '/l/0', rule: 'type', message: 'a limit is an object' },
      { field: '/l/1', rule: 'type', message: 'a limit is an object' },
    ]);
    expect(limitProblems('x', '/l')).toEqual([{ field: '/l', rule: 'type', message: 'limits must be a list' }]);
  });

  it('refuses times of day that are not exactly HH:MM, and an empty window', () => {
    expect(
      rulesOf([
        { kind: 'time-window', from: '8:00', to: '08:00x' },
        { kind: 'time-window', from: 'x08:00', to: '24:00' },
        { kind: 'time-window', to: '08:60' },
      ]),
    ).toEqual([
      '/limits/0/from format:time',
      '/limits/0/to format:time',
      '/limits/1/from format:time',
      '/limits/1/to format:time',
      '/limits/2/from format:time',
      '/limits/2/to format:time',
    ]);
    expect(limitProblems([{ kind: 'time-window', from: '09:00', to: '09:00' }], '/l')).toEqual([
      { field: '/l/0/to', rule: 'empty-window', message: 'from and to are the same time' },
    ]);
    expect(limitProblems([{ kind: 'time-window', from: 9, to: '9:00' }], '/l')[0]).toEqual({
      field: '/l/0/from',
      rule: 'format:time',
      message: 'from must be a time of day HH:MM',
    });
  });

  it('refuses weekdays that are missing, empty, not whole or outside 1..7', () => {
    const message = 'days are ISO weekdays 1 (Monday) to 7 (Sunday), at least one';
    for (const days of [undefined, 'Mon', [], [1.5], [0], [8], [1, 8]])
      expect(limitProblems([{ kind: 'weekdays', days }], '/l'), JSON.stringify(days)).toEqual([
        { field: '/l/0/days', rule: 'weekdays', message },
      ]);
    expect(
      rulesOf([
        { kind: 'weekdays', days: [1] },
        { kind: 'weekdays', days: [7] },
      ]),
    ).toEqual([]);
  });

  it('refuses dates that are not real YYYY-MM-DD days, and a range that ends before it starts', () => {
    expect(
      rulesOf([
        { kind: 'dates', from: 20260901 },
        { kind: 'dates', from: '2026-09-31' },
        { kind: 'dates', from: 'x2026-09-01' },
        { kind: 'dates', to: '2026-09-01x' },
      ]),
    ).toEqual([
      '/limits/0/from format:date',
      '/limits/1/from format:date',
      '/limits/2/from format:date',
      '/limits/3/to format:date',
    ]);
    expect(limitProblems([{ kind: 'dates', to: 'soon' }], '/l')).toEqual([
      { field: '/l/0/to', rule: 'format:date', message: 'to must be a date YYYY-MM-DD' },
    ]);
    expect(limitProblems([{ kind: 'dates', from: '2026-09-02', to: '2026-09-01' }], '/l')).toEqual([
      { field: '/l/0/to', rule: 'date-order', message: 'to is before from' },
    ]);
    expect(limitProblems([{ kind: 'moon' }], '/l')).toEqual([
      { field: '/l/0/kind', rule: 'enum', message: 'kind is time-window, weekdays or dates' },
    ]);
  });

  it('describes each kind of limit in words, open date ends as any date', () => {
    expect(describeLimit({ kind: 'time-window', from: '22:00', to: '08:00' })).toBe('between 22:00 and 08:00');
    expect(describeLimit({ kind: 'weekdays', days: [6, 7] })).toBe('on weekdays 6,7');
    expect(describeLimit({ kind: 'dates', from: '2026-09-01', to: '2026-09-30' })).toBe(
      'from 2026-09-01 to 2026-09-30',
    );
    expect(describeLimit({ kind: 'dates' })).toBe('from any date to any date');
  });

  it('knows IANA time zones', () => {
    expect([isTimeZone('Europe/London'), isTimeZone('UTC'), isTimeZone('Mars/Olympus')]).toEqual([true, true, false]);
  });
});
