import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/policy.ts';
import type { ServiceDeps } from '../../platform/deps.ts';
import { conflict, invalid, notFound, StewardError } from '../../platform/errors.ts';
import { type UnitOfWork, write } from '../../platform/unit-of-work.ts';
import { readMintingSettings } from '../../registry/settings-service.ts';
import type { ApprovalStepName } from '../guest-types.ts';
import { createGuestOf, ensurePerson, mintCredentials, renewGuestOf, type RequestRow } from './request-effects.ts';
import { type MailLinks, mailApprovalNeeded, mailCredentials, mailDecision, mailRenewal } from './request-mail.ts';
import {
  hasDecided,
  isOwnRequest,
  isWithdrawer,
  mayDecide,
  type RequestActor,
  type RequestParties,
} from './request-policy.ts';
import { stepLabels } from './request-rules.ts';
import type { GuestRequestView } from './request-schemas.ts';
import { approversOf, loadRequests, present, requestActor, type StoredRequest } from './request-store.ts';

/**
 * Deciding a request: approve or reject its current step, or withdraw it. Who may is
 * request-policy.ts. The request row is locked (`for update`) and must be at the version the
 * decider read (If-Match): of two approvers deciding at the same moment one wins, the other
 * waits for the lock, finds the version moved and gets 409 `already-decided`. One decision
 * per step is also a unique index. Approving the IT desk's step mints a username and an
 * email address; approving the last step creates the guest (or, for a renewal, moves its
 * valid-to). Every decision writes its mail in the same transaction.
 */
export type Decision = 'approved' | 'rejected';

/** 409 on the request's state, naming the rule. */
const stateConflict = (rule: string, message: string) => conflict(message, { field: '/state', rule });

interface LockedRequest extends RequestRow {
  kind: 'new' | 'renewal';
  state: RequestParties['state'];
  steps: string[];
  current_step: number;
  version: number;
}

