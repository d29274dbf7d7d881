import { sql } from 'kysely';
import { benchActor } from './steward.ts';
import type { Target } from './targets.ts';

/**
 * The group structure of the groups benchmarks: G basic groups, one in ten a parent of nine
 * children, and about M memberships (P = M / 10 people, each child about M / (0.9 G) of
 * them, spread evenly; one in ten starts in 30 days, one in seven ends in 90). Loaded with
 * INSERT … SELECT, so effective memberships still have to be rebuilt.
 */
export interface GroupStructure {
  parents: number[];
  children: number[];
  people: number;
}

export async function buildGroupStructure(
  target: Target,
  groups: number,
  memberships: number,
): Promise<GroupStructure> {
  const db = target.app.db;
  const now = new Date('2026-09-01T00:00:00Z');
  const parents = Math.floor(groups / 10);
  const childCount = groups - parents;
  const personMemberships = memberships - childCount;
  const people = Math.max(1000, Math.floor(memberships / 10));
  await sql`insert into people (given_name, family_name, search_name, emails, phones, created_at, updated_at)
    select 'Member', 'Number ' || i, 'member number ' || i, '[]', '[]', ${now}::timestamptz, ${now}::timestamptz from generate_series(1, ${people}) as i`.execute(
    db,
  );
  const folder = await target.app.groups.folders.create(benchActor, { extension: 'bench' });
  await sql`insert into groups (folder_id, extension, name, kind, created_at, updated_at)
    select ${folder.id}, 'g' || i, 'bench:g' || i, 'basic', ${now}::timestamptz, ${now}::timestamptz from generate_series(1, ${groups}) as i`.execute(
    db,
  );
  const ids = (await db.selectFrom('groups').select('id').orderBy('id').execute()).map((r) => Number(r.id));
  const parentIds = ids.slice(0, parents);
  const children = ids.slice(parents);
  // each parent holds nine children; each child belongs to one parent
  await sql`insert into group_memberships (group_id, member_group_id, added_by, added_at, updated_at)
    select p.id, c.id, 'bench', ${now}::timestamptz, ${now}::timestamptz
    from unnest(${children}::bigint[]) with ordinality as c(id, n)
    join unnest(${parentIds}::bigint[]) with ordinality as p(id, n) on p.n = 1 + (c.n - 1) % ${parents}`.execute(db);
  // people into children: distinct (group, person) pairs, evenly spread
  const perChild = Math.ceil(personMemberships / childCount);
  const step = Math.max(1, Math.floor(people / perChild));
  await sql`insert into group_memberships (group_id, member_person_id, added_by, added_at, updated_at, enabled_from, disabled_at)
    select c.id, (select min(id) from people) + ((c.n * 7919 + k * ${step}) % ${people}), 'bench', ${now}::timestamptz, ${now}::timestamptz,
           case when k % 10 = 0 then ${now}::timestamptz + interval '30 days' end, case when k % 7 = 0 then ${now}::timestamptz + interval '90 days' end
    from unnest(${children}::bigint[]) with ordinality as c(id, n) cross join generate_series(0, ${perChild - 1}) as k
    where (c.n - 1) * ${perChild} + k < ${personMemberships}`.execute(db);
  await sql`analyze`.execute(db);
  return { parents: parentIds, children, people };
}
