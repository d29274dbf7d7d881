import { describe, expect, it } from 'vitest';
import { isCurrent, isRealDate, validityProblems } from './affiliations.ts';

describe('affiliation validity', () => {
  it('counts both ends of the period as inside it', () => {
    const contract = { validFrom: '2026-01-01', validTo: '2026-06-30' };
    expect(isCurrent(contract, '2026-06-30')).toBe(true);
    expect(isCurrent(contract, '2026-07-01')).toBe(false);
    expect(isCurrent(contract, '2025-12-31')).toBe(false);
    expect(isCurrent({ validFrom: null, validTo: null }, '2000-01-01')).toBe(true);
  });

  it('refuses an end before the start', () => {
    expect(validityProblems({ validFrom: '2026-02-01', validTo: '2026-01-01' }, '/affiliation')).toEqual([
      { field: '/affiliation/validTo', rule: 'after-valid-from', message: 'must not be before validFrom 2026-02-01' },
    ]);
    expect(validityProblems({ validFrom: null, validTo: '2026-01-01' })).toEqual([]);
  });

  it('knows real calendar dates', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2023-02-29')).toBe(false);
    expect(isRealDate('2023-2-1')).toBe(false);
  });
});
