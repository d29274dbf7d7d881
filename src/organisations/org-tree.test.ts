import { describe, expect, it } from 'vitest';
import {
  childPath,
  depthOf,
  keysOnCycles,
  moveCreatesCycle,
  nest,
  parentPathOf,
  parentsFirst,
  pathIds,
  rebase,
} from './org-tree.ts';

describe('materialised paths', () => {
  it('builds a child path from its parent, and a root path from nothing', () => {
    expect(childPath('/1/4/', 9)).toBe('/1/4/9/');
    expect(childPath(null, 1)).toBe('/1/');
  });

  it('reads ids, depth and the parent path back from a path', () => {
    expect(pathIds('/1/4/9/')).toEqual([1, 4, 9]);
    expect(depthOf('/1/')).toBe(0);
    expect(depthOf('/1/4/9/')).toBe(2);
    expect(parentPathOf('/1/4/9/')).toBe('/1/4/');
    expect(parentPathOf('/1/')).toBe('/');
  });

  it('refuses a move under the unit itself or anything below it, but not under a sibling whose id starts alike', () => {
    expect(moveCreatesCycle('/1/4/', '/1/4/')).toBe(true);
    expect(moveCreatesCycle('/1/4/', '/1/4/9/12/')).toBe(true);
    expect(moveCreatesCycle('/1/4/', '/1/44/')).toBe(false);
    expect(moveCreatesCycle('/1/4/', '/1/')).toBe(false);
  });

  it('rebases a subtree member onto the moved root', () => {
    expect(rebase('/1/4/9/12/', '/1/4/9/', '/1/7/9/')).toBe('/1/7/9/12/');
    expect(() => rebase('/1/5/', '/1/4/', '/2/4/')).toThrow();
  });
});

describe('nesting rows into a tree', () => {
  it('hangs children under their parents in row order and starts from the given roots', () => {
    const rows = [
      { id: 1, parentId: null, n: 'uni' },
      { id: 3, parentId: 2, n: 'dept' },
      { id: 2, parentId: 1, n: 'faculty' },
      { id: 4, parentId: 1, n: 'other' },
    ];
    const [root] = nest(rows, [1]);
    expect(root.children.map((c) => c.n)).toEqual(['faculty', 'other']);
    expect(root.children[0].children.map((c) => c.n)).toEqual(['dept']);
    expect(nest(rows, [2]).map((r) => r.n)).toEqual(['faculty']);
  });
});

describe('cycles among parents set all at once', () => {
  it("finds two units made each other's parent, and a unit made its own parent", () => {
    const parentOf = new Map<string, string | null>([
      ['A', 'B'],
      ['B', 'A'],
      ['C', 'A'],
      ['D', 'D'],
      ['E', null],
    ]);
    expect([...keysOnCycles(parentOf)].sort()).toEqual(['A', 'B', 'D']);
  });

  it('finds nothing in a proper tree, however deep', () => {
    const parentOf = new Map<string, string | null>([['R', null]]);
    for (let i = 0; i < 2000; i++) parentOf.set(`N${i}`, i === 0 ? 'R' : `N${i - 1}`);
    expect(keysOnCycles(parentOf).size).toBe(0);
  });

  it('orders parents before children even when the file lists children first', () => {
    const parentOf = new Map<string, string | null>([
      ['DEPT', 'FAC'],
      ['FAC', 'UNI'],
      ['UNI', null],
      ['LAB', 'DEPT'],
    ]);
    expect(parentsFirst(['LAB', 'DEPT', 'UNI', 'FAC'], parentOf)).toEqual(['UNI', 'FAC', 'DEPT', 'LAB']);
  });
});
