import Type, { type Static } from 'typebox';
import { addDays } from '../platform/dates.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { problemsOf } from '../platform/validate.ts';

/**
 * An institution calendar as data, and what a duration counted on it comes to. Pure.
 *
 * A calendar says which weekdays are working days (ISO numbering: 1 = Monday … 7 = Sunday), its public holidays (never
 * working days) and its academic terms, each with the breaks inside it. A duration counts calendar days, working days
 * or terms: `addDuration` gives the date it ends on. Dates are `YYYY-MM-DD` strings, which compare as dates.
 */
const DateString = Type.String({ format: 'date' });
const Label = Type.String({ minLength: 1, maxLength: 200 });

const Period = Type.Object({ name: Label, start: DateString, end: DateString }, { additionalProperties: false });

export const calendarDefinitionSchema = Type.Object(
  {
    workingDays: Type.Array(Type.Integer(), {
      maxItems: 7,
      description: 'the working weekdays, ISO numbering: 1 = Monday … 7 = Sunday',
    }),
    holidays: Type.Array(Type.Object({ date: DateString, name: Label }, { additionalProperties: false }), {
      maxItems: 1000,
      description: 'public holidays: never working days',
    }),
    terms: Type.Array(
      Type.Object(
        {
          name: Label,
          start: DateString,
          end: DateString,
          breaks: Type.Array(Period, { maxItems: 20, description: 'breaks inside the term (each within it)' }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200, description: 'academic terms, none overlapping another' },
    ),
  },
  { additionalProperties: false },
);
export type CalendarDefinition = Static<typeof calendarDefinitionSchema>;

/** What counts when no calendar applies: Monday to Friday, no holidays, no terms. */
export const PLAIN_CALENDAR: CalendarDefinition = { workingDays: [1, 2, 3, 4, 5], holidays: [], terms: [] };

export const durationUnits = ['days', 'working-days', 'end-of-term'] as const;
export type DurationUnit = (typeof durationUnits)[number];

/**
 * An amount of a unit: `days` calendar days, `working-days` working days (negative: before the start), or
 * `end-of-term`: the last day of the term the start lies in (or the next one, between terms), `amount` terms later.
 */
export interface Duration {
  amount: number;
  unit: DurationUnit;
}

interface Span {
  start: string;
  end: string;
}

const overlaps = (a: Span, b: Span) => a.start <= b.end && b.start <= a.end;

/**
 * Problems with a calendar (empty when valid), each naming the field and the rule: the shape first, then a weekday
 * set that is not 1–7 each once with at least one, a holiday given twice, a period ending before it starts, terms
 * that overlap, breaks outside their term and breaks that overlap.
 */
export function calendarProblems(value: unknown, prefix = ''): FieldProblem[] {
  const shape = problemsOf(calendarDefinitionSchema, value, prefix);
  if (shape.length) return shape;
  const cal = value as CalendarDefinition;
  const problems: FieldProblem[] = [];
  const add = (field: string, rule: string, message: string) => problems.push({ field: prefix + field, rule, message });
  const days = cal.workingDays;
  if (days.length === 0) add('/workingDays', 'weekday-set', 'name at least one working weekday (1 = Monday … 7)');
  days.forEach((d, i) => {
    if (d < 1 || d > 7) add(`/workingDays/${i}`, 'weekday-set', `${d} is not a weekday: 1 = Monday … 7 = Sunday`);
    else if (days.indexOf(d) !== i) add(`/workingDays/${i}`, 'weekday-set', `weekday ${d} is named twice`);
  });
  const seen = new Map<string, number>();
  cal.holidays.forEach((h, i) => {
    const first = seen.get(h.date);
    if (first !== undefined) add(`/holidays/${i}/date`, 'unique', `${h.date} is already holiday ${first} (${h.name})`);
    else seen.set(h.date, i);
  });
  cal.terms.forEach((term, i) => {
    const at = `/terms/${i}`;
    if (term.end < term.start) add(`${at}/end`, 'end-after-start', `the term ${term.name} ends before it starts`);
    cal.terms.slice(0, i).forEach((other, j) => {
      if (overlaps(term, other))
        add(
          `${at}/start`,
          'no-overlap',
          `the term ${term.name} (${term.start} to ${term.end}) overlaps the term ${other.name} (/terms/${j}, ${other.start} to ${other.end})`,
        );
    });
    term.breaks.forEach((b, k) => {
      const bt = `${at}/breaks/${k}`;
      if (b.end < b.start) add(`${bt}/end`, 'end-after-start', `the break ${b.name} ends before it starts`);
      else if (b.start < term.start || b.end > term.end)
        add(`${bt}/start`, 'within-term', `the break ${b.name} lies outside its term ${term.name}`);
      term.breaks.slice(0, k).forEach((other) => {
        if (overlaps(b, other))
          add(`${bt}/start`, 'no-overlap', `the break ${b.name} overlaps the break ${other.name} of ${term.name}`);
      });
    });
  });
  return problems;
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Is the date a working day: a working weekday and no holiday. */
export function isWorkingDay(date: string, cal: CalendarDefinition): boolean {
  return cal.workingDays.includes(isoWeekday(date)) && !cal.holidays.some((h) => h.date === date);
}

/** The term a date lies in (first to last day included), if any. */
export function termOf(date: string, cal: CalendarDefinition) {
  return cal.terms.find((t) => t.start <= date && date <= t.end) ?? null;
}

/** The `n`th working day after `start` (before it, when `n` is negative); `start` itself when `n` is 0. */
export function addWorkingDays(start: string, n: number, cal: CalendarDefinition): string {
  if (n === 0) return start;
  if (cal.workingDays.length === 0) throw new Error('a calendar without working days');
  const step = n > 0 ? 1 : -1;
  let left = Math.abs(n);
  let date = start;
  while (left > 0) {
    date = addDays(date, step);
    if (isWorkingDay(date, cal)) left -= 1;
  }
  return date;
}

/**
 * The last day of the term `start` lies in, or of the first term after it when it lies between terms, moved on by
 * `terms` further terms; null when the calendar has no such term.
 */
export function endOfTerm(start: string, terms: number, cal: CalendarDefinition): string | null {
  const sorted = [...cal.terms].sort((a, b) => (a.start < b.start ? -1 : 1));
  const at = sorted.findIndex((t) => t.end >= start);
  if (at < 0) return null;
  return sorted[at + Math.max(0, terms)]?.end ?? null;
}

/** The date a duration from `start` comes to on the calendar (null: `end-of-term` with no term that far). */
export function addDuration(start: string, duration: Duration, cal: CalendarDefinition | null): string | null {
  const calendar = cal ?? PLAIN_CALENDAR;
  switch (duration.unit) {
    case 'days':
      return addDays(start, duration.amount);
    case 'working-days':
      return addWorkingDays(start, duration.amount, calendar);
    case 'end-of-term':
      return endOfTerm(start, duration.amount, calendar);
    default:
      return unknownUnit(duration.unit);
  }
}

function unknownUnit(unit: never): never {
  throw new Error(`unknown duration unit ${JSON.stringify(unit)}`);
}
