import { sql } from 'kysely';
import { conflict } from '../platform/errors.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import type { AccountMembershipViewT, AccountViewT } from './account-schemas.ts';
import type { Db } from './policy-store.ts';

/** Reading accounts and their memberships as the API shows them, and inserting an account's membership (audited). */
export async function accountViews(
  db: Db,
  where: { ids?: number[]; ownerPersonId?: number; kind?: string },
): Promise<AccountViewT[]> {
  const { rows } = await sql<{
    id: number;
    kind: 'admin' | 'service';
    username: string;
    owner_person_id: number;
    owner_name: string;
    description: string;
    attributes: Record<string, unknown>;
    created_at: Date;
    ended_at: Date | null;
    version: number;
  }>`select a.*, trim(coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name) as owner_name
     from subject_accounts a join people p on p.id = a.owner_person_id
     where ${where.ids ? sql`a.id = any(${where.ids}::bigint[])` : sql`true`}
       and ${where.ownerPersonId !== undefined ? sql`a.owner_person_id = ${where.ownerPersonId}` : sql`true`}
       and ${where.kind !== undefined ? sql`a.kind = ${where.kind}` : sql`true`}
     order by a.id limit 1000`.execute(db);
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    username: r.username,
    ownerPersonId: Number(r.owner_person_id),
    ownerName: r.owner_name,
    description: r.description,
    attributes: r.attributes,
    createdAt: new Date(r.created_at).toISOString(),
    endedAt: r.ended_at ? new Date(r.ended_at).toISOString() : null,
    version: r.version,
  }));
}

export async function accountMembershipViews(
  db: Db,
  where: { ids?: number[]; accountId?: number },
): Promise<AccountMembershipViewT[]> {
  let q = db
    .selectFrom('account_memberships as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .selectAll('m')
    .select('g.name as group_name')
    .orderBy('m.id');
  if (where.ids) q = q.where('m.id', 'in', where.ids.length ? where.ids : [0]);
  if (where.accountId !== undefined) q = q.where('m.account_id', '=', where.accountId);
  return (await q.execute()).map((m) => ({
    id: m.id,
    groupId: m.group_id,
    groupName: m.group_name,
    accountId: m.account_id,
    reason: m.reason,
    ticket: m.ticket,
    requestedBy: m.requested_by,
    approvedBy: m.approved_by,
    addedBy: m.added_by,
    addedAt: m.added_at.toISOString(),
    disabledAt: m.disabled_at ? m.disabled_at.toISOString() : null,
    version: m.version,
  }));
}

export interface AccountMemberRow {
  groupId: number;
  accountId: number;
  reason?: string | null;
  ticket?: string | null;
  requestedBy?: string | null;
  approvedBy?: string | null;
  disabledAt?: Date | null;
}

/** Inserts an account's direct membership of a basic group (409 when it is one already); audited. */
export async function insertAccountMembership(uow: UnitOfWork, m: AccountMemberRow): Promise<AccountMembershipViewT> {
  const group = await uow.db
    .selectFrom('groups')
    .select(['name', 'kind'])
    .where('id', '=', m.groupId)
    .executeTakeFirstOrThrow();
  if (group.kind !== 'basic')
    throw conflict(`${group.name} is a ${group.kind} group: its members are computed`, {
      field: '/groupId',
      rule: 'basic-only',
    });
  const row = await uow.db
    .insertInto('account_memberships')
    .values({
      group_id: m.groupId,
      account_id: m.accountId,
      reason: m.reason ?? null,
      ticket: m.ticket ?? null,
      requested_by: m.requestedBy ?? null,
      approved_by: m.approvedBy ?? null,
      added_by: uow.actor.name,
      added_at: uow.now,
      disabled_at: m.disabledAt ?? null,
      updated_at: uow.now,
    })
    .onConflict((oc) => oc.columns(['group_id', 'account_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row)
    throw conflict(`account ${m.accountId} is a direct member of ${group.name} already`, {
      field: '/accountId',
      rule: 'unique',
    });
  const [view] = await accountMembershipViews(uow.db, { ids: [row.id] });
  uow.record({
    action: 'governance.account.member.add',
    op: 'member-added',
    targetType: 'group',
    targetId: m.groupId,
    after: view,
    reason: m.reason ?? null,
  });
  return view;
}
