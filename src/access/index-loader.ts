import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { AccessIndex, type AssignmentEntry, type PermissionEntry } from './access-index.ts';
import type { GroupMembershipSource } from './group-membership.ts';
import type { Limit } from './access-schemas.ts';
import type { AsOf } from '../platform/history/versions-query.ts';
import { assignmentEntry, assignmentsAsOf, permissionsAsOf } from './index-as-of.ts';

/**
 * Fills the index from the database and applies change-log entries to it. Every change
 * reloads the rows it names, so applying one twice (or one already reflected by the
 * initial load) leaves the same picture.
 */
export interface LoaderDeps {
  db: Kysely<DB>;
  groups: GroupMembershipSource;
}
export interface ChangeRow {
  position: number;
  /** When the change was made (the follower reads it; older callers may leave it out). */
  at?: Date;
  entity_type: string;
  entity_id: string;
  op: string;
  data: unknown;
}

/**
 * The whole index as of now, or (with `asOf`, issue 16) as it was at a past moment or as Steward knew it then: the
 * permissions and assignments from the history of versions (a revoked one until its revocation, one given no start
 * from when it was recorded) and the group members of that moment (`deps.groups` answers for it).
 */
export async function loadIndex(deps: LoaderDeps, asOf?: AsOf): Promise<{ index: AccessIndex; position: number }> {
  const head = await deps.db
    .selectFrom('chain_heads')
    .select('seq')
    .where('name', '=', 'changes')
    .executeTakeFirstOrThrow();
  const last = await deps.db.selectFrom('change_log').select('at').where('position', '=', head.seq).executeTakeFirst();
  const index = new AccessIndex();
  index.changedAt = last ? new Date(last.at).getTime() : 0;
  await reloadOrgs(deps, index);
  for (const a of await deps.db.selectFrom('access_applications').selectAll().execute())
    index.putApp({ id: a.id, name: a.name, timeZone: a.time_zone, implications: a.implications });
  for (const r of await deps.db.selectFrom('access_resources').selectAll().execute())
    index.putResource({ id: r.id, appId: r.application_id, name: r.name, parentId: r.parent_id });
  await reloadRoles(deps, index, null, asOf);
  if (asOf) for (const e of await assignmentsAsOf(deps.db, asOf)) index.putAssignment(e);
  else await reloadAssignments(deps, index, null);
  index.putGroupMembers(index.groupsWithRoles(), await deps.groups.load({ groupIds: index.groupsWithRoles() }));
  await reloadAffiliations(deps, index, affiliationPeople(index));
  return { index, position: head.seq };
}

async function reloadOrgs(deps: LoaderDeps, index: AccessIndex): Promise<void> {
  index.putOrgs(await deps.db.selectFrom('org_units').select(['id', 'path', 'code']).execute(), true);
}

async function reloadRoles(deps: LoaderDeps, index: AccessIndex, ids: number[] | null, asOf?: AsOf): Promise<void> {
  if (ids?.length === 0) return;
  let rq = deps.db.selectFrom('access_roles').select(['id', 'application_id', 'name']);
  let pq = deps.db.selectFrom('access_permissions').selectAll();
  if (ids) {
    rq = rq.where('id', 'in', ids);
    pq = pq.where('role_id', 'in', ids);
  }
  const [roles, perms] = await Promise.all([rq.execute(), asOf ? permissionsAsOf(deps.db, asOf) : pq.execute()]);
  const byRole = new Map<number, PermissionEntry[]>();
  for (const p of perms) {
    const e: PermissionEntry = {
      id: p.id,
      roleId: p.role_id,
      action: p.action,
      resourceId: p.resource_id,
      limits: p.limits as Limit[],
    };
    const list = byRole.get(p.role_id);
    if (list) list.push(e);
    else byRole.set(p.role_id, [e]);
  }
  const found = new Set<number>();
  for (const r of roles) {
    found.add(r.id);
    index.putRole({ id: r.id, appId: r.application_id, name: r.name }, byRole.get(r.id) ?? []);
  }
  for (const id of ids ?? []) if (!found.has(id)) index.removeRole(id);
}

async function reloadAssignments(
  deps: LoaderDeps,
  index: AccessIndex,
  ids: number[] | null,
): Promise<AssignmentEntry[]> {
  if (ids?.length === 0) return [];
  let q = deps.db
    .selectFrom('access_assignments')
    .select([
      'id',
      'role_id',
      'subject_type',
      'subject_id',
      'scope_kind',
      'org_id',
      'affiliation_kind',
      'enabled_from',
      'enabled_until',
      'limits',
    ]);
  if (ids) q = q.where('id', 'in', ids);
  const rows = await q.execute();
  const found = new Set<number>();
  const out: AssignmentEntry[] = [];
  for (const r of rows) {
    found.add(r.id);
    const e = assignmentEntry(r);
    index.putAssignment(e);
    out.push(e);
  }
  for (const id of ids ?? []) if (!found.has(id)) index.removeAssignment(id);
  return out;
}

async function reloadAffiliations(deps: LoaderDeps, index: AccessIndex, people: Set<number>): Promise<void> {
  if (people.size === 0) return;
  const ids = [...people];
  for (let i = 0; i < ids.length; i += 5000) {
    const part = ids.slice(i, i + 5000);
    const rows = await deps.db
      .selectFrom('affiliations')
      .select(['person_id', 'org_id', 'kind', 'valid_from', 'valid_to'])
      .where('person_id', 'in', part)
      .execute();
    const by = new Map<number, { orgId: number; kind: string; validFrom: string | null; validTo: string | null }[]>(
      part.map((p) => [p, []]),
    );
    for (const r of rows)
      by.get(r.person_id)!.push({ orgId: r.org_id, kind: r.kind, validFrom: r.valid_from, validTo: r.valid_to });
    for (const [p, list] of by) index.putAffiliations(p, list);
  }
}

