/**
 * The mass-change guard (issue 16): a change that would affect more people than the threshold is held here with its
 * preview (who gains and loses which status, affiliation …) until an administrator releases it (it runs again, as
 * asked, and its result is kept) or discards it. `request` is what the release runs; `permission` and `org_paths`
 * say who may see and decide it.
 */
export const statements = [
  `create table held_changes (
    id bigserial primary key,
    kind text not null,
    subject text not null,
    request jsonb not null,
    permission text not null,
    org_paths jsonb not null,
    affected integer not null,
    hold_above integer not null,
    preview jsonb not null,
    state text not null default 'held' check (state in ('held', 'released', 'discarded')),
    requested_by text not null,
    requested_by_id bigint,
    decided_by text,
    decided_at timestamptz,
    decision_reason text,
    result jsonb,
    created_at timestamptz not null,
    version integer not null default 1
  )`,
  `create index held_changes_state on held_changes (state, id)`,
];
