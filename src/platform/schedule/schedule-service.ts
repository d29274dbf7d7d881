import { sql } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import { systemActor } from '../auth/actor.ts';
import { authorise } from '../auth/policy.ts';
import type { DatabaseKind } from '../db/database.ts';
import type { ServiceDeps } from '../deps.ts';
import { assertNoProblems, conflict, notFound, stale } from '../errors.ts';
import { write } from '../unit-of-work.ts';
import { dueSlot, nextSlot, scheduleProblems } from './cron-slots.ts';
import type { RunReport, ScheduleBody, ScheduledJob } from './schedule-schemas.ts';
import { createSweepLock } from './sweep-lock.ts';

/**
 * Scheduled jobs: code that runs on a cron schedule kept as data. A sweep (every minute
 * from the server's timer, or `tick()` in tests with a moved clock) runs each enabled job
 * whose latest slot is later than the last one it completed; a failed run is retried on
 * later sweeps with a growing pause and its slot stays open, so a crash or an error loses
 * nothing. Only one sweep runs at a time across all Steward processes (see sweep-lock.ts).
 * Jobs must be idempotent: running one again when nothing changed writes nothing.
 */
export interface JobDefinition {
  name: string;
  description: string;
  defaultCron: string;
  /** Does the work as `actor`; returns a summary kept with the run. */
  run(actor: Actor): Promise<Record<string, unknown>>;
  /**
   * True when a successful run's summary says it found nothing to do. Such a run only
   * moves the job's bookkeeping (its last slot and times): it is not audited or put in
   * the change log, so a job that checks every minute does not flood either.
   */
  idle?(summary: Record<string, unknown>): boolean;
}

/** Pause before retrying a job that failed `failures` times in a row: 1, 2, 4 … 60 minutes. */
export function retryPauseMs(failures: number): number {
  return Math.min(60, 2 ** Math.max(0, failures - 1)) * 60_000;
}

type Row = Awaited<ReturnType<typeof readRows>>[number];

