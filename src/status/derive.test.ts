import { describe, expect, it } from 'vitest';
import { Random } from '../demo/random.ts';
import { deriveIntervals, lastBefore, statusesOn, type DerivedInterval } from './derive.ts';
import { fact, statusType } from './fixtures.ts';
import { compileMatchers } from './matching.ts';

// Employee statuses share the category 'employee'; students and residents have their own.
const EXEMPT = 1;
const FACULTY = 2;
const NEW_HIRE = 3;
const STUDENT = 4;
const RESIDENT = 5;
const types = [
  statusType(EXEMPT, { name: 'Exempt employee', rank: 750, match: { sources: ['hr'], codes: ['AE%'] } }),
  statusType(FACULTY, { name: 'Faculty', rank: 750, match: { sources: ['hr'], codes: ['AF%'] } }),
  statusType(NEW_HIRE, {
    name: 'Newly hired staff',
    rank: 740,
    match: { sources: ['hr'], attributes: { hr_ok: 'Y' } },
  }),
  statusType(STUDENT, { name: 'Student', rank: 640, category: 'student', match: { sources: ['sis'] } }),
  statusType(RESIDENT, { name: 'Resident', rank: 150, category: 'resident', match: { sources: ['housing'] } }),
];

const job = (code: string, validFrom: string | null, validTo: string | null, id?: number) =>
  fact({ codes: [code], validFrom, validTo, ...(id ? { id } : {}) });
const spans = (intervals: DerivedInterval[]) =>
  intervals.map(
    (i) =>
      `${i.statusTypeId} ${i.start ?? '…'}..${i.end ?? '…'}${i.bridgedTo ? ` bridged→${i.bridgedTo.statusTypeId}@${i.bridgedTo.start} (was ${i.bridgedTo.originalEnd})` : ''}`,
  );

describe('status intervals from affiliations', () => {
  it('unites overlapping affiliations of one status into one interval that names both', () => {
    const a = job('AE1', '2026-01-01', '2026-06-30', 11);
    const b = job('AE2', '2026-03-01', '2026-12-31', 12);
    const [interval, ...rest] = deriveIntervals([b, a], types);
    expect(rest).toEqual([]);
    expect(interval).toMatchObject({ statusTypeId: EXEMPT, start: '2026-01-01', end: '2026-12-31', bridgedTo: null });
    expect(interval.because).toEqual([
      { affiliationId: 11, source: 'hr', kind: 'employee', orgCode: 'PHYS' },
      { affiliationId: 12, source: 'hr', kind: 'employee', orgCode: 'PHYS' },
    ]);
  });

  it('joins a job ending 30 June and the same kind of job starting 1 July into one unbroken status', () => {
    const intervals = deriveIntervals([job('AE1', '2025-07-01', '2026-06-30'), job('AE2', '2026-07-01', null)], types);
    expect(spans(intervals)).toEqual(['1 2025-07-01..…']);
    expect(intervals[0].because).toHaveLength(2);
  });

  it('keeps an open start and an open end open', () => {
    expect(spans(deriveIntervals([job('AE1', null, '2026-06-30'), job('AE1', '2026-01-01', null)], types))).toEqual([
      '1 …..…',
    ]);
    expect(
      spans(deriveIntervals([job('AE1', null, '2026-06-30'), job('AE1', '2026-03-01', '2026-05-01')], types)),
    ).toEqual(['1 …..2026-06-30']);
  });

  it('gives one interval per status an affiliation matches, and one per status it holds', () => {
    const newHireAndClassified = fact({ codes: ['AE1'], attributes: { hr_ok: 'Y' }, validFrom: '2026-09-01' });
    const housing = fact({ source: 'housing', kind: 'resident', validFrom: '2026-08-20', validTo: '2027-05-31' });
    expect(spans(deriveIntervals([newHireAndClassified, housing], types))).toEqual([
      '5 2026-08-20..2027-05-31',
      '1 2026-09-01..…',
      '3 2026-09-01..…',
    ]);
  });

  it('names an affiliation once even if it was read twice', () => {
    const a = job('AE1', '2026-01-01', null, 21);
    expect(deriveIntervals([a, { ...a }], types)[0].because.map((b) => b.affiliationId)).toEqual([21]);
  });

  it('keeps a one-day affiliation: it holds on its day and on no other', () => {
    const intervals = deriveIntervals([job('AE1', '2026-09-01', '2026-09-01', 31)], types);
    expect(spans(intervals)).toEqual(['1 2026-09-01..2026-09-01']);
    expect(intervals[0].because.map((b) => b.affiliationId)).toEqual([31]);
    expect(statusesOn(intervals, '2026-09-01').primary?.statusTypeId).toBe(EXEMPT);
    expect(statusesOn(intervals, '2026-08-31').held).toEqual([]);
    expect(statusesOn(intervals, '2026-09-02').held).toEqual([]);
  });

  it('ignores an affiliation that ends before it starts (it never held)', () => {
    expect(deriveIntervals([job('AE1', '2026-07-01', '2026-06-30')], types)).toEqual([]);
  });

  it('gives no status for affiliations no type matches', () => {
    expect(deriveIntervals([fact({ source: 'guests', kind: 'guest' })], types)).toEqual([]);
  });

  it('takes compiled matchers instead of types and gives the same result', () => {
    const facts = [job('AE1', '2026-01-01', '2026-06-30'), job('AF1', '2026-07-01', null)];
    expect(deriveIntervals(facts, compileMatchers(types))).toEqual(deriveIntervals(facts, types));
  });

  it('does not depend on the order the affiliations were read in', () => {
    const rnd = new Random(7);
    const codes = ['AE1', 'AF1', 'AN1'];
    const day = () => `2026-0${rnd.int(1, 9)}-${String(rnd.int(10, 28))}`;
    for (let n = 0; n < 200; n++) {
      const facts = Array.from({ length: rnd.int(1, 6) }, () => {
        const [from, to] = [day(), day()].sort();
        return rnd.chance(0.2)
          ? fact({ source: 'sis', kind: 'student', validFrom: from, validTo: rnd.chance(0.3) ? null : to })
          : job(rnd.pick(codes), rnd.chance(0.1) ? null : from, rnd.chance(0.2) ? null : to);
      });
      const shuffled = [...facts].sort(() => rnd.next() - 0.5);
      expect(deriveIntervals(shuffled, types)).toEqual(deriveIntervals(facts, types));
    }
  });
});

