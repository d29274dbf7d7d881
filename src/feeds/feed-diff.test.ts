import { describe, expect, it } from 'vitest';
import { diffRows } from './feed-diff.ts';

describe('feed diff', () => {
  it('gives adds, changes and removes in person order, and nothing for unchanged rows', () => {
    const previous = [
      { personId: 1, hash: 'a' },
      { personId: 2, hash: 'b' },
      { personId: 4, hash: 'd' },
    ];
    const current = [
      { personId: 1, hash: 'a', row: 'one' },
      { personId: 2, hash: 'B', row: 'two' },
      { personId: 3, hash: 'c', row: 'three' },
    ];
    expect(diffRows(previous, current)).toEqual([
      { op: 'change', personId: 2, hash: 'B', row: 'two' },
      { op: 'add', personId: 3, hash: 'c', row: 'three' },
      { op: 'remove', personId: 4 },
    ]);
    expect(diffRows(previous.slice(0, 1), current.slice(0, 1))).toEqual([]);
  });

  it('interleaves removes with adds and changes by person id, whatever order the rows came in', () => {
    const previous = [
      { personId: 30, hash: 'x' },
      { personId: 5, hash: 'e' },
      { personId: 12, hash: 'l' },
    ];
    const current = [
      { personId: 40, hash: 'n', row: 'forty' },
      { personId: 12, hash: 'L', row: 'twelve' },
      { personId: 2, hash: 'b', row: 'two' },
    ];
    expect(diffRows(previous, current).map((c) => `${c.op} ${c.personId}`)).toEqual([
      'add 2',
      'remove 5',
      'change 12',
      'remove 30',
      'add 40',
    ]);
  });
});
