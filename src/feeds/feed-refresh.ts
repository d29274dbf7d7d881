import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { write } from '../platform/unit-of-work.ts';
import { diffRows, type FeedChange } from './feed-diff.ts';
import { personFacts, resolveSelection, selectedIds, streamValues } from './feed-query.ts';
import { type FeedRow, renderRow, rowHash } from './feed-rows.ts';
import { definitionOf, loadFeed } from './feed-store.ts';
import { isoDate } from '../platform/dates.ts';

/**
 * Refreshing a feed: the people it selects today against the rows it last emitted, one
 * range of person ids per transaction. Each batch locks the feed row, reads at most
 * `batchSize` selected people and `batchSize` stored rows after the cursor, diffs them
 * (feed-diff.ts), appends the changes with the feed's next sequence numbers, brings
 * `feed_rows` up to date and records one audit row and change-log entry summing the
 * batch. A run killed half-way has lost nothing: its committed batches are kept and a new
 * run finds them unchanged. The last batch sets `last_generated_at` and records the run.
 */
export interface RefreshResult {
  feed: string;
  added: number;
  changed: number;
  removed: number;
  fromSeq: number;
  toSeq: number;
  batches: number;
  /** False when stopped by `maxBatches` before the end (run again to finish). */
  complete: boolean;
}

export interface RefreshOptions {
  batchSize?: number;
  /** Stop after this many batches (tests use it to stand for a run killed half-way). */
  maxBatches?: number;
  /** The time recorded as `last_generated_at` (default: the transaction's now); the scheduler passes its slot. */
  generatedAt?: Date;
}

const BATCH = 2_000;

/** Which count each kind of change adds to (a Record: a new kind must say where it counts). */
const COUNTED: Record<FeedChange<FeedRow>['op'], 'added' | 'changed' | 'removed'> = {
  add: 'added',
  change: 'changed',
  remove: 'removed',
};

export async function refreshFeed(
  deps: ServiceDeps,
  actor: Actor,
  name: string,
  options: RefreshOptions = {},
): Promise<RefreshResult> {
  const size = options.batchSize ?? BATCH;
  const today = isoDate(deps.clock.now());
  const total: RefreshResult = {
    feed: name,
    added: 0,
    changed: 0,
    removed: 0,
    fromSeq: 0,
    toSeq: 0,
    batches: 0,
    complete: false,
  };
  let after = 0;
  let first = true;
  for (;;) {
    if (options.maxBatches !== undefined && total.batches >= options.maxBatches) return total;
    const done = await write(deps, actor, async (uow) => {
      const feed = await loadFeed(uow.db, name, { forUpdate: true });
      if (first) total.fromSeq = total.toSeq = feed.lastSeq;
      first = false;
      const def = definitionOf(feed);
      const selection = await resolveSelection(uow.db, def);
      const ids = await selectedIds(uow.db, selection, today, after, size);
      const stored = await uow.db
        .selectFrom('feed_rows')
        .select(['person_id', 'hash', 'row'])
        .where('feed', '=', name)
        .where('person_id', '>', after)
        .orderBy('person_id')
        .limit(size)
        .execute();
      const upper = Math.min(
        ids.length === size ? ids[size - 1] : Infinity,
        stored.length === size ? stored[size - 1].person_id : Infinity,
      );
      const facts = await personFacts(
        uow.db,
        ids.filter((id) => id <= upper),
        today,
      );
      const values = await streamValues(uow.db, def.columns);
      const current = facts.map((f) => {
        const row = renderRow(f, def.columns, values);
        return { personId: f.id, hash: rowHash(row, def.columns), row };
      });
      const previous = stored
        .filter((s) => s.person_id <= upper)
        .map((s) => ({ personId: s.person_id, hash: s.hash, row: s.row as FeedRow }));
      const changes = diffRows(previous, current);
      const rowOf = new Map(previous.map((p) => [p.personId, p.row]));
      let seq = feed.lastSeq;
      const written = changes.map((c) => ({
        seq: ++seq,
        person_id: c.personId,
        op: c.op,
        row: c.op === 'remove' ? rowOf.get(c.personId) : c.row,
        hash: c.op === 'remove' ? null : c.hash,
      }));
      const counts = { added: 0, changed: 0, removed: 0 };
      for (const c of changes) counts[COUNTED[c.op]] += 1;
      if (written.length) {
        const json = JSON.stringify(written);
        await sql`
          insert into feed_changes (feed, seq, person_id, op, row, at)
          select ${name}, x.seq, x.person_id, x.op, x.row, ${uow.now}::timestamptz
          from jsonb_to_recordset(${json}::jsonb) as x(seq bigint, person_id bigint, op text, row jsonb)`.execute(
          uow.db,
        );
        await sql`
          insert into feed_rows (feed, person_id, row, hash)
          select ${name}, x.person_id, x.row, x.hash
          from jsonb_to_recordset(${json}::jsonb) as x(person_id bigint, op text, row jsonb, hash text)
          where x.op <> 'remove'
          on conflict (feed, person_id) do update set row = excluded.row, hash = excluded.hash`.execute(uow.db);
        const removed = written.filter((w) => w.op === 'remove').map((w) => w.person_id);
        if (removed.length)
          await sql`delete from feed_rows where feed = ${name} and person_id = any(${removed}::bigint[])`.execute(
            uow.db,
          );
      }
      const last = upper === Infinity;
      total.added += counts.added;
      total.changed += counts.changed;
      total.removed += counts.removed;
      total.batches += 1;
      total.toSeq = seq;
      await uow.db
        .updateTable('feeds')
        .set({ last_seq: seq, ...(last ? { last_generated_at: options.generatedAt ?? uow.now } : {}) })
        .where('name', '=', name)
        .execute();
      if (last) {
        total.complete = true;
        const { feed: _f, batches: _b, complete: _c, ...summary } = total;
        uow.record({
          action: 'feed.refresh',
          op: 'refreshed',
          targetType: 'feed',
          targetId: name,
          after: { ...summary, on: today },
        });
      } else if (written.length) {
        uow.record({
          action: 'feed.refresh.batch',
          op: 'refreshed',
          targetType: 'feed',
          targetId: name,
          after: {
            ...counts,
            fromSeq: feed.lastSeq,
            toSeq: seq,
            afterPersonId: after,
            throughPersonId: upper,
            on: today,
          },
        });
      }
      after = upper;
      return last;
    });
    if (done) return total;
  }
}
