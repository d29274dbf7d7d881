import type { FieldProblem } from '../platform/errors.ts';

/**
 * Separation of duties, pure: nobody may hold two excluded groups at once, in either direction, through any path
 * (nesting, composites). `wouldHold` works out which groups adding a subject to one group would make it an
 * effective member of (and by which path), given the group graph and what it already holds; `exclusionConflicts`
 * finds the pairs that add would break; `conflictText` names both paths.
 */
export interface GroupNode {
  id: number;
  kind: 'basic' | 'composite' | 'rule';
  op: 'union' | 'intersection' | 'complement' | null;
  left: number | null;
  right: number | null;
}

/**
 * One way the subject holds a group: the group ids from the root membership's group up to it; `rule` when a rule
 * group is the root.
 */
export interface Holding {
  path: number[];
  rule: boolean;
}

export interface Exclusion {
  id: number;
  left: number;
  right: number;
  reason: string;
}

/** For each group, the groups drawing on it: basic groups having it as a member, composites as an operand. */
export function parentsOf(
  nodes: Iterable<GroupNode>,
  memberEdges: Iterable<{ groupId: number; memberGroupId: number }>,
) {
  const parents = new Map<number, number[]>();
  const add = (child: number, parent: number) => parents.set(child, [...(parents.get(child) ?? []), parent]);
  for (const e of memberEdges) add(e.memberGroupId, e.groupId);
  for (const n of nodes) {
    if (n.kind !== 'composite') continue;
    if (n.left !== null) add(n.left, n.id);
    if (n.right !== null && n.right !== n.left) add(n.right, n.id);
  }
  return parents;
}

/**
 * The groups a subject would newly hold if it became a direct member of `start`, each with its path (`prefix` is the
 * path by which the subject reaches `start` when a group is added: the path inside that group). A union draws on
 * either operand; an intersection only when the other operand is held too; a complement (left minus right) when
 * `start`'s side is the left and the right is not held. Groups already held are not new.
 */
export function wouldHold(
  nodes: ReadonlyMap<number, GroupNode>,
  parents: ReadonlyMap<number, number[]>,
  held: ReadonlyMap<number, Holding>,
  start: number,
  prefix: number[] = [],
): Map<number, number[]> {
  const gained = new Map<number, number[]>();
  if (held.has(start)) return gained;
  gained.set(start, [...prefix, start]);
  const holds = (g: number | null) => g !== null && (held.has(g) || gained.has(g));
  let changed = true;
  while (changed) {
    changed = false;
    for (const [g, path] of [...gained]) {
      for (const parentId of parents.get(g) ?? []) {
        if (holds(parentId)) continue;
        const parent = nodes.get(parentId);
        if (!parent) continue;
        const other = parent.left === g ? parent.right : parent.left;
        const ok =
          parent.kind === 'basic' ||
          parent.op === 'union' ||
          (parent.op === 'intersection' && holds(other)) ||
          (parent.op === 'complement' && parent.left === g && !holds(parent.right));
        if (!ok) continue;
        gained.set(parentId, [...path, parentId]);
        changed = true;
      }
    }
  }
  return gained;
}

export interface Conflict {
  exclusion: Exclusion;
  /** The excluded group the add would give, and by which path. */
  gainedGroup: number;
  gainedPath: number[];
  /** The other group of the pair, and how it is (or would be) held. */
  otherGroup: number;
  other: Holding;
  otherGained: boolean;
}

/** The exclusions an add breaks: it would give one group of a pair while the other is held or given too. */
export function exclusionConflicts(
  exclusions: readonly Exclusion[],
  held: ReadonlyMap<number, Holding>,
  gained: ReadonlyMap<number, number[]>,
): Conflict[] {
  const out: Conflict[] = [];
  for (const e of exclusions) {
    for (const [a, b] of [
      [e.left, e.right],
      [e.right, e.left],
    ]) {
      const path = gained.get(a);
      if (!path) continue;
      const heldB = held.get(b);
      const gainedB = gained.get(b);
      if (heldB)
        out.push({ exclusion: e, gainedGroup: a, gainedPath: path, otherGroup: b, other: heldB, otherGained: false });
      else if (gainedB && a < b)
        out.push({
          exclusion: e,
          gainedGroup: a,
          gainedPath: path,
          otherGroup: b,
          other: { path: gainedB, rule: false },
          otherGained: true,
        });
    }
  }
  return out;
}

/** How a group is held, in words: "direct membership", "the rule of X", or the path "A → B → X". */
export function holdingText(h: Holding, name: (id: number) => string): string {
  if (h.path.length <= 1) return h.rule ? `the rule of ${name(h.path[0])}` : 'direct membership';
  return h.path.map(name).join(' → ');
}

/** "would hold X via A → X, already holds Y via direct membership" (or "would also hold Y via …"). */
export function conflictText(c: Conflict, name: (id: number) => string): string {
  const gained = `would hold ${name(c.gainedGroup)} via ${holdingText({ path: c.gainedPath, rule: false }, name)}`;
  const other = c.otherGained
    ? `would also hold ${name(c.otherGroup)} via ${holdingText(c.other, name)}`
    : `already holds ${name(c.otherGroup)} via ${holdingText(c.other, name)}`;
  const why = c.exclusion.reason ? ` (${c.exclusion.reason})` : '';
  return `${gained}, ${other}: nobody may hold both${why}`;
}

/** The conflicts as problems on the subject's field (rule `separation-of-duties`), each naming both paths. */
export function conflictProblems(
  conflicts: readonly Conflict[],
  field: string,
  who: string,
  name: (id: number) => string,
): FieldProblem[] {
  return conflicts.map((c) => ({ field, rule: 'separation-of-duties', message: `${who} ${conflictText(c, name)}` }));
}
