import { sql } from 'kysely';
import { lockGroups } from '../groups/effective-engine.ts';
import { setMembershipEnds } from '../groups/membership-ends.ts';
import { notFound } from '../platform/errors.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { currentFacts } from './facts-store.ts';
import { noticeList } from './grace-rules.ts';
import { type MailLinks, queueNotices } from './grace-mail.ts';
import { groupNames, type Notice, partyMemo, peopleParties } from './grace-store.ts';
import { GRACE_EVENTS, longDate, moment } from './grace-texts.ts';
import { gracePolicies } from './reconcile-sql.ts';

/** Why a membership is ended through grace and notice (an access review's decision, say). */
export interface EndWhy {
  /** The reason in words, kept in history, audit and the notices. */
  reason: string;
  /** What decided it, e.g. `review`. */
  source: string;
  /** More to keep with it (campaign, item, reviewer …). */
  detail?: Record<string, unknown>;
  /** Tell the member too (default true). */
  notifyMember?: boolean;
}

export interface EndResult {
  membershipId: number;
  groupId: number;
  endsAt: string;
  previousEnd: string | null;
  notices: Notice[];
}

/**
 * Ends one direct membership at `endsAt` (never later than an end it already has) through the
 * grace-and-notice path, inside the caller's unit of work: the end date through the membership
 * service (effective members, history `end-set` with the reason, audit, change log), and notices
 * through the outbox to the member (unless told not to), the managers of their department and,
 * when the membership is governed, the policy's owner and the department's delegates. Takes
 * the groups lock: call it before locking other rows in the transaction.
 */
export async function endWithNotice(
  uow: UnitOfWork,
  membershipId: number,
  endsAt: Date,
  why: EndWhy,
  links: MailLinks = {},
): Promise<EndResult> {
  await lockGroups(uow.db);
  const m = await uow.db
    .selectFrom('group_memberships as m')
    .leftJoin('membership_facts as f', 'f.membership_id', 'm.id')
    .select(['m.id', 'm.group_id', 'm.member_person_id', 'm.disabled_at', 'f.policy_id'])
    .where('m.id', '=', membershipId)
    .executeTakeFirst();
  if (!m) throw notFound('membership', membershipId);
  const end = m.disabled_at !== null && m.disabled_at.getTime() < endsAt.getTime() ? m.disabled_at : endsAt;
  const policy = m.policy_id === null ? null : ((await gracePolicies(uow.db)).get(m.policy_id) ?? null);
  let notices: Notice[] = [];
  if (m.member_person_id !== null) {
    const personId = m.member_person_id;
    const facts = (await currentFacts(uow.db, [personId], { now: uow.now })).get(personId);
    const people = await peopleParties(uow.db, [personId, ...(policy?.ownerPersonId ? [policy.ownerPersonId] : [])]);
    const memo = partyMemo();
    const department = facts?.department ?? null;
    const parties = noticeList(
      { member: why.notifyMember ?? true, oldManager: true, newManager: false, owner: true, delegates: true },
      {
        member: people.get(personId) ?? null,
        oldManagers: await memo.managers(uow.db, department),
        newManagers: [],
        owner: policy?.ownerPersonId ? (people.get(policy.ownerPersonId) ?? null) : null,
        delegates: policy ? await memo.delegates(uow.db, policy.id, department) : [],
      },
    );
    const ended = end.getTime() <= uow.now.getTime();
    notices = await queueNotices(uow, {
      event: ended ? GRACE_EVENTS.ended : GRACE_EVENTS.endSet,
      membershipId,
      groupId: m.group_id,
      group: (await groupNames(uow.db, [m.group_id])).get(m.group_id) ?? `group ${m.group_id}`,
      member: people.get(personId)?.name ?? `person ${personId}`,
      endsOn: end,
      reason: why.reason,
      key: `${why.source}:${end.toISOString()}`,
      parties,
      links,
    });
  }
  const sentence = `Ends on ${longDate(end)} (${moment(end)}): ${why.reason}`;
  await setMembershipEnds(
    uow,
    [
      {
        membershipId,
        disabledAt: end,
        event: 'end-set',
        reason: sentence,
        data: {
          governance: {
            source: why.source,
            reason: why.reason,
            detail: why.detail ?? {},
            endsAt: end.toISOString(),
            previousEnd: m.disabled_at?.toISOString() ?? null,
            notices,
          },
        },
      },
    ],
    `governance.membership.end`,
  );
  // A grace that clears later gives back this end, not the one before it.
  await sql`update membership_facts set grace_why = jsonb_set(grace_why, '{previousEnd}', to_jsonb(${end.toISOString()}::text))
    where membership_id = ${membershipId} and grace_why is not null`.execute(uow.db);
  return {
    membershipId,
    groupId: m.group_id,
    endsAt: end.toISOString(),
    previousEnd: m.disabled_at?.toISOString() ?? null,
    notices,
  };
}
