import { intersect, normalise, type Span, subtract, union, within } from './intervals.ts';

/**
 * Effective membership of one group, computed from its definition and the effective
 * members of the groups it draws on. Pure: the engine loads the inputs and stores the
 * result, and a full rebuild runs the same function over every group in order.
 */
export type Members = Map<number, Span[]>;

export interface DirectMember {
  id: number;
  personId: number | null;
  groupId: number | null;
  from: number | null;
  until: number | null;
}

export interface GroupDefinition {
  id: number;
  kind: 'basic' | 'composite' | 'rule';
  op: 'union' | 'intersection' | 'complement' | null;
  left: number | null;
  right: number | null;
}

export interface GroupInputs {
  direct: DirectMember[];
  /** Effective members of each group this one draws on (member groups, operands). */
  members(groupId: number): Members;
  /** A rule group's members from the registry facts. */
  rule?: Members;
}

function add(out: Members, personId: number, spans: Span[]): void {
  if (spans.length === 0) return;
  const have = out.get(personId);
  out.set(personId, have ? [...have, ...spans] : spans);
}

/** Every person's normalised spans in the group; people with none are absent. */
export function computeGroup(def: GroupDefinition, inputs: GroupInputs): Members {
  const out: Members = new Map();
  if (def.kind === 'basic') {
    for (const m of inputs.direct) {
      if (m.personId !== null)
        add(out, m.personId, [{ from: m.from, until: m.until, why: { membershipId: m.id, path: [def.id] } }]);
      else
        for (const [personId, spans] of inputs.members(m.groupId!))
          add(out, personId, within(spans, m.from, m.until, def.id));
    }
  } else if (def.kind === 'rule') {
    for (const [personId, spans] of inputs.rule ?? new Map()) add(out, personId, within(spans, null, null, def.id));
  } else {
    const left = inputs.members(def.left!);
    const right = inputs.members(def.right!);
    const people = def.op === 'union' ? new Set([...left.keys(), ...right.keys()]) : new Set(left.keys());
    for (const personId of people) {
      const a = within(left.get(personId) ?? [], null, null, def.id);
      const b = within(right.get(personId) ?? [], null, null, def.id);
      add(
        out,
        personId,
        def.op === 'union' ? union(a, b) : def.op === 'intersection' ? intersect(a, b) : subtract(a, b),
      );
    }
  }
  for (const [personId, spans] of out) {
    const n = normalise(spans);
    if (n.length) out.set(personId, n);
    else out.delete(personId);
  }
  return out;
}

/** Edges of the group graph: for each group, the groups it draws on (member groups and operands). */
export type Graph = Map<number, number[]>;

/** True if making `container` draw on `member` would close a cycle (or is the same group). */
export function wouldCycle(drawsOn: Graph, container: number, member: number): boolean {
  const seen = new Set<number>();
  const stack = [member];
  while (stack.length) {
    const g = stack.pop()!;
    if (g === container) return true;
    if (seen.has(g)) continue;
    seen.add(g);
    stack.push(...(drawsOn.get(g) ?? []));
  }
  return false;
}

/**
 * The groups in `ids` ordered so that every group comes after the groups it draws on
 * (within `ids`). Throws if they contain a cycle, which the writers never let happen.
 */
export function dependencyOrder(ids: Iterable<number>, drawsOn: Graph): number[] {
  const inSet = new Set(ids);
  const state = new Map<number, 1 | 2>();
  const out: number[] = [];
  const visit = (root: number) => {
    const stack: Array<[number, number]> = [[root, 0]];
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [g, i] = top;
      if (i === 0) {
        if (state.get(g) === 2) {
          stack.pop();
          continue;
        }
        state.set(g, 1);
      }
      const deps = (drawsOn.get(g) ?? []).filter((d) => inSet.has(d));
      if (i < deps.length) {
        top[1] = i + 1;
        const d = deps[i];
        if (state.get(d) === 1) throw new Error(`group graph has a cycle through ${d}`);
        if (state.get(d) !== 2) stack.push([d, 0]);
      } else {
        state.set(g, 2);
        out.push(g);
        stack.pop();
      }
    }
  };
  for (const g of [...inSet].sort((a, b) => a - b)) if (state.get(g) !== 2) visit(g);
  return out;
}
