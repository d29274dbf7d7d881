import { describe, expect, it } from 'vitest';
import { MAX_RESULTS, pageRequest } from './scim-paging.ts';

describe('paging parameters (RFC 7644 §3.4.2.4)', () => {
  it('reads a startIndex below 1 as 1 and a negative count as 0', () => {
    expect(pageRequest({ startIndex: '0', count: '-5' })).toMatchObject({ startIndex: 1, count: 0 });
    expect(pageRequest({ startIndex: -3 })).toMatchObject({ startIndex: 1, count: MAX_RESULTS });
  });
  it('clamps a count above the advertised maximum to it, and a startIndex past any directory', () => {
    expect(pageRequest({ count: '1000000' }).count).toBe(MAX_RESULTS);
    expect(pageRequest({ startIndex: '99999999999999999999' }).startIndex).toBe(2 ** 31);
  });
  it('defaults to ascending order and reads comma-separated attribute lists', () => {
    expect(pageRequest({ attributes: 'userName, name.givenName' })).toMatchObject({
      sortOrder: 'ascending',
      attributes: ['userName', 'name.givenName'],
    });
    expect(pageRequest({ sortOrder: 'Descending' }).sortOrder).toBe('descending');
  });
  it('refuses non-integers, unknown orders, and attributes with excludedAttributes as invalidValue', () => {
    for (const q of [
      { count: '2.5' },
      { startIndex: 'x' },
      { sortOrder: 'up' },
      { attributes: 'a', excludedAttributes: 'b' },
    ])
      expect(() => pageRequest(q), JSON.stringify(q)).toThrow(
        expect.objectContaining({ status: 400, scimType: 'invalidValue' }),
      );
  });
});
