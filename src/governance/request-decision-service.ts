import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { conflict, invalid, StewardError } from '../platform/errors.ts';
import { type UnitOfWork, write } from '../platform/unit-of-work.ts';
import type { MembershipView } from '../groups/group-schemas.ts';
import type { MemberInput } from '../groups/membership-service.ts';
import { addCheckProblems, loadSubject, refuseIfAny } from './add-gate.ts';
import { insertAccountMembership } from './account-store.ts';
import { recordFacts } from './facts-record.ts';
import { type MailLinks, mailAdded, mailDecided, mailRequested } from './request-mail.ts';
import { decidedBefore, isOwnRequest, mayDecide } from './request-policy.ts';
import { endInstant } from './request-rules.ts';
import type { MembershipRequestViewT } from './request-schemas.ts';
import {
  approvesStage,
  deciderOf,
  factsOf,
  loadRequests,
  lockRequest,
  presentRequest,
  type StoredRequest,
} from './request-store.ts';

/**
 * Deciding membership requests: approve or deny the current stage (with a comment; a denial must say why), stage by
 * stage in the policy's order. The row is locked and must be at the version the decider read: of two deciding at
 * once one wins and the other gets 409 `already-decided`; a request no longer pending is 409 `decided`; nobody
 * approves two stages (409 `approve-twice`) or decides their own request (403). Every approval re-runs the checks
 * before adding: an ineligible member is 409 naming the check, and nothing changes. The final approval inserts the
 * membership (requested and approved by recorded) and its eligibility facts with who approved, in the same
 * transaction as the decision and its mail.
 */
export type InsertMembership = (uow: UnitOfWork, groupId: number, input: MemberInput) => Promise<MembershipView>;

const stateConflict = (rule: string, message: string) => conflict(message, { field: '/state', rule });