async function readRows(deps: ServiceDeps) {
  return deps.db.selectFrom('scheduled_jobs').selectAll().orderBy('name').execute();
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function createScheduleService(deps: ServiceDeps & { kind: DatabaseKind }, jobs: readonly JobDefinition[]) {
  const { db, clock, log } = deps;
  const byName = new Map(jobs.map((j) => [j.name, j]));
  const withSweepLock = createSweepLock(db, deps.kind);

  /** Creates the rows of jobs seen for the first time, with their default schedules. */
  async function ensureRows(): Promise<void> {
    const now = clock.now();
    const known = new Set((await db.selectFrom('scheduled_jobs').select('name').execute()).map((r) => r.name));
    const missing = jobs.filter((j) => !known.has(j.name));
    if (missing.length === 0) return;
    await write(deps, systemActor('scheduler'), async (uow) => {
      for (const job of missing) {
        const inserted = await uow.db
          .insertInto('scheduled_jobs')
          .values({ name: job.name, cron: job.defaultCron, first_seen_at: now, created_at: now, updated_at: now })
          .onConflict((oc) => oc.doNothing())
          .returning('name')
          .executeTakeFirst();
        if (inserted)
          uow.record({
            action: 'schedule.create',
            op: 'created',
            targetType: 'scheduled-job',
            targetId: job.name,
            after: { cron: job.defaultCron, timeZone: 'UTC', enabled: true },
          });
      }
    });
  }

  function view(row: Row): ScheduledJob {
    const schedule = { cron: row.cron, timeZone: row.time_zone };
    return {
      name: row.name,
      description: byName.get(row.name)?.description ?? '',
      cron: row.cron,
      timeZone: row.time_zone,
      enabled: row.enabled,
      nextRunAt: row.enabled
        ? iso(
            nextSlot(
              schedule,
              new Date(Math.max(clock.now().getTime(), new Date(row.last_slot ?? row.first_seen_at).getTime())),
            ),
          )
        : null,
      lastSlot: iso(row.last_slot),
      lastStartedAt: iso(row.last_started_at),
      lastFinishedAt: iso(row.last_finished_at),
      lastOutcome: row.last_outcome,
      lastSummary: (row.last_summary as Record<string, unknown> | null) ?? null,
      lastError: row.last_error,
      failures: row.failures,
      version: row.version,
    };
  }

  /**
   * A job no sweep has seen yet, as its row will be created (a GET writes nothing): the default schedule, counted
   * from now, version 1.
   */
  function unseen(job: JobDefinition): Row {
    const now = clock.now();
    return {
      name: job.name,
      cron: job.defaultCron,
      time_zone: 'UTC',
      enabled: true,
      first_seen_at: now,
      last_slot: null,
      last_started_at: null,
      last_finished_at: null,
      last_outcome: null,
      last_summary: null,
      last_error: null,
      failures: 0,
      created_at: now,
      updated_at: now,
      version: 1,
    } as Row;
  }

  async function list(actor: Actor): Promise<ScheduledJob[]> {
    authorise(actor, 'schedule:read');
    const rows = new Map((await readRows(deps)).map((r) => [r.name, r]));
    return [...byName.values()]
      .map((job) => rows.get(job.name) ?? unseen(job))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map(view);
  }

  async function rowOf(name: string): Promise<Row> {
    if (!byName.has(name)) throw notFound('scheduled job', name);
    await ensureRows();
    return await db.selectFrom('scheduled_jobs').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
  }

  async function get(actor: Actor, name: string): Promise<ScheduledJob> {
    authorise(actor, 'schedule:read');
    const job = byName.get(name);
    if (!job) throw notFound('scheduled job', name);
    const row = await db.selectFrom('scheduled_jobs').selectAll().where('name', '=', name).executeTakeFirst();
    return view(row ?? unseen(job));
  }

  async function update(
    actor: Actor,
    name: string,
    expectedVersion: number,
    change: ScheduleBody,
  ): Promise<ScheduledJob> {
    authorise(actor, 'schedule:configure');
    const current = await rowOf(name);
    const next = {
      cron: change.cron?.trim() ?? current.cron,
      timeZone: change.timeZone?.trim() ?? current.time_zone,
      enabled: change.enabled ?? current.enabled,
    };
    assertNoProblems(scheduleProblems(next));
    return write(deps, actor, async (uow) => {
      const row = await uow.db
        .updateTable('scheduled_jobs')
        .set({
          cron: next.cron,
          time_zone: next.timeZone,
          enabled: next.enabled,
          updated_at: uow.now,
          version: sql`version + 1`,
        })
        .where('name', '=', name)
        .where('version', '=', expectedVersion)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw stale(`the schedule of ${name}`, expectedVersion);
      uow.record({
        action: 'schedule.update',
        op: 'updated',
        targetType: 'scheduled-job',
        targetId: name,
        before: { cron: current.cron, timeZone: current.time_zone, enabled: current.enabled },
        after: next,
      });
      return view(row);
    });
  }

  /** Runs one job now and records the run; `slot` (a scheduled run) is closed on success. */
  async function runJob(job: JobDefinition, actor: Actor, slot: Date | null): Promise<RunReport> {
    const started = clock.now();
    let summary: Record<string, unknown> | null = null;
    let error: string | null = null;
    try {
      summary = await job.run(actor);
    } catch (e) {
      error = (e as Error).message || String(e);
      log.error({ err: e, job: job.name }, 'scheduled job failed');
    }
    const outcome = error === null ? 'succeeded' : 'failed';
    const idle = summary !== null && job.idle?.(summary) === true;
    await write(deps, actor, async (uow) => {
      await uow.db
        .updateTable('scheduled_jobs')
        .set({
          last_started_at: started,
          last_finished_at: uow.now,
          last_outcome: outcome,
          last_summary: summary === null ? null : JSON.stringify(summary),
          last_error: error,
          failures: error === null ? 0 : sql`failures + 1`,
          ...(error === null && slot ? { last_slot: slot } : {}),
          updated_at: uow.now,
        })
        .where('name', '=', job.name)
        .execute();
      if (!idle)
        uow.record({
          action: 'schedule.run',
          op: outcome,
          targetType: 'scheduled-job',
          targetId: job.name,
          after: { slot: iso(slot), startedAt: started.toISOString(), summary, error },
        });
    });
    return { job: job.name, outcome, idle, slot: iso(slot), summary, error };
  }

  /** Runs one job now, whatever its schedule (409 while a sweep is running). */
  async function runNow(actor: Actor, name: string): Promise<RunReport> {
    authorise(actor, 'schedule:configure');
    await rowOf(name);
    const report = await withSweepLock(() => runJob(byName.get(name)!, actor, null));
    if (report === null)
      throw conflict('scheduled jobs are running now (in this or another Steward process); try again when they finish');
    return report;
  }

  /**
   * One sweep: runs every enabled job that is due, in name order, as the scheduler.
   * Returns what ran, or null when another sweep holds the lock.
   */
  async function tick(): Promise<RunReport[] | null> {
    return withSweepLock(async () => {
      await ensureRows();
      const reports: RunReport[] = [];
      for (const row of await readRows(deps)) {
        const job = byName.get(row.name);
        if (!job || !row.enabled) continue;
        const now = clock.now();
        const slot = dueSlot(
          { cron: row.cron, timeZone: row.time_zone },
          new Date(row.last_slot ?? row.first_seen_at),
          now,
        );
        if (!slot) continue;
        if (
          row.failures > 0 &&
          row.last_finished_at &&
          now.getTime() < new Date(row.last_finished_at).getTime() + retryPauseMs(row.failures)
        )
          continue;
        reports.push(await runJob(job, systemActor('scheduler'), slot));
      }
      return reports;
    });
  }

  return { list, get, update, runNow, tick, ensureRows };
}

export type ScheduleService = ReturnType<typeof createScheduleService>;
