import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { EligibilityFacts } from '../platform/db/governance-tables.ts';

/** The affiliation kinds that count as employment unless a policy says otherwise. */
export const DEFAULT_EMPLOYMENT_KINDS = ['employee', 'faculty'];

interface FactsRow {
  person_id: number;
  statuses: string[] | null;
  department: string | null;
  title: string | null;
  supporting: number[] | null;
}

/**
 * Today's eligibility facts of many people at once, in one query: their current status names
 * (highest rank first), the org code and title of their primary employment affiliation (the
 * current one of `employmentKinds` that started first), and which of `supportingGroupIds`
 * they are effective members of at `now`. A person without a row in the answer does not exist.
 */
export async function currentFacts(
  db: Kysely<DB>,
  personIds: readonly number[],
  opts: { now: Date; supportingGroupIds?: readonly number[]; employmentKinds?: readonly string[] },
): Promise<Map<number, EligibilityFacts>> {
  const out = new Map<number, EligibilityFacts>();
  if (personIds.length === 0) return out;
  const kinds = [...(opts.employmentKinds ?? DEFAULT_EMPLOYMENT_KINDS)];
  const supporting = [...(opts.supportingGroupIds ?? [])];
  const { rows } = await sql<FactsRow>`
    select p.id as person_id, f.statuses, f.department, f.title, f.supporting
    from people p
    cross join lateral ${factsOf(sql`p.id`, { now: opts.now, kinds: sql`${kinds}::text[]`, supporting: sql`${supporting}::bigint[]` })} f
    where p.id = any(${[...personIds]}::bigint[])`.execute(db);
  for (const r of rows)
    out.set(Number(r.person_id), {
      statuses: r.statuses ?? [],
      department: r.department,
      title: r.title,
      supporting: (r.supporting ?? []).map(Number),
    });
  return out;
}

/**
 * The same facts of one person as a lateral subquery (columns statuses, department, title,
 * supporting), for SQL that reads many people's facts at once (the governance reconcile):
 * `person` is the SQL expression of the person's id, `kinds` a text[] and `supporting` a
 * bigint[] expression (constants, or columns of the outer query). A caller that does not need
 * the statuses or the supporting groups leaves them out (`statuses: false`, `supporting: null`:
 * those columns are then null), which saves two lookups per person.
 */
export function factsOf(
  person: RawBuilder<unknown>,
  opts: { now: Date; kinds: RawBuilder<unknown>; supporting: RawBuilder<unknown> | null; statuses?: boolean },
): RawBuilder<unknown> {
  const today = opts.now.toISOString().slice(0, 10);
  const statuses =
    opts.statuses === false
      ? sql`null::text[]`
      : sql`(select array_agg(t.name order by t.rank desc, t.id) from person_statuses s
        join status_types t on t.id = s.status_type_id
        where s.person_id = ${person} and (s.start_date is null or s.start_date <= ${today}::date)
          and (s.end_date is null or s.end_date >= ${today}::date))`;
  const supporting =
    opts.supporting === null
      ? sql`null::bigint[]`
      : sql`(select array_agg(distinct m.group_id order by m.group_id) from group_effective_members m
        where m.person_id = ${person} and m.group_id = any(${opts.supporting})
          and (m.valid_from is null or m.valid_from <= ${opts.now}) and (m.valid_until is null or ${opts.now} < m.valid_until))`;
  return sql`(
    select ${statuses} as statuses, e.code as department, e.title, ${supporting} as supporting
    from (select 1) as one
    left join lateral (
      select o.code, a.title from affiliations a join org_units o on o.id = a.org_id
      where a.person_id = ${person} and a.kind = any(${opts.kinds})
        and (a.valid_from is null or a.valid_from <= ${today}::date) and (a.valid_to is null or a.valid_to >= ${today}::date)
      order by a.valid_from nulls first, a.id limit 1) e on true)`;
}

/**
 * The same facts as `factsOf`, for a query over most people at once (the full reconcile): each
 * fact read for everyone in one pass over its table and joined on `person` (hash joins instead
 * of one index look-up per person), as the joins that give the alias `t` with the same columns.
 * Same rule, same answer: the primary employment is the first current one of `kinds` by start
 * (no start first, then by id), statuses highest rank first, supporting groups ascending.
 */
export function factsJoin(
  person: RawBuilder<unknown>,
  opts: { now: Date; kinds: RawBuilder<unknown>; supporting: RawBuilder<unknown> | null; statuses?: boolean },
): RawBuilder<unknown> {
  const today = opts.now.toISOString().slice(0, 10);
  const statuses =
    opts.statuses === false
      ? sql``
      : sql`left join (select s.person_id, array_agg(t.name order by t.rank desc, t.id) as statuses
        from person_statuses s join status_types t on t.id = s.status_type_id
        where (s.start_date is null or s.start_date <= ${today}::date) and (s.end_date is null or s.end_date >= ${today}::date)
        group by s.person_id) as fs on fs.person_id = ${person}`;
  const supporting =
    opts.supporting === null
      ? sql``
      : sql`left join (select m.person_id, array_agg(distinct m.group_id order by m.group_id) as supporting
        from group_effective_members m where m.group_id = any(${opts.supporting})
          and (m.valid_from is null or m.valid_from <= ${opts.now}) and (m.valid_until is null or ${opts.now} < m.valid_until)
        group by m.person_id) as fg on fg.person_id = ${person}`;
  return sql`left join (
      select distinct on (a.person_id) a.person_id, o.code, a.title from affiliations a join org_units o on o.id = a.org_id
      where a.kind = any(${opts.kinds})
        and (a.valid_from is null or a.valid_from <= ${today}::date) and (a.valid_to is null or a.valid_to >= ${today}::date)
      order by a.person_id, a.valid_from nulls first, a.id) as fe on fe.person_id = ${person}
    ${statuses} ${supporting}
    cross join lateral (select ${opts.statuses === false ? sql`null::text[]` : sql`fs.statuses`} as statuses, fe.code as department,
      fe.title, ${opts.supporting === null ? sql`null::bigint[]` : sql`fg.supporting`} as supporting) as t`;
}