describe('look-ahead (the 30 June / 1 July case)', () => {
  it('HR ends a job on 2026-06-30 and the new one starts 2026-07-01: no gap, bridge visible', () => {
    const intervals = deriveIntervals([job('AE1', '2024-09-01', '2026-06-30'), job('AF1', '2026-07-01', null)], types);
    expect(spans(intervals)).toEqual([
      '1 2024-09-01..2026-06-30 bridged→2@2026-07-01 (was 2026-06-30)',
      '2 2026-07-01..…',
    ]);
    for (const day of ['2026-06-30', '2026-07-01'])
      expect(statusesOn(intervals, day).held.map((i) => i.category)).toEqual(['employee']);
  });

  it('extends an ending status over a short gap to the day before the next one starts', () => {
    const intervals = deriveIntervals([job('AE1', '2025-01-01', '2026-06-30'), job('AF1', '2026-07-10', null)], types);
    expect(spans(intervals)).toEqual([
      '1 2025-01-01..2026-07-09 bridged→2@2026-07-10 (was 2026-06-30)',
      '2 2026-07-10..…',
    ]);
    expect(statusesOn(intervals, '2026-07-05').primary?.statusTypeId).toBe(EXEMPT);
  });

  it('a gap of 20 days with N=14 is not bridged', () => {
    const intervals = deriveIntervals([job('AE1', '2025-01-01', '2026-06-30'), job('AF1', '2026-07-21', null)], types, {
      lookAheadDays: 14,
    });
    expect(spans(intervals)).toEqual(['1 2025-01-01..2026-06-30', '2 2026-07-21..…']);
    expect(statusesOn(intervals, '2026-07-10').held).toEqual([]);
  });

  it('bridges a gap of exactly N days and not one of N + 1', () => {
    // 14 days without a job: 1 July to 14 July; the new job starts on 15 July.
    expect(deriveIntervals([job('AE1', null, '2026-06-30'), job('AF1', '2026-07-15', null)], types)[0].end).toBe(
      '2026-07-14',
    );
    expect(deriveIntervals([job('AE1', null, '2026-06-30'), job('AF1', '2026-07-16', null)], types)[0].end).toBe(
      '2026-06-30',
    );
    expect(
      deriveIntervals([job('AE1', null, '2026-06-30'), job('AF1', '2026-07-16', null)], types, { lookAheadDays: 15 })[0]
        .end,
    ).toBe('2026-07-15');
  });

  it('bridges a gap between two jobs of the same status without merging them, so the bridge stays visible', () => {
    const intervals = deriveIntervals([job('AE1', '2025-01-01', '2026-06-30'), job('AE2', '2026-07-06', null)], types);
    expect(spans(intervals)).toEqual([
      '1 2025-01-01..2026-07-05 bridged→1@2026-07-06 (was 2026-06-30)',
      '1 2026-07-06..…',
    ]);
  });

  it('with N = 0 marks only a hand-over from one day to the next', () => {
    expect(
      spans(
        deriveIntervals([job('AE1', null, '2026-06-30'), job('AF1', '2026-07-01', null)], types, { lookAheadDays: 0 }),
      ),
    ).toEqual(['1 …..2026-06-30 bridged→2@2026-07-01 (was 2026-06-30)', '2 2026-07-01..…']);
    expect(
      spans(
        deriveIntervals([job('AE1', null, '2026-06-30'), job('AF1', '2026-07-02', null)], types, { lookAheadDays: 0 }),
      ),
    ).toEqual(['1 …..2026-06-30', '2 2026-07-02..…']);
  });

  it('does not bridge across categories: a student who starts a job next week had a real end', () => {
    const intervals = deriveIntervals(
      [
        fact({ source: 'sis', kind: 'student', validFrom: '2022-09-01', validTo: '2026-05-31' }),
        job('AE1', '2026-06-03', null),
      ],
      types,
    );
    expect(spans(intervals)).toEqual(['4 2022-09-01..2026-05-31', '1 2026-06-03..…']);
  });

  it('does not bridge when another status of the category carries on anyway', () => {
    const newHire = fact({ attributes: { hr_ok: 'Y' }, validFrom: '2026-07-05' });
    const intervals = deriveIntervals(
      [job('AE1', '2025-01-01', '2026-06-30'), job('AF1', '2025-06-01', '2026-07-02'), newHire],
      types,
    );
    // Exempt ends while Faculty still holds: a plain end. Faculty then lapses for two days: bridged.
    expect(spans(intervals)).toEqual([
      '1 2025-01-01..2026-06-30',
      '2 2025-06-01..2026-07-04 bridged→3@2026-07-05 (was 2026-07-02)',
      '3 2026-07-05..…',
    ]);
  });

  it('bridges every status of the category that lapses on the same day, to the earliest next one', () => {
    const hrOk = (validFrom: string) => fact({ attributes: { hr_ok: 'Y' }, validFrom });
    const intervals = deriveIntervals(
      [
        job('AE1', null, '2026-06-30'),
        job('AF1', null, '2026-06-30'),
        job('AN1', '2026-07-09', null),
        hrOk('2026-07-04'),
      ],
      types,
    );
    expect(spans(intervals).filter((s) => s.includes('bridged'))).toEqual([
      '1 …..2026-07-03 bridged→3@2026-07-04 (was 2026-06-30)',
      '2 …..2026-07-03 bridged→3@2026-07-04 (was 2026-06-30)',
    ]);
  });

  it('refuses a look-ahead that is not a whole number of days', () => {
    expect(() => deriveIntervals([], types, { lookAheadDays: -1 })).toThrow(RangeError);
    expect(() => deriveIntervals([], types, { lookAheadDays: 1.5 })).toThrow(RangeError);
  });
});

