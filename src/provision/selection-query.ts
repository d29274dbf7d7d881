import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { resolveSelection } from '../feeds/feed-query.ts';
import type { GroupSpec, TargetDefinition, TargetSelection } from './target-definition.ts';

/**
 * Who of a page of people a target selects, and why; and which of the target's directory
 * groups each is in now. Set-based: one query per page.
 */
export interface Resolved {
  types: number[];
  paths: string[] | null;
  primaryOnly: boolean;
  /** Group ids a selected person must be a current member of one of (null: no group axis). */
  groupIds: number[] | null;
}

/** A directory group: a Steward group or role, with the name it has in the directory. */
export interface DirectoryGroup {
  key: string;
  type: 'group' | 'role';
  id: number;
  name: string;
}

export interface Why {
  status: string;
  unit: string | null;
}

type Db = Kysely<DB>;

export async function resolveTargetSelection(db: Db, selection: TargetSelection): Promise<Resolved> {
  const base = await resolveSelection(db, { selection });
  let groupIds: number[] | null = null;
  if (selection.groupIds?.length) groupIds = selection.groupIds;
  else if (selection.groups.length) {
    const rows = await db.selectFrom('groups').select('id').where('name', 'in', selection.groups).execute();
    groupIds = rows.map((r) => r.id);
  }
  return { ...base, groupIds };
}

/** The selected among `ids`, each with the qualifying status (highest ranked) and its unit. */
export async function selectedAmong(
  db: Db,
  sel: Resolved,
  ids: number[],
  today: string,
  now: Date,
): Promise<Map<number, Why>> {
  const out = new Map<number, Why>();
  if (ids.length === 0 || sel.types.length === 0 || (sel.paths !== null && sel.paths.length === 0)) return out;
  if (sel.groupIds !== null && sel.groupIds.length === 0) return out;
  const inSubtree = sel.paths === null ? sql`true` : sql`o.path like any(${sel.paths}::text[])`;
  const primary = !sel.primaryOnly
    ? sql`true`
    : sql`s.status_type_id = (
        select s2.status_type_id from person_statuses s2 join status_types t2 on t2.id = s2.status_type_id
        where s2.person_id = s.person_id and (s2.start_date is null or s2.start_date <= ${today}::date)
          and (s2.end_date is null or s2.end_date >= ${today}::date)
        order by t2.rank desc, t2.id limit 1)`;
  const member =
    sel.groupIds === null
      ? sql`true`
      : sql`exists (select 1 from group_effective_members m where m.person_id = s.person_id
          and m.group_id = any(${sel.groupIds}::bigint[])
          and (m.valid_from is null or m.valid_from <= ${now}) and (m.valid_until is null or m.valid_until > ${now}))`;
  const { rows } = await sql<{ person_id: number; status: string; unit: string | null }>`
    select distinct on (s.person_id) s.person_id, t.name as status, o.code as unit
    from person_statuses s
    join people p on p.id = s.person_id and p.state = 'active'
    join status_types t on t.id = s.status_type_id
    left join lateral jsonb_array_elements(s.because) b on true
    left join affiliations a on a.id = (b->>'affiliationId')::bigint
    left join org_units o on o.id = a.org_id
    where s.person_id = any(${ids}::bigint[]) and s.status_type_id = any(${sel.types}::bigint[])
      and (s.start_date is null or s.start_date <= ${today}::date) and (s.end_date is null or s.end_date >= ${today}::date)
      and ${inSubtree} and ${primary} and ${member}
    order by s.person_id, t.rank desc, t.id`.execute(db);
  for (const r of rows) out.set(r.person_id, { status: r.status, unit: r.unit });
  return out;
}

