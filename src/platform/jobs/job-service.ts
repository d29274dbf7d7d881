import { sql } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import type { ServiceDeps } from '../deps.ts';
import { forbidden, notFound } from '../errors.ts';
import { heldElsewhere, holdOwnerLock, type Ownership } from '../db/owner-lock.ts';
import { write } from '../unit-of-work.ts';
import { interruptedFailure, jobScope, mayReadJob } from './job-rules.ts';
import type { Job, JobKind, JobsQuery } from './job-schemas.ts';
import { jobOf, jobRow, jobRows } from './job-store.ts';

/**
 * Long jobs run in the background of the process that answered the request (issue 19). `start` commits the job row
 * (audited as `job.start`: who started what) and answers it at once; the body then runs a batch at a time, each batch
 * its own short transaction, so on PGlite other requests take their turn between batches. After each batch the body
 * reports its progress and counts: one small update of the job row, bookkeeping of the job's own and not audited (the
 * work itself is audited by the use cases the body calls). The end (succeeded with the answer the request would have
 * given, or failed with why) is written the same way.
 *
 * A job left `queued` or `running` by a process that stopped is marked failed, "interrupted: …", by `failInterrupted`
 * (the server runs it at start): on PostgreSQL the running process holds an advisory lock per job (owner-lock.ts), so a
 * job another live process runs is left alone; PGlite's database is one process's own.
 */
export interface JobContext {
  id: number;
  /** Records how far the job got and what it counted so far; call it after each batch. */
  progress(p: { done: number; total?: number | null; counts?: Record<string, number> }): Promise<void>;
}

/** What a job body ends with: the answer, and its final counts and size. */
export interface JobOutcome {
  result: unknown;
  counts?: Record<string, number>;
  done?: number;
  total?: number | null;
}

const JOB_LOCK = 73_011_982;

/**
 * Lets the event loop go round once. A batch's queries on PGlite resolve as promises without giving I/O a turn, so a
 * job that only awaited them would keep every other request (and its own 202) waiting until it ended; after each
 * batch the requests that arrived meanwhile run their queries before the next batch's.
 */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const MAX_FAILURE = 2000;

