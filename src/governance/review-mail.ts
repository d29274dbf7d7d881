import { sql } from 'kysely';
import { enqueueMany, type MailRequest } from '../notify/outbox.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';

/**
 * The mail of an access review, queued through the outbox inside the unit of work that decides it (so it exists
 * if and only if that commits), each with a dedupe key naming the campaign, the step and the person, so a job run
 * again sends nothing twice. A person without a usable address (their account's, else their first) is skipped.
 */
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

export interface MailLinks {
  /** The server's public address, for links in mail; relative links without it. */
  publicUrl?: string;
}

export interface CampaignMailFacts {
  id: number;
  name: string;
  label: string;
  deadline: Date;
  undecided: 'keep' | 'remove' | 'escalate';
}

interface Addressee {
  personId: number;
  name: string;
  address: string | null;
  userId: number | null;
}

async function addressees(uow: UnitOfWork, personIds: number[]): Promise<Addressee[]> {
  if (personIds.length === 0) return [];
  const { rows } = await sql<{ id: number; name: string; address: string | null; user_id: number | null }>`
    select p.id, coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name as name, u.id as user_id,
           coalesce(nullif(trim(u.email), ''), trim(p.emails -> 0 ->> 'address')) as address
    from people p
    left join lateral (select id, email from users where person_id = p.id and disabled_at is null order by (email is null), id limit 1) u on true
    where p.id = any(${personIds}::bigint[]) order by p.id`.execute(uow.db);
  return rows.map((r) => ({ personId: Number(r.id), name: r.name, address: r.address, userId: r.user_id }));
}

function reviewContext(c: CampaignMailFacts, links: MailLinks) {
  return {
    name: c.name,
    label: c.label || c.name,
    deadline: c.deadline.toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
    url: `${links.publicUrl?.replace(/\/$/, '') ?? ''}/ui/reviews/${c.id}`,
  };
}

const undecidedWord = { keep: 'kept', remove: 'removed', escalate: 'escalated to the owner' } as const;

/**
 * Mail to reviewers about their items (`counts`: person → how many): `assigned` when the campaign opens, `reminder`
 * `days` before the deadline. Returns how many mails were queued (none the second time).
 */
export async function mailReviewers(
  uow: UnitOfWork,
  c: CampaignMailFacts,
  counts: ReadonlyMap<number, number>,
  step: { kind: 'assigned' } | { kind: 'reminder'; days: number },
  links: MailLinks,
): Promise<number> {
  const people = await addressees(uow, [...counts.keys()]);
  const mails: MailRequest[] = people
    .filter((p) => p.address && ADDRESS.test(p.address))
    .map((p) => ({
      event: step.kind === 'assigned' ? 'review-assigned' : 'review-reminder',
      to: { address: p.address!, personId: p.personId, userId: p.userId },
      context: {
        name: p.name,
        count: counts.get(p.personId) ?? 0,
        review: reviewContext(c, links),
        ...(step.kind === 'reminder' ? { days: step.days, undecided: undecidedWord[c.undecided] } : {}),
      },
      dedupeKey:
        step.kind === 'assigned'
          ? `review-assigned:${c.id}:person-${p.personId}`
          : `review-reminder:${c.id}:${step.days}d:person-${p.personId}`,
    }));
  return (await enqueueMany(uow, mails)).length;
}

/** Mail to the owner: `count` undecided items are theirs now. */
export async function mailEscalated(
  uow: UnitOfWork,
  c: CampaignMailFacts,
  ownerPersonId: number,
  count: number,
  links: MailLinks,
): Promise<number> {
  const [owner] = await addressees(uow, [ownerPersonId]);
  if (!owner?.address || !ADDRESS.test(owner.address)) return 0;
  const queued = await enqueueMany(uow, [
    {
      event: 'review-escalated',
      to: { address: owner.address, personId: owner.personId, userId: owner.userId },
      context: { name: owner.name, count, review: reviewContext(c, links) },
      dedupeKey: `review-escalated:${c.id}:person-${owner.personId}`,
    },
  ]);
  return queued.length;
}
