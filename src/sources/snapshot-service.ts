import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { invalid, StewardError } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { valveDecision } from './diff.ts';
import { recordHash } from './record-hash.ts';
import { applyRecords, lockSource } from './snapshot-apply.ts';
import { checkedSnapshot, snapshotChecker, unknownOrgCodeErrors } from './snapshot-check.ts';
import { readSnapshot, type RowError, type SnapshotFormat } from './snapshot-rows.ts';
import { fingerprinter, loadOnFile } from './snapshot-fingerprints.ts';
import {
  changedBatch,
  type DiffChange,
  type DiffCounts,
  diffCounts,
  diffPage,
  dropStaged,
  knownOrgCodes,
  removedBatch,
  removedKeys,
  sameRecords,
  stageErrors,
  staleRecords,
  stageRemoved,
  stageRows,
  type StagedRow,
  stageUnchanged,
} from './snapshot-store.ts';
import {
  listSnapshots,
  loadSource,
  type SnapshotDetail,
  snapshotDetail,
  type SnapshotFilter,
  type SnapshotView,
} from './snapshot-views.ts';
import type { SourceConfig } from './source-config.ts';
import { isoDate } from '../platform/dates.ts';

/**
 * Receiving a source's full snapshot and reconciling it: the rows stream into
 * `snapshot_rows` (5,000 a statement) with every bad line in `snapshot_errors`, except
 * records delivered byte for byte as last applied (snapshot-fingerprints.ts: neither read
 * nor staged), and the records on file the file lacks are staged as removed; the staged
 * snapshot is diffed against what the source said last time (`source_records`) in SQL; the
 * safety valve applies it, holds it for an administrator, or (dry run) only reports. Applying
 * goes in batches of 2,000 changed records, each one transaction with its audit rows, so a
 * snapshot applies wholly — or, if the process is killed, the same file sent again finds
 * the committed batches unchanged and finishes the rest ("resumes").
 *
 * One snapshot per source at a time: a source with a snapshot being received or applied in
 * this process refuses another (409); one left `receiving`/`applying` by a process that died
 * is marked `failed` by the next. A held snapshot blocks the source's next real snapshot
 * until it is released or discarded (dry runs may still be sent).
 */
export interface ReceiveOptions {
  format: SnapshotFormat;
  /** Report what would change, apply nothing (state 'dry-run'). */
  dryRun?: boolean;
  /** Apply even over the source's threshold (never over row errors). */
  force?: boolean;
  /** Called after each staged and each applied batch. */
  onProgress?: (progress: SnapshotProgress) => void | Promise<void>;
  /** Rows per staging statement (default 5,000). */
  stageBatchSize?: number;
  /** Records per apply transaction (default 2,000). */
  applyBatchSize?: number;
}

export interface SnapshotProgress {
  snapshotId: number;
  phase: 'receiving' | 'applying';
  /** Lines read so far. */
  lines: number;
  /** Records applied so far (added, changed or removed). */
  applied: number;
}

const STAGE_BATCH = 5000;
const STAGE_IN_FLIGHT = 2;
const APPLY_BATCH = 2000;
const ERROR_BATCH = 1000;
const FORMATS: readonly string[] = ['csv', 'jsonl'];

