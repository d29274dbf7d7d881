import { sql } from 'kysely';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { propagate } from './effective-engine.ts';
import { addHistory } from './group-store.ts';

/**
 * What a merge did to the groups: direct memberships moved or folded into the survivor's, privileges moved or dropped,
 * groups recomputed.
 */
export interface MovedGroupRoles {
  /** Memberships of the absorbed person that now name the survivor. */
  memberships: number[];
  /** Memberships of the absorbed person removed because the survivor was already a direct member: [absorbed, kept]. */
  folded: Array<{ absorbed: number; kept: number }>;
  /** Privileges (on groups or folders, opt-in and opt-out included) that now name the survivor. */
  privileges: number[];
  /** Privileges of the absorbed person the survivor already held, removed. */
  droppedPrivileges: number[];
  /** Groups whose effective rows changed for either person. */
  recomputed: number;
}

const earliest = (a: Date | null, b: Date | null) => (a === null || b === null ? null : a < b ? a : b);
const latest = (a: Date | null, b: Date | null) => (a === null || b === null ? null : a > b ? a : b);
const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/**
 * A merge gives the survivor the absorbed person's direct memberships and privileges, then
 * recomputes the effective members of both people, inside the merge's transaction.
 *
 * When both records are direct members of the same group, one membership stays: the
 * survivor's row (its id, reason and provenance), with its dates widened to the span of both
 * — the earlier enabled-from and the later disabled-at, open if either is open — so the
 * human never loses a day of membership either record had. The absorbed row is deleted.
 * A privilege the survivor already holds is dropped, the others move. Opt-in and opt-out are
 * privileges and memberships like any other. Group history rows already written stay as they
 * were (they tell what happened to the absorbed record); each group touched gets a
 * `member-merged` history row saying what moved. The effective engine's `propagate` is then
 * run for both people over the groups they were in, the groups they are now in and every
 * rule group (rules read the survivor's new facts, and an absorbed record matches none),
 * emitting the `group_effective` change entries the access decision point follows.
 * Call it after the absorbed person is marked merged and its affiliations have moved, in a
 * transaction that holds the groups lock (`lockGroups`, which the merge takes first).
 */
export async function moveGroupRoles(uow: UnitOfWork, loserId: number, survivorId: number): Promise<MovedGroupRoles> {
  const db = uow.db;
  const people = [loserId, survivorId];
  const { rows: wereIn } = await sql<{
    group_id: number;
  }>`select distinct group_id from group_effective_members where person_id = any(${people}::bigint[])`.execute(db);
  const out: MovedGroupRoles = { memberships: [], folded: [], privileges: [], droppedPrivileges: [], recomputed: 0 };

  const mine = await db
    .selectFrom('group_memberships')
    .selectAll()
    .where('member_person_id', '=', loserId)
    .orderBy('id')
    .execute();
  for (const m of mine) {
    const theirs = await db
      .selectFrom('group_memberships')
      .selectAll()
      .where('group_id', '=', m.group_id)
      .where('member_person_id', '=', survivorId)
      .executeTakeFirst();
    if (theirs) {
      const from = earliest(m.enabled_from, theirs.enabled_from);
      const until = latest(m.disabled_at, theirs.disabled_at);
      if (iso(from) !== iso(theirs.enabled_from) || iso(until) !== iso(theirs.disabled_at)) {
        await db
          .updateTable('group_memberships')
          .set({ enabled_from: from, disabled_at: until, updated_at: uow.now, version: sql`version + 1` })
          .where('id', '=', theirs.id)
          .execute();
      }
      await db.deleteFrom('group_memberships').where('id', '=', m.id).execute();
      out.folded.push({ absorbed: m.id, kept: theirs.id });
      await addHistory(uow, {
        groupId: m.group_id,
        event: 'member-merged',
        membershipId: theirs.id,
        personId: survivorId,
        data: {
          absorbedPerson: loserId,
          absorbedMembership: m.id,
          kept: theirs.id,
          before: { enabledFrom: iso(theirs.enabled_from), disabledAt: iso(theirs.disabled_at) },
          after: { enabledFrom: iso(from), disabledAt: iso(until) },
        },
      });
    } else {
      await db
        .updateTable('group_memberships')
        .set({ member_person_id: survivorId, updated_at: uow.now, version: sql`version + 1` })
        .where('id', '=', m.id)
        .execute();
      out.memberships.push(m.id);
      await addHistory(uow, {
        groupId: m.group_id,
        event: 'member-merged',
        membershipId: m.id,
        personId: survivorId,
        data: { absorbedPerson: loserId, membership: m.id },
      });
    }
    uow.change({
      entityType: 'group_membership',
      entityId: m.id,
      op: theirs ? 'deleted' : 'updated',
      data: {
        groupId: m.group_id,
        mergedPerson: loserId,
        into: survivorId,
        ...(theirs ? { kept: theirs.id } : {}),
      },
    });
  }

  const { rows: dropped } = await sql<{ id: number; group_id: number | null }>`
    delete from group_privileges l where l.subject_person_id = ${loserId} and exists (
      select 1 from group_privileges s where s.subject_person_id = ${survivorId} and s.privilege = l.privilege
        and s.group_id is not distinct from l.group_id and s.folder_id is not distinct from l.folder_id)
    returning l.id, l.group_id`.execute(db);
  const moved = await db
    .updateTable('group_privileges')
    .set({ subject_person_id: survivorId })
    .where('subject_person_id', '=', loserId)
    .returning(['id', 'group_id', 'privilege'])
    .execute();
  out.droppedPrivileges = dropped.map((r) => r.id).sort((a, b) => a - b);
  out.privileges = moved.map((r) => r.id).sort((a, b) => a - b);
  for (const p of moved) {
    if (p.group_id !== null)
      await addHistory(uow, {
        groupId: p.group_id,
        event: 'privilege-merged',
        personId: survivorId,
        data: { absorbedPerson: loserId, privilege: p.privilege, privilegeId: p.id },
      });
    uow.change({
      entityType: 'group_privilege',
      entityId: p.id,
      op: 'updated',
      data: { mergedPerson: loserId, into: survivorId, privilege: p.privilege },
    });
  }
  for (const p of dropped)
    uow.change({
      entityType: 'group_privilege',
      entityId: p.id,
      op: 'deleted',
      data: { mergedPerson: loserId, into: survivorId },
    });

  const { rows: nowIn } = await sql<{ id: number }>`
    select group_id as id from group_memberships where member_person_id = ${survivorId}
    union select id from groups where kind = 'rule'`.execute(db);
  const groups = [...new Set([...wereIn.map((r) => r.group_id), ...nowIn.map((r) => r.id)])].sort((a, b) => a - b);
  out.recomputed = await propagate(uow, groups, people);
  return out;
}
