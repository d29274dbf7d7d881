import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { conflict } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { valveDecision } from './diff.ts';
import { lockSource } from './snapshot-apply.ts';
import { type Ownership, ownSnapshot } from './snapshot-owner.ts';
import { applyAndFinish, type ApplyOptions, markFailed } from './snapshot-batches.ts';
import { type DiffChange, diffCounts, diffPage, dropStaged, staleRecords } from './snapshot-store.ts';
import { loadSource, type SnapshotDetail, snapshotDetail } from './snapshot-views.ts';

/**
 * An administrator's decisions on a snapshot the safety valve held (or a dry run): compare
 * its differences page by page, release it (apply it over the threshold) or discard it.
 * `busy` is the snapshot service's map of sources with a snapshot in progress in this process.
 */
export function createHeldSnapshotService(
  deps: ServiceDeps,
  busy: Map<string, number>,
  kind: 'postgres' | 'pglite' = 'pglite',
) {
  const { db } = deps;

  /**
   * One page of a held or dry-run snapshot's differences: each record and, if changed or removed, what the source said
   * before.
   */
  async function snapshotDiff(
    actor: Actor,
    id: number,
    query: { change?: DiffChange; after?: string; limit?: number },
  ) {
    authorise(actor, 'sources:read');
    const snap = await snapshotDetail(db, id);
    if (snap.state !== 'held' && snap.state !== 'dry-run') {
      throw conflict(
        `snapshot ${id} is ${snap.state}: only a held snapshot or a dry run keeps its rows to compare (its counts remain)`,
        { field: 'id', rule: 'staged', message: `is ${snap.state}` },
      );
    }
    const limit = Math.min(Math.max(query.limit ?? 100, 1), 1000);
    const items = await diffPage(db, id, snap.source, query.change ?? null, query.after ?? null, limit + 1);
    const page = items.slice(0, limit);
    return {
      snapshot: id,
      source: snap.source,
      items: page,
      next: items.length > limit ? page[page.length - 1].recordKey : null,
    };
  }

  /** Applies a held snapshot over its threshold (an administrator's decision); never one with errors. */
  async function release(actor: Actor, id: number, options: ApplyOptions = {}): Promise<SnapshotDetail> {
    authorise(actor, 'sources:feed');
    const snap = await snapshotDetail(db, id);
    const source = await loadSource(db, snap.source);
    if (busy.has(source.name))
      throw conflict(
        `snapshot ${busy.get(source.name)} of ${source.name} is in progress; try again when it has finished`,
      );
    busy.set(source.name, id);
    let ownership: Ownership | null = null;
    try {
      ownership = await ownSnapshot(db, kind, id);
      const diff = await write(deps, actor, async (uow) => {
        await lockSource(uow, source.name);
        const row = await uow.db
          .selectFrom('snapshots')
          .select(['state', 'errors'])
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        if (row.state !== 'held')
          throw conflict(`snapshot ${id} is ${row.state}; only a held snapshot can be released`, {
            field: 'state',
            rule: 'held',
            message: `is ${row.state}`,
          });
        if (row.errors > 0)
          throw conflict(
            `snapshot ${id} has errors on ${row.errors} line(s) and cannot be applied by halves; correct the file and send it again, or discard this one`,
            { field: 'errors', rule: 'row-errors', message: `${row.errors} line(s) have errors` },
          );
        const stale = await staleRecords(uow.db, id, source.name);
        if (stale > 0)
          throw conflict(
            `${stale} record(s) of snapshot ${id} changed on file since it was received (single-record updates); send the snapshot again`,
            { field: 'state', rule: 'stale', message: `${stale} record(s) changed on file` },
          );
        // Counted again: what is on file may have moved since the snapshot was held.
        const diff = await diffCounts(uow.db, id, source.name);
        const valve = valveDecision({
          previousCount: diff.previous,
          added: diff.added,
          changed: diff.changed,
          removed: diff.removed,
          threshold: source.holdThreshold,
          force: true,
        });
        const decision = `released by ${actor.name}: ${valve.message}`;
        await uow.db
          .updateTable('snapshots')
          .set({
            state: 'applying',
            decision,
            reason: valve.reason,
            added: diff.added,
            changed: diff.changed,
            removed: diff.removed,
            unchanged: diff.unchanged,
            decided_by: actor.name,
            decided_at: uow.now,
            version: sql`version + 1`,
          })
          .where('id', '=', id)
          .execute();
        uow.record({
          action: 'snapshot.release',
          op: 'released',
          targetType: 'snapshot',
          targetId: id,
          before: { state: 'held', decision: snap.decision },
          after: {
            state: 'applying',
            decision,
            source: source.name,
            added: diff.added,
            changed: diff.changed,
            removed: diff.removed,
          },
        });
        return diff;
      });
      try {
        await applyAndFinish(deps, actor, id, source, options, snap.records, diff);
      } catch (e) {
        await markFailed(deps, id, e);
        throw e;
      }
      return snapshotDetail(db, id);
    } finally {
      busy.delete(source.name);
      await ownership?.release();
    }
  }

  /** Drops a held snapshot (or a dry run's rows): nothing of it is applied; its counts remain. */
  async function discard(actor: Actor, id: number, reason?: string): Promise<SnapshotDetail> {
    authorise(actor, 'sources:feed');
    const snap = await snapshotDetail(db, id);
    await write(deps, actor, async (uow) => {
      await lockSource(uow, snap.source);
      const row = await uow.db
        .selectFrom('snapshots')
        .select('state')
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (row.state !== 'held' && row.state !== 'dry-run')
        throw conflict(`snapshot ${id} is ${row.state}; only a held snapshot or a dry run can be discarded`, {
          field: 'state',
          rule: 'held',
          message: `is ${row.state}`,
        });
      const decision = `${snap.decision ?? ''}; discarded by ${uow.actor.name}${reason ? `: ${reason}` : ''}`;
      await uow.db
        .updateTable('snapshots')
        .set({
          state: 'discarded',
          decision,
          decided_by: uow.actor.name,
          decided_at: uow.now,
          finished_at: uow.now,
          version: sql`version + 1`,
        })
        .where('id', '=', id)
        .execute();
      await dropStaged(uow.db, [id]);
      uow.record({
        action: 'snapshot.discard',
        op: 'discarded',
        targetType: 'snapshot',
        targetId: id,
        before: { state: row.state },
        after: { state: 'discarded', source: snap.source },
        reason: reason ?? null,
      });
    });
    return snapshotDetail(db, id);
  }

  return { snapshotDiff, release, discard };
}
