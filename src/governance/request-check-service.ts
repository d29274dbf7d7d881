import type { Actor } from '../platform/auth/actor.ts';
import { isoDate } from '../platform/dates.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { type FieldProblem, forbidden, notFound } from '../platform/errors.ts';
import { hasDirectMembers } from '../groups/group-policy.ts';
import type { GroupKind } from '../platform/db/group-tables.ts';
import { addCheckProblems, type LoadedSubject, loadSubject } from './add-gate.ts';
import { matchesAny } from './policy-principal-rules.ts';
import { memberParties, principalFactsOf } from './policy-principals.ts';
import { type Db, policyFor, type StoredPolicy } from './policy-store.ts';
import {
  applicableChecks,
  checkOfRule,
  checkOutcomes,
  type RequestCheck,
  requestedEnd,
} from './request-check-rules.ts';
import type { RequestDecider } from './request-policy.ts';
import { endInstant, requestInputProblems } from './request-rules.ts';
import type { MembershipRequestInputT, RequestCheckViewT } from './request-schemas.ts';
import { deciderOf } from './request-store.ts';

/**
 * The dry run of a membership request (`POST /governance/requests/check`): the same body as a submit, the same checks
 * with the same functions, but every outcome is answered (passed or failed, with the problems) instead of refusing at
 * the first, and nothing is written. A group or member that does not exist is still an error, as on submit.
 */
type Found = Array<{ check: RequestCheck; problem: FieldProblem }>;

/** Why the group takes no requests (not basic, not governed, no stages), or null. */
function gateProblem(group: { name: string; kind: string }, policy: StoredPolicy | null): FieldProblem | null {
  const field = '/groupId';
  if (!hasDirectMembers(group.kind as GroupKind))
    return {
      field,
      rule: 'basic-only',
      message: `${group.name} is a ${group.kind} group: its members are computed, nobody is added to it`,
    };
  if (!policy)
    return {
      field,
      rule: 'governed',
      message: `${group.name} is not governed: whoever holds update on it adds members directly`,
    };
  if (policy.stages.length === 0)
    return {
      field,
      rule: 'no-stages',
      message: `the policy ${policy.name} names no approval stages: ask one of its direct adders instead`,
    };
  return null;
}

/** Null when the person may ask for members of the group under the policy; else why not. */
export async function requesterProblem(
  db: Db,
  policy: StoredPolicy,
  group: { id: number; name: string },
  me: RequestDecider,
  memberPersonId: number | null,
  now: Date,
): Promise<string | null> {
  if (policy.requesters.length === 0 || me.sysadmin) return null;
  const parties = await memberParties(db, policy, memberPersonId, now);
  const facts = await principalFactsOf(db, me.personId, group.id, now);
  if (matchesAny(policy.requesters, facts, parties.context)) return null;
  return `${me.name} is not among those who may ask for memberships of ${group.name} (policy ${policy.name})`;
}

/** A problem when the subject is a direct member already, or a request for it waits; else null. */
export async function duplicateProblem(
  db: Db,
  group: { id: number; name: string },
  subject: Pick<LoadedSubject, 'personId' | 'accountId'>,
  person: boolean,
): Promise<FieldProblem | null> {
  const field = person ? '/personId' : '/accountId';
  const member = person
    ? await db
        .selectFrom('group_memberships')
        .select('id')
        .where('group_id', '=', group.id)
        .where('member_person_id', '=', subject.personId)
        .executeTakeFirst()
    : await db
        .selectFrom('account_memberships')
        .select('id')
        .where('group_id', '=', group.id)
        .where('account_id', '=', subject.accountId)
        .executeTakeFirst();
  if (member)
    return { field, rule: 'unique', message: `already a direct member of ${group.name} (membership ${member.id})` };
  const waiting = await db
    .selectFrom('membership_requests')
    .select('id')
    .where('group_id', '=', group.id)
    .where('state', '=', 'pending')
    .where(person ? 'person_id' : 'account_id', '=', (person ? subject.personId : subject.accountId)!)
    .executeTakeFirst();
  if (waiting)
    return { field, rule: 'pending', message: `request ${waiting.id} for this member of ${group.name} waits already` };
  return null;
}

export function createRequestCheckService(deps: ServiceDeps) {
  const { db, clock } = deps;

  /** The checks of the member against the governed group's policy (the request is known to be askable). */
  async function memberChecks(
    me: RequestDecider,
    input: MembershipRequestInputT,
    group: { id: number; name: string },
    policy: StoredPolicy,
    endsOn: string | null,
    endFieldBad: boolean,
    now: Date,
  ): Promise<Found> {
    const found: Found = [];
    const person = input.personId !== undefined && input.personId !== null;
    const ref = person ? { personId: input.personId! } : { accountId: input.accountId! };
    const subject = await loadSubject(db, ref, policy, now);
    const notAllowed = await requesterProblem(db, policy, group, me, subject.personId, now);
    if (notAllowed) found.push({ check: 'requester', problem: { field: '/', rule: 'requester', message: notAllowed } });
    const duplicate = await duplicateProblem(db, group, subject, person);
    if (duplicate) found.push({ check: 'unique', problem: duplicate });
    const problems = await addCheckProblems(db, {
      groupId: group.id,
      policy,
      subject,
      endsAt: endInstant(endsOn),
      endField: input.days !== undefined && input.days !== null ? '/days' : '/endsOn',
      now,
    });
    for (const problem of problems) {
      const check = checkOfRule(problem.rule);
      // an end date the request's own check refused is not judged again as a missing one
      if (endFieldBad && (check === 'expiry' || problem.rule === 'expiry-required-unless-supported')) continue;
      found.push({ check, problem });
    }
    return found;
  }

  async function check(actor: Actor, input: MembershipRequestInputT): Promise<RequestCheckViewT> {
    if (actor.kind !== 'user' && actor.kind !== 'system') throw forbidden(`${actor.name} may not ask for memberships`);
    const me = await deciderOf(db, actor);
    if (me.personId === null && !me.sysadmin)
      throw forbidden(`${actor.name} is not linked to a person of the registry, so cannot ask for memberships`);
    const now = clock.now();
    const asked = requestInputProblems(input, isoDate(now));
    const found: Found = asked.problems.map((problem) => ({ check: 'request', problem }));
    const group = await db
      .selectFrom('groups')
      .select(['id', 'name', 'kind'])
      .where('id', '=', input.groupId)
      .executeTakeFirst();
    if (!group) throw notFound('group', input.groupId);
    const policy = (await policyFor(db, group.id))?.policy ?? null;
    const gate = gateProblem(group, policy);
    if (gate) found.push({ check: 'governed', problem: gate });
    const memberKnown = asked.problems.every((p) => p.rule !== 'one-of' || p.field !== '/personId');
    const askable = gate === null && policy !== null && memberKnown;
    const endFieldBad = asked.problems.some((p) => p.field === '/endsOn' || p.field === '/days');
    const endsOn = requestedEnd(input, isoDate(now), endFieldBad);
    if (askable) {
      found.push(...(await memberChecks(me, input, group, policy, endsOn, endFieldBad, now)));
    }
    const checks = checkOutcomes(applicableChecks(askable ? policy : null, memberKnown), found);
    return {
      groupId: group.id,
      group: group.name,
      policy: policy ? { id: policy.id, name: policy.name } : null,
      endsOn,
      ok: checks.every((c) => c.passed),
      checks,
    };
  }

  return { check };
}

export type RequestCheckService = ReturnType<typeof createRequestCheckService>;
