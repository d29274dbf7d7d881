import { type RawBuilder, sql } from 'kysely';
import { type GuestSettings, maySponsorSql } from './sponsorship.ts';

/**
 * handover-rules.ts as SQL, for the sweep: the guests to hand over today with their voucher, the unit whose guest
 * managers answer and the deadline. A storage test runs it over random guests, units and managers and compares it with
 * `handoverToOpen`.
 *
 * The guest managers of a unit are the enabled accounts holding the organisation administrator role at that very unit
 * (they manage the guests of its subtree, policy.ts); the nearest unit at or above the guest's host (else tenant) unit
 * with some answers.
 */
export const VOUCHER = sql`coalesce(g.guarantor_id, g.sponsor_id)`;

/** A unit id expression's guest managers exist. */
export function hasManagersSql(orgId: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from user_roles r join users us on us.id = r.user_id
    where r.role = 'orgadmin' and r.org_id = ${orgId} and us.disabled_at is null)`;
}

export interface HandoverCandidate {
  guest_id: number;
  role: 'guarantor' | 'sponsor';
  voucher_id: number;
  org_id: number;
  since: string;
  deadline: string;
}

/**
 * The handovers to open today (columns of `HandoverCandidate`), over `guests g` and `guest_types t`, in guest id order,
 * after `afterId`, at most `limit`.
 */
export function handoverCandidatesSql(
  today: string,
  settings: GuestSettings,
  page: { afterId: number; limit: number },
): RawBuilder<HandoverCandidate> {
  return sql<HandoverCandidate>`
    select g.id as guest_id, case when g.guarantor_id is not null then 'guarantor' else 'sponsor' end as role,
           ${VOUCHER} as voucher_id, m.org_id, ${today}::date::text as since,
           (${today}::date + t.handover_days)::text as deadline
    from guests g join guest_types t on t.id = g.type_id
    cross join lateral (
      select u.id as org_id from org_units u join org_units h on h.path like u.path || '%'
      where h.id = coalesce(g.host_org_id, g.tenant_org_id) and ${hasManagersSql(sql`u.id`)}
      order by length(u.path) desc limit 1
    ) m
    where g.id > ${page.afterId} and g.state in ('pending', 'active', 'expiring') and ${VOUCHER} is not null
      and t.handover_days > 0 and not ${maySponsorSql(VOUCHER, today, settings)}
      and not exists (select 1 from guest_handovers x where x.guest_id = g.id and x.closed_at is null)
    order by g.id
    limit ${page.limit}`;
}
