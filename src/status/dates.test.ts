import { describe, expect, it } from 'vitest';
import { compareEnds, compareStarts, covers, overlaps } from './dates.ts';
import { addDays, dayAfter, dayBefore, daysBetween } from '../platform/dates.ts';

describe('calendar days', () => {
  it('steps across month ends, year ends and leap days', () => {
    expect(dayAfter('2026-06-30')).toBe('2026-07-01');
    expect(dayBefore('2026-07-01')).toBe('2026-06-30');
    expect(dayAfter('2026-12-31')).toBe('2027-01-01');
    expect(dayAfter('2028-02-28')).toBe('2028-02-29');
    expect(dayAfter('2027-02-28')).toBe('2027-03-01');
    expect(addDays('2026-06-30', 14)).toBe('2026-07-14');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('counts the days between two dates', () => {
    expect(daysBetween('2026-06-30', '2026-07-01')).toBe(1);
    expect(daysBetween('2026-06-30', '2026-07-21')).toBe(21);
    expect(daysBetween('2026-07-21', '2026-06-30')).toBe(-21);
    expect(daysBetween('2028-02-01', '2028-03-01')).toBe(29);
    // The clocks change in between in most zones; whole days must not be affected.
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
  });
});

describe('day ranges', () => {
  it('covers both end days, and open ends reach forever', () => {
    const june = { start: '2026-06-01', end: '2026-06-30' };
    expect(covers(june, '2026-06-01')).toBe(true);
    expect(covers(june, '2026-06-30')).toBe(true);
    expect(covers(june, '2026-07-01')).toBe(false);
    expect(covers(june, '2026-05-31')).toBe(false);
    expect(covers({ start: null, end: '2026-06-30' }, '1900-01-01')).toBe(true);
    expect(covers({ start: '2026-06-01', end: null }, '2999-12-31')).toBe(true);
  });

  it('overlaps when at least one day is shared', () => {
    expect(overlaps({ start: '2026-01-01', end: '2026-06-30' }, { start: '2026-06-30', end: null })).toBe(true);
    expect(overlaps({ start: '2026-01-01', end: '2026-06-30' }, { start: '2026-07-01', end: null })).toBe(false);
    expect(overlaps({ start: null, end: null }, { start: '2026-07-01', end: '2026-07-01' })).toBe(true);
    expect(overlaps({ start: '2026-08-01', end: null }, { start: null, end: '2026-07-31' })).toBe(false);
  });

  it('orders open starts first and open ends last', () => {
    expect(['2026-02-01', null, '2026-01-01'].sort(compareStarts)).toEqual([null, '2026-01-01', '2026-02-01']);
    expect(['2026-02-01', null, '2026-01-01'].sort(compareEnds)).toEqual(['2026-01-01', '2026-02-01', null]);
  });
});
