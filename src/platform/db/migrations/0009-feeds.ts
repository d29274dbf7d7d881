/**
 * Outbound feeds. `feeds` is a definition (a selection over statuses, stream values and
 * org units, the columns to emit, the format, LDIF options, an optional cron schedule).
 * `feed_rows` is the last emitted row of every person the feed selected (with the row's
 * hash, so a refresh finds changes set-based); `feed_changes` is the feed's own gapless
 * sequence of add/change/remove since it was defined; `feed_pulls` is where each consumer
 * (an account, by its name) stopped reading. `feeds.refreshed_seq` is the highest sequence written.
 */
export const statements: string[] = [
  `create table feeds (
    name text primary key,
    label text not null,
    description text not null default '',
    format text not null check (format in ('csv', 'ldif', 'jsonl')),
    selection jsonb not null,
    columns jsonb not null,
    ldif jsonb,
    schedule text,
    last_seq bigint not null default 0,
    last_generated_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    version integer not null default 1
  )`,
  `create table feed_rows (
    feed text not null references feeds(name) on delete cascade,
    person_id bigint not null,
    row jsonb not null,
    hash text not null,
    primary key (feed, person_id)
  )`,
  `create table feed_changes (
    feed text not null references feeds(name) on delete cascade,
    seq bigint not null,
    person_id bigint not null,
    op text not null check (op in ('add', 'change', 'remove')),
    row jsonb not null,
    at timestamptz not null,
    primary key (feed, seq)
  )`,
  `create table feed_pulls (
    feed text not null references feeds(name) on delete cascade,
    consumer text not null,
    cursor bigint not null,
    pulled_at timestamptz not null,
    primary key (feed, consumer)
  )`,
];
