import { sql } from 'kysely';
import { notFound } from '../platform/errors.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { propagate } from './effective-engine.ts';
import type { MembershipView } from './group-schemas.ts';
import { membershipsOf } from './membership-store.ts';

/** One membership's new end (disabled-at; null: none), with the history event and reason that explain it. */
export interface EndChange {
  membershipId: number;
  disabledAt: Date | null;
  /** The group-history event, e.g. `grace-started`. */
  event: string;
  reason: string;
  /** More for the history row (the governance "why"). */
  data?: Record<string, unknown>;
  /** The audit action of this change, when not the call's. */
  action?: string;
}

/**
 * Sets the end of many direct memberships inside the caller's unit of work, which must hold
 * the groups lock (`lockGroups`, taken first in the transaction): one update, the effective
 * members recomputed once per group for the people touched (so access follows), and for each
 * membership a history row and an audit row with the reason. Governance ends memberships
 * through here (grace and notice). Returns the memberships after the change.
 */
export async function setMembershipEnds(
  uow: UnitOfWork,
  changes: EndChange[],
  action: string,
): Promise<MembershipView[]> {
  if (changes.length === 0) return [];
  const ids = changes.map((c) => c.membershipId);
  const before = new Map((await membershipsOf(uow.db, { ids })).map((m) => [m.id, m]));
  for (const id of ids) if (!before.has(id)) throw notFound('membership', id);
  await sql`
    update group_memberships m set disabled_at = t.disabled_at, updated_at = ${uow.now}, version = m.version + 1
    from unnest(${ids}::bigint[], ${changes.map((c) => c.disabledAt?.toISOString() ?? null)}::timestamptz[]) as t(id, disabled_at)
    where m.id = t.id`.execute(uow.db);
  const after = new Map((await membershipsOf(uow.db, { ids })).map((m) => [m.id, m]));
  // one recomputation for every group and person the changes touch
  const groups = new Set<number>();
  const people = new Set<number>();
  for (const m of after.values()) {
    groups.add(m.groupId);
    if (m.personId !== null) people.add(m.personId);
    else for (const p of await membersOfGroup(uow, m.memberGroupId!)) people.add(p);
  }
  await propagate(uow, [...groups], [...people]);
  const history = changes.map((c) => {
    const a = after.get(c.membershipId)!;
    return {
      group_id: a.groupId,
      at: uow.now,
      actor: uow.actor.name,
      event: c.event,
      membership_id: a.id,
      person_id: a.personId,
      member_group_id: a.memberGroupId,
      boundary_at: null,
      data: JSON.stringify({ before: before.get(a.id), after: a, reason: c.reason, ...c.data }),
    };
  });
  for (let i = 0; i < history.length; i += 1000)
    await uow.db
      .insertInto('group_history')
      .values(history.slice(i, i + 1000))
      .execute();
  for (const c of changes) {
    const a = after.get(c.membershipId)!;
    uow.record({
      action: c.action ?? action,
      op: 'member-updated',
      targetType: 'group',
      targetId: a.groupId,
      before: before.get(a.id),
      after: a,
      reason: c.reason,
    });
  }
  return ids.map((id) => after.get(id)!);
}

async function membersOfGroup(uow: UnitOfWork, groupId: number): Promise<number[]> {
  const rows = await uow.db
    .selectFrom('group_effective_members')
    .select('person_id')
    .distinct()
    .where('group_id', '=', groupId)
    .execute();
  return rows.map((r) => r.person_id);
}