export function createSnapshotService(deps: ServiceDeps) {
  const { db, clock } = deps;
  /** Sources with a snapshot being received or applied by this process. */
  const busy = new Map<string, number>();

  /**
   * Marks the snapshot failed (if still in flight) with the reason; its staged rows stay so a re-sent file can resume.
   */
  async function fail(id: number, error: unknown): Promise<void> {
    const why = error instanceof Error ? error.message : String(error);
    await sql`
      update snapshots set state = 'failed', finished_at = ${clock.now()}::timestamptz, version = version + 1,
        decision = coalesce(decision || '; ', '') || ${`failed: ${why}`.slice(0, 1000)}
      where id = ${id} and state in ('receiving', 'applying')`.execute(db);
  }

  /**
   * Takes the source for one snapshot: refuses if busy here or held, marks dead ones failed, and commits the new
   * snapshots row.
   */
  async function claim(actor: Actor, source: SourceConfig, format: SnapshotFormat, dryRun: boolean): Promise<number> {
    const running = busy.get(source.name);
    if (running !== undefined)
      throw new StewardError(
        'conflict',
        `snapshot ${running} of ${source.name} is being received or applied; send the next one when it has finished`,
        { problems: [{ field: 'source', rule: 'one-at-a-time', message: `snapshot ${running} is in progress` }] },
      );
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
          throw new StewardError(
            'conflict',
            `snapshot ${held.id} of ${source.name} is held for an administrator; release or discard it before sending the next one`,
            { problems: [{ field: 'source', rule: 'snapshot-held', message: `snapshot ${held.id} is held` }] },
          );
      }
      // Nobody in this process works on the source, so a snapshot still in flight was left by a process that stopped.
      await sql`
        update snapshots set state = 'failed', finished_at = ${uow.now}::timestamptz, version = version + 1,
          decision = coalesce(decision || '; ', '') || 'interrupted: the process stopped before it finished; send the same file again to finish it'
        where source = ${source.name} and state in ('receiving', 'applying')`.execute(uow.db);
      const row = await uow.db
        .insertInto('snapshots')
        .values({
          source: source.name,
          format,
          dry_run: dryRun,
          state: 'receiving',
          received_by: actor.name,
          received_at: uow.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    });
    busy.set(source.name, id);
    return id;
  }

  /** Streams the rows into staging; returns the lines read. */
  async function stage(
    id: number,
    source: SourceConfig,
    input: AsyncIterable<string | Uint8Array>,
    options: ReceiveOptions,
  ): Promise<number> {
    const checker = snapshotChecker({ format: options.format, kinds: source.kinds });
    const size = Math.max(1, options.stageBatchSize ?? STAGE_BATCH);
    const anyOnFile = Boolean(
      await db
        .selectFrom('source_records')
        .select('record_key')
        .where('source', '=', source.name)
        .limit(1)
        .executeTakeFirst(),
    );
    // The fast path: a record whose raw text is fingerprinted on file is unchanged, so it is
    // neither read nor staged, only taken by the checker (duplicate keys, kinds, org codes).
    const onFile = anyOnFile ? await loadOnFile(db, source.name) : null;
    const seen = new Uint8Array(onFile?.keys.length ?? 0);
    const fingerprint = fingerprinter(options.format);
    let fast = 0;
    let last = { line: 0, fingerprint: '' };
    const skip = (line: number, raw: string, context: string): boolean => {
      lines = Math.max(lines, line);
      last = { line, fingerprint: fingerprint(raw, context) };
      const i = onFile?.byFingerprint.get(last.fingerprint);
      if (i === undefined || seen[i] || !checker.pass(line, onFile!.keys[i], onFile!.kinds[i], onFile!.orgCodes[i]))
        return false;
      seen[i] = 1;
      fast += 1;
      return true;
    };
    let rows: StagedRow[] = [];
    let errors: RowError[] = [];
    let lines = 0;
    // Batches are written while the next is read and hashed, two at a time (the database
    // work of staging, a lookup and an insert per row, is as heavy as the reading).
    const inFlight: Promise<void>[] = [];
    const flush = async () => {
      const batch = rows;
      const bad = errors;
      rows = [];
      errors = [];
      if (inFlight.length >= STAGE_IN_FLIGHT) await inFlight.shift();
      const writing = (async () => {
        // A record that says what is on file keeps only its key and hash.
        const rest = anyOnFile ? await stageUnchanged(db, id, source.name, batch) : null;
        await stageRows(db, id, rest ? batch.filter((r) => rest.has(r.recordKey)) : batch);
        await stageErrors(db, id, bad);
      })();
      writing.catch(() => {});
      inFlight.push(writing);
      await options.onProgress?.({ snapshotId: id, phase: 'receiving', lines, applied: 0 });
    };
    try {
      for await (const item of checkedSnapshot(readSnapshot(input, options.format, skip), checker)) {
        lines = Math.max(lines, item.line);
        if ('errors' in item) errors.push(...item.errors);
        else
          rows.push({
            line: item.line,
            recordKey: item.record.recordKey,
            hash: recordHash(item.record),
            record: item.record,
            fingerprint: last.line === item.line ? last.fingerprint : null,
          });
        if (rows.length >= size || errors.length >= ERROR_BATCH) await flush();
      }
      await flush();
    } finally {
      await Promise.allSettled(inFlight);
    }
    await Promise.all(inFlight);
    // The records on file that the file lacks (or has only on lines with errors) are staged as removed.
    if (onFile)
      await stageRemoved(
        db,
        id,
        onFile.keys.filter((_, i) => !seen[i]),
      );
    await db.updateTable('snapshots').set({ fast_unchanged: fast }).where('id', '=', id).execute();
    const uses = checker.orgCodes();
    const known = await knownOrgCodes(
      db,
      uses.map((u) => u.code),
    );
    await stageErrors(db, id, unknownOrgCodeErrors(uses, known, options.format));
    return lines;
  }

  /**
   * Applies the staged differences in batches, each its own transaction; returns people created and records left for
   * review.
   */
  async function applyStaged(
    actor: Actor,
    id: number,
    source: SourceConfig,
    options: Pick<ReceiveOptions, 'onProgress' | 'applyBatchSize'>,
    lines: number,
    diff: DiffCounts,
  ): Promise<{ peopleCreated: number; reviews: number }> {
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
              throw new StewardError(
                'conflict',
                `snapshot ${id} is no longer being applied (it is ${now?.state ?? 'gone'})`,
              );
            if (phase === 'upserts') {
              const items = await changedBatch(uow.db, id, source.name, after, size);
              if (items.length === 0) return null;
              const c = await applyRecords(uow, ctx, items, []);
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
  async function applyAndFinish(
    actor: Actor,
    id: number,
    source: SourceConfig,
    options: Pick<ReceiveOptions, 'onProgress' | 'applyBatchSize'>,
    lines: number,
    diff: DiffCounts,
  ): Promise<void> {
    const done = await applyStaged(actor, id, source, options, lines, diff);
    await db.transaction().execute(async (trx) => {
      const finished = await trx
        .updateTable('snapshots')
        .set({
          state: 'applied',
          finished_at: clock.now(),
          people_created: done.peopleCreated,
          reviews: done.reviews,
          version: sql`version + 1`,
        })
        .where('id', '=', id)
        .where('state', '=', 'applying')
        .executeTakeFirst();
      if (!finished.numUpdatedRows)
        throw new StewardError('conflict', `snapshot ${id} was stopped while it was applied`);
      await dropStaged(trx, [id]);
    });
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
    try {
      const lines = await stage(id, source, input, options);
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
        (await sameRecords(db, source.name, id, Number(last.id)))
      )
        resumes = Number(last.id);
      let state: 'held' | 'applying' | 'dry-run' =
        valve.decision === 'apply' ? 'applying' : valve.decision === 'hold' ? 'held' : 'dry-run';
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
      if (!moved.numUpdatedRows) throw new StewardError('conflict', `snapshot ${id} was stopped while it was received`);
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
        stale.map((s) => Number(s.id)),
      );
      if (state === 'applying') {
        await applyAndFinish(actor, id, source, options, lines, diff);
        if (resumes !== null) await dropStaged(db, [resumes]);
      }
      return snapshotDetail(db, id);
    } catch (e) {
      await fail(id, e);
      throw e;
    } finally {
      busy.delete(source.name);
    }
  }

  async function getSnapshot(actor: Actor, id: number): Promise<SnapshotDetail> {
    authorise(actor, 'sources:read');
    return snapshotDetail(db, id);
  }

  async function listAll(actor: Actor, filter: SnapshotFilter): Promise<SnapshotView[]> {
    authorise(actor, 'sources:read');
    return listSnapshots(db, filter);
  }

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
      throw new StewardError(
        'conflict',
        `snapshot ${id} is ${snap.state}: only a held snapshot or a dry run keeps its rows to compare (its counts remain)`,
        { problems: [{ field: 'id', rule: 'staged', message: `is ${snap.state}` }] },
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
  async function release(
    actor: Actor,
    id: number,
    options: Pick<ReceiveOptions, 'onProgress' | 'applyBatchSize'> = {},
  ): Promise<SnapshotDetail> {
    authorise(actor, 'sources:feed');
    const snap = await snapshotDetail(db, id);
    const source = await loadSource(db, snap.source);
    if (busy.has(source.name))
      throw new StewardError(
        'conflict',
        `snapshot ${busy.get(source.name)} of ${source.name} is in progress; try again when it has finished`,
      );
    busy.set(source.name, id);
    try {
      const diff = await write(deps, actor, async (uow) => {
        await lockSource(uow, source.name);
        const row = await uow.db
          .selectFrom('snapshots')
          .select(['state', 'errors'])
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        if (row.state !== 'held')
          throw new StewardError('conflict', `snapshot ${id} is ${row.state}; only a held snapshot can be released`, {
            problems: [{ field: 'state', rule: 'held', message: `is ${row.state}` }],
          });
        if (row.errors > 0)
          throw new StewardError(
            'conflict',
            `snapshot ${id} has errors on ${row.errors} line(s) and cannot be applied by halves; correct the file and send it again, or discard this one`,
            { problems: [{ field: 'errors', rule: 'row-errors', message: `${row.errors} line(s) have errors` }] },
          );
        const stale = await staleRecords(uow.db, id, source.name);
        if (stale > 0)
          throw new StewardError(
            'conflict',
            `${stale} record(s) of snapshot ${id} changed on file since it was received (single-record updates); send the snapshot again`,
            { problems: [{ field: 'state', rule: 'stale', message: `${stale} record(s) changed on file` }] },
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
        await applyAndFinish(actor, id, source, options, snap.records, diff);
      } catch (e) {
        await fail(id, e);
        throw e;
      }
      return snapshotDetail(db, id);
    } finally {
      busy.delete(source.name);
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
        throw new StewardError(
          'conflict',
          `snapshot ${id} is ${row.state}; only a held snapshot or a dry run can be discarded`,
          { problems: [{ field: 'state', rule: 'held', message: `is ${row.state}` }] },
        );
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

  return { receiveSnapshot, getSnapshot, listSnapshots: listAll, snapshotDiff, release, discard };
}

export type SnapshotService = ReturnType<typeof createSnapshotService>;
