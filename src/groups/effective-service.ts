import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { write } from '../platform/unit-of-work.ts';
import { lockGroups, rebuild } from './effective-engine.ts';
import { effectiveViewsAsOf } from './effective-history.ts';
import { countsAtSql } from './effective-members.ts';
import { requirePrivilege } from './group-access.ts';
import type { EffectiveView, HistoryView } from './group-schemas.ts';
import { loadGroup } from './group-store.ts';
import { membershipsOf } from './membership-store.ts';

/** Reading effective members (with why) and history; the full rebuild. */
export function createEffectiveService(deps: ServiceDeps) {
  const { db, clock } = deps;

  async function listEffective(
    actor: Actor,
    groupId: number,
    options: { at?: string; all?: boolean; knownAt?: string } = {},
  ): Promise<EffectiveView[]> {
    const group = await loadGroup(db, groupId);
    const knownAt = options.knownAt ? new Date(options.knownAt) : null;
    const at = options.at ? new Date(options.at) : (knownAt ?? clock.now());
    await requirePrivilege(db, actor, { groupId }, 'read', clock.now(), `the group ${group.name}`);
    // A past date or a recorded time: from the history of versions (what was deleted or redefined since still counts).
    if (knownAt !== null || at.getTime() < clock.now().getTime())
      return effectiveViewsAsOf(db, groupId, { at, knownAt }, options.all === true);
    const { rows } = await sql<{
      person_id: number;
      person_name: string;
      valid_from: Date | null;
      valid_until: Date | null;
      membership_id: number | null;
      path: Array<number | string>;
    }>`
      select e.person_id, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name as person_name, e.valid_from, e.valid_until, e.membership_id, e.path
      from group_effective_members e join people p on p.id = e.person_id
      where e.group_id = ${groupId}
        and ${options.all ? sql`true` : countsAtSql('e', at)}
      order by p.family_name, p.given_name, e.person_id, e.valid_from nulls first`.execute(db);
    const memberships = new Map(
      (
        await membershipsOf(db, {
          ids: [...new Set(rows.flatMap((r) => (r.membership_id === null ? [] : [r.membership_id])))],
        })
      ).map((m) => [m.id, m]),
    );
    const groupIds = [...new Set(rows.flatMap((r) => r.path.map(Number)))];
    const names = new Map(
      (groupIds.length
        ? await db
            .selectFrom('groups')
            .select(['id', 'name'])
            .where('id', '=', sql<number>`any(${groupIds}::bigint[])`)
            .execute()
        : []
      ).map((g) => [g.id, g.name]),
    );
    return rows.map((r) => ({
      personId: r.person_id,
      personName: r.person_name,
      validFrom: r.valid_from?.toISOString() ?? null,
      validUntil: r.valid_until?.toISOString() ?? null,
      why: {
        membership: r.membership_id === null ? null : (memberships.get(r.membership_id) ?? null),
        path: r.path.map((id) => ({ id: Number(id), name: names.get(Number(id)) ?? `#${id}` })),
        rule: r.membership_id === null,
      },
    }));
  }

  async function history(actor: Actor, groupId: number): Promise<HistoryView[]> {
    const group = await loadGroup(db, groupId);
    await requirePrivilege(db, actor, { groupId }, 'read', clock.now(), `the group ${group.name}`);
    const rows = await db
      .selectFrom('group_history')
      .selectAll()
      .where('group_id', '=', groupId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actor,
      event: r.event,
      membershipId: r.membership_id,
      personId: r.person_id,
      memberGroupId: r.member_group_id,
      boundaryAt: r.boundary_at?.toISOString() ?? null,
      data: r.data,
    }));
  }

  /** Recomputes every group from scratch and writes what differs (nothing, when the incremental path is right). */
  async function rebuildAll(actor: Actor): Promise<{ groups: number; groupsChanged: number; peopleChanged: number }> {
    authorise(actor, 'groups:manage');
    return write(deps, actor, async (uow) => {
      await lockGroups(uow.db);
      const result = await rebuild(uow);
      uow.audit({ action: 'group.rebuild', targetType: 'group', targetId: 'all', after: result });
      return result;
    });
  }

  return { listEffective, history, rebuildAll };
}
