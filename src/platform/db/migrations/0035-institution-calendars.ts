/**
 * Institution calendars (issue 16): working weekdays, public holidays and academic terms with their breaks, as one
 * validated definition (src/calendars/calendar-rules.ts). One calendar applies to the whole institution (`org_id`
 * null), others to an org subtree; the nearest one up the tree applies to a unit. A guest type's default stay counts
 * days, working days or terms (`default_unit`). `steward_add_working_days` is calendar-rules.ts `addWorkingDays` in
 * SQL, for the guest sweep's due days (tested against the pure rule).
 */
export const statements = [
  `create table calendars (
    id bigserial primary key,
    name text not null unique,
    label text not null,
    org_id bigint references org_units (id),
    definition jsonb not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    version integer not null default 1
  )`,
  `create unique index calendars_one_per_unit on calendars (coalesce(org_id, 0))`,
  `alter table guest_types add column default_unit text not null default 'days'
    check (default_unit in ('days', 'working-days', 'end-of-term'))`,
  `create function steward_add_working_days(cal jsonb, base date, n integer) returns date
    language sql stable as $$
      select case
        when base is null or n is null then null
        when n = 0 then base
        when n > 0 then (
          select d::date from generate_series(base + 1, base + n * 7 + 400, interval '1 day') d
          where extract(isodow from d)::int in (select jsonb_array_elements_text(coalesce(cal, '{"workingDays":[1,2,3,4,5]}') -> 'workingDays')::int)
            and not exists (select 1 from jsonb_array_elements(coalesce(cal -> 'holidays', '[]')) h where (h ->> 'date')::date = d::date)
          order by d offset n - 1 limit 1)
        else (
          select d::date from generate_series(base - 1, base + n * 7 - 400, interval '-1 day') d
          where extract(isodow from d)::int in (select jsonb_array_elements_text(coalesce(cal, '{"workingDays":[1,2,3,4,5]}') -> 'workingDays')::int)
            and not exists (select 1 from jsonb_array_elements(coalesce(cal -> 'holidays', '[]')) h where (h ->> 'date')::date = d::date)
          order by d desc offset -n - 1 limit 1)
      end
    $$`,
];
