import { describe, expect, it } from 'vitest';
import {
  computeGroup,
  dependencyOrder,
  type DirectMember,
  type Graph,
  type GroupDefinition,
  type Members,
  wouldCycle,
} from './effective.ts';
import { covers, intersect, subtract, union } from './intervals.ts';

/** A small seeded generator so a failing graph can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('interval algebra', () => {
  const span = (from: number | null, until: number | null, id = 1) => ({
    from,
    until,
    why: { membershipId: id, path: [1] },
  });
  it('merges, intersects and subtracts half-open intervals', () => {
    expect(union([span(0, 5)], [span(5, 8, 2)]).map((s) => [s.from, s.until])).toEqual([[0, 8]]);
    expect(intersect([span(null, 10)], [span(5, null)]).map((s) => [s.from, s.until])).toEqual([[5, 10]]);
    expect(subtract([span(null, null)], [span(3, 6)]).map((s) => [s.from, s.until])).toEqual([
      [null, 3],
      [6, null],
    ]);
    expect(subtract([span(3, 6)], [span(null, null)])).toEqual([]);
  });
});

describe('effective membership of random group graphs', () => {
  it('agrees at every sampled instant with a naive evaluation of the definitions', () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const r = rng(seed);
      const nGroups = 3 + Math.floor(r() * 8);
      const people = [1, 2, 3, 4, 5];
      const defs = new Map<number, GroupDefinition>();
      const direct = new Map<number, DirectMember[]>();
      const drawsOn: Graph = new Map();
      const time = () => (r() < 0.3 ? null : Math.floor(r() * 100));
      let mid = 0;
      for (let g = 1; g <= nGroups; g += 1) {
        const composite = g > 2 && r() < 0.3;
        if (composite) {
          const left = 1 + Math.floor(r() * (g - 1));
          let right = 1 + Math.floor(r() * (g - 1));
          if (right === left) right = left === 1 ? 2 : 1;
          const op = (['union', 'intersection', 'complement'] as const)[Math.floor(r() * 3)];
          defs.set(g, { id: g, kind: 'composite', op, left, right });
          drawsOn.set(g, [left, right]);
          continue;
        }
        defs.set(g, { id: g, kind: 'basic', op: null, left: null, right: null });
        const members: DirectMember[] = [];
        for (const p of people) {
          if (r() < 0.4) {
            const a = time();
            const b = time();
            const [from, until] = a !== null && b !== null && a > b ? [b, a] : [a, b];
            if (from !== null && until !== null && from === until) continue;
            members.push({ id: ++mid, personId: p, groupId: null, from, until });
          }
        }
        for (let h = 1; h < g; h += 1)
          if (r() < 0.3 && !wouldCycle(drawsOn, g, h)) {
            members.push({ id: ++mid, personId: null, groupId: h, from: time(), until: null });
            drawsOn.set(g, [...(drawsOn.get(g) ?? []), h]);
          }
        direct.set(g, members);
      }
      const computed = new Map<number, Members>();
      for (const g of dependencyOrder(defs.keys(), drawsOn)) {
        computed.set(
          g,
          computeGroup(defs.get(g)!, { direct: direct.get(g) ?? [], members: (id) => computed.get(id) ?? new Map() }),
        );
      }
      const inside = (m: DirectMember, t: number) =>
        (m.from === null || m.from <= t) && (m.until === null || t < m.until);
      const naive = (g: number, p: number, t: number): boolean => {
        const d = defs.get(g)!;
        if (d.kind === 'composite') {
          const a = naive(d.left!, p, t);
          const b = naive(d.right!, p, t);
          return d.op === 'union' ? a || b : d.op === 'intersection' ? a && b : a && !b;
        }
        return (direct.get(g) ?? []).some(
          (m) => inside(m, t) && (m.personId === p || (m.groupId !== null && naive(m.groupId, p, t))),
        );
      };
      for (const g of defs.keys())
        for (const p of people)
          for (const t of [-5, 0, 1, 17, 33, 50, 64, 99, 100, 150]) {
            expect(covers(computed.get(g)!.get(p) ?? [], t), `seed ${seed}, group ${g}, person ${p}, t ${t}`).toBe(
              naive(g, p, t),
            );
          }
    }
  });

  it('refuses cycles and orders groups after what they draw on', () => {
    const g: Graph = new Map([
      [1, [2]],
      [2, [3]],
    ]);
    expect(wouldCycle(g, 3, 1)).toBe(true);
    expect(wouldCycle(g, 1, 3)).toBe(false);
    expect(wouldCycle(g, 4, 4)).toBe(true);
    expect(dependencyOrder([1, 2, 3], g)).toEqual([3, 2, 1]);
  });
});
