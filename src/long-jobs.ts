import type { Readable } from 'node:stream';
import type { Actor } from './platform/auth/actor.ts';
import { authorise } from './platform/auth/policy.ts';
import { invalid } from './platform/errors.ts';
import type { Job } from './platform/jobs/job-schemas.ts';
import type { JobService } from './platform/jobs/job-service.ts';
import { spool } from './platform/jobs/spool.ts';
import type { createProvisionServices } from './provision/provision.ts';
import type { ImportOptions, ImportSummary } from './registry/import-service.ts';
import { isSourceName } from './registry/import-rows.ts';
import type { createPeopleService } from './registry/people-service.ts';
import type { createStatusService, RecomputeOptions } from './status/status-service.ts';

/** The capabilities whose long work can run as a job. */
interface Long {
  jobs: JobService;
  people: ReturnType<typeof createPeopleService>;
  status: ReturnType<typeof createStatusService>;
  provision: ReturnType<typeof createProvisionServices>;
}

const importCounts = (s: ImportSummary) => ({
  rows: s.rows,
  created: s.created,
  updated: s.updated,
  unchanged: s.unchanged,
  failed: s.failed,
  errors: s.errorCount,
});

/**
 * The long requests that answer at once with a job to follow (`wait=false`, issue 19): a people import, the status
 * recompute, a provisioning full sync. Each checks who asks and what is asked before the job is made (a refusal is the
 * request's, not a failed job), then runs the same use case as the synchronous request, reporting after each batch.
 */
export function longJobs(app: Long) {
  const { jobs } = app;

  /** Imports a CSV of people; the body is kept in a temporary file until the job has read it. */
  async function importPeople(
    actor: Actor,
    input: Readable | AsyncIterable<string | Uint8Array>,
    options: Pick<ImportOptions, 'source' | 'dryRun' | 'batchSize'>,
  ): Promise<Job> {
    authorise(actor, 'imports:run');
    const source = options.source?.trim() || null;
    if (source && !isSourceName(source))
      throw invalid('/source', 'pattern', 'must be lowercase letters, digits, dots, dashes or underscores');
    const body = await spool(input);
    const rows = Math.max(0, body.lines - 1);
    try {
      return await jobs.start(
        actor,
        'people-import',
        source,
        async (ctx) => {
          try {
            const summary = await app.people.importPeople(actor, body.open(), {
              ...options,
              onProgress: (done, s) => ctx.progress({ done, counts: importCounts(s) }),
            });
            return { result: summary, counts: importCounts(summary), done: summary.rows, total: summary.rows };
          } finally {
            await body.remove();
          }
        },
        rows,
      );
    } catch (e) {
      await body.remove();
      throw e;
    }
  }

  /** Recomputes everyone's statuses (or the slice asked), in batches. */
  async function recomputeStatuses(actor: Actor, options: Omit<RecomputeOptions, 'onProgress'>): Promise<Job> {
    authorise(actor, 'status:configure');
    return jobs.start(actor, 'status-recompute', null, async (ctx) => {
      const r = await app.status.recomputeAll(actor, {
        ...options,
        onProgress: (p) => ctx.progress({ done: p.done, total: p.total, counts: { ...p.counts } }),
      });
      const counts = { people: r.people, opened: r.opened, updated: r.updated, closed: r.closed, deleted: r.deleted };
      return { result: r, counts, done: r.done, total: r.total };
    });
  }

  /** A full sync (or its dry run) of an LDAP or SCIM target. */
  async function fullSync(actor: Actor, name: string, dryRun: boolean): Promise<Job> {
    const ops = app.provision.ops;
    await ops.syncable(actor, name);
    return jobs.start(actor, 'provision-sync', name, async (ctx) => {
      let planned: Record<string, number> = {};
      let total = 0;
      const run = await ops.sync(actor, name, dryRun, {
        planned: async (n, counts) => {
          [planned, total] = [{ ...counts }, n];
          await ctx.progress({ done: 0, total, counts: planned });
        },
        applied: (done, failed) => ctx.progress({ done, counts: { ...planned, failed } }),
      });
      if (run.state === 'failed') throw new Error(run.error ?? `the full sync of ${name} failed`);
      return { result: run, counts: run.counts, ...(run.state === 'done' ? { done: total } : {}) };
    });
  }

  return { importPeople, recomputeStatuses, fullSync };
}

export type LongJobs = ReturnType<typeof longJobs>;
