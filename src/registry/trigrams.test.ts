import { describe, expect, it } from 'vitest';
import { similarity, trigrams } from './trigrams.ts';

describe('trigram similarity', () => {
  it('pads words like pg_trgm', () => {
    expect([...trigrams('cat')].sort()).toEqual(['  c', ' ca', 'at ', 'cat']);
  });

  it('scores a one-letter typo high and a different name low', () => {
    expect(similarity('jon fink', 'jon finke')).toBeCloseTo(8 / 11, 5);
    expect(similarity('jon finke', 'jon finke')).toBe(1);
    expect(similarity('jon finke', 'mary lee')).toBe(0);
    expect(similarity('', 'x')).toBe(0);
  });

  it('ignores word order', () => {
    expect(similarity('finke jon', 'jon finke')).toBe(1);
  });
});