export function createRequestDecisionService(deps: ServiceDeps, links: MailLinks, insertMembership: InsertMembership) {
  const { db, clock } = deps;

  async function locked(uow: UnitOfWork, id: number, expected: number): Promise<StoredRequest> {
    const row = await lockRequest(uow.db, id);
    if (row.state !== 'pending')
      throw stateConflict('decided', `membership request ${id} was already ${row.state}: it can no longer be decided`);
    if (row.version !== expected) {
      const last = await uow.db
        .selectFrom('membership_request_decisions')
        .select(['stage', 'decider', 'decision'])
        .where('request_id', '=', id)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      const what = last ? `stage ${last.stage + 1} was already ${last.decision}d by ${last.decider}` : 'it changed';
      throw stateConflict(
        'already-decided',
        `membership request ${id}: ${what} since you read version ${expected} (it is at ${row.version}): reload it`,
      );
    }
    return (await loadRequests(uow.db, [id]))[0];
  }

  /** Refuses one who may not decide the current stage (403), or approve it having approved an earlier one (409). */
  async function authoriseDecision(uow: UnitOfWork, actor: Actor, r: StoredRequest, approve: boolean): Promise<void> {
    const me = await deciderOf(uow.db, actor);
    const f = factsOf(r);
    if (isOwnRequest(me, f))
      throw new StewardError(
        'forbidden',
        `${actor.name} may not decide membership request ${r.row.id}: it is their own or for them`,
        {
          problems: [{ field: '/', rule: 'own-request', message: 'not on your own request' }],
        },
      );
    if (approve && decidedBefore(me, f))
      throw stateConflict(
        'approve-twice',
        `${actor.name} already approved an earlier stage of membership request ${r.row.id}: another approver decides stage ${r.row.stage + 1}`,
      );
    const approves = await approvesStage(uow.db, r, me.personId, uow.now);
    if (!mayDecide(me, f, approves))
      throw new StewardError(
        'forbidden',
        `${actor.name} is not an approver of stage ${r.row.stage + 1} of membership request ${r.row.id}`,
      );
  }

  async function recordDecision(
    uow: UnitOfWork,
    actor: Actor,
    r: StoredRequest,
    decision: 'approve' | 'deny',
    comment: string,
  ) {
    const me = await deciderOf(uow.db, actor);
    await uow.db
      .insertInto('membership_request_decisions')
      .values({
        request_id: r.row.id,
        stage: r.row.stage,
        decider: actor.name,
        decider_person_id: me.personId,
        decision,
        comment,
        at: uow.now,
      })
      .execute();
  }

  /** The final approval: the membership, its facts, the request approved, mail. */
  async function grant(uow: UnitOfWork, r: StoredRequest, comment: string): Promise<number> {
    const approvers = [...r.decisions.filter((d) => d.decision === 'approve').map((d) => d.decider), uow.actor.name];
    const approvedBy = [...new Set(approvers)].join(', ');
    const disabledAt = endInstant(r.row.ends_on);
    let membershipId: number;
    let key: string;
    if (r.row.person_id !== null) {
      const view = await insertMembership(uow, r.row.group_id, {
        personId: r.row.person_id,
        reason: r.row.reason || null,
        ticket: r.row.ticket,
        requestedBy: r.row.requested_by,
        approvedBy,
        disabledAt: disabledAt?.toISOString() ?? null,
      });
      membershipId = view.id;
      key = String(view.id);
      await recordFacts(uow, {
        membershipId,
        policy: r.policy,
        personId: r.row.person_id,
        groupId: r.row.group_id,
        approvedBy,
      });
    } else {
      const view = await insertAccountMembership(uow, {
        groupId: r.row.group_id,
        accountId: r.row.account_id!,
        reason: r.row.reason || null,
        ticket: r.row.ticket,
        requestedBy: r.row.requested_by,
        approvedBy,
        disabledAt,
      });
      membershipId = view.id;
      key = `account-${view.id}`;
    }
    await uow.db
      .updateTable('membership_requests')
      .set({
        state: 'approved',
        membership_id: membershipId,
        decided_at: uow.now,
        updated_at: uow.now,
        version: sql`version + 1`,
      })
      .where('id', '=', r.row.id)
      .execute();
    const [after] = await loadRequests(uow.db, [r.row.id]);
    await mailDecided(uow, after, 'approved', uow.actor.name, comment, links);
    await mailAdded(uow, {
      facts: {
        policy: r.policy,
        groupId: r.row.group_id,
        memberPersonId: r.memberPersonId,
        requestedBy: r.row.requested_by,
        requesterPersonId: r.row.requested_by_person_id,
      },
      membershipKey: key,
      groupName: r.groupName,
      memberName: r.member.name,
      endsOn: r.row.ends_on,
      reason: r.row.reason || r.row.ticket,
    });
    return membershipId;
  }

  async function approve(
    actor: Actor,
    id: number,
    expected: number,
    comment: string | null,
  ): Promise<MembershipRequestViewT> {
    await write(deps, actor, async (uow) => {
      const r = await locked(uow, id, expected);
      await authoriseDecision(uow, actor, r, true);
      const ref = r.row.person_id !== null ? { personId: r.row.person_id } : { accountId: r.row.account_id! };
      const subject = await loadSubject(uow.db, ref, r.policy, uow.now);
      refuseIfAny(
        await addCheckProblems(uow.db, {
          groupId: r.row.group_id,
          policy: r.policy,
          subject,
          endsAt: endInstant(r.row.ends_on),
          endField: '/endsOn',
          now: uow.now,
        }),
        `membership request ${id} cannot be approved: ${subject.check.label} no longer passes the checks`,
      );
      const text = comment?.trim() ?? '';
      await recordDecision(uow, actor, r, 'approve', text);
      const last = r.row.stage >= r.policy.stages.length - 1;
      let membershipId: number | null = null;
      if (last) membershipId = await grant(uow, r, text);
      else {
        await uow.db
          .updateTable('membership_requests')
          .set({ stage: r.row.stage + 1, updated_at: uow.now, version: sql`version + 1` })
          .where('id', '=', id)
          .execute();
        const [next] = await loadRequests(uow.db, [id]);
        await mailRequested(uow, next, links);
      }
      uow.record({
        action: 'governance.request.approve',
        op: last ? 'approved' : 'stage-approved',
        targetType: 'membership_request',
        targetId: id,
        before: { state: 'pending', stage: r.row.stage },
        after: { state: last ? 'approved' : 'pending', stage: last ? r.row.stage : r.row.stage + 1, membershipId },
        reason: text || null,
      });
    });
    return present(actor, id);
  }

  async function deny(
    actor: Actor,
    id: number,
    expected: number,
    comment: string | null,
  ): Promise<MembershipRequestViewT> {
    const text = comment?.trim() ?? '';
    if (!text) throw invalid('/comment', 'required', 'say why the request is denied: the requester reads it');
    await write(deps, actor, async (uow) => {
      const r = await locked(uow, id, expected);
      await authoriseDecision(uow, actor, r, false);
      await recordDecision(uow, actor, r, 'deny', text);
      await uow.db
        .updateTable('membership_requests')
        .set({ state: 'denied', decided_at: uow.now, updated_at: uow.now, version: sql`version + 1` })
        .where('id', '=', id)
        .execute();
      const [after] = await loadRequests(uow.db, [id]);
      await mailDecided(uow, after, 'denied', actor.name, text, links);
      uow.record({
        action: 'governance.request.deny',
        op: 'denied',
        targetType: 'membership_request',
        targetId: id,
        before: { state: 'pending', stage: r.row.stage },
        after: { state: 'denied', stage: r.row.stage },
        reason: text,
      });
    });
    return present(actor, id);
  }

  async function present(actor: Actor, id: number): Promise<MembershipRequestViewT> {
    const [r] = await loadRequests(db, [id]);
    return presentRequest(db, await deciderOf(db, actor), r, clock.now());
  }

  return { approve, deny };
}

export type RequestDecisionService = ReturnType<typeof createRequestDecisionService>;
