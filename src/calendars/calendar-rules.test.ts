import { describe, expect, it } from 'vitest';
import {
  addDuration,
  addWorkingDays,
  type CalendarDefinition,
  calendarProblems,
  endOfTerm,
  isoWeekday,
  isWorkingDay,
} from './calendar-rules.ts';

const cal: CalendarDefinition = {
  workingDays: [1, 2, 3, 4, 5],
  holidays: [
    { date: '2026-12-25', name: 'Christmas Day' },
    { date: '2026-12-28', name: 'Boxing Day (observed)' },
  ],
  terms: [
    {
      name: 'Autumn 2026',
      start: '2026-09-21',
      end: '2026-12-18',
      breaks: [{ name: 'Reading week', start: '2026-11-02', end: '2026-11-06' }],
    },
    { name: 'Spring 2027', start: '2027-01-11', end: '2027-03-26', breaks: [] },
  ],
};

describe('calendarProblems', () => {
  it('accepts a sound calendar', () => {
    expect(calendarProblems(cal)).toEqual([]);
  });

  it('refuses overlapping terms, naming the later term and the rule', () => {
    const bad = {
      ...cal,
      terms: [...cal.terms, { name: 'Winter', start: '2026-12-01', end: '2027-01-05', breaks: [] }],
    };
    const problems = calendarProblems(bad);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: '/terms/2/start', rule: 'no-overlap' });
    expect(problems[0]!.message).toContain('Autumn 2026');
  });

  it('refuses a break outside its term and breaks that overlap', () => {
    const term = cal.terms[0]!;
    const breaks = [
      { name: 'Early', start: '2026-09-01', end: '2026-09-25' },
      { name: 'A', start: '2026-10-05', end: '2026-10-09' },
      { name: 'B', start: '2026-10-09', end: '2026-10-12' },
    ];
    const problems = calendarProblems({ ...cal, terms: [{ ...term, breaks }] });
    expect(problems.map((p) => [p.field, p.rule])).toEqual([
      ['/terms/0/breaks/0/start', 'within-term'],
      ['/terms/0/breaks/2/start', 'no-overlap'],
    ]);
  });

  it('refuses a holiday given twice and a bad weekday set', () => {
    const holidays = [...cal.holidays, { date: '2026-12-25', name: 'Again' }];
    expect(calendarProblems({ ...cal, holidays }).map((p) => [p.field, p.rule])).toEqual([
      ['/holidays/2/date', 'unique'],
    ]);
    expect(calendarProblems({ ...cal, workingDays: [] })[0]).toMatchObject({
      field: '/workingDays',
      rule: 'weekday-set',
    });
    expect(calendarProblems({ ...cal, workingDays: [1, 8, 1] }).map((p) => p.field)).toEqual([
      '/workingDays/1',
      '/workingDays/2',
    ]);
  });

  it('refuses a term ending before it starts, and a bad shape with its field', () => {
    const terms = [{ name: 'Backwards', start: '2027-05-01', end: '2027-04-01', breaks: [] }];
    expect(calendarProblems({ ...cal, terms })[0]).toMatchObject({ field: '/terms/0/end', rule: 'end-after-start' });
    expect(calendarProblems({ ...cal, holidays: [{ date: 'soon', name: 'x' }] })[0]).toMatchObject({
      field: '/holidays/0/date',
    });
    expect(calendarProblems({ ...cal, extra: 1 })[0]!.rule).toBe('unknown-field');
  });
});

describe('working days', () => {
  it('knows weekdays and holidays', () => {
    expect(isoWeekday('2026-12-07')).toBe(1);
    expect(isoWeekday('2026-12-13')).toBe(7);
    expect(isWorkingDay('2026-12-24', cal)).toBe(true);
    expect(isWorkingDay('2026-12-25', cal)).toBe(false);
    expect(isWorkingDay('2026-12-26', cal)).toBe(false);
  });

  it('counts forward and back over weekends and holidays', () => {
    // Thursday 24 December; Friday 25 and Monday 28 are holidays.
    expect(addWorkingDays('2026-12-24', 1, cal)).toBe('2026-12-29');
    expect(addWorkingDays('2026-12-24', 3, cal)).toBe('2026-12-31');
    expect(addWorkingDays('2026-12-29', -1, cal)).toBe('2026-12-24');
    expect(addWorkingDays('2026-12-29', 0, cal)).toBe('2026-12-29');
    // From a Saturday, the first working day is the Monday.
    expect(addWorkingDays('2026-12-05', 1, cal)).toBe('2026-12-07');
  });

  it('follows the weekday set', () => {
    const sixDays = { ...cal, workingDays: [1, 2, 3, 4, 5, 6] };
    expect(addWorkingDays('2026-12-04', 1, sixDays)).toBe('2026-12-05');
  });
});

describe('end of term', () => {
  it('ends the term the start lies in, or the next one between terms', () => {
    expect(endOfTerm('2026-10-01', 0, cal)).toBe('2026-12-18');
    expect(endOfTerm('2026-12-18', 0, cal)).toBe('2026-12-18');
    expect(endOfTerm('2026-12-19', 0, cal)).toBe('2027-03-26');
    expect(endOfTerm('2026-01-01', 0, cal)).toBe('2026-12-18');
    expect(endOfTerm('2026-10-01', 1, cal)).toBe('2027-03-26');
  });

  it('has no answer past the last term', () => {
    expect(endOfTerm('2027-04-01', 0, cal)).toBeNull();
    expect(endOfTerm('2026-10-01', 2, cal)).toBeNull();
  });
});

describe('addDuration', () => {
  it('counts each unit', () => {
    expect(addDuration('2026-12-24', { amount: 5, unit: 'days' }, cal)).toBe('2026-12-29');
    expect(addDuration('2026-12-24', { amount: 5, unit: 'working-days' }, cal)).toBe('2027-01-04');
    expect(addDuration('2026-12-24', { amount: 0, unit: 'end-of-term' }, cal)).toBe('2027-03-26');
  });

  it('without a calendar counts Monday to Friday and knows no term', () => {
    expect(addDuration('2026-12-24', { amount: 1, unit: 'working-days' }, null)).toBe('2026-12-25');
    expect(addDuration('2026-12-24', { amount: 0, unit: 'end-of-term' }, null)).toBeNull();
  });
});