/** People whose affiliations matter: holders of an affiliation-scoped assignment, directly or through a group. */
function affiliationPeople(index: AccessIndex, only?: Set<number>): Set<number> {
  const out = new Set<number>();
  for (const a of index.assignments.values()) {
    if (a.scopeKind !== 'affiliation') continue;
    if (a.subjectType === 'person') out.add(a.subjectId);
    else for (const m of index.membersOf.get(a.subjectId) ?? []) out.add(m.personId);
  }
  if (!only) return out;
  return new Set([...only].filter((p) => out.has(p)));
}

/** Applies a batch of change-log rows: each entity named is reloaded once. */
// Long by design: one pass over a change-log page that dispatches each entry kind in order; split, the kinds would each
// re-read the page
// eslint-disable-next-line max-statements -- long by design, as said above
export async function applyChanges(deps: LoaderDeps, index: AccessIndex, changes: ChangeRow[]): Promise<void> {
  const apps = new Set<number>();
  const resources = new Set<number>();
  const roles = new Set<number>();
  const assignments = new Set<number>();
  const pairs: { groupId: number; personId: number }[] = [];
  const affiliated = new Set<number>();
  let orgs = false;
  for (const c of changes) {
    if (c.at) index.changedAt = Math.max(index.changedAt, new Date(c.at).getTime());
    const id = Number(c.entity_id);
    const data = (c.data ?? {}) as Record<string, unknown>;
    switch (c.entity_type) {
      case 'access_application':
        apps.add(id);
        break;
      case 'access_resource':
        resources.add(id);
        break;
      case 'access_role':
        roles.add(id);
        break;
      case 'access_permission':
        if (typeof data.roleId === 'number') roles.add(data.roleId);
        break;
      case 'access_assignment':
        assignments.add(id);
        break;
      case 'org':
        orgs = true;
        break;
      case 'affiliation':
        if (typeof data.personId === 'number') affiliated.add(data.personId);
        break;
      case 'group_effective':
        if (index.byGroup.has(id) && Array.isArray(data.personIds))
          for (const p of data.personIds) pairs.push({ groupId: id, personId: Number(p) });
        break;
    }
  }
  if (orgs) await reloadOrgs(deps, index);
  if (apps.size) {
    const rows = await deps.db
      .selectFrom('access_applications')
      .selectAll()
      .where('id', 'in', [...apps])
      .execute();
    for (const a of rows) index.putApp({ id: a.id, name: a.name, timeZone: a.time_zone, implications: a.implications });
    for (const id of apps) if (!rows.some((r) => r.id === id)) index.removeApp(id);
  }
  if (resources.size) {
    const rows = await deps.db
      .selectFrom('access_resources')
      .selectAll()
      .where('id', 'in', [...resources])
      .execute();
    for (const r of rows) index.putResource({ id: r.id, appId: r.application_id, name: r.name, parentId: r.parent_id });
    for (const id of resources) if (!rows.some((r) => r.id === id)) index.removeResource(id);
  }
  await reloadRoles(deps, index, [...roles]);
  const groupsBefore = new Set(index.byGroup.keys());
  const changed = await reloadAssignments(deps, index, [...assignments]);
  // A group that now holds its first role: load its members.
  const newGroups = [...index.byGroup.keys()].filter((g) => !groupsBefore.has(g));
  if (newGroups.length) index.putGroupMembers(newGroups, await deps.groups.load({ groupIds: newGroups }));
  const goneGroups = [...groupsBefore].filter((g) => !index.byGroup.has(g));
  if (goneGroups.length) index.putGroupMembers(goneGroups, []);
  if (pairs.length) {
    const groupIds = [...new Set(pairs.map((p) => p.groupId))];
    const personIds = [...new Set(pairs.map((p) => p.personId))];
    const wanted = new Set(pairs.map((p) => `${p.groupId}|${p.personId}`));
    const rows = (await deps.groups.load({ groupIds, personIds })).filter((r) =>
      wanted.has(`${r.groupId}|${r.personId}`),
    );
    index.putMemberships(pairs, rows);
    for (const p of personIds) affiliated.add(p);
  }
  for (const a of changed) {
    if (a.scopeKind !== 'affiliation') continue;
    if (a.subjectType === 'person') affiliated.add(a.subjectId);
    else for (const m of index.membersOf.get(a.subjectId) ?? []) affiliated.add(m.personId);
  }
  for (const g of newGroups) for (const m of index.membersOf.get(g) ?? []) affiliated.add(m.personId);
  await reloadAffiliations(deps, index, affiliationPeople(index, affiliated));
  // Units written without a change (direct loads) are fetched when something names them.
  const named = changed.filter((a) => a.orgId !== null).map((a) => a.orgId!);
  for (const p of affiliated) for (const f of index.affiliationsOf.get(p) ?? []) named.push(f.orgId);
  if (named.some((id) => !index.orgPaths.has(id))) await reloadOrgs(deps, index);
}

/** Finds a unit the index does not know yet (by id or code) and adds it; null when there is none. */
export async function lookUpOrg(deps: LoaderDeps, index: AccessIndex, ref: number | string): Promise<number | null> {
  const q = deps.db.selectFrom('org_units').select(['id', 'path', 'code']);
  const row = await (typeof ref === 'number' ? q.where('id', '=', ref) : q.where('code', '=', ref)).executeTakeFirst();
  if (!row) return null;
  index.putOrgs([row], false);
  return row.id;
}
