import { sql } from 'kysely';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import type { Audience, LifecycleTransition } from './lifecycle.ts';

/**
 * Who hears about a transition, inside the transition's own unit of work. The lifecycle
 * says which parties hear of it (`notify`: the guest, the guarantor, the sponsor); the
 * state entered says what they hear (`expiring` → the expiring reminder, `disabled` → the
 * access-ended notice). Each notice is recorded on the transition row (`notices`), so the
 * history shows who was told what; the mail itself goes through the outbox (src/notify)
 * once it is wired here, with the transition row's id in the dedupe key so a mail is
 * never queued twice.
 */
export interface MovedGuest {
  transitionId: number;
  guestId: number;
  personId: number;
  guarantorId: number | null;
  sponsorId: number | null;
  validTo: string | null;
}

export interface TransitionNotice {
  event: string;
  audience: Audience;
  personId: number;
  /** The person's first email address; null when they have none (nothing can be sent). */
  to: string | null;
}

const eventOfState: Record<string, string> = { expiring: 'expiring-reminder', disabled: 'disabled' };

export function noticeEvent(state: string): string | null {
  return eventOfState[state] ?? null;
}

/** Records (and, with the outbox, queues) the notices of one batch of moved guests; returns how many. */
export async function notifyTransition(uow: UnitOfWork, transition: LifecycleTransition, moved: MovedGuest[]): Promise<number> {
  const event = noticeEvent(transition.to);
  const audiences = transition.notify ?? [];
  if (!event || audiences.length === 0 || moved.length === 0) return 0;
  const partyOf = (g: MovedGuest, a: Audience) => (a === 'guest' ? g.personId : a === 'guarantor' ? g.guarantorId : g.sponsorId);
  const ids = [...new Set(moved.flatMap((g) => audiences.map((a) => partyOf(g, a)).filter((id): id is number => id !== null)))];
  const { rows } = await sql<{ id: number; address: string | null }>`
    select p.id, p.emails -> 0 ->> 'address' as address from people p where p.id = any(${ids}::bigint[])`.execute(uow.db);
  const addressOf = new Map(rows.map((r) => [Number(r.id), r.address]));
  const notices = moved.map((g) => audiences.flatMap((audience): TransitionNotice[] => {
    const personId = partyOf(g, audience);
    return personId === null ? [] : [{ event, audience, personId, to: addressOf.get(personId) ?? null }];
  }));
  await sql`update guest_transitions x set notices = n.notices::jsonb
    from unnest(${moved.map((g) => g.transitionId)}::bigint[], ${notices.map((n) => JSON.stringify(n))}::text[]) as n(id, notices)
    where x.id = n.id`.execute(uow.db);
  return notices.reduce((sum, n) => sum + n.length, 0);
}
