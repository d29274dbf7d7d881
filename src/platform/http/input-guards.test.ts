import { describe, expect, it } from 'vitest';
import { isClean, maxDepth, valueProblems } from './input-guards.ts';

const nest = (levels: number): unknown => (levels === 0 ? 'x' : { a: nest(levels - 1) });

const cases: [string, unknown][] = [
  ['a check body', { subject: { type: 'person', id: 12 }, application: 'app1', scope: 'O1', at: null, tags: ['a', 1] }],
  ['nothing', undefined],
  ['an empty object', {}],
  ['a NUL in a value', { a: ['ok', 'b\u0000'] }],
  ['a NUL in a key', { ['k\u0000']: 1 }],
  ['a lone surrogate in a value', { a: '\uD800' }],
  ['a lone surrogate in a key', { ['\uDC00']: 'x' }],
  ['an infinite number', { n: [1, Infinity] }],
  ['NaN', Number.NaN],
  ['nesting at the limit', nest(maxDepth)],
  ['nesting past the limit', nest(maxDepth + 1)],
  ['a buffer', Buffer.from('\u0000')],
];

describe('isClean, the quick pass of the input guards', () => {
  it.each(cases)('agrees with valueProblems: %s', (_name, value) => {
    expect(isClean(value)).toBe(valueProblems(value, 'body').length === 0);
  });

  it('finds a problem deep in an array as valueProblems does', () => {
    expect(isClean({ list: [{ a: 'fine' }, { b: ['x', 'y\u0000'] }] })).toBe(false);
  });
});
