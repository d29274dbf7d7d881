import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { isoDate } from '../platform/dates.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { conflict } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { applyRecords, lockSource } from './snapshot-apply.ts';
import type { StageOptions } from './snapshot-staging.ts';
import { ownedElsewhere } from './snapshot-owner.ts';
import { changedBatch, type DiffCounts, dropStaged, removedBatch, removedKeys } from './snapshot-store.ts';
import type { SourceConfig } from './source-config.ts';

/**
 * Applying a staged snapshot in batches of 2,000 changed records, each one transaction with
 * its audit rows, so a snapshot applies wholly — or, if the process is killed, the same file
 * sent again finds the committed batches unchanged and finishes the rest ("resumes").
 */
export interface ApplyOptions {
  onProgress?: StageOptions['onProgress'];
  /** Records per apply transaction (default 2,000). */
  applyBatchSize?: number;
}

const APPLY_BATCH = 2000;

/** Marks the snapshot failed (if still in flight) with the reason; its staged rows stay for a re-sent file. */
export async function markFailed(deps: ServiceDeps, id: number, error: unknown): Promise<void> {
  const why = error instanceof Error ? error.message : String(error);
  await sql`
    update snapshots set state = 'failed', finished_at = ${deps.clock.now()}::timestamptz, version = version + 1,
      decision = coalesce(decision || '; ', '') || ${`failed: ${why}`.slice(0, 1000)}
    where id = ${id} and state in ('receiving', 'applying')`.execute(deps.db);
}

/**
 * Marks failed, as interrupted, every snapshot left in flight ('receiving' or 'applying') by a process that stopped:
 * those of `source` (all sources if null) that neither this process (`busy`: snapshot ids it works on) nor another
 * live one (snapshot-owner.ts) holds. Run when the server starts and before a source's next snapshot. Their staged
 * rows stay: the same file sent again finishes the job. Returns the ids marked.
 */
export async function failInterrupted(
  deps: ServiceDeps,
  busy: ReadonlySet<number>,
  source: string | null,
): Promise<number[]> {
  return deps.db.transaction().execute(async (trx) => {
    let q = trx
      .selectFrom('snapshots')
      .select(['id', 'state', 'applied', 'added', 'changed', 'removed'])
      .where('state', 'in', ['receiving', 'applying'])
      .orderBy('id')
      .forUpdate();
    if (source !== null) q = q.where('source', '=', source);
    const marked: number[] = [];
    for (const s of await q.execute()) {
      if (busy.has(s.id) || (await ownedElsewhere(trx, s.id))) continue;
      const planned = (s.added ?? 0) + (s.changed ?? 0) + (s.removed ?? 0);
      const what =
        s.state === 'applying'
          ? `while it was being applied, after ${s.applied.toLocaleString('en-US')} of ${planned.toLocaleString('en-US')} records`
          : 'while it was being received';
      await sql`
        update snapshots set state = 'failed', finished_at = ${deps.clock.now()}::timestamptz, version = version + 1,
          decision = ${`interrupted: the process stopped ${what}; send the same file again to finish it`}
            || coalesce(' (it had been decided: ' || decision || ')', '')
        where id = ${s.id}`.execute(trx);
      marked.push(s.id);
    }
    return marked;
  });
}

/**
 * Counts a batch's records applied, people created and reviews on the snapshot in the batch's transaction, so a kill
 * loses none.
 */
async function countDone(
  db: Kysely<DB>,
  id: number,
  n: number,
  c: { peopleCreated: number; reviews: number },
): Promise<void> {
  await sql`
    update snapshots set applied = applied + ${n}::int, people_created = people_created + ${c.peopleCreated}::int,
      reviews = reviews + ${c.reviews}::int
    where id = ${id}`.execute(db);
}

/**
 * Applies the staged differences in batches, each its own transaction; returns people created and records left for
 * review.
 */