/** The directory groups of a target's specs, resolved to ids (a spec whose group or role is gone is left out). */
export async function directoryGroups(db: Db, specs: GroupSpec[]): Promise<DirectoryGroup[]> {
  const groupSpecs = specs.filter((s): s is Extract<GroupSpec, { group: string }> => 'group' in s);
  const roleSpecs = specs.filter((s): s is Extract<GroupSpec, { role: string }> => 'role' in s);
  const groups = groupSpecs.length
    ? await db
        .selectFrom('groups')
        .select(['id', 'name', 'extension'])
        .where((e) =>
          e.or([
            e('id', 'in', [0, ...groupSpecs.flatMap((s) => (s.id ? [s.id] : []))]),
            e('name', 'in', ['', ...groupSpecs.filter((s) => !s.id).map((s) => s.group)]),
          ]),
        )
        .execute()
    : [];
  const roles = roleSpecs.length
    ? await db
        .selectFrom('access_roles as r')
        .innerJoin('access_applications as a', 'a.id', 'r.application_id')
        .select(['r.id', 'r.name', 'a.name as app'])
        .execute()
    : [];
  const groupById = new Map(groups.map((g) => [g.id, g]));
  const groupByName = new Map(groups.map((g) => [g.name, g]));
  const out: DirectoryGroup[] = [];
  for (const spec of specs) {
    if ('group' in spec) {
      const g = spec.id ? groupById.get(spec.id) : groupByName.get(spec.group);
      if (g) out.push({ key: `group:${g.id}`, type: 'group', id: g.id, name: spec.name ?? g.extension });
    } else {
      const r = roles.find((x) => (spec.id ? x.id === spec.id : `${x.app}/${x.name}` === spec.role));
      if (r) out.push({ key: `role:${r.id}`, type: 'role', id: r.id, name: spec.name ?? `${r.app}-${r.name}` });
    }
  }
  return out;
}

/** The definition with the ids of its groups and roles recorded (names checked before). */
export async function withGroupIds(db: Db, def: TargetDefinition): Promise<TargetDefinition> {
  const groups: GroupSpec[] = [];
  for (const { id: _id, ...spec } of def.groups)
    groups.push({ ...spec, id: (await directoryGroups(db, [spec]))[0]?.id });
  const selected = def.selection.groups.length
    ? await db.selectFrom('groups').select('id').where('name', 'in', def.selection.groups).execute()
    : [];
  return { ...def, groups, selection: { ...def.selection, groupIds: selected.map((g) => g.id) } };
}

/** Which of the directory groups each of `ids` is in now (current effective membership; a role held now). */
export async function membershipsOf(
  db: Db,
  groups: DirectoryGroup[],
  ids: number[],
  now: Date,
): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  if (ids.length === 0 || groups.length === 0) return out;
  const groupIds = groups.filter((g) => g.type === 'group').map((g) => g.id);
  const roleIds = groups.filter((g) => g.type === 'role').map((g) => g.id);
  const { rows } = await sql<{ person_id: number; key: string }>`
    select m.person_id, 'group:' || m.group_id as key from group_effective_members m
    where m.group_id = any(${groupIds}::bigint[]) and m.person_id = any(${ids}::bigint[])
      and (m.valid_from is null or m.valid_from <= ${now}) and (m.valid_until is null or m.valid_until > ${now})
    union
    select coalesce(m.person_id, x.subject_id) as person_id, 'role:' || x.role_id as key
    from access_assignments x
    left join group_effective_members m on x.subject_type = 'group' and m.group_id = x.subject_id
      and (m.valid_from is null or m.valid_from <= ${now}) and (m.valid_until is null or m.valid_until > ${now})
    where x.role_id = any(${roleIds}::bigint[])
      and (x.enabled_from is null or x.enabled_from <= ${now}) and (x.enabled_until is null or x.enabled_until > ${now})
      and coalesce(m.person_id, case when x.subject_type = 'person' then x.subject_id end) = any(${ids}::bigint[])`.execute(
    db,
  );
  for (const r of rows) {
    const set = out.get(r.person_id) ?? new Set<string>();
    set.add(r.key);
    out.set(r.person_id, set);
  }
  return out;
}
