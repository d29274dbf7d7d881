import { sql } from 'kysely';
import { propagate } from '../groups/effective-engine.ts';
import type { MembershipView } from '../groups/group-schemas.ts';
import type { HistoryEntry } from '../groups/group-store.ts';
import type { MembershipHooks } from '../groups/membership-service.ts';
import { membershipsOf } from '../groups/membership-store.ts';
import { isoDate } from '../platform/dates.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { ScimError } from './scim-errors.ts';
import type { MemberPlan } from './scim-group-patch-rules.ts';
import { scopeSql, writtenBySql } from './scim-scope.ts';
import type { Actor } from '../platform/auth/actor.ts';

/**
 * A plan of member changes (scim-group-patch-rules.ts) applied to a basic group's direct person memberships as set
 * operations in the database: the memberships to end are deleted in one statement, the new ones inserted in one,
 * and the effective members recomputed once for the people touched. Members already there stay as they are (their
 * history is kept); removing one who is not a member changes nothing. Memberships of member groups are left alone:
 * SCIM writes people only. Each membership added or removed gets its history row, audit row and change.
 */
export interface MemberTarget {
  groupId: number;
  /** The scope the writer sees (null: everyone); people outside it are unknown to it. */
  scope: string[] | null;
  /** The writer: the people it wrote (its source's) are visible to it wherever they are now. */
  writer: Actor;
  /** Why, in the history and audit: the SCIM client that wrote. */
  reason: string;
  hooks: MembershipHooks;
}

const MAX_NAMED = 10;

/** Refuses (400 invalidValue, naming them) ids that are no active person the writer may see. */
async function assertKnown(uow: UnitOfWork, ids: number[], scope: string[] | null, writer: Actor): Promise<void> {
  if (!ids.length) return;
  const today = isoDate(uow.now);
  const { rows } = await sql<{ id: number }>`
    select p.id from people p where p.id = any(${ids}::bigint[]) and p.state = 'active' and (${scopeSql(scope, today)} or ${writtenBySql(writer)})`.execute(
    uow.db,
  );
  const found = new Set(rows.map((r) => Number(r.id)));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length)
    throw new ScimError(
      400,
      `members: no User ${missing.slice(0, MAX_NAMED).join(', ')}${missing.length > MAX_NAMED ? ` (and ${missing.length - MAX_NAMED} more)` : ''}`,
      'invalidValue',
    );
}

const CHUNK = 1000;

/** The group history rows of many membership changes, a thousand per statement (as `addHistory` writes one). */
async function histories(uow: UnitOfWork, entries: HistoryEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += CHUNK)
    await uow.db
      .insertInto('group_history')
      .values(
        entries.slice(i, i + CHUNK).map((e) => ({
          group_id: e.groupId,
          at: uow.now,
          actor: uow.actor.name,
          event: e.event,
          membership_id: e.membershipId ?? null,
          person_id: e.personId ?? null,
          data: JSON.stringify(e.data ?? {}),
        })),
      )
      .execute();
}

/** Applies the plan's member changes; returns whether any membership changed. Call with the groups locked. */
export async function applyMembers(uow: UnitOfWork, target: MemberTarget, plan: MemberPlan): Promise<boolean> {
  const { groupId, reason } = target;
  await assertKnown(uow, plan.add, target.scope, target.writer);
  const keep = plan.add;
  const removeWhere =
    plan.remove === 'all'
      ? sql`true`
      : plan.remove.length
        ? sql`member_person_id = any(${plan.remove}::bigint[])`
        : sql`false`;
  const ending = await sql<{ id: number }>`
    select id from group_memberships where group_id = ${groupId} and member_person_id is not null
      and ${removeWhere} and not (member_person_id = any(${keep}::bigint[]))`.execute(uow.db);
  const endingIds = ending.rows.map((r) => Number(r.id));
  const befores = endingIds.length ? await membershipsOf(uow.db, { ids: endingIds }) : [];
  if (endingIds.length) await uow.db.deleteFrom('group_memberships').where('id', 'in', endingIds).execute();
  const present = await sql<{ person: number }>`
    select member_person_id as person from group_memberships
    where group_id = ${groupId} and member_person_id = any(${keep}::bigint[])`.execute(uow.db);
  const there = new Set(present.rows.map((r) => Number(r.person)));
  const adding = keep.filter((id) => !there.has(id));
  const follow = new Map<number, ((view: MembershipView) => Promise<void>) | undefined>();
  const checks = adding.length > 0 && (await target.hooks.checksNeeded?.(uow, groupId)) !== false;
  if (checks)
    for (const personId of adding)
      follow.set(personId, await target.hooks.beforeInsert?.(uow, groupId, { personId, reason }));
  const inserted = adding.length
    ? await sql<{ id: number }>`
        insert into group_memberships (group_id, member_person_id, reason, added_by, added_at, updated_at)
        select ${groupId}, p, ${reason}, ${uow.actor.name}, ${uow.now}, ${uow.now} from unnest(${adding}::bigint[]) as t(p)
        returning id`.execute(uow.db)
    : { rows: [] };
  const afters = inserted.rows.length
    ? await membershipsOf(uow.db, { ids: inserted.rows.map((r) => Number(r.id)) })
    : [];
  const touched = [...befores.map((m) => m.personId!), ...adding];
  if (!touched.length) return false;
  await propagate(uow, [groupId], touched);
  await histories(uow, [
    ...befores.map((before) => ({
      groupId,
      event: 'member-removed',
      membershipId: before.id,
      personId: before.personId,
      data: { ...before, removalReason: reason },
    })),
    ...afters.map((view) => ({
      groupId,
      event: 'member-added',
      membershipId: view.id,
      personId: view.personId,
      data: view,
    })),
  ]);
  for (const before of befores)
    uow.record({
      action: 'group.member.remove',
      op: 'member-removed',
      targetType: 'group',
      targetId: groupId,
      before,
      reason,
    });
  for (const view of afters) {
    uow.record({
      action: 'group.member.add',
      op: 'member-added',
      targetType: 'group',
      targetId: groupId,
      after: view,
      reason,
    });
    await follow.get(view.personId!)?.(view);
  }
  return true;
}