async function applyStaged(
  deps: ServiceDeps,
  actor: Actor,
  id: number,
  source: SourceConfig,
  options: ApplyOptions,
  lines: number,
  diff: DiffCounts,
): Promise<{ peopleCreated: number; reviews: number }> {
  const { db, clock } = deps;
  const ctx = { source, snapshotId: id, today: isoDate(clock.now()), origin: `snapshot ${id} of ${source.name}` };
  const size = Math.max(1, options.applyBatchSize ?? APPLY_BATCH);
  const total = { peopleCreated: 0, reviews: 0, applied: 0 };
  // A phase the diff (counted just before) has nothing for is not walked: a single-record
  // update landing meanwhile wins, as it would had it come just after that phase's batch.
  const phases = [
    ...(diff.added + diff.changed > 0 ? ['upserts' as const] : []),
    ...(diff.removed > 0 ? ['removals' as const] : []),
  ];
  for (const phase of phases) {
    let after: string | null = null;
    // Removals: the keys the snapshot lacks, found once, applied a batch at a time.
    const gone = phase === 'removals' ? await removedKeys(db, id, source.name) : [];
    for (let more = true; more;) {
      const keys = gone.splice(0, size);
      const done: { last: string; n: number; peopleCreated: number; reviews: number } | null = await write(
        deps,
        actor,
        async (uow) => {
          await lockSource(uow, source.name);
          const now = await uow.db
            .selectFrom('snapshots')
            .select('state')
            .where('id', '=', id)
            .forUpdate()
            .executeTakeFirst();
          if (now?.state !== 'applying')
            throw conflict(`snapshot ${id} is no longer being applied (it is ${now?.state ?? 'gone'})`);
          if (phase === 'upserts') {
            const items = await changedBatch(uow.db, id, source.name, after, size);
            if (items.length === 0) return null;
            const c = await applyRecords(uow, ctx, items, []);
            await countDone(uow.db, id, items.length, c);
            return {
              last: items[items.length - 1].recordKey,
              n: items.length,
              peopleCreated: c.peopleCreated,
              reviews: c.reviews,
            };
          }
          const items = await removedBatch(uow.db, id, source.name, keys);
          // Records removed on file meanwhile (single-record deletes) are simply not there.
          if (items.length === 0) return { last: after ?? '', n: 0, peopleCreated: 0, reviews: 0 };
          const c = await applyRecords(uow, ctx, [], items);
          await countDone(uow.db, id, items.length, c);
          return {
            last: items[items.length - 1].recordKey,
            n: items.length,
            peopleCreated: c.peopleCreated,
            reviews: c.reviews,
          };
        },
      );
      if (!done) break;
      // A short batch of upserts is the last: the walk reached the end of the staged rows.
      more = phase === 'upserts' ? done.n >= size : gone.length > 0;
      after = done.last;
      total.applied += done.n;
      total.peopleCreated += done.peopleCreated;
      total.reviews += done.reviews;
      await options.onProgress?.({ snapshotId: id, phase: 'applying', lines, applied: total.applied });
    }
  }
  return total;
}

/** Applies a snapshot already in state 'applying' and records the outcome; the source must be claimed. */
export async function applyAndFinish(
  deps: ServiceDeps,
  actor: Actor,
  id: number,
  source: SourceConfig,
  options: ApplyOptions,
  lines: number,
  diff: DiffCounts,
): Promise<void> {
  await applyStaged(deps, actor, id, source, options, lines, diff);
  await deps.db.transaction().execute(async (trx) => {
    const finished = await trx
      .updateTable('snapshots')
      .set({
        state: 'applied',
        finished_at: deps.clock.now(),
        version: sql`version + 1`,
      })
      .where('id', '=', id)
      .where('state', '=', 'applying')
      .executeTakeFirst();
    if (!finished.numUpdatedRows) throw conflict(`snapshot ${id} was stopped while it was applied`);
    await dropStaged(trx, [id]);
  });
}
