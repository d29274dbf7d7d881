import { describe, expect, it } from 'vitest';
import { CHECK_ALGORITHMS, formatIdNumber, type IdNumberFormat, isValidIdNumber, maxCounter } from './id-number.ts';

const format: IdNumberFormat = { prefix: 'S', digits: 7, checkDigit: 'luhn', start: 1 };

describe('ID numbers', () => {
  it('pads the counter, prefixes it and appends a Luhn check digit', () => {
    expect(formatIdNumber(format, 1)).toBe('S00000018');
    // The textbook Luhn example: 7992739871 has check digit 3.
    expect(formatIdNumber({ ...format, prefix: '', digits: 10 }, 7_992_739_871)).toBe('79927398713');
  });

  it('catches a mistyped digit and a swapped pair with every check algorithm', () => {
    for (const checkDigit of CHECK_ALGORITHMS.filter((a) => a !== 'none')) {
      const f = { ...format, checkDigit };
      const good = formatIdNumber(f, 4_211_937);
      expect(isValidIdNumber(f, good), checkDigit).toBe(true);
      const typo = good.replace('4211', '4311');
      expect(isValidIdNumber(f, typo), `${checkDigit} typo ${typo}`).toBe(false);
    }
    expect(
      isValidIdNumber(
        { ...format, checkDigit: 'verhoeff' },
        formatIdNumber({ ...format, checkDigit: 'verhoeff' }, 1_234_567).replace('1234', '1324'),
      ),
    ).toBe(false);
  });

  it('uses mod 11-2 with X as a check character', () => {
    const f: IdNumberFormat = { prefix: '', digits: 4, checkDigit: 'mod11_2', start: 1 };
    const values = Array.from({ length: 30 }, (_, i) => formatIdNumber(f, i + 1));
    expect(values.some((v) => v.endsWith('X'))).toBe(true);
    expect(values.every((v) => isValidIdNumber(f, v))).toBe(true);
  });

  it('refuses a counter that does not fit and a value of another shape', () => {
    expect(maxCounter(format)).toBe(9_999_999);
    expect(() => formatIdNumber(format, 10_000_000)).toThrow(RangeError);
    expect(isValidIdNumber(format, 'T00000018')).toBe(false);
    expect(isValidIdNumber({ ...format, checkDigit: 'none' }, 'S0000001')).toBe(true);
  });
});