describe('statuses on a day', () => {
  it('a faculty member who is also a resident has primary status Faculty', () => {
    const intervals = deriveIntervals(
      [
        job('AF1', '2020-09-01', null),
        fact({ source: 'housing', kind: 'resident', validFrom: '2025-08-20', validTo: '2026-08-19' }),
      ],
      types,
    );
    const now = statusesOn(intervals, '2026-03-01');
    expect(now.primary?.statusTypeId).toBe(FACULTY);
    expect(now.held.map((i) => i.statusTypeId)).toEqual([FACULTY, RESIDENT]);
  });

  it('a status whose only affiliation has not started yet is pending, not held today', () => {
    const intervals = deriveIntervals([job('AF1', '2026-09-01', null)], types);
    const today = statusesOn(intervals, '2026-08-15');
    expect(today.held).toEqual([]);
    expect(today.primary).toBeNull();
    expect(today.pending.map((i) => i.statusTypeId)).toEqual([FACULTY]);
    expect(statusesOn(intervals, '2026-09-01').primary?.statusTypeId).toBe(FACULTY);
  });

  it('breaks a tie of equal ranks by the lower status type id, whatever the input order', () => {
    const intervals = deriveIntervals([job('AF1', null, null), job('AE1', null, null)], types);
    expect(statusesOn(intervals, '2026-01-01').primary?.statusTypeId).toBe(EXEMPT);
    expect(statusesOn([...intervals].reverse(), '2026-01-01').primary?.statusTypeId).toBe(EXEMPT);
  });

  it('counts the last day of an interval as held and the day after as not', () => {
    const intervals = deriveIntervals([job('AE1', '2026-01-01', '2026-06-30')], types);
    expect(statusesOn(intervals, '2026-06-30').primary?.statusTypeId).toBe(EXEMPT);
    expect(statusesOn(intervals, '2026-07-01').primary).toBeNull();
  });
});

describe('what was their status before it ended', () => {
  const history = deriveIntervals(
    [
      fact({ source: 'sis', kind: 'student', validFrom: '2019-09-01', validTo: '2023-05-31' }),
      fact({ source: 'housing', kind: 'resident', validFrom: '2019-09-01', validTo: '2023-05-31' }),
      job('AE1', '2023-09-01', '2025-12-31'),
    ],
    types,
  );

  it('is the primary status of the interval that ended last', () => {
    expect(lastBefore(history, '2026-04-01')?.statusTypeId).toBe(EXEMPT);
    expect(lastBefore(history, '2024-01-01')?.statusTypeId).toBe(STUDENT);
  });

  it('does not count an interval ending on or after the day', () => {
    expect(lastBefore(history, '2025-12-31')?.statusTypeId).toBe(STUDENT);
    expect(lastBefore(history, '2023-05-31')).toBeNull();
  });

  it('is null for someone whose statuses have no end', () => {
    expect(lastBefore(deriveIntervals([job('AE1', '2020-01-01', null)], types), '2026-01-01')).toBeNull();
  });
});
