import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Limit } from './access-schemas.ts';
import { failingLimit, limitHolds, localMoment } from './limits.ts';

/**
 * Limits against a naive evaluator written here: the local clock read with Intl (not luxon), a
 * window walked minute by minute from its start, weekdays named in words, dates compared as days.
 */
const ZONES = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'America/St_Johns',
];
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function naiveLocal(at: Date, zone: string): { minutes: number; weekday: number; date: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: WEEKDAYS.indexOf(parts.weekday) + 1,
    date: `${parts.year}-${parts.month}-${parts.day}`,
  };
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

function naiveHolds(limit: Limit, local: ReturnType<typeof naiveLocal>): boolean {
  if (limit.kind === 'time-window') {
    // Walk from `from` minute by minute (past midnight if need be) until `to`: the minutes passed are the window.
    const [from, to] = [limit.from, limit.to].map((s) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3)));
    for (let m = from; m !== to; m = (m + 1) % 1440) if (m === local.minutes) return true;
    return false;
  }
  if (limit.kind === 'weekdays') return limit.days.some((d) => d === local.weekday);
  const after = limit.from === undefined || limit.from === null || local.date >= limit.from;
  const before = limit.to === undefined || limit.to === null || local.date <= limit.to;
  return after && before;
}

const instant = fc
  .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 11, 31) })
  .map((ms) => new Date(Math.floor(ms / 60_000) * 60_000));
const minuteOfDay = fc.integer({ min: 0, max: 1439 });
const day = fc
  .integer({ min: Date.UTC(2019, 11, 25), max: Date.UTC(2031, 0, 5) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));

const window: fc.Arbitrary<Limit> = fc
  .tuple(minuteOfDay, minuteOfDay)
  .filter(([a, b]) => a !== b)
  .map(([a, b]) => ({ kind: 'time-window', from: hhmm(a), to: hhmm(b) }));
const weekdays: fc.Arbitrary<Limit> = fc
  .uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 })
  .map((days) => ({ kind: 'weekdays', days }));
const dates: fc.Arbitrary<Limit> = fc
  .tuple(fc.option(day, { nil: undefined }), fc.option(day, { nil: undefined }))
  .map(([a, b]) => (a && b && a > b ? [b, a] : [a, b]))
  .map(([from, to]) => ({ kind: 'dates', ...(from ? { from } : {}), ...(to ? { to } : {}) }));
const limit = fc.oneof(window, weekdays, dates);

describe('limits, for any window, weekdays, dates, zone and instant', () => {
  it('reads the local minute, ISO weekday (Sunday 7) and date as Intl does', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (at, zone) => {
        const { minutes, weekday, date } = localMoment(at, zone);
        expect({ minutes, weekday, date }).toEqual(naiveLocal(at, zone));
      }),
      { numRuns: 200 },
    );
  });

  it('holds exactly when the naive evaluator says so', () => {
    fc.assert(
      fc.property(limit, instant, fc.constantFrom(...ZONES), (l, at, zone) => {
        expect(limitHolds(l, localMoment(at, zone))).toBe(naiveHolds(l, naiveLocal(at, zone)));
      }),
      { numRuns: 300 },
    );
  });

  it("holds at a window's first minute and not at its end, whether or not it wraps midnight", () => {
    fc.assert(
      fc.property(window, fc.constantFrom(...ZONES), (l, zone) => {
        if (l.kind !== 'time-window') return;
        const at = (t: string) => ({
          ...localMoment(new Date('2026-09-01T00:00:00Z'), zone),
          minutes: Number(t.slice(0, 2)) * 60 + Number(t.slice(3)),
        });
        expect(limitHolds(l, at(l.from))).toBe(true);
        expect(limitHolds(l, at(l.to))).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('judges date ranges whose ends fall on, just before or just after the local day', () => {
    const near = fc.option(fc.integer({ min: -1, max: 1 }), { nil: null });
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), near, near, (at, zone, a, b) => {
        const local = naiveLocal(at, zone);
        const shift = (n: number) =>
          new Date(Date.parse(`${local.date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
        const l: Limit = { kind: 'dates', from: a === null ? null : shift(a), to: b === null ? null : shift(b) };
        expect(limitHolds(l, localMoment(at, zone))).toBe(naiveHolds(l, local));
      }),
      { numRuns: 200 },
    );
  });

  it('names the first failing limit of several, or none when all hold', () => {
    fc.assert(
      fc.property(fc.array(limit, { maxLength: 4 }), instant, fc.constantFrom(...ZONES), (ls, at, zone) => {
        const local = naiveLocal(at, zone);
        expect(failingLimit(ls, localMoment(at, zone))).toBe(ls.find((l) => !naiveHolds(l, local)) ?? null);
      }),
      { numRuns: 200 },
    );
  });
});
