import { compareStarts, overlaps } from './dates.ts';
import type { StatusInterval } from './derive.ts';
import { dayBefore } from '../platform/dates.ts';

/**
 * Status history as stored rows, brought up to date with freshly derived intervals in as
 * few writes as possible. Pure and deterministic: the operations depend only on the rows'
 * content and ids, never on the order they were loaded in, so refreshing one person and a
 * full recompute write exactly the same rows; and applying the result and diffing again
 * gives no operations.
 *
 * Pairing, per status type:
 * 1. a stored row identical to a derived interval is unchanged;
 * 2. a derived interval takes the earliest remaining row of its type that shares a day with
 *    it, which is updated to it (an end moved, a bridge added, a start corrected);
 * 3. what is left: a row sharing days with a derived interval is superseded and deleted; a
 *    row that starts today or later never held and is deleted; a row that ended before
 *    today is history and stays; any other row is still open although no affiliation
 *    supports it any more, so it is closed yesterday (the facts deny it today). Before
 *    deleting, a leftover row is reused for a still unpaired derived interval of its type
 *    (one update instead of a delete and an insert).
 * 4. a derived interval still unpaired is opened as a new row.
 *
 * Stored rows of one type never overlap (the diff keeps it so), which is what makes the
 * pairing unambiguous.
 */

/** A status history row. */
export interface StoredInterval extends StatusInterval {
  id: number;
}

export type HistoryOp =
  | { op: 'open'; after: StatusInterval }
  | { op: 'update'; id: number; before: StoredInterval; after: StatusInterval }
  | { op: 'close'; id: number; before: StoredInterval; after: StatusInterval }
  | { op: 'delete'; id: number; before: StoredInterval; reason: 'superseded' | 'not-started' };

export interface HistoryDiff {
  /** The writes to make, in a stable order. Empty when the history is up to date. */
  ops: HistoryOp[];
  /** Ids of rows that stay as they are. */
  unchanged: number[];
}

/** Only the stored content of an interval (drops rank, category, id). */
export function intervalContent(i: StatusInterval): StatusInterval {
  return {
    statusTypeId: i.statusTypeId,
    start: i.start,
    end: i.end,
    bridgedTo:
      i.bridgedTo === null
        ? null
        : { statusTypeId: i.bridgedTo.statusTypeId, start: i.bridgedTo.start, originalEnd: i.bridgedTo.originalEnd },
    because: [...i.because]
      .sort((a, b) => a.affiliationId - b.affiliationId)
      .map((b) => ({ affiliationId: b.affiliationId, source: b.source, kind: b.kind, orgCode: b.orgCode })),
  };
}

function contentKey(i: StatusInterval): string {
  const c = intervalContent(i);
  return JSON.stringify([
    c.statusTypeId,
    c.start,
    c.end,
    c.bridgedTo && [c.bridgedTo.statusTypeId, c.bridgedTo.start, c.bridgedTo.originalEnd],
    c.because.map((b) => [b.affiliationId, b.source, b.kind, b.orgCode]),
  ]);
}

/** True if two intervals would be stored identically (the order of `because` does not matter). */
export function sameInterval(a: StatusInterval, b: StatusInterval): boolean {
  return contentKey(a) === contentKey(b);
}

const byStart = <T extends StatusInterval>(a: T, b: T) => compareStarts(a.start, b.start);
const byStartThenId = (a: StoredInterval, b: StoredInterval) => compareStarts(a.start, b.start) || a.id - b.id;

function takeFirst<T>(list: T[], test: (item: T) => boolean): T | null {
  const at = list.findIndex(test);
  return at === -1 ? null : list.splice(at, 1)[0];
}

/**
 * The writes that turn a person's stored status history into the derived intervals, as of
 * `today` (the day the refresh runs, from the clock). See the file comment for the rules.
 */
export function diffHistory(
  stored: readonly StoredInterval[],
  derived: readonly StatusInterval[],
  today: string,
): HistoryDiff {
  const rows = [...stored].sort(byStartThenId);
  const wanted = [...derived].sort((a, b) => byStart(a, b) || a.statusTypeId - b.statusTypeId);
  const ops: HistoryOp[] = [];
  const unchanged: number[] = [];

  // 1. identical rows
  const byKey = new Map<string, StoredInterval[]>();
  for (const row of rows) {
    const key = contentKey(row);
    const list = byKey.get(key);
    if (list) list.push(row);
    else byKey.set(key, [row]);
  }
  const taken = new Set<number>();
  let unpaired: StatusInterval[] = [];
  for (const d of wanted) {
    const row = byKey.get(contentKey(d))?.shift();
    if (row) {
      unchanged.push(row.id);
      taken.add(row.id);
    } else unpaired.push(d);
  }
  const left = rows.filter((r) => !taken.has(r.id));

  // 2. rows that share a day with a derived interval of their type
  const stillUnpaired: StatusInterval[] = [];
  for (const d of unpaired) {
    const row = takeFirst(left, (r) => r.statusTypeId === d.statusTypeId && overlaps(r, d));
    if (row) ops.push({ op: 'update', id: row.id, before: row, after: intervalContent(d) });
    else stillUnpaired.push(d);
  }
  unpaired = stillUnpaired;

  // 3. leftover rows: superseded, never started, history, or still open
  const fate = (r: StoredInterval): 'superseded' | 'not-started' | 'history' | 'close' => {
    if (derived.some((d) => d.statusTypeId === r.statusTypeId && overlaps(r, d))) return 'superseded';
    if (r.start !== null && r.start >= today) return 'not-started';
    if (r.end !== null && r.end < today) return 'history';
    return 'close';
  };
  const fates = new Map(left.map((r) => [r.id, fate(r)]));
  const disposable = (r: StoredInterval) => fates.get(r.id) === 'superseded' || fates.get(r.id) === 'not-started';
  for (const d of unpaired) {
    const row = takeFirst(left, (r) => r.statusTypeId === d.statusTypeId && disposable(r));
    if (row) ops.push({ op: 'update', id: row.id, before: row, after: intervalContent(d) });
    else ops.push({ op: 'open', after: intervalContent(d) });
  }
  for (const row of left) {
    const f = fates.get(row.id)!;
    if (f === 'history') unchanged.push(row.id);
    else if (f === 'close')
      ops.push({
        op: 'close',
        id: row.id,
        before: row,
        after: { ...intervalContent(row), end: dayBefore(today), bridgedTo: null },
      });
    else ops.push({ op: 'delete', id: row.id, before: row, reason: f });
  }
  unchanged.sort((a, b) => a - b);
  return { ops, unchanged };
}

/**
 * The rows after applying a diff, as the store would hold them (new rows get ids from
 * `newId`): lets tests and dry runs see the outcome without a database.
 */
export function applyHistoryDiff(
  stored: readonly StoredInterval[],
  diff: HistoryDiff,
  newId: () => number,
): StoredInterval[] {
  const rows = new Map(stored.map((r) => [r.id, { ...intervalContent(r), id: r.id }]));
  for (const op of diff.ops) {
    switch (op.op) {
      case 'open': {
        const id = newId();
        rows.set(id, { ...intervalContent(op.after), id });
        break;
      }
      case 'delete':
        rows.delete(op.id);
        break;
      case 'update':
      case 'close':
        rows.set(op.id, { ...intervalContent(op.after), id: op.id });
        break;
      default: {
        const unknown: never = op;
        throw new Error(`unknown history operation ${JSON.stringify(unknown)}`);
      }
    }
  }
  return [...rows.values()].sort(byStartThenId);
}
