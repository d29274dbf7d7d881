/**
 * Long jobs (issue 19): a people import, a status recompute or a provisioning full sync started with `wait=false`
 * answers at once with a job to follow. The row says what it is, who started it, its state, how far it got (done of
 * total) and its counts so far, written after each batch; a job a stopped process left `queued` or `running` is marked
 * `failed` with "interrupted: …" when the next server starts. `result` is what the synchronous request would have
 * answered.
 */
export const statements = [
  `create table jobs (
    id bigserial primary key,
    kind text not null,
    subject text,
    state text not null default 'queued' check (state in ('queued', 'running', 'succeeded', 'failed')),
    started_by text not null,
    started_by_id bigint,
    progress_done bigint not null default 0,
    progress_total bigint,
    counts jsonb not null,
    result jsonb,
    failure text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    finished_at timestamptz
  )`,
  `create index jobs_kind_state on jobs (kind, state, id)`,
  `create index jobs_started_by on jobs (started_by_id, id)`,
  `create index jobs_in_flight on jobs (id) where state in ('queued', 'running')`,
];
