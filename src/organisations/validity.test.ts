import { describe, expect, it } from 'vitest';
import { isIsoDate, isValidOn, livesBeyond } from './validity.ts';

describe('validity periods', () => {
  it('includes both ends: a unit ending on 30 June is valid on 30 June, not on 1 July', () => {
    const v = { validFrom: '2020-01-01', validTo: '2026-06-30' };
    expect(isValidOn(v, '2026-06-30')).toBe(true);
    expect(isValidOn(v, '2026-07-01')).toBe(false);
    expect(isValidOn(v, '2020-01-01')).toBe(true);
    expect(isValidOn(v, '2019-12-31')).toBe(false);
  });

  it('treats open ends as unbounded', () => {
    expect(isValidOn({ validFrom: null, validTo: null }, '1900-01-01')).toBe(true);
    expect(livesBeyond(null, '2026-06-30')).toBe(true);
    expect(livesBeyond('2026-06-30', '2026-06-30')).toBe(false);
    expect(livesBeyond('2026-07-01', '2026-06-30')).toBe(true);
  });

  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('1/7/2026')).toBe(false);
  });
});
