import { enqueueMany, type MailRequest } from '../notify/outbox.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import type { Audience, NotifyEvent } from './policy-rules.ts';
import { memberParties, type Party, partiesOf, peopleOfPrincipals } from './policy-principals.ts';
import type { StoredPolicy } from './policy-store.ts';
import type { StoredRequest } from './request-store.ts';

/**
 * The mail of membership governance, through the outbox inside the use case's unit of work, to the audiences the
 * policy's `notify` names for each event (policy-rules.ts `DEFAULT_NOTIFY` when it names none): a request waiting
 * (the current stage's approvers), a decision (the requester), a member added (the member, their manager, the
 * owner, the delegates). Each person gets one mail per event (deduped by request, stage and person); a party
 * without a usable address is skipped.
 */
export interface MailLinks {
  publicUrl?: string;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;
const usable = (p: Party): boolean => !!p.address && ADDRESS.test(p.address.trim());
const keyOf = (p: Party) => (p.personId !== null ? `person-${p.personId}` : `user-${p.userId}`);

export const requestLink = (id: number) => `/ui/governance/requests/${id}`;
const url = (links: MailLinks, path: string) => `${links.publicUrl?.replace(/\/$/, '') ?? ''}${path}`;

export interface AudienceFacts {
  policy: StoredPolicy;
  groupId: number;
  /** The member person, or an account's owner. */
  memberPersonId: number;
  requestedBy: string | null;
  requesterPersonId: number | null;
  /** The stage whose approvers are meant by `approvers`. */
  stage?: number;
}

/** The requester as a party: their person, else their account's address. */
async function requesterParty(uow: UnitOfWork, f: AudienceFacts): Promise<Party[]> {
  if (f.requesterPersonId !== null) return partiesOf(uow.db, [f.requesterPersonId]);
  if (!f.requestedBy) return [];
  const u = await uow.db
    .selectFrom('users')
    .select(['id', 'display_name', 'email'])
    .where('username', '=', f.requestedBy)
    .executeTakeFirst();
  return u ? [{ personId: null, userId: u.id, name: u.display_name, address: u.email }] : [];
}

/** The people an event's audiences name, each once. */
export async function audienceOf(uow: UnitOfWork, event: NotifyEvent, f: AudienceFacts): Promise<Party[]> {
  const audiences: readonly Audience[] = f.policy.notify[event] ?? [];
  const parties = await memberParties(uow.db, f.policy, f.memberPersonId, uow.now);
  const out: Party[] = [];
  for (const a of audiences) {
    switch (a) {
      case 'approvers': {
        const stage = f.policy.stages[f.stage ?? 0];
        if (stage) out.push(...(await peopleOfPrincipals(uow.db, stage.approvers, f.groupId, parties, uow.now)));
        break;
      }
      case 'requester':
        out.push(...(await requesterParty(uow, f)));
        break;
      case 'member':
        out.push(...(await partiesOf(uow.db, [f.memberPersonId])));
        break;
      case 'manager':
        out.push(...parties.managers);
        break;
      case 'owner':
        if (parties.owner) out.push(parties.owner);
        break;
      case 'delegates':
        out.push(...parties.delegates);
        break;
      default:
        return a satisfies never;
    }
  }
  const seen = new Set<string>();
  return out.filter((p) => usable(p) && !seen.has(keyOf(p)) && seen.add(keyOf(p)));
}

function requestContext(r: StoredRequest, requester: string, links: MailLinks) {
  return {
    id: r.row.id,
    group: r.groupName,
    member: r.member.name,
    requester,
    reason: r.row.reason,
    ticket: r.row.ticket,
    endsOn: r.row.ends_on,
    url: url(links, requestLink(r.row.id)),
  };
}

const factsOfRequest = (r: StoredRequest): AudienceFacts => ({
  policy: r.policy,
  groupId: r.row.group_id,
  memberPersonId: r.memberPersonId,
  requestedBy: r.row.requested_by,
  requesterPersonId: r.row.requested_by_person_id,
  stage: r.row.stage,
});

/** A request waits at its current stage: mail the `requested` audiences. */
export async function mailRequested(uow: UnitOfWork, r: StoredRequest, links: MailLinks): Promise<void> {
  const to = await audienceOf(uow, 'requested', factsOfRequest(r));
  const context = requestContext(r, r.row.requested_by, links);
  const mails: MailRequest[] = to.map((p) => ({
    event: 'membership-approval-needed',
    to: { address: p.address!, personId: p.personId, userId: p.userId },
    context: { name: p.name, request: context },
    dedupeKey: `membership-request:${r.row.id}:stage-${r.row.stage}:approval-needed:${keyOf(p)}`,
  }));
  await enqueueMany(uow, mails);
}

/** A request was approved (its last stage) or denied: mail the `decided` audiences. */
export async function mailDecided(
  uow: UnitOfWork,
  r: StoredRequest,
  decision: 'approved' | 'denied',
  decider: string,
  comment: string,
  links: MailLinks,
): Promise<void> {
  const to = await audienceOf(uow, 'decided', factsOfRequest(r));
  const context = requestContext(r, r.row.requested_by, links);
  await enqueueMany(
    uow,
    to.map((p) => ({
      event: decision === 'approved' ? 'membership-approved' : 'membership-denied',
      to: { address: p.address!, personId: p.personId, userId: p.userId },
      context: { name: p.name, request: context, decider, comment },
      dedupeKey: `membership-request:${r.row.id}:${decision}:${keyOf(p)}`,
    })),
  );
}

export interface Added {
  facts: AudienceFacts;
  /** The membership (a person's, or an account's: `account-<id>`) the mail tells about. */
  membershipKey: string;
  groupName: string;
  memberName: string;
  endsOn: string | null;
  reason: string | null;
}

/** A member was added to a governed group (directly or by an approved request): mail the `added` audiences. */
export async function mailAdded(uow: UnitOfWork, a: Added): Promise<void> {
  const to = await audienceOf(uow, 'added', a.facts);
  await enqueueMany(
    uow,
    to.map((p) => ({
      event: 'membership-added',
      to: { address: p.address!, personId: p.personId, userId: p.userId },
      context: {
        name: p.name,
        member: a.memberName,
        group: a.groupName,
        addedBy: uow.actor.name,
        endsOn: a.endsOn,
        reason: a.reason,
      },
      dedupeKey: `membership:${a.membershipKey}:added:${keyOf(p)}`,
    })),
  );
}
