import type { Actor } from '../platform/auth/actor.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { StewardError } from '../platform/errors.ts';
import type { MembershipHooks } from '../groups/membership-service.ts';
import { personOfActor } from '../groups/group-access.ts';
import { managesAllGroups } from '../groups/group-policy.ts';
import { endChangeProblems } from './add-checks.ts';
import { assertAddable, checkRulesOf, loadSubject } from './add-gate.ts';
import { loadExclusions } from './exclusion-store.ts';
import { recordFacts } from './facts-record.ts';
import { matchesAny } from './policy-principal-rules.ts';
import { memberParties, principalFactsOf } from './policy-principals.ts';
import { type Db, type EffectivePolicy, policyFor } from './policy-store.ts';
import { mailAdded } from './request-mail.ts';

/**
 * Governed direct adds: the hooks the composition root passes to the groups' membership service. When a group is
 * governed (policy-store.ts `policyFor`), only the policy's direct adders (and system administrators) add directly;
 * anyone else is told to request (403, with the route). Every add — governed or not — runs the checks before adding
 * (separation of duties applies to every group), and a governed person's membership gets its eligibility facts.
 */
export const REQUEST_ROUTE = { method: 'POST', path: '/governance/requests' } as const;

/** 403: the actor must ask for the membership instead of adding it. */
export function mustRequest(actor: Actor, groupName: string, eff: EffectivePolicy): StewardError {
  const message = `${groupName} is governed by the policy ${eff.policy.name} (on ${eff.via.kind} ${eff.via.name}): only its direct adders add members directly; ask for the membership with ${REQUEST_ROUTE.method} ${REQUEST_ROUTE.path}`;
  return new StewardError('forbidden', `${actor.name} may not add members directly: ${message}`, {
    problems: [{ field: '/', rule: 'must-request', message }],
    extra: { requestWith: REQUEST_ROUTE },
  });
}

/** Refuses (403) an actor who may not add this member directly to a governed group. */
export async function assertDirectAdder(
  db: Db,
  actor: Actor,
  groupId: number,
  memberPersonId: number | null,
  now: Date,
) {
  const eff = await policyFor(db, groupId);
  if (!eff || managesAllGroups(actor)) return eff;
  const personId = await personOfActor(db, actor);
  const parties = await memberParties(db, eff.policy, memberPersonId, now);
  const facts = await principalFactsOf(db, personId, groupId, now);
  if (personId !== null && matchesAny(eff.policy.directAdders, facts, parties.context)) return eff;
  const group = await db.selectFrom('groups').select('name').where('id', '=', groupId).executeTakeFirst();
  throw mustRequest(actor, group?.name ?? `group ${groupId}`, eff);
}

const when = (s: string | null | undefined) => (s === undefined || s === null ? null : new Date(s));

export function governedAdds(deps: ServiceDeps): MembershipHooks {
  const { db, clock } = deps;
  return {
    async mayAddDirectly(actor, groupId, input) {
      await assertDirectAdder(db, actor, groupId, input.personId ?? null, clock.now());
    },
    async beforeChange(uow, before, patch) {
      if (patch.disabledAt === undefined || before.personId === null) return;
      const eff = await policyFor(uow.db, before.groupId);
      const problems = endChangeProblems(checkRulesOf(eff?.policy ?? null), {
        from: when(before.disabledAt),
        to: when(patch.disabledAt),
        now: uow.now,
        field: '/disabledAt',
      });
      if (problems.length)
        throw new StewardError(
          'conflict',
          `the membership of ${before.personName} in ${before.groupName}: ${problems.map((p) => p.message).join('; ')}`,
          { problems },
        );
    },
    async checksNeeded(uow, groupId) {
      return !!(await policyFor(uow.db, groupId)) || (await loadExclusions(uow.db)).length > 0;
    },
    async beforeInsert(uow, groupId, input) {
      if ((input.personId === undefined) === (input.groupId === undefined)) return undefined;
      const eff = await policyFor(uow.db, groupId);
      if (!eff && (await loadExclusions(uow.db)).length === 0) return undefined;
      const policy = eff?.policy ?? null;
      const ref = input.personId !== undefined ? { personId: input.personId } : { groupId: input.groupId! };
      const subject = await loadSubject(uow.db, ref, policy, uow.now);
      const group = await uow.db.selectFrom('groups').select('name').where('id', '=', groupId).executeTakeFirst();
      await assertAddable(
        uow.db,
        { groupId, policy, subject, endsAt: when(input.disabledAt), endField: '/disabledAt', now: uow.now },
        `${subject.check.label} cannot be added to ${group?.name ?? `group ${groupId}`}`,
      );
      if (!policy || input.personId === undefined) return undefined;
      const personId = input.personId;
      return async (view) => {
        await recordFacts(uow, { membershipId: view.id, policy, personId, groupId });
        await mailAdded(uow, {
          facts: {
            policy,
            groupId,
            memberPersonId: personId,
            requestedBy: input.requestedBy ?? null,
            requesterPersonId: null,
          },
          membershipKey: String(view.id),
          groupName: view.groupName,
          memberName: view.personName ?? subject.check.label,
          endsOn: view.disabledAt?.slice(0, 10) ?? null,
          reason: view.reason ?? view.ticket,
        });
      };
    },
  };
}
