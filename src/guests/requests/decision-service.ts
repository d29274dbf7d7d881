import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/policy.ts';
import type { ServiceDeps } from '../../platform/deps.ts';
import { invalid, notFound, StewardError } from '../../platform/errors.ts';
import { type UnitOfWork, write } from '../../platform/unit-of-work.ts';
import { readMintingSettings } from '../../registry/settings-service.ts';
import type { ApprovalStepName } from '../guest-types.ts';
import { createGuestOf, ensurePerson, mintCredentials, renewGuestOf, type RequestRow } from './request-effects.ts';
import { type MailLinks, mailApprovalNeeded, mailCredentials, mailDecision, mailRenewal } from './request-mail.ts';
import { stepLabels } from './request-rules.ts';
import { approversOf, isApproverOf, loadRequests, personOfActor, type RequestView } from './request-store.ts';

/**
 * Deciding a request: approve or reject its current step, or withdraw it (its guarantor).
 * The request row is locked (`for update`) and must be at the version the decider read
 * (If-Match): of two approvers deciding at the same moment one wins, the other waits for
 * the lock, finds the version moved and gets 409 `already-decided`. One decision per step
 * is also a unique index. Nobody decides their own request (as guarantor or submitter),
 * and nobody approves two steps of one request. Approving the IT desk's step mints a
 * username and an email address; approving the last step creates the guest (or, for a
 * renewal, moves its valid-to). Every decision is audited and in the change log, and
 * writes its mail in the same transaction.
 */
export type Decision = 'approved' | 'rejected';

const isSysadmin = (actor: Actor) => actor.roles.some((g) => g.role === 'sysadmin');
const conflict = (rule: string, message: string) =>
  new StewardError('conflict', message, { problems: [{ field: '/state', rule, message }] });

interface LockedRequest extends RequestRow {
  kind: 'new' | 'renewal';
  state: string;
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
    return {
      ...row,
      id: Number(row.id),
      type_id: Number(row.type_id),
      guarantor_id: Number(row.guarantor_id),
      services: row.services,
      steps: row.steps,
    } as LockedRequest;
  }

  /** 409 when the request has ended, or moved on since the version the decider read (naming who decided). */
  async function assertOpen(uow: UnitOfWork, r: LockedRequest, expectedVersion: number): Promise<void> {
    if (r.version !== expectedVersion) {
      const last = await uow.db
        .selectFrom('guest_request_decisions')
        .select(['step', 'actor', 'decision'])
        .where('request_id', '=', r.id)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      const what = last
        ? `${stepLabels[last.step as ApprovalStepName] ?? last.step} was already ${last.decision} by ${last.actor}`
        : 'it changed since you read it';
      throw conflict(
        'already-decided',
        `guest request ${r.id}: ${what}; it is now ${r.state} (you read version ${expectedVersion}, it is at ${r.version}): reload it`,
      );
    }
    if (r.state !== 'waiting')
      throw conflict(
        'decided',
        `guest request ${r.id} was already ${r.state}: it can no longer be decided or withdrawn`,
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

  const view = async (uow: UnitOfWork, id: number): Promise<RequestView> => (await loadRequests(uow.db, [id]))[0];

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
  ): Promise<RequestView> {
    authorise(actor, 'guests:request');
    const text = comment?.trim() || null;
    if (decision === 'rejected' && !text)
      throw invalid('/comment', 'required', 'say why the request is rejected: the guarantor reads it');
    await write(deps, actor, async (uow) => {
      const r = await lock(uow, id);
      await assertOpen(uow, r, expectedVersion);
      const me = await personOfActor(uow.db, actor);
      if (
        (me !== null && me === r.guarantor_id) ||
        (actor.kind === 'user' && r.submitted_by !== null && Number(r.submitted_by) === actor.id)
      ) {
        throw new StewardError(
          'forbidden',
          `${actor.name} may not decide guest request ${id}: it is their own request`,
          { problems: [{ field: '/', rule: 'own-request', message: 'not on your own request' }] },
        );
      }
      const step = r.steps[r.current_step] as ApprovalStepName;
      const earlier = await uow.db
        .selectFrom('guest_request_decisions')
        .select(['step_index', 'step'])
        .where('request_id', '=', id)
        .where((eb) => eb.or([eb('user_id', '=', actor.id ?? -1), eb('person_id', '=', me ?? -1)]))
        .executeTakeFirst();
      if (earlier && decision === 'approved')
        throw conflict(
          'approve-twice',
          `${actor.name} already approved step ${earlier.step_index + 1} (${stepLabels[earlier.step as ApprovalStepName]}) of guest request ${id}: another approver decides ${stepLabels[step]}`,
        );
      const approvers = await approversOf(uow.db, step, {
        hostOrgId: r.host_org_id === null ? null : Number(r.host_org_id),
        sponsorId: r.sponsor_id === null ? null : Number(r.sponsor_id),
      });
      if (!isApproverOf(actor, me, approvers) && !isSysadmin(actor)) {
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
          person_id: me,
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
        await mailRenewal(uow, after, [guarantor, await addressOf(uow, Number(r.person_id))]);
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
    return (await loadRequests(db, [id]))[0];
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

  /** The guarantor (or the submitter) withdraws a request that still waits. */
  async function withdraw(
    actor: Actor,
    id: number,
    expectedVersion: number,
    comment: string | null,
  ): Promise<RequestView> {
    authorise(actor, 'guests:request');
    await write(deps, actor, async (uow) => {
      const r = await lock(uow, id);
      const me = await personOfActor(uow.db, actor);
      const party =
        (me !== null && me === r.guarantor_id) ||
        (actor.kind === 'user' && r.submitted_by !== null && Number(r.submitted_by) === actor.id);
      if (!party && !isSysadmin(actor))
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
    return (await loadRequests(db, [id]))[0];
  }

  return { decide, withdraw };
}

export type DecisionService = ReturnType<typeof createDecisionService>;
