/**
 * What changed between the rows a feed last emitted and the rows it selects now, for one
 * range of person ids. Pure. Changes come out in person-id order.
 */
export interface StoredRow {
  personId: number;
  hash: string;
}

export interface CurrentRow<R> {
  personId: number;
  hash: string;
  row: R;
}

export type FeedChange<R> =
  | { op: 'add'; personId: number; hash: string; row: R }
  | { op: 'change'; personId: number; hash: string; row: R }
  | { op: 'remove'; personId: number };

export function diffRows<R>(previous: readonly StoredRow[], current: readonly CurrentRow<R>[]): FeedChange<R>[] {
  const before = new Map(previous.map((p) => [p.personId, p.hash]));
  const now = new Set(current.map((c) => c.personId));
  const out: FeedChange<R>[] = [];
  for (const c of current) {
    const hash = before.get(c.personId);
    if (hash === undefined) out.push({ op: 'add', personId: c.personId, hash: c.hash, row: c.row });
    else if (hash !== c.hash) out.push({ op: 'change', personId: c.personId, hash: c.hash, row: c.row });
  }
  for (const p of previous) if (!now.has(p.personId)) out.push({ op: 'remove', personId: p.personId });
  return out.sort((a, b) => a.personId - b.personId);
}
