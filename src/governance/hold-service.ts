import { sql } from 'kysely';
import { actorPrivileges, personOfActor, requirePrivilege } from '../groups/group-access.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { can } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { conflict, forbidden, notFound, stale } from '../platform/errors.ts';
import { type UnitOfWork, write } from '../platform/unit-of-work.ts';
import type { FactChange } from './grace-rules.ts';
import { holdReason } from './hold-rules.ts';

/**
 * Mass-loss holds: a pass that would start grace for more than a policy's share of a group's
 * governed members writes a hold with the items instead of acting on them. System
 * administrators and the group's admins list and show holds, release one (the next pass
 * applies its items, checked again on that day's facts) or discard it (its items are free
 * again: a loss that persists is found, and held again if still massive, by a later pass).
 */
export interface HoldItem extends FactChange {
  membershipId: number;
  personId: number;
  seenAt: string;
  days: number;
}

export interface HoldView {
  id: number;
  policyId: number;
  policy: string;
  groupId: number;
  group: string;
  affected: number;
  members: number;
  reason: string;
  state: 'open' | 'released' | 'discarded';
  items: HoldItem[];
  createdAt: string;
  releasedAt: string | null;
  releasedBy: string | null;
  discardedAt: string | null;
  appliedAt: string | null;
  version: number;
}

export type HoldState = HoldView['state'] | 'all';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** Writes a hold for one group's items (inside the pass's unit of work); the items wait for it. */
export async function createHold(
  uow: UnitOfWork,
  h: { policyId: number; groupId: number; members: number; percent: number; items: HoldItem[] },
): Promise<number> {
  const row = await uow.db
    .insertInto('governance_holds')
    .values({
      policy_id: h.policyId,
      group_id: h.groupId,
      affected: h.items.length,
      members: h.members,
      items: JSON.stringify(h.items),
      created_at: uow.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await uow.db
    .updateTable('membership_facts')
    .set({ hold_id: row.id })
    .where(
      'membership_id',
      'in',
      h.items.map((i) => i.membershipId),
    )
    .execute();
  uow.record({
    action: 'governance.hold.create',
    op: 'created',
    targetType: 'governance_hold',
    targetId: row.id,
    after: { groupId: h.groupId, policyId: h.policyId, affected: h.items.length, members: h.members },
    reason: holdReason(h.items.length, h.members, h.percent),
  });
  return row.id;
}

export function createHoldService(deps: ServiceDeps) {
  const { db, clock } = deps;

  async function load(id: number): Promise<HoldView> {
    const { rows } = await sql<{
      id: number;
      policy_id: number;
      policy: string;
      percent: number;
      group_id: number;
      group: string;
      affected: number;
      members: number;
      items: HoldItem[];
      created_at: Date;
      released_at: Date | null;
      released_by: string | null;
      discarded_at: Date | null;
      applied_at: Date | null;
      version: number;
    }>`select h.*, p.name as policy, p.mass_loss_percent as percent, g.name as group
      from governance_holds h join governance_policies p on p.id = h.policy_id join groups g on g.id = h.group_id
      where h.id = ${id}`.execute(db);
    const r = rows[0];
    if (!r) throw notFound('hold', id);
    return {
      id: Number(r.id),
      policyId: Number(r.policy_id),
      policy: r.policy,
      groupId: Number(r.group_id),
      group: r.group,
      affected: r.affected,
      members: r.members,
      reason: holdReason(r.affected, r.members, r.percent),
      state: r.released_at ? 'released' : r.discarded_at ? 'discarded' : 'open',
      items: r.items,
      createdAt: r.created_at.toISOString(),
      releasedAt: iso(r.released_at),
      releasedBy: r.released_by,
      discardedAt: iso(r.discarded_at),
      appliedAt: iso(r.applied_at),
      version: r.version,
    };
  }

  /**
   * Holds the actor may see: all for readers of every group; for an account linked to a person, those of the groups
   * they administer; nobody else may list holds.
   */
  async function list(actor: Actor, state: HoldState = 'open'): Promise<HoldView[]> {
    const seesAll = can(actor, 'groups:read');
    if (!seesAll && (await personOfActor(db, actor)) === null)
      throw forbidden(`${actor.name} may not read governance holds: only group readers and groups' admins may`);
    let q = db.selectFrom('governance_holds').select(['id', 'group_id']).orderBy('id', 'desc').limit(500);
    if (state === 'open') q = q.where('released_at', 'is', null).where('discarded_at', 'is', null);
    if (state === 'released') q = q.where('released_at', 'is not', null);
    if (state === 'discarded') q = q.where('discarded_at', 'is not', null);
    const rows = await q.execute();
    const out: HoldView[] = [];
    for (const r of rows) {
      if (!seesAll && !(await actorPrivileges(db, actor, { groupId: r.group_id }, clock.now())).has('admin')) continue;
      out.push(await load(r.id));
    }
    return out;
  }

  async function show(actor: Actor, id: number): Promise<HoldView> {
    const hold = await load(id);
    if (!can(actor, 'groups:read'))
      await requirePrivilege(db, actor, { groupId: hold.groupId }, 'admin', clock.now(), `the group ${hold.group}`);
    return hold;
  }

  async function decide(
    actor: Actor,
    id: number,
    expected: number,
    how: 'release' | 'discard',
    reason: string | null,
  ): Promise<HoldView> {
    const hold = await load(id);
    await requirePrivilege(db, actor, { groupId: hold.groupId }, 'admin', clock.now(), `the group ${hold.group}`);
    await write(deps, actor, async (uow) => {
      const row = await uow.db
        .selectFrom('governance_holds')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw notFound('hold', id);
      if (row.version !== expected) throw stale(`hold ${id}`, expected);
      if (row.released_at || row.discarded_at)
        throw conflict(`hold ${id} was already ${row.released_at ? 'released' : 'discarded'}`, {
          field: '/id',
          rule: 'open',
          message: 'only an open hold can be released or discarded',
        });
      await uow.db
        .updateTable('governance_holds')
        .set(
          how === 'release'
            ? { released_at: uow.now, released_by: actor.name, version: sql`version + 1` }
            : { discarded_at: uow.now, version: sql`version + 1` },
        )
        .where('id', '=', id)
        .execute();
      if (how === 'discard')
        await uow.db.updateTable('membership_facts').set({ hold_id: null }).where('hold_id', '=', id).execute();
      uow.record({
        action: `governance.hold.${how}`,
        op: how === 'release' ? 'released' : 'discarded',
        targetType: 'governance_hold',
        targetId: id,
        before: { state: 'open', affected: row.affected },
        after: { state: how === 'release' ? 'released' : 'discarded', groupId: row.group_id },
        reason,
      });
    });
    return load(id);
  }

  return {
    list,
    show,
    release: (actor: Actor, id: number, expected: number, reason: string | null = null) =>
      decide(actor, id, expected, 'release', reason),
    discard: (actor: Actor, id: number, expected: number, reason: string | null = null) =>
      decide(actor, id, expected, 'discard', reason),
  };
}

export type HoldService = ReturnType<typeof createHoldService>;
