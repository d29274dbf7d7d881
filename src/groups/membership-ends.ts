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
  // the rows as the update leaves them: the new end and version, the rest as read before
  const { rows: updated } = await sql<{ id: number; disabled_at: Date | null; version: number }>`
    update group_memberships m set disabled_at = t.disabled_at, updated_at = ${uow.now}, version = m.version + 1
    from unnest(${ids}::bigint[], ${changes.map((c) => c.disabledAt?.toISOString() ?? null)}::timestamptz[]) as t(id, disabled_at)
    where m.id = t.id
    returning m.id, m.disabled_at, m.version`.execute(uow.db);
  const set = new Map(updated.map((r) => [Number(r.id), r]));
  const after = new Map(
    [...before.values()].map((b) => {
      const r = set.get(b.id)!;
      return [b.id, { ...b, disabledAt: r.disabled_at?.toISOString() ?? null, version: r.version }];
    }),
  );
  // one recomputation for every group and person the changes touch
  const groups = new Set<number>();
  const people = new Set<number>();
  for (const m of after.values()) {
    groups.add(m.groupId);
    if (m.personId !== null) people.add(m.personId);
    else for (const p of await membersOfGroup(uow, m.memberGroupId!)) people.add(p);
  }
  await propagate(uow, [...groups], [...people]);
  // one history row per change, in the changes' order, all in one statement
  const rows = changes.map((c) => after.get(c.membershipId)!);
  for (let i = 0; i < rows.length; i += 5000) {
    const part = <T>(xs: T[]) => xs.slice(i, i + 5000);
    await sql`
      insert into group_history (group_id, at, actor, event, membership_id, person_id, member_group_id, boundary_at, data)
      select t.group_id, ${uow.now}::timestamptz, ${uow.actor.name}::text, t.event, t.membership_id, t.person_id, t.member_group_id, null, t.data::jsonb
      from unnest(${part(rows.map((a) => a.groupId))}::bigint[], ${part(changes.map((c) => c.event))}::text[], ${part(rows.map((a) => a.id))}::bigint[],
        ${part(rows.map((a) => a.personId))}::bigint[], ${part(rows.map((a) => a.memberGroupId))}::bigint[],
        ${part(changes.map((c, k) => JSON.stringify({ before: before.get(rows[k].id), after: rows[k], reason: c.reason, ...c.data })))}::text[])
        with ordinality as t(group_id, event, membership_id, person_id, member_group_id, data, n)
      order by t.n`.execute(uow.db);
  }
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
