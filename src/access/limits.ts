import { DateTime, IANAZone } from 'luxon';
import type { FieldProblem } from '../platform/errors.ts';
import type { Limit } from './access-schemas.ts';

/**
 * Limits on a grant, read in the application's time zone. Pure. A grant with several
 * limits holds only when all of them hold.
 * - `time-window` from 08:00 to 22:00 (from later than to wraps midnight: 22:00–08:00);
 * - `weekdays` ISO days 1 (Monday) … 7 (Sunday);
 * - `dates` from / to, inclusive calendar days, either end open.
 */

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
const ymd = /^\d{4}-\d{2}-\d{2}$/;

export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** The problems with a list of limits, each naming `${field}/${index}/…`. */
export function limitProblems(value: unknown, field: string): FieldProblem[] {
  if (!Array.isArray(value)) return [{ field, rule: 'type', message: 'limits must be a list' }];
  const problems: FieldProblem[] = [];
  value.forEach((raw, i) => {
    const at = `${field}/${i}`;
    const l = raw as Record<string, unknown>;
    if (l === null || typeof l !== 'object')
      return problems.push({ field: at, rule: 'type', message: 'a limit is an object' });
    if (l.kind === 'time-window') {
      for (const end of ['from', 'to'] as const) {
        if (typeof l[end] !== 'string' || !hhmm.test(l[end] as string))
          problems.push({ field: `${at}/${end}`, rule: 'format:time', message: `${end} must be a time of day HH:MM` });
      }
      if (l.from === l.to && typeof l.from === 'string')
        problems.push({ field: `${at}/to`, rule: 'empty-window', message: 'from and to are the same time' });
    } else if (l.kind === 'weekdays') {
      const days = l.days;
      if (
        !Array.isArray(days) ||
        days.length === 0 ||
        days.some((d) => !Number.isInteger(d) || (d as number) < 1 || (d as number) > 7)
      ) {
        problems.push({
          field: `${at}/days`,
          rule: 'weekdays',
          message: 'days are ISO weekdays 1 (Monday) to 7 (Sunday), at least one',
        });
      }
    } else if (l.kind === 'dates') {
      for (const end of ['from', 'to'] as const) {
        const v = l[end];
        if (v !== undefined && v !== null && (typeof v !== 'string' || !ymd.test(v) || !DateTime.fromISO(v).isValid))
          problems.push({ field: `${at}/${end}`, rule: 'format:date', message: `${end} must be a date YYYY-MM-DD` });
      }
      if (typeof l.from === 'string' && typeof l.to === 'string' && l.from > l.to)
        problems.push({ field: `${at}/to`, rule: 'date-order', message: 'to is before from' });
    } else {
      problems.push({ field: `${at}/kind`, rule: 'enum', message: 'kind is time-window, weekdays or dates' });
    }
    return undefined;
  });
  return problems;
}

/** The local facts a limit is judged on: minutes since midnight, ISO weekday, calendar date. */
export interface LocalMoment {
  minutes: number;
  weekday: number;
  date: string;
  /** e.g. "Tue 2026-09-01 23:10 Europe/London", for reasons. */
  text: string;
}

export function localMoment(at: Date, zone: string): LocalMoment {
  const t = DateTime.fromJSDate(at, { zone });
  return {
    minutes: t.hour * 60 + t.minute,
    weekday: t.weekday,
    date: t.toISODate()!,
    text: `${t.toFormat('ccc yyyy-MM-dd HH:mm')} ${zone}`,
  };
}

const minutesOf = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

export function limitHolds(limit: Limit, m: LocalMoment): boolean {
  switch (limit.kind) {
    case 'time-window': {
      const from = minutesOf(limit.from);
      const to = minutesOf(limit.to);
      return from < to ? m.minutes >= from && m.minutes < to : m.minutes >= from || m.minutes < to;
    }
    case 'weekdays':
      return limit.days.includes(m.weekday);
    case 'dates':
      return (!limit.from || m.date >= limit.from) && (!limit.to || m.date <= limit.to);
  }
}

export function describeLimit(limit: Limit): string {
  switch (limit.kind) {
    case 'time-window':
      return `between ${limit.from} and ${limit.to}`;
    case 'weekdays':
      return `on weekdays ${limit.days.join(',')}`;
    case 'dates':
      return `from ${limit.from ?? 'any date'} to ${limit.to ?? 'any date'}`;
  }
}

/** The first limit that fails at this moment, or null when all hold. */
export function failingLimit(limits: readonly Limit[], m: LocalMoment): Limit | null {
  for (const l of limits) if (!limitHolds(l, m)) return l;
  return null;
}
