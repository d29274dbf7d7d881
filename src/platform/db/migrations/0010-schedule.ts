/**
 * Scheduled jobs (the periodic status recompute, feed generation, later the guest sweep).
 * The jobs themselves are code; each row holds a job's schedule (a five-field cron
 * expression read in `time_zone`), whether it is enabled, and its bookkeeping: the last
 * slot it completed (`last_slot`, which decides when it is next due), when its last run
 * started and finished, its outcome and a summary or the error. A row is created with the
 * job's default schedule the first time a scheduler sees the job.
 */
export const statements: string[] = [
  `create table scheduled_jobs (
    name text primary key,
    cron text not null,
    time_zone text not null default 'UTC',
    enabled boolean not null default true,
    first_seen_at timestamptz not null,
    last_slot timestamptz,
    last_started_at timestamptz,
    last_finished_at timestamptz,
    last_outcome text check (last_outcome in ('succeeded', 'failed')),
    last_summary jsonb,
    last_error text,
    failures integer not null default 0,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    version integer not null default 1
  )`,
];
