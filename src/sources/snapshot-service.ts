import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { conflict, invalid } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { type ValveDecision, valveDecision } from './diff.ts';
import { createHeldSnapshotService } from './held-snapshot-service.ts';
import { lockSource } from './snapshot-apply.ts';
import { applyAndFinish, type ApplyOptions, failInterrupted, markFailed } from './snapshot-batches.ts';
import { type Ownership, ownSnapshot } from './snapshot-owner.ts';
import type { SnapshotFormat } from './snapshot-rows.ts';
import { stageSnapshot, type StageOptions } from './snapshot-staging.ts';
import { diffCounts, dropStaged, sameRecords } from './snapshot-store.ts';
import {
  listSnapshots,
  loadSource,
  type SnapshotDetail,
  snapshotDetail,
  type SnapshotFilter,
  type SnapshotView,
} from './snapshot-views.ts';
import type { SourceConfig } from './source-config.ts';

export type { SnapshotProgress } from './snapshot-staging.ts';

/**
 * Receiving a source's full snapshot and reconciling it: the rows are staged
 * (snapshot-staging.ts), the staged snapshot is diffed against what the source said last time
 * (`source_records`) in SQL; the safety valve applies it (snapshot-batches.ts), holds it for an
 * administrator (held-snapshot-service.ts), or (dry run) only reports.
 *
 * One snapshot per source at a time: a source with a snapshot being received or applied in
 * this process refuses another (409); one left `receiving`/`applying` by a process that died
 * is marked `failed` by the next. A held snapshot blocks the source's next real snapshot
 * until it is released or discarded (dry runs may still be sent).
 */
export interface ReceiveOptions extends StageOptions, ApplyOptions {
  /** Report what would change, apply nothing (state 'dry-run'). */
  dryRun?: boolean;
  /** Apply even over the source's threshold (never over row errors). */
  force?: boolean;
  /**
   * Answer as soon as the snapshot is received and decided: one to apply is answered in state 'applying' and applied in
   * the background, a batch at a time (follow it with `getSnapshot`: state, records applied so far).
   */
  background?: boolean;
}

const FORMATS: readonly string[] = ['csv', 'jsonl'];

/** The state the safety valve's decision puts a snapshot in. */
const STATE_OF: Record<ValveDecision['decision'], 'applying' | 'held' | 'dry-run'> = {
  apply: 'applying',
  hold: 'held',
  'dry-run': 'dry-run',
};

