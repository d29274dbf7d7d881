import type { Kysely, Selectable } from 'kysely';
import type { JobsTable } from '../db/job-tables.ts';
import type { DB } from '../db/schema.ts';
import { unitOf } from './job-rules.ts';
import type { Job, JobsQuery } from './job-schemas.ts';

/** Reading jobs and mapping their rows to the HTTP shape. */

export type JobRow = Selectable<JobsTable>;

export function jobOf(r: JobRow): Job {
  const iso = (d: Date | string) => new Date(d).toISOString();
  return {
    id: r.id,
    kind: r.kind as Job['kind'],
    subject: r.subject,
    state: r.state,
    startedBy: r.started_by,
    progress: { done: r.progress_done, total: r.progress_total, unit: unitOf(r.kind) },
    counts: r.counts,
    result: r.result ?? null,
    failure: r.failure,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    finishedAt: r.finished_at ? iso(r.finished_at) : null,
  };
}

export async function jobRow(db: Kysely<DB>, id: number): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Jobs newest first, filtered; `startedById` limits them to one account's (null: everyone's). */
export async function jobRows(db: Kysely<DB>, query: JobsQuery, startedById: number | null): Promise<JobRow[]> {
  let q = db
    .selectFrom('jobs')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(query.limit ?? 50);
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.state) q = q.where('state', '=', query.state);
  if (query.before) q = q.where('id', '<', query.before);
  if (startedById !== null) q = q.where('started_by_id', '=', startedById);
  return q.execute();
}
