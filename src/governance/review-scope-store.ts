import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { EligibilityFacts } from '../platform/db/governance-tables.ts';
import { invalid } from '../platform/errors.ts';
import type { ChainUnit } from './review-rules.ts';

/**
 * What an access review covers, read from the groups and access tables: the groups behind an application's roles
 * (each with its access level, the role names), a group, or every group below a folder; then the groups they draw
 * on (member groups and union operands, through any depth, each with the path it comes through); then the direct
 * memberships of people in all of them that have not ended, with the facts stored at grant when there are some.
 */
type Db = Kysely<DB>;
export type ScopeKind = 'application' | 'group' | 'folder';

export interface ScopeRef {
  kind: ScopeKind;
  id: number;
  name: string;
}

/** A group in scope: the access levels it gives and the groups it comes through up to the one reviewed. */
export interface ScopeGroup {
  id: number;
  name: string;
  access: string[];
  via: { id: number; name: string }[];
}

/** The application, group or folder named by id or by name; 400 naming the field when there is none. */
export async function resolveScope(db: Db, scope: { kind: ScopeKind; id?: number; name?: string }): Promise<ScopeRef> {
  if ((scope.id === undefined) === (scope.name === undefined))
    throw invalid('/scope/id', 'one-of', 'give the scope’s id or its name');
  const table =
    scope.kind === 'application' ? 'access_applications' : scope.kind === 'group' ? 'groups' : 'group_folders';
  const { rows } = await sql<{ id: number; name: string }>`
    select id, name from ${sql.table(table)}
    where ${scope.id !== undefined ? sql`id = ${scope.id}` : sql`name = ${scope.name!}`}`.execute(db);
  const row = rows[0];
  if (!row)
    throw invalid(
      scope.id !== undefined ? '/scope/id' : '/scope/name',
      'exists',
      `there is no ${scope.kind} ${scope.id ?? JSON.stringify(scope.name)}`,
    );
  return { kind: scope.kind, id: Number(row.id), name: row.name };
}

/** The groups reviewed themselves (before nesting): an application's role holders, the group, or a folder's groups. */
async function rootGroups(
  db: Db,
  scope: ScopeRef,
  now: Date,
): Promise<{ id: number; name: string; access: string[] }[]> {
  switch (scope.kind) {
    case 'application': {
      const { rows } = await sql<{ id: number; name: string; roles: string[] }>`
        select g.id, g.name, array_agg(distinct r.name order by r.name) as roles
        from access_assignments a join access_roles r on r.id = a.role_id join groups g on g.id = a.subject_id
        where r.application_id = ${scope.id} and a.subject_type = 'group' and (a.enabled_until is null or a.enabled_until > ${now})
        group by g.id, g.name order by g.name`.execute(db);
      return rows.map((r) => ({ id: Number(r.id), name: r.name, access: r.roles }));
    }
    case 'group':
      return [{ id: scope.id, name: scope.name, access: [] }];
    case 'folder': {
      const { rows } = await sql<{ id: number; name: string }>`
        select id, name from groups where starts_with(name, ${`${scope.name}:`}) order by name`.execute(db);
      return rows.map((r) => ({ id: Number(r.id), name: r.name, access: [] }));
    }
    default: {
      const unknown: never = scope.kind;
      throw new Error(`unknown scope ${String(unknown)}`);
    }
  }
}

/**
 * Every group in scope with its access levels and the path it comes through (the shortest; access levels gathered
 * over every path). Follows member groups whose membership has not ended, and the operands of union groups.
 */
