import { describe, expect, it } from 'vitest';
import {
  conflictText,
  exclusionConflicts,
  type GroupNode,
  type Holding,
  parentsOf,
  wouldHold,
} from './exclusion-rules.ts';

// 1 Finance:team (basic), 2 Payments:approve (basic, has 1 as member), 3 Payments:submit (basic),
// 4 union(2, 5), 5 basic, 6 intersection(1, 7), 7 basic, 8 complement(1 minus 9), 9 basic
const basic = (id: number): GroupNode => ({ id, kind: 'basic', op: null, left: null, right: null });
const nodes = new Map<number, GroupNode>([
  ...[1, 2, 3, 5, 7, 9].map((id) => [id, basic(id)] as const),
  [4, { id: 4, kind: 'composite', op: 'union', left: 2, right: 5 }],
  [6, { id: 6, kind: 'composite', op: 'intersection', left: 1, right: 7 }],
  [8, { id: 8, kind: 'composite', op: 'complement', left: 1, right: 9 }],
]);
const parents = parentsOf(nodes.values(), [{ groupId: 2, memberGroupId: 1 }]);
const names: Record<number, string> = { 1: 'Finance:team', 2: 'Payments:approve', 3: 'Payments:submit' };
const name = (id: number) => names[id] ?? `g${id}`;
const held = (entries: Array<[number, Holding]>) => new Map(entries);

describe('separation of duties', () => {
  it('works out what an add would give through nesting and composites', () => {
    const gained = wouldHold(nodes, parents, new Map(), 1);
    expect(Object.fromEntries(gained)).toEqual({ 1: [1], 2: [1, 2], 4: [1, 2, 4], 8: [1, 8] });
    // the intersection needs the other operand; the complement is lost when its right side is held
    const with7 = wouldHold(nodes, parents, held([[7, { path: [7], rule: false }]]), 1);
    expect(with7.get(6)).toEqual([1, 6]);
    const with9 = wouldHold(nodes, parents, held([[9, { path: [9], rule: false }]]), 1);
    expect(with9.has(8)).toBe(false);
    // adding to the right side of a complement gives nothing above it
    expect([...wouldHold(nodes, parents, new Map(), 9).keys()]).toEqual([9]);
    // nothing is new when the group is held already
    expect(wouldHold(nodes, parents, held([[1, { path: [1], rule: false }]]), 1).size).toBe(0);
  });

  it('names both paths, in either direction of the pair', () => {
    const exclusion = { id: 1, left: 2, right: 3, reason: '' };
    const submitHeld = held([[3, { path: [3], rule: false }]]);
    const [c] = exclusionConflicts([exclusion], submitHeld, wouldHold(nodes, parents, submitHeld, 1));
    expect(conflictText(c, name)).toBe(
      'would hold Payments:approve via Finance:team → Payments:approve, already holds Payments:submit via direct membership: nobody may hold both',
    );
    const approveHeld = held([[2, { path: [1, 2], rule: false }]]);
    const [d] = exclusionConflicts([exclusion], approveHeld, wouldHold(nodes, parents, approveHeld, 3));
    expect(conflictText(d, name)).toBe(
      'would hold Payments:submit via direct membership, already holds Payments:approve via Finance:team → Payments:approve: nobody may hold both',
    );
    expect(exclusionConflicts([exclusion], new Map(), wouldHold(nodes, parents, new Map(), 1))).toEqual([]);
  });

  it('refuses an add that gives both groups of a pair at once, once', () => {
    const both = exclusionConflicts(
      [{ id: 1, left: 1, right: 2, reason: 'four eyes' }],
      new Map(),
      wouldHold(nodes, parents, new Map(), 1),
    );
    expect(both).toHaveLength(1);
    expect(conflictText(both[0], name)).toContain(
      'would also hold Payments:approve via Finance:team → Payments:approve',
    );
    expect(conflictText(both[0], name)).toContain('(four eyes)');
  });

  it('agrees with a brute-force reading on random graphs: every gained group is reachable and allowed', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const n = 8;
      const g = new Map<number, GroupNode>();
      const edges: { groupId: number; memberGroupId: number }[] = [];
      for (let id = 1; id <= n; id++) {
        if (id > 2 && rnd(3) === 0) {
          const ops = ['union', 'intersection', 'complement'] as const;
          g.set(id, { id, kind: 'composite', op: ops[rnd(3)], left: 1 + rnd(id - 1), right: 1 + rnd(id - 1) });
        } else {
          g.set(id, basic(id));
          for (let m = 1; m < id; m++) if (rnd(4) === 0) edges.push({ groupId: id, memberGroupId: m });
        }
      }
      const p = parentsOf(g.values(), edges);
      const h = new Map<number, Holding>();
      for (let id = 1; id <= n; id++) if (rnd(5) === 0) h.set(id, { path: [id], rule: false });
      const start = 1 + rnd(n);
      const gained = wouldHold(g, p, h, start);
      for (const [id, path] of gained) {
        expect(h.has(id)).toBe(false);
        expect(path[0]).toBe(start);
        expect(path[path.length - 1]).toBe(id);
        // each step goes from a group to one that draws on it
        for (let i = 1; i < path.length; i++) expect(p.get(path[i - 1]) ?? []).toContain(path[i]);
      }
    }
  });
});