export function createJobService(deps: ServiceDeps, kind: 'postgres' | 'pglite' = 'pglite') {
  const { db, clock } = deps;
  /** Jobs this process runs, and their ownership (owner-lock.ts). */
  const running = new Map<number, Promise<void>>();
  const owned = new Map<number, Ownership>();
  /** For tests: awaited after each progress write (to look at a job mid-way, deterministically). */
  const hooks: { afterProgress?: (job: { id: number; done: number }) => Promise<void> } = {};

  /** Commits a job row for `actor` and runs `body` in the background; returns the job as committed. */
  async function start(
    actor: Actor,
    jobKind: JobKind,
    subject: string | null,
    body: (ctx: JobContext) => Promise<JobOutcome>,
    total: number | null = null,
  ): Promise<Job> {
    // The id is taken first so that this process owns the job before any other can see it in flight.
    const {
      rows: [{ id }],
    } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('jobs', 'id'))::int as id`.execute(db);
    const ownership = await holdOwnerLock(db, kind, JOB_LOCK, id);
    owned.set(id, ownership);
    let job: Job;
    try {
      job = await write(deps, actor, async (uow) => {
        const row = await uow.db
          .insertInto('jobs')
          .values({
            id,
            kind: jobKind,
            subject,
            started_by: actor.name,
            started_by_id: actor.kind === 'user' ? actor.id : null,
            progress_total: total,
            counts: '{}',
            result: null,
            failure: null,
            created_at: uow.now,
            updated_at: uow.now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        uow.record({
          action: 'job.start',
          op: 'created',
          targetType: 'job',
          targetId: id,
          after: { kind: jobKind, subject },
        });
        return jobOf(row);
      });
    } catch (e) {
      owned.delete(id);
      await ownership.release();
      throw e;
    }
    const run = execute(id, body)
      .finally(async () => {
        running.delete(id);
        owned.delete(id);
        await ownership.release();
      })
      .catch((e: unknown) => deps.log.error({ err: e, job: id }, 'a job could not let go of its ownership'));
    running.set(id, run);
    return job;
  }

  async function execute(id: number, body: (ctx: JobContext) => Promise<JobOutcome>): Promise<void> {
    const ctx: JobContext = {
      id,
      async progress(p) {
        await sql`
          update jobs set progress_done = greatest(progress_done, ${p.done}::bigint),
            progress_total = coalesce(${p.total ?? null}::bigint, progress_total),
            counts = coalesce(${p.counts ? JSON.stringify(p.counts) : null}::jsonb, counts),
            updated_at = ${clock.now()}::timestamptz
          where id = ${id} and state = 'running'`.execute(db);
        await hooks.afterProgress?.({ id, done: p.done });
        await turn();
      },
    };
    try {
      // The request that started the job is answered before the first batch begins.
      await turn();
      await db.updateTable('jobs').set({ state: 'running', updated_at: clock.now() }).where('id', '=', id).execute();
      const out = await body(ctx);
      await db
        .updateTable('jobs')
        .set({
          state: 'succeeded',
          result: JSON.stringify(out.result ?? null),
          ...(out.counts ? { counts: JSON.stringify(out.counts) } : {}),
          ...(out.done !== undefined ? { progress_done: out.done } : {}),
          ...(out.total !== undefined ? { progress_total: out.total } : {}),
          updated_at: clock.now(),
          finished_at: clock.now(),
        })
        .where('id', '=', id)
        .where('state', '=', 'running')
        .execute();
    } catch (e) {
      deps.log.error({ err: e, job: id }, 'a job failed');
      const why = e instanceof Error ? e.message : String(e);
      await db
        .updateTable('jobs')
        .set({ state: 'failed', failure: why.slice(0, MAX_FAILURE), updated_at: clock.now(), finished_at: clock.now() })
        .where('id', '=', id)
        .where('state', '=', 'running')
        .execute()
        .catch((err: unknown) => deps.log.error({ err, job: id }, 'a failed job could not be marked failed'));
    }
  }

  /**
   * Marks failed, as interrupted, every job left queued or running by a process that stopped: neither this process nor
   * (PostgreSQL) another live one runs it. What it did stays done and counted. Returns the ids marked.
   */
  async function failInterrupted(): Promise<number[]> {
    return db.transaction().execute(async (trx) => {
      const left = await trx
        .selectFrom('jobs')
        .select(['id', 'kind', 'state', 'progress_done', 'progress_total'])
        .where('state', 'in', ['queued', 'running'])
        .orderBy('id')
        .forUpdate()
        .execute();
      const marked: number[] = [];
      for (const j of left) {
        if (running.has(j.id) || (await heldElsewhere(trx, JOB_LOCK, j.id))) continue;
        const failure = interruptedFailure({
          kind: j.kind,
          state: j.state,
          done: j.progress_done,
          total: j.progress_total,
        });
        await trx
          .updateTable('jobs')
          .set({ state: 'failed', failure, updated_at: clock.now(), finished_at: clock.now() })
          .where('id', '=', j.id)
          .execute();
        marked.push(j.id);
      }
      return marked;
    });
  }

  async function get(actor: Actor, id: number): Promise<Job> {
    if (jobScope(actor) === 'none') throw forbidden(`${actor.name} may not read jobs`);
    const row = await jobRow(db, id);
    if (!row) throw notFound('job', id);
    if (!mayReadJob(actor, row.started_by_id))
      throw forbidden(`${actor.name} may not read job ${id}, which another account started`);
    return jobOf(row);
  }

  async function list(actor: Actor, query: JobsQuery): Promise<Job[]> {
    const scope = jobScope(actor);
    if (scope === 'none') throw forbidden(`${actor.name} may not read jobs`);
    return (await jobRows(db, query, scope === 'own' ? actor.id : null)).map(jobOf);
  }

  /** Resolves when every job this process runs has ended (succeeded or failed). */
  async function settled(): Promise<void> {
    while (running.size) await Promise.allSettled([...running.values()]);
  }

  return { start, get, list, failInterrupted, settled, hooks };
}

export type JobService = ReturnType<typeof createJobService>;