export async function scopeGroups(db: Db, scope: ScopeRef, now: Date): Promise<Map<number, ScopeGroup>> {
  const roots = await rootGroups(db, scope, now);
  const { rows: edges } = await sql<{ parent: number; child: number; name: string }>`
    select m.group_id as parent, m.member_group_id as child, c.name from group_memberships m join groups c on c.id = m.member_group_id
    where m.member_group_id is not null and (m.disabled_at is null or m.disabled_at > ${now})
    union all select g.id, o.id, o.name from groups g join groups o on o.id in (g.left_group_id, g.right_group_id)
    where g.composite_op = 'union'`.execute(db);
  const children = new Map<number, { id: number; name: string }[]>();
  for (const e of edges)
    children.set(Number(e.parent), [...(children.get(Number(e.parent)) ?? []), { id: Number(e.child), name: e.name }]);
  const out = new Map<number, ScopeGroup>();
  const queue: ScopeGroup[] = roots.map((r) => ({ ...r, via: [{ id: r.id, name: r.name }] }));
  while (queue.length) {
    const g = queue.shift()!;
    const known = out.get(g.id);
    if (known && g.access.every((a) => known.access.includes(a))) continue;
    const merged = known ? { ...known, access: [...new Set([...known.access, ...g.access])].sort() } : g;
    out.set(g.id, merged);
    for (const c of children.get(g.id) ?? [])
      queue.push({ id: c.id, name: c.name, access: merged.access, via: [{ id: c.id, name: c.name }, ...merged.via] });
  }
  return out;
}

/** A direct membership of a person in scope, with the facts stored at grant when there are some. */
export interface ScopeMembership {
  id: number;
  groupId: number;
  personId: number;
  reason: string | null;
  ticket: string | null;
  approvedBy: string | null;
  addedBy: string;
  addedAt: Date;
  disabledAt: Date | null;
  facts: EligibilityFacts | null;
  factsApprovedAt: Date | null;
  factsApprovedBy: string | null;
}

export async function membershipsIn(db: Db, groupIds: number[], now: Date): Promise<ScopeMembership[]> {
  if (groupIds.length === 0) return [];
  const { rows } = await sql<{
    id: number;
    group_id: number;
    person_id: number;
    reason: string | null;
    ticket: string | null;
    approved_by: string | null;
    added_by: string;
    added_at: Date;
    disabled_at: Date | null;
    facts: EligibilityFacts | null;
    f_approved_at: Date | null;
    f_approved_by: string | null;
  }>`
    select m.id, m.group_id, m.member_person_id as person_id, m.reason, m.ticket, m.approved_by, m.added_by, m.added_at, m.disabled_at,
           f.facts, f.approved_at as f_approved_at, f.approved_by as f_approved_by
    from group_memberships m left join membership_facts f on f.membership_id = m.id
    where m.group_id = any(${groupIds}::bigint[]) and m.member_person_id is not null and (m.disabled_at is null or m.disabled_at > ${now})
    order by m.id`.execute(db);
  return rows.map((r) => ({
    id: Number(r.id),
    groupId: Number(r.group_id),
    personId: Number(r.person_id),
    reason: r.reason,
    ticket: r.ticket,
    approvedBy: r.approved_by,
    addedBy: r.added_by,
    addedAt: r.added_at,
    disabledAt: r.disabled_at,
    facts: r.facts,
    factsApprovedAt: r.f_approved_at,
    factsApprovedBy: r.f_approved_by,
  }));
}

/** For each org code, its unit and the units above it (from the unit up to the root) with their kinds. */
export async function orgChains(db: Db, codes: string[]): Promise<Map<string, ChainUnit[]>> {
  const out = new Map<string, ChainUnit[]>();
  if (codes.length === 0) return out;
  const units = await db.selectFrom('org_units').select(['code', 'path']).where('code', 'in', codes).execute();
  const ids = [...new Set(units.flatMap((u) => u.path.split('/').filter(Boolean).map(Number)))];
  const kinds = new Map(
    (ids.length ? await db.selectFrom('org_units').select(['id', 'kind']).where('id', 'in', ids).execute() : []).map(
      (u) => [Number(u.id), u.kind],
    ),
  );
  for (const u of units) {
    const chain = u.path.split('/').filter(Boolean).map(Number).reverse();
    out.set(
      u.code,
      chain.map((id) => ({ id, kind: kinds.get(id) ?? '' })),
    );
  }
  return out;
}