export function createDecisionService(deps: ServiceDeps, links: MailLinks) {
  const { db } = deps;

  async function lock(uow: UnitOfWork, id: number): Promise<LockedRequest> {
    const row = await uow.db
      .selectFrom('guest_requests')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('guest request', id);
    return row;
  }

  /** The facts of a locked request the policy looks at. */
  const partiesOf = (r: LockedRequest): RequestParties => ({
    guarantorId: r.guarantor_id,
    sponsorId: r.sponsor_id,
    submitterId: r.submitted_by,
    state: r.state,
    steps: r.steps as ApprovalStepName[],
    currentStep: r.state === 'waiting' ? (r.steps[r.current_step] as ApprovalStepName) : null,
  });

  /** 409 when the request has ended, or moved on since the version the decider read (naming who decided). */
  async function assertOpen(uow: UnitOfWork, r: LockedRequest, expectedVersion: number): Promise<void> {
    const stale = r.version !== expectedVersion;
    if (!stale && r.state === 'waiting') return;
    const last = await uow.db
      .selectFrom('guest_request_decisions')
      .select(['step', 'actor', 'decision'])
      .where('request_id', '=', r.id)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (stale) {
      const what = last
        ? `${stepLabels[last.step as ApprovalStepName] ?? last.step} was already ${last.decision} by ${last.actor}`
        : 'it changed since you read it';
      throw stateConflict(
        'already-decided',
        `guest request ${r.id}: ${what}; it is now ${r.state} (you read version ${expectedVersion}, it is at ${r.version}): reload it`,
      );
    }
    throw stateConflict(
      'decided',
      `guest request ${r.id} was already ${r.state}${last ? ` (last decided by ${last.actor})` : ''}: it can no longer be decided or withdrawn`,
    );
  }

  async function addressOf(
    uow: UnitOfWork,
    personId: number,
  ): Promise<{ personId: number; name: string; address: string | null }> {
    const { rows } = await sql<{
      name: string;
      address: string | null;
    }>`select trim(coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name) as name, nullif(trim(p.emails -> 0 ->> 'address'), '') as address from people p where p.id = ${personId}`.execute(
      uow.db,
    );
    return { personId, name: rows[0]?.name ?? '', address: rows[0]?.address ?? null };
  }

  const view = async (uow: UnitOfWork, id: number): Promise<StoredRequest> => (await loadRequests(uow.db, [id]))[0];

  /**
   * Approves or rejects the current step of a request at `expectedVersion`, with an optional comment (required to
   * reject).
   */
  async function decide(
    actor: Actor,
    id: number,
    expectedVersion: number,
    decision: Decision,
    comment: string | null,
  ): Promise<GuestRequestView> {
    authorise(actor, 'guests:request');
    const text = comment?.trim() || null;
    if (decision === 'rejected' && !text)
      throw invalid('/comment', 'required', 'say why the request is rejected: the guarantor reads it');
    await write(deps, actor, async (uow) => {
      const r = await lock(uow, id);
      await assertOpen(uow, r, expectedVersion);
      const me = await requestActor(uow.db, actor);
      const parties = partiesOf(r);
      if (isOwnRequest(me, parties)) {
        throw new StewardError(
          'forbidden',
          `${actor.name} may not decide guest request ${id}: it is their own request`,
          { problems: [{ field: '/', rule: 'own-request', message: 'not on your own request' }] },
        );
      }
      const step = r.steps[r.current_step] as ApprovalStepName;
      const decided = await uow.db
        .selectFrom('guest_request_decisions')
        .select(['step_index', 'step', 'user_id', 'person_id', 'actor'])
        .where('request_id', '=', id)
        .orderBy('step_index')
        .execute();
      const earlier = decided.find((d) => hasDecided(me, [{ userId: d.user_id, personId: d.person_id }]));
      if (earlier && decision === 'approved')
        throw stateConflict(
          'approve-twice',
          `${earlier.actor === actor.name ? actor.name : `${actor.name}'s person, as ${earlier.actor},`} already approved step ${earlier.step_index + 1} (${stepLabels[earlier.step as ApprovalStepName]}) of guest request ${id}: another approver decides ${stepLabels[step]}`,
        );
      const approvers = await approversOf(uow.db, step, { hostOrgId: r.host_org_id, sponsorId: r.sponsor_id });
      if (!mayDecide(me, parties, approvers)) {
        throw new StewardError(
          'forbidden',
          `${actor.name} is not an approver of the current step of guest request ${id} (${stepLabels[step]}: ${approvers.map((a) => a.name).join(', ') || 'nobody'})`,
          { problems: [{ field: '/', rule: 'approver', message: `not an approver of ${stepLabels[step]}` }] },
        );
      }
      await uow.db
        .insertInto('guest_request_decisions')
        .values({
          request_id: id,
          step_index: r.current_step,
          step,
          decision,
          user_id: actor.kind === 'user' ? actor.id : null,
          person_id: me.personId,
          actor: actor.name,
          comment: text,
          minted: 'null',
          at: uow.now,
        })
        .execute();
      const before = { state: r.state, step, version: r.version };
      const last = r.current_step + 1 >= r.steps.length;
      const state = decision === 'rejected' ? 'rejected' : last ? 'approved' : 'waiting';
      const ended = state !== 'waiting';
      await uow.db
        .updateTable('guest_requests')
        .set({
          state,
          current_step: ended ? r.current_step : r.current_step + 1,
          decided_at: ended ? uow.now : null,
          updated_at: uow.now,
          version: sql`version + 1`,
        })
        .where('id', '=', id)
        .execute();
      if (decision === 'approved') await approved(uow, r, step, last);
      const after = await view(uow, id);
      const guarantor = await addressOf(uow, r.guarantor_id);
      if (decision === 'rejected')
        await mailDecision(uow, after, 'rejected', guarantor.address, actor.name, text, links);
      else if (last) await mailDecision(uow, after, 'approved', guarantor.address, actor.name, text, links);
      else
        await mailApprovalNeeded(
          uow,
          after,
          r.current_step + 1,
          await approversOf(uow.db, after.currentStep!, {
            hostOrgId: after.hostOrg?.id ?? null,
            sponsorId: after.sponsorId,
          }),
          links,
        );
      if (decision === 'approved' && last && r.kind === 'renewal')
        await mailRenewal(uow, after, [guarantor, await addressOf(uow, r.person_id!)]);
      uow.record({
        action: `guest-request.${decision === 'approved' ? 'approve' : 'reject'}`,
        op: decision,
        targetType: 'guest_request',
        targetId: id,
        before,
        after: {
          state,
          step,
          stepIndex: r.current_step,
          nextStep: after.currentStep,
          guestId: after.guestId,
          personId: after.personId,
          minted: after.minted,
          version: r.version + 1,
        },
        reason: text,
      });
    });
    return presented(actor, id);
  }

  async function presented(actor: Actor, id: number): Promise<GuestRequestView> {
    const me: RequestActor = await requestActor(db, actor);
    return present(me, (await loadRequests(db, [id]))[0]);
  }

  /**
   * What approving a step does beyond the decision: minting at the IT desk, the guest (or renewal) at the last step.
   */
  async function approved(uow: UnitOfWork, r: LockedRequest, step: ApprovalStepName, last: boolean): Promise<void> {
    if (step === 'it-desk' && r.kind === 'new') {
      const personId = await ensurePerson(uow, r);
      const minted = await mintCredentials(uow, personId);
      await uow.db
        .updateTable('guest_request_decisions')
        .set({ minted: JSON.stringify(minted) })
        .where('request_id', '=', r.id)
        .where('step_index', '=', r.current_step)
        .execute();
      const { settings } = await readMintingSettings(uow.db);
      const visitor = await addressOf(uow, personId);
      await mailCredentials(
        uow,
        await view(uow, r.id),
        personId,
        r.email ?? visitor.address,
        minted,
        settings.email.domain,
      );
    }
    if (!last) return;
    if (r.kind === 'renewal') await renewGuestOf(uow, r);
    else await createGuestOf(uow, r, await ensurePerson(uow, r));
  }

  /** The guarantor, the submitter or a system administrator withdraws a request that still waits. */
  async function withdraw(
    actor: Actor,
    id: number,
    expectedVersion: number,
    comment: string | null,
  ): Promise<GuestRequestView> {
    authorise(actor, 'guests:request');
    await write(deps, actor, async (uow) => {
      const r = await lock(uow, id);
      if (!isWithdrawer(await requestActor(uow.db, actor), partiesOf(r)))
        throw new StewardError(
          'forbidden',
          `${actor.name} may not withdraw guest request ${id}: only its guarantor may`,
          { problems: [{ field: '/', rule: 'guarantor', message: 'only the guarantor withdraws' }] },
        );
      await assertOpen(uow, r, expectedVersion);
      await uow.db
        .updateTable('guest_requests')
        .set({ state: 'withdrawn', decided_at: uow.now, updated_at: uow.now, version: sql`version + 1` })
        .where('id', '=', id)
        .execute();
      uow.record({
        action: 'guest-request.withdraw',
        op: 'withdrawn',
        targetType: 'guest_request',
        targetId: id,
        before: { state: r.state, version: r.version },
        after: { state: 'withdrawn', version: r.version + 1 },
        reason: comment?.trim() || null,
      });
    });
    return presented(actor, id);
  }

  return { decide, withdraw };
}

export type DecisionService = ReturnType<typeof createDecisionService>;