export function createSnapshotService(deps: ServiceDeps, kind: 'postgres' | 'pglite' = 'pglite') {
  const { db, clock } = deps;
  /** Sources with a snapshot being received or applied by this process. */
  const busy = new Map<string, number>();
  const busyIds = () => new Set(busy.values());
  /** Applies running in the background (ReceiveOptions.background). */
  const jobs = new Set<Promise<void>>();
  /** The ownership (snapshot-owner.ts) of the snapshots this process works on, by id. */
  const owned = new Map<number, Ownership>();

  /**
   * Marks failed, as interrupted, the snapshots a process that stopped left in flight (all sources); the server runs
   * it when it starts, so a snapshot killed mid-apply reads 'failed' at once. Returns their ids.
   */
  async function failInterruptedSnapshots(): Promise<number[]> {
    return failInterrupted(deps, busyIds(), null);
  }

  /**
   * Takes the source for one snapshot: refuses if busy here or held, marks dead ones failed, and commits the new
   * snapshots row.
   */
  async function claim(actor: Actor, source: SourceConfig, format: SnapshotFormat, dryRun: boolean): Promise<number> {
    const running = busy.get(source.name);
    if (running !== undefined)
      throw conflict(
        `snapshot ${running} of ${source.name} is being received or applied; send the next one when it has finished`,
        { field: 'source', rule: 'one-at-a-time', message: `snapshot ${running} is in progress` },
      );
    // The id is taken first so that this process owns the snapshot before any other can see it in flight.
    const {
      rows: [{ id: reserved }],
    } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('snapshots', 'id'))::int as id`.execute(db);
    busy.set(source.name, reserved);
    const ownership = await ownSnapshot(db, kind, reserved).catch((e: unknown) => {
      busy.delete(source.name);
      throw e;
    });
    owned.set(reserved, ownership);
    const id = await write(deps, actor, async (uow) => {
      await lockSource(uow, source.name);
      if (!dryRun) {
        const held = await uow.db
          .selectFrom('snapshots')
          .select('id')
          .where('source', '=', source.name)
          .where('state', '=', 'held')
          .orderBy('id')
          .executeTakeFirst();
        if (held)
          throw conflict(
            `snapshot ${held.id} of ${source.name} is held for an administrator; release or discard it before sending the next one`,
            { field: 'source', rule: 'snapshot-held', message: `snapshot ${held.id} is held` },
          );
      }
      const row = await uow.db
        .insertInto('snapshots')
        .values({
          id: reserved,
          source: source.name,
          format,
          dry_run: dryRun,
          state: 'receiving',
          received_by: actor.name,
          received_at: uow.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    }).catch(async (e: unknown) => {
      await release(source.name, reserved);
      throw e;
    });
    // A snapshot of this source still in flight was left by a process that stopped (none here works on it).
    await failInterrupted(deps, busyIds(), source.name);
    return id;
  }

  /** Lets go of the source and the snapshot's ownership. */
  async function release(sourceName: string, id: number): Promise<void> {
    busy.delete(sourceName);
    const ownership = owned.get(id);
    owned.delete(id);
    await ownership?.release();
  }

  /**
   * Receives a full snapshot of a source from any byte stream (HTTP body, file, chunks),
   * stages, diffs, decides and (unless held or a dry run) applies it; returns the summary.
   */
  async function receiveSnapshot(
    actor: Actor,
    sourceName: string,
    input: Readable | AsyncIterable<string | Uint8Array>,
    options: ReceiveOptions,
  ): Promise<SnapshotDetail> {
    authorise(actor, 'sources:feed');
    if (!FORMATS.includes(options.format))
      throw invalid('/format', 'enum', `must be csv or jsonl, not ${options.format}`);
    const source = await loadSource(db, sourceName);
    const dryRun = Boolean(options.dryRun);
    const id = await claim(actor, source, options.format, dryRun);
    let handedOver = false;
    try {
      const lines = await stageSnapshot(db, id, source, input, options);
      const {
        rows: [{ n: errorLines }],
      } = await sql<{
        n: number;
      }>`select count(distinct line)::int as n from snapshot_errors where snapshot_id = ${id}`.execute(db);
      const diff = await diffCounts(db, id, source.name);
      const records = diff.added + diff.changed + diff.unchanged;
      const valve = valveDecision({
        previousCount: diff.previous,
        added: diff.added,
        changed: diff.changed,
        removed: diff.removed,
        errorLines,
        threshold: source.holdThreshold,
        force: options.force,
        dryRun,
      });
      // The same records as a snapshot that was interrupted while being applied: this one finishes it.
      let resumes: number | null = null;
      const last = await db
        .selectFrom('snapshots')
        .select(['id', 'state', 'decided_at'])
        .where('source', '=', source.name)
        .where('dry_run', '=', false)
        .where('id', '<', id)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      if (
        !dryRun &&
        errorLines === 0 &&
        last &&
        last.state === 'failed' &&
        last.decided_at !== null &&
        (await sameRecords(db, source.name, id, last.id))
      )
        resumes = last.id;
      let state = STATE_OF[valve.decision];
      let reason: string = valve.reason;
      let decision = valve.message;
      if (resumes !== null) {
        decision = `finishes snapshot ${resumes}, which was interrupted while being applied (the same records): ${(diff.added + diff.changed + diff.removed).toLocaleString('en-US')} still to apply; ${decision}`;
        if (state === 'held') [state, reason] = ['applying', 'resumed'];
      }
      const moved = await db
        .updateTable('snapshots')
        .set({
          state,
          decision,
          reason,
          resumes,
          records,
          errors: errorLines,
          added: diff.added,
          changed: diff.changed,
          removed: diff.removed,
          unchanged: diff.unchanged,
          decided_at: state === 'applying' ? clock.now() : null,
          decided_by: options.force && state === 'applying' ? actor.name : null,
          finished_at: state === 'dry-run' ? clock.now() : null,
          version: sql`version + 1`,
        })
        .where('id', '=', id)
        .where('state', '=', 'receiving')
        .executeTakeFirst();
      if (!moved.numUpdatedRows) throw conflict(`snapshot ${id} was stopped while it was received`);
      // Older staged rows are of no further use: earlier dry runs, and failed snapshots (now compared).
      const stale = await db
        .selectFrom('snapshots')
        .select('id')
        .where('source', '=', source.name)
        .where('id', '<', id)
        .where('state', 'in', ['dry-run', 'failed'])
        .execute();
      await dropStaged(
        db,
        stale.map((s) => s.id),
      );
      if (state !== 'applying') return await snapshotDetail(db, id);
      const apply = async () => {
        await applyAndFinish(deps, actor, id, source, options, lines, diff);
        if (resumes !== null) await dropStaged(db, [resumes]);
      };
      if (!options.background) {
        await apply();
        return await snapshotDetail(db, id);
      }
      // Answered now (applying, nothing applied yet); the job goes on and lets go of the source when it ends.
      const detail = await snapshotDetail(db, id);
      inBackground(id, source.name, apply);
      handedOver = true;
      return detail;
    } catch (e) {
      await markFailed(deps, id, e);
      throw e;
    } finally {
      if (!handedOver) await release(source.name, id);
    }
  }

  /** Runs a snapshot's apply after its request was answered; a failure marks it failed (and is logged). */
  function inBackground(id: number, sourceName: string, apply: () => Promise<void>): void {
    const job = apply()
      .catch(async (e: unknown) => {
        deps.log.error({ err: e, snapshot: id }, 'applying a snapshot in the background failed');
        await markFailed(deps, id, e).catch(() => {});
      })
      .finally(() => release(sourceName, id));
    jobs.add(job);
    void job.finally(() => jobs.delete(job));
  }

  /** Resolves when every snapshot this process applies in the background has ended (applied or failed). */
  async function settled(): Promise<void> {
    while (jobs.size) await Promise.allSettled([...jobs]);
  }

  async function getSnapshot(actor: Actor, id: number): Promise<SnapshotDetail> {
    authorise(actor, 'sources:read');
    return snapshotDetail(db, id);
  }

  async function listAll(actor: Actor, filter: SnapshotFilter): Promise<SnapshotView[]> {
    authorise(actor, 'sources:read');
    return listSnapshots(db, filter);
  }

  return {
    receiveSnapshot,
    getSnapshot,
    listSnapshots: listAll,
    failInterrupted: failInterruptedSnapshots,
    settled,
    ...createHeldSnapshotService(deps, busy, kind),
  };
}

export type SnapshotService = ReturnType<typeof createSnapshotService>;
