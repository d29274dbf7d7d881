import { sql } from 'kysely';
import type { UnitOfWork } from '../platform/unit-of-work.ts';

/**
 * The role assignments a merge moved to the survivor, and the absorbed person's ones it dropped as exact duplicates of
 * the survivor's.
 */
export interface MovedAssignments {
  moved: number[];
  dropped: number[];
}

/**
 * A merge gives the survivor every role assignment of the absorbed person, inside the
 * merge's transaction. An assignment the survivor already holds exactly (same role, scope,
 * dates and limits) is dropped instead of doubled. Every moved or dropped assignment gets an
 * `access_assignment` change entry — the index follower of every process reloads those ids
 * (a moved one under its new subject, a dropped one leaves) — and every affiliation the
 * survivor now holds an `affiliation` entry naming the survivor, so affiliation-scoped roles
 * see the affiliations the merge brought. Call it after the affiliations have moved.
 */
export async function moveAssignments(uow: UnitOfWork, loserId: number, survivorId: number): Promise<MovedAssignments> {
  const { rows: dropped } = await sql<{ id: number }>`
    delete from access_assignments l where l.subject_type = 'person' and l.subject_id = ${loserId} and exists (
      select 1 from access_assignments s where s.subject_type = 'person' and s.subject_id = ${survivorId}
        and s.role_id = l.role_id and s.scope_kind = l.scope_kind and s.org_id is not distinct from l.org_id
        and s.affiliation_kind is not distinct from l.affiliation_kind and s.enabled_from is not distinct from l.enabled_from
        and s.enabled_until is not distinct from l.enabled_until and s.limits = l.limits)
    returning l.id`.execute(uow.db);
  const moved = await uow.db
    .updateTable('access_assignments')
    .set({ subject_id: survivorId, updated_at: uow.now, version: sql`version + 1` })
    .where('subject_type', '=', 'person')
    .where('subject_id', '=', loserId)
    .returning('id')
    .execute();
  const out: MovedAssignments = {
    moved: moved.map((r) => r.id).sort((a, b) => a - b),
    dropped: dropped.map((r) => r.id).sort((a, b) => a - b),
  };
  for (const id of out.moved)
    uow.change({
      entityType: 'access_assignment',
      entityId: id,
      op: 'updated',
      data: { mergedPerson: loserId, into: survivorId, subject: { type: 'person', id: survivorId } },
    });
  for (const id of out.dropped)
    uow.change({
      entityType: 'access_assignment',
      entityId: id,
      op: 'deleted',
      data: { mergedPerson: loserId, into: survivorId, duplicateOfSurvivors: true },
    });
  const affiliations = await uow.db
    .selectFrom('affiliations')
    .select('id')
    .where('person_id', '=', survivorId)
    .execute();
  for (const a of affiliations)
    uow.change({
      entityType: 'affiliation',
      entityId: a.id,
      op: 'updated',
      data: { personId: survivorId, mergedPerson: loserId },
    });
  return out;
}
