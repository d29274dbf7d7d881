import { describe, expect, it } from 'vitest';
import { missingFields, problemText } from '../../web/src/api/problem-texts.ts';

describe('problem texts', () => {
  it("never shows the validator's wording", () => {
    const p = (rule: string, message: string) => problemText({ field: '/x', rule, message });
    expect(p('minLength', 'must NOT have fewer than 1 characters')).toBe('Fill this in: it is required.');
    expect(p('format:date', 'must match format "date"')).toBe('Enter a date (day, month and year).');
    expect(p('pattern', 'must match pattern "^[a-z]+$"')).toBe('This is not in the expected form.');
    expect(p('required', 'is required')).toBe('Fill this in: it is required.');
  });

  it("shows Steward's own messages as sentences", () => {
    expect(problemText({ field: '/email', rule: 'required', message: "give the visitor's email address" })).toBe(
      "Give the visitor's email address.",
    );
    expect(problemText({ field: '/validTo', rule: 'maximum', message: 'at most 90 days' })).toBe('At most 90 days.');
    expect(problemText({ field: '/name', rule: 'taken', message: 'is in use' })).toBe('This is in use.');
  });

  it('names every empty required field at once', () => {
    expect(missingFields({ a: '', b: ' x ', c: null, d: [] }, ['a', 'b', 'c', 'd', 'e']).map((p) => p.field)).toEqual([
      '/a',
      '/c',
      '/d',
      '/e',
    ]);
  });
});
