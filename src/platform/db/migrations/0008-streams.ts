/**
 * Auxiliary status streams (C4, the paper's People_Status_Aux tables) and the office role.
 *
 * An account may hold the role `office` naming an office ("library", "parking"); a stream
 * is managed by the holders of its `access_role` office. The two unnamed checks of
 * `user_roles` are dropped by whatever names they were given (found in pg_constraint) and
 * replaced by named ones; the unique index now includes the office.
 *
 * `status_streams` names a stream; `stream_fields` is its prototype (type, enum options,
 * length, default, display rank) from which the form is generated; `stream_values` holds one
 * value per (status type, stream, field), written as text in the field's canonical form
 * (numbers as written by JavaScript, booleans `true`/`false`, dates `YYYY-MM-DD`).
 */
export const statements: string[] = [
  `do $$
  declare c record;
  begin
    for c in select conname from pg_constraint where conrelid = 'user_roles'::regclass and contype = 'c' loop
      execute format('alter table user_roles drop constraint %I', c.conname);
    end loop;
  end $$`,
  `alter table user_roles add column office text`,
  `alter table user_roles add constraint user_roles_role_check check (role in ('sysadmin', 'orgadmin', 'auditor', 'office'))`,
  `alter table user_roles add constraint user_roles_scope_check check (((role = 'orgadmin') = (org_id is not null)) and ((role = 'office') = (office is not null)))`,
  `drop index user_roles_unique`,
  `create unique index user_roles_unique on user_roles (user_id, role, coalesce(org_id, 0), coalesce(office, ''))`,
  `create table status_streams (
    name text primary key,
    label text not null,
    access_role text not null,
    description text not null default '',
    created_at timestamptz not null,
    updated_at timestamptz not null,
    version integer not null default 1
  )`,
  `create table stream_fields (
    stream text not null references status_streams(name) on delete cascade,
    name text not null,
    label text not null,
    type text not null check (type in ('text', 'number', 'boolean', 'date', 'enum')),
    options jsonb not null default '[]',
    length integer,
    default_value text,
    display_rank integer not null default 0,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    version integer not null default 1,
    primary key (stream, name)
  )`,
  `create table stream_values (
    status_type_id bigint not null references status_types(id) on delete cascade,
    stream text not null,
    field text not null,
    value text not null,
    updated_at timestamptz not null,
    primary key (status_type_id, stream, field),
    foreign key (stream, field) references stream_fields(stream, name) on delete cascade
  )`,
  `create index stream_values_lookup on stream_values (stream, field, value)`,
];
