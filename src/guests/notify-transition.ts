import { sql } from 'kysely';
import { enqueueMany, type MailRequest } from '../notify/outbox.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { daysBetween } from '../platform/dates.ts';
import type { Audience, LifecycleTransition } from './lifecycle.ts';
import { outdatedNotice } from './notice-rules.ts';

/**
 * Who hears about a transition, inside the transition's own unit of work. The lifecycle
 * says which parties hear of it (`notify`: the guest, the guarantor, the sponsor); the
 * state entered says what they hear (`expiring` → the expiring reminder, `disabled` → the
 * access-ended notice). The mail is queued in the transactional outbox (src/notify) with
 * the transition row's id in the dedupe key, so it exists if and only if the transition
 * commits and is never queued twice; each notice is also recorded on the transition row
 * (`notices`), so the history shows who was told what — or that a party has no usable
 * email address.
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
  queued: boolean;
  /** Why a notice that could be sent was not (an expiring reminder after the stay ended). */
  skipped?: string;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

const eventOfState: Record<string, string> = { expiring: 'expiring-reminder', disabled: 'disabled' };

export function noticeEvent(state: string): string | null {
  return eventOfState[state] ?? null;
}

/** Records (and, with the outbox, queues) the notices of one batch of moved guests; returns how many. */
export async function notifyTransition(
  uow: UnitOfWork,
  transition: LifecycleTransition,
  moved: MovedGuest[],
): Promise<number> {
  const event = noticeEvent(transition.to);
  const audiences = transition.notify ?? [];
  if (!event || audiences.length === 0 || moved.length === 0) return 0;
  const partyOf = (g: MovedGuest, a: Audience) =>
    a === 'guest' ? g.personId : a === 'guarantor' ? g.guarantorId : g.sponsorId;
  const ids = [
    ...new Set(moved.flatMap((g) => audiences.map((a) => partyOf(g, a)).filter((id): id is number => id !== null))),
  ];
  const guestIds = moved.map((g) => g.personId);
  const { rows } = await sql<{ id: number; address: string | null; name: string }>`
    select p.id, trim(p.emails -> 0 ->> 'address') as address, trim(coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name) as name
    from people p where p.id = any(${[...new Set([...ids, ...guestIds])]}::bigint[])`.execute(uow.db);
  const person = new Map(rows.map((r) => [r.id, r]));
  const today = uow.now.toISOString().slice(0, 10);
  const mails: MailRequest[] = [];
  const notices = moved.map((g) =>
    audiences.flatMap((audience): TransitionNotice[] => {
      const personId = partyOf(g, audience);
      if (personId === null) return [];
      const to = person.get(personId)?.address ?? null;
      const skipped = outdatedNotice(event, g.validTo, today);
      if (skipped) return [{ event, audience, personId, to, queued: false, skipped }];
      const queued = to !== null && ADDRESS.test(to);
      if (queued) {
        const context = {
          name: person.get(personId)?.name ?? '',
          visitor: person.get(g.personId)?.name ?? '',
          to: g.validTo ?? today,
          days: g.validTo ? Math.max(0, daysBetween(today, g.validTo)) : 0,
          renewable: false,
        };
        mails.push({
          event,
          to: { address: to, personId },
          context,
          dedupeKey: `guest-transition:${g.transitionId}:${audience}`,
        });
      }
      return [{ event, audience, personId, to, queued }];
    }),
  );
  await enqueueMany(uow, mails);
  await sql`update guest_transitions x set notices = n.notices::jsonb
    from unnest(${moved.map((g) => g.transitionId)}::bigint[], ${notices.map((n) => JSON.stringify(n))}::text[]) as n(id, notices)
    where x.id = n.id`.execute(uow.db);
  return notices.reduce((sum, n) => sum + n.length, 0);
}
