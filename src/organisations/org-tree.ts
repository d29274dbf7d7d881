/**
 * The unit tree as materialised paths: '/1/4/9/' lists the ids from the root down to the
 * unit itself. A subtree is every path starting with the root's path, so subtree queries
 * are one indexed `path like '/1/4/%'`. Pure: no database, no clock.
 */

/** The path of a unit with this id under a parent (null: a root). */
export function childPath(parentPath: string | null, id: number): string {
  return `${parentPath ?? '/'}${id}/`;
}

/** The ids on a path, root first, the unit itself last. */
export function pathIds(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

/** The parent's path ('/' for a root), from the unit's own path. */
export function parentPathOf(path: string): string {
  return path.replace(/[^/]+\/$/, '');
}

/** How deep a unit sits: 0 for a root. */
export function depthOf(path: string): number {
  return pathIds(path).length - 1;
}

/** True if `path` is `ancestorPath` itself or lies below it. */
export function isAncestorOrSelf(ancestorPath: string, path: string): boolean {
  return path.startsWith(ancestorPath);
}

/** Moving a unit under its own subtree would cut it off from the root: refuse it. */
export function moveCreatesCycle(unitPath: string, newParentPath: string): boolean {
  return isAncestorOrSelf(unitPath, newParentPath);
}

/** The path a subtree member takes when its subtree root moves from one prefix to another. */
export function rebase(path: string, oldPrefix: string, newPrefix: string): string {
  if (!path.startsWith(oldPrefix)) throw new Error(`${path} is not under ${oldPrefix}`);
  return newPrefix + path.slice(oldPrefix.length);
}

export type Nested<T> = T & { children: Nested<T>[] };

/**
 * Nests flat rows into trees under the given roots, children ordered as the rows were.
 * Rows whose parent is not among the rows are dropped unless they are roots.
 */
export function nest<T extends { id: number; parentId: number | null }>(rows: T[], rootIds: number[]): Nested<T>[] {
  const byId = new Map<number, Nested<T>>();
  for (const row of rows) byId.set(row.id, { ...row, children: [] });
  for (const node of byId.values()) {
    if (node.parentId !== null && !rootIds.includes(node.id)) byId.get(node.parentId)?.children.push(node);
  }
  return rootIds.map((id) => byId.get(id)).filter((n): n is Nested<T> => n !== undefined);
}

/**
 * Keys that would lie on a cycle if every key took the parent given by `parentOf`
 * (a key missing from the map, or mapped to null, is a root). Used when a file sets
 * many parents at once, where A→B and B→A each look fine alone.
 */
export function keysOnCycles(parentOf: ReadonlyMap<string, string | null>): Set<string> {
  const onCycle = new Set<string>();
  const settled = new Set<string>();
  for (const start of parentOf.keys()) {
    const trail: string[] = [];
    const seen = new Set<string>();
    let at: string | null | undefined = start;
    while (at != null && !settled.has(at) && !seen.has(at)) {
      seen.add(at);
      trail.push(at);
      at = parentOf.get(at);
    }
    if (at != null && seen.has(at)) for (const key of trail.slice(trail.indexOf(at))) onCycle.add(key);
    for (const key of trail) settled.add(key);
  }
  return onCycle;
}

/** Keys ordered so that every parent comes before its children (keys must not be on cycles). */
export function parentsFirst(keys: Iterable<string>, parentOf: ReadonlyMap<string, string | null>): string[] {
  const depth = new Map<string, number>();
  const depthOfKey = (key: string): number => {
    const known = depth.get(key);
    if (known !== undefined) return known;
    const parent = parentOf.get(key);
    const d = parent == null ? 0 : depthOfKey(parent) + 1;
    depth.set(key, d);
    return d;
  };
  return [...keys]
    .map((k, i) => ({ k, i, d: depthOfKey(k) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map((x) => x.k);
}
