import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { MembershipView } from './group-schemas.ts';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** Direct memberships as the API shows them. */
export async function membershipsOf(
  db: Kysely<DB>,
  where: { ids?: number[]; groupId?: number },
): Promise<MembershipView[]> {
  const { rows } = await sql<{
    id: number;
    group_id: number;
    group_name: string;
    member_person_id: number | null;
    person_name: string | null;
    member_group_id: number | null;
    member_group_name: string | null;
    reason: string | null;
    ticket: string | null;
    requested_by: string | null;
    approved_by: string | null;
    added_by: string;
    added_at: Date;
    enabled_from: Date | null;
    disabled_at: Date | null;
    version: number;
  }>`
    select m.*, g.name as group_name, mg.name as member_group_name,
           case when p.id is null then null else coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name end as person_name
    from group_memberships m join groups g on g.id = m.group_id
    left join people p on p.id = m.member_person_id left join groups mg on mg.id = m.member_group_id
    where ${where.ids ? sql`m.id = any(${where.ids}::bigint[])` : sql`true`} and ${where.groupId !== undefined ? sql`m.group_id = ${where.groupId}` : sql`true`}
    order by m.id`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    groupId: r.group_id,
    groupName: r.group_name,
    personId: r.member_person_id,
    personName: r.person_name,
    memberGroupId: r.member_group_id,
    memberGroupName: r.member_group_name,
    reason: r.reason,
    ticket: r.ticket,
    requestedBy: r.requested_by,
    approvedBy: r.approved_by,
    addedBy: r.added_by,
    addedAt: r.added_at.toISOString(),
    enabledFrom: iso(r.enabled_from),
    disabledAt: iso(r.disabled_at),
    version: r.version,
  }));
}
