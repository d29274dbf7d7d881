import type { Actor } from '../platform/auth/actor.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { forbidden } from '../platform/errors.ts';
import { hasInbox } from '../guests/requests/request-policy.ts';
import { inboxIds, loadRequests as loadGuestRequests, requestActor } from '../guests/requests/request-store.ts';
import { memberParties } from './policy-principals.ts';
import { requestLink } from './request-mail.ts';
import { awaitsDecision } from './request-policy.ts';
import type { InboxItemT } from './request-schemas.ts';
import { approvesStage, deciderOf, factsOf, loadRequests } from './request-store.ts';

/**
 * One inbox for everything a person must decide: the guest requests waiting for them (the guest requests' own
 * inbox query) and the membership requests whose current stage they approve (request-policy.ts `awaitsDecision`),
 * oldest first, each with its kind, id, a summary, when it was submitted and the page to decide it on.
 */
export function createInboxService(deps: ServiceDeps) {
  const { db, clock } = deps;

  async function membershipItems(actor: Actor): Promise<InboxItemT[]> {
    const me = await deciderOf(db, actor);
    if (me.personId === null) return [];
    const pending = await db
      .selectFrom('membership_requests')
      .select('id')
      .where('state', '=', 'pending')
      .orderBy('id')
      .execute();
    const now = clock.now();
    const out: InboxItemT[] = [];
    for (const r of await loadRequests(
      db,
      pending.map((p) => p.id),
    )) {
      const parties = await memberParties(db, r.policy, r.memberPersonId, now);
      if (!awaitsDecision(me, factsOf(r), await approvesStage(db, r, me.personId, now, parties))) continue;
      out.push({
        kind: 'membership-request',
        id: r.row.id,
        summary: `${r.member.name} in ${r.groupName} (stage ${r.row.stage + 1} of ${r.policy.stages.length}), asked by ${r.row.requested_by}: ${r.row.reason || r.row.ticket}`,
        submittedAt: new Date(r.row.created_at).toISOString(),
        link: requestLink(r.row.id),
        version: r.row.version,
      });
    }
    return out;
  }

  async function guestItems(actor: Actor): Promise<InboxItemT[]> {
    const me = await requestActor(db, actor);
    if (!hasInbox(me)) return [];
    return (await loadGuestRequests(db, await inboxIds(db, me))).map((r) => ({
      kind: 'guest-request' as const,
      id: r.id,
      summary: `${r.typeLabel} ${r.visitorName}${r.hostOrg ? ` at ${r.hostOrg.name}` : ''}, ${r.validFrom} – ${r.validTo} (${r.currentStep ?? ''}), guarantor ${r.guarantorName}`,
      submittedAt: r.createdAt,
      link: `/ui/guests/requests/${r.id}`,
      version: r.version,
    }));
  }

  /** Everything waiting for the actor's decision, oldest first. */
  async function inbox(actor: Actor): Promise<InboxItemT[]> {
    if (actor.kind !== 'user' && actor.kind !== 'system') throw forbidden(`${actor.name} has no inbox`);
    const guests = await requestActor(db, actor);
    if (!hasInbox(guests))
      throw forbidden(`${actor.name}'s account has no person and holds no desk office: it approves nothing`);
    const items = [...(await guestItems(actor)), ...(await membershipItems(actor))];
    return items.sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.id - b.id);
  }

  return { inbox };
}

export type InboxService = ReturnType<typeof createInboxService>;
