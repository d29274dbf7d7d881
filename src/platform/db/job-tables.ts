import type { Generated } from 'kysely';
import type { Json, Timestamp } from './column-types.ts';

/** Row type of the long-jobs table (migration 0032, platform/jobs), part of the DB in schema.ts. */

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

/** A long job run in the background: what, who, how far, what it counted, how it ended. */
export interface JobsTable {
  id: Generated<number>;
  /** What the job does: `people-import`, `status-recompute`, `provision-sync`. */
  kind: string;
  /** What it works on, when that is one thing (a provisioning target's name, an import's source). */
  subject: string | null;
  state: Generated<JobState>;
  /** The actor's name, and the account id of a user (null for Steward itself). */
  started_by: string;
  started_by_id: number | null;
  progress_done: Generated<number>;
  /** Null while the size of the work is not known. */
  progress_total: number | null;
  counts: Json<Record<string, number>>;
  /** The answer the synchronous request would have given, once succeeded. */
  result: Json<unknown> | null;
  /** Why it failed ("interrupted: …" when the process running it stopped). */
  failure: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: Timestamp | null;
}

/** Row type of the scheduled jobs (migration 0010, platform/schedule). */
export interface ScheduledJobsTable {
  name: string;
  cron: string;
  time_zone: Generated<string>;
  enabled: Generated<boolean>;
  first_seen_at: Timestamp;
  last_slot: Timestamp | null;
  last_started_at: Timestamp | null;
  last_finished_at: Timestamp | null;
  last_outcome: 'succeeded' | 'failed' | null;
  last_summary: Json<unknown> | null;
  last_error: string | null;
  failures: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}
