import type { Kysely, Selectable } from 'kysely';
import type { AccessAssignmentsTable, AccessPermissionsTable } from '../platform/db/access-tables.ts';
import type { DB } from '../platform/db/schema.ts';
import { type AsOf, factsAsOf } from '../platform/history/versions-query.ts';
import { effectiveAsOf } from '../groups/effective-as-of.ts';
import type { AssignmentEntry, MembershipEntry } from './access-index.ts';
import type { Limit } from './access-schemas.ts';
import type { GroupMembershipSource } from './group-membership.ts';

/**
 * What the decision point reads for a past moment (issue 16), from the history of versions: assignments (a revoked one
 * counts until its revocation; one given no start from when it was made), role permissions in force then (from when
 * they were added until they were removed) and the effective members of the groups that hold roles, as they were.
 */
const ms = (d: Date | null) => (d === null ? null : new Date(d).getTime());

export async function assignmentsAsOf(db: Kysely<DB>, asOf: AsOf): Promise<AssignmentEntry[]> {
  const rows = await factsAsOf<Selectable<AccessAssignmentsTable>>(db, 'access_assignments', asOf);
  // One given no start did not exist before it was made.
  const made = rows.filter((r) => r.enabled_from !== null || new Date(r.created_at).getTime() <= asOf.at.getTime());
  // A revoked one is left out from its revocation on (factsAsOf); before it, it reads as it did then.
  return made.map(assignmentEntry);
}

/** An assignment row as the decision index holds it (the live loader and the past's share it). */
export function assignmentEntry(
  r: Pick<
    Selectable<AccessAssignmentsTable>,
    | 'id'
    | 'role_id'
    | 'subject_type'
    | 'subject_id'
    | 'scope_kind'
    | 'org_id'
    | 'affiliation_kind'
    | 'enabled_from'
    | 'enabled_until'
    | 'limits'
  >,
): AssignmentEntry {
  return {
    id: r.id,
    roleId: r.role_id,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    scopeKind: r.scope_kind,
    orgId: r.org_id,
    affiliationKind: r.affiliation_kind,
    from: ms(r.enabled_from),
    until: ms(r.enabled_until),
    limits: r.limits as Limit[],
  };
}

export async function permissionsAsOf(db: Kysely<DB>, asOf: AsOf): Promise<Selectable<AccessPermissionsTable>[]> {
  const rows = await factsAsOf<Selectable<AccessPermissionsTable>>(db, 'access_permissions', asOf);
  return rows.filter((p) => new Date(p.created_at).getTime() <= asOf.at.getTime());
}

/** Effective members of groups as they were at `asOf` (all their intervals, as the live source answers). */
export function groupSourceAsOf(db: Kysely<DB>, live: GroupMembershipSource, asOf: AsOf): GroupMembershipSource {
  return {
    async load(query) {
      if (!query.groupIds?.length) return [];
      const { members } = await effectiveAsOf(db, query.groupIds, asOf);
      const people = query.personIds ? new Set(query.personIds) : null;
      const out: MembershipEntry[] = [];
      for (const groupId of query.groupIds)
        for (const [personId, spans] of members.get(groupId) ?? new Map())
          if (!people || people.has(personId))
            for (const s of spans) out.push({ groupId, personId, from: s.from, until: s.until });
      return out;
    },
    exists: (groupId) => live.exists(groupId),
  };
}
