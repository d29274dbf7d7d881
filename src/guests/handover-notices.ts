import { sql } from 'kysely';
import { enqueueMany, type MailRequest } from '../notify/outbox.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';

/**
 * The notices of new handovers, inside the pass's unit of work: the guest managers of the unit (mail event
 * `guest-handover`) and the guest (`guest-handed-over`) hear who no longer vouches, which unit answers now and the
 * deadline. Queued in the outbox keyed by the handover, so they exist if and only if the handover commits; what was
 * sent to whom (or that someone has no usable address) is recorded on the handover row.
 */
export interface OpenedHandover {
  id: number;
  guestId: number;
  role: 'guarantor' | 'sponsor';
  voucherId: number;
  orgId: number;
  since: string;
  deadline: string;
}

export interface HandoverNotice {
  event: string;
  audience: 'guest-manager' | 'guest';
  to: string | null;
  personId: number | null;
  userId?: number;
  queued: boolean;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

const nameSql = sql`trim(coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name)`;

export async function notifyHandovers(uow: UnitOfWork, opened: OpenedHandover[]): Promise<number> {
  if (opened.length === 0) return 0;
  const { rows: managers } = await sql<{
    org_id: number;
    user_id: number;
    person_id: number | null;
    address: string | null;
    name: string;
  }>`
    select r.org_id, us.id as user_id, us.person_id, trim(coalesce(p.emails -> 0 ->> 'address', us.email)) as address,
           coalesce(${nameSql}, us.display_name) as name
    from user_roles r join users us on us.id = r.user_id left join people p on p.id = us.person_id
    where r.role = 'orgadmin' and us.disabled_at is null and r.org_id = any(${[...new Set(opened.map((h) => h.orgId))]}::bigint[])
    order by us.id`.execute(uow.db);
  const { rows: guests } = await sql<{
    guest_id: number;
    person_id: number;
    address: string | null;
    name: string;
    voucher: string;
    unit: string;
  }>`
    select g.id as guest_id, g.person_id, trim(p.emails -> 0 ->> 'address') as address, ${nameSql} as name,
           (select trim(coalesce(v.preferred_name, v.given_name) || ' ' || v.family_name) from people v where v.id = h.voucher_id) as voucher,
           (select u.name from org_units u where u.id = h.org_id) as unit
    from guest_handovers h join guests g on g.id = h.guest_id join people p on p.id = g.person_id
    where h.id = any(${opened.map((h) => h.id)}::bigint[])`.execute(uow.db);
  const guestOf = new Map(guests.map((g) => [g.guest_id, g]));
  const mails: MailRequest[] = [];
  const notices = opened.map((h) => {
    const g = guestOf.get(h.guestId)!;
    const context = { visitor: g.name, voucher: g.voucher, role: h.role, unit: g.unit, deadline: h.deadline };
    const list: HandoverNotice[] = [];
    for (const m of managers.filter((x) => x.org_id === h.orgId)) {
      const queued = m.address !== null && ADDRESS.test(m.address);
      if (queued)
        mails.push({
          event: 'guest-handover',
          to: { address: m.address!, personId: m.person_id, userId: m.user_id },
          context: { ...context, name: m.name },
          dedupeKey: `guest-handover:${h.id}:user-${m.user_id}`,
        });
      list.push({
        event: 'guest-handover',
        audience: 'guest-manager',
        to: m.address,
        personId: m.person_id,
        userId: m.user_id,
        queued,
      });
    }
    const queued = g.address !== null && ADDRESS.test(g.address);
    if (queued)
      mails.push({
        event: 'guest-handed-over',
        to: { address: g.address!, personId: g.person_id },
        context: { ...context, name: g.name },
        dedupeKey: `guest-handover:${h.id}:guest`,
      });
    list.push({ event: 'guest-handed-over', audience: 'guest', to: g.address, personId: g.person_id, queued });
    return list;
  });
  await enqueueMany(uow, mails);
  await sql`update guest_handovers x set notices = n.notices::jsonb
    from unnest(${opened.map((h) => h.id)}::bigint[], ${notices.map((n) => JSON.stringify(n))}::text[]) as n(id, notices)
    where x.id = n.id`.execute(uow.db);
  return notices.reduce((sum, n) => sum + n.length, 0);
}
