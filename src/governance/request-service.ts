import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { isoDate } from '../platform/dates.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, conflict, forbidden, notFound, StewardError } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { actorPrivileges } from '../groups/group-access.ts';
import { hasDirectMembers, seesAllGroups } from '../groups/group-policy.ts';
import { addCheckProblems, loadSubject, refuseIfAny } from './add-gate.ts';
import { policyFor } from './policy-store.ts';
import { duplicateProblem, requesterProblem } from './request-check-service.ts';
import { type MailLinks, mailRequested } from './request-mail.ts';
import { isOwnRequest, mayWithdraw } from './request-policy.ts';
import { endInstant, requestInputProblems } from './request-rules.ts';
import type { MembershipRequestInputT, MembershipRequestQueryT, MembershipRequestViewT } from './request-schemas.ts';
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
 * Membership requests: asking for a person or an account to become a member of a governed group, with a reason or
 * ticket and an end date or a number of days. The checks before adding run at submit (a failure refuses the request
 * with 409 naming each check; nothing is stored); the policy's requesters (anyone signed in, when it names none)
 * ask; the first stage's approvers are told. The requester may withdraw a request that waits. Deciding is
 * request-decision-service.ts.
 */
export function createMembershipRequestService(deps: ServiceDeps, links: MailLinks) {
  const { db, clock } = deps;

  async function submit(actor: Actor, input: MembershipRequestInputT): Promise<MembershipRequestViewT> {
    if (actor.kind !== 'user' && actor.kind !== 'system') throw forbidden(`${actor.name} may not ask for memberships`);
    const now = clock.now();
    const asked = requestInputProblems(input, isoDate(now));
    assertNoProblems(asked.problems);
    const id = await write(deps, actor, async (uow) => {
      const group = await uow.db
        .selectFrom('groups')
        .select(['id', 'name', 'kind'])
        .where('id', '=', input.groupId)
        .executeTakeFirst();
      if (!group) throw notFound('group', input.groupId);
      if (!hasDirectMembers(group.kind))
        throw conflict(`${group.name} is a ${group.kind} group: its members are computed, nobody is added to it`, {
          field: '/groupId',
          rule: 'basic-only',
        });
      const eff = await policyFor(uow.db, group.id);
      if (!eff)
        throw conflict(`${group.name} is not governed: whoever holds update on it adds members directly`, {
          field: '/groupId',
          rule: 'governed',
        });
      const policy = eff.policy;
      if (policy.stages.length === 0)
        throw conflict(`the policy ${policy.name} names no approval stages: ask one of its direct adders instead`, {
          field: '/groupId',
          rule: 'no-stages',
        });
      const ref = input.personId ? { personId: input.personId } : { accountId: input.accountId! };
      const subject = await loadSubject(uow.db, ref, policy, uow.now);
      const me = await deciderOf(uow.db, actor);
      if (me.personId === null && !me.sysadmin)
        throw forbidden(`${actor.name} is not linked to a person of the registry, so cannot ask for memberships`);
      const notAllowed = await requesterProblem(uow.db, policy, group, me, subject.personId, uow.now);
      if (notAllowed) throw forbidden(notAllowed);
      await refuseDuplicates(uow.db, group, subject.personId, subject.accountId, 'personId' in ref);
      refuseIfAny(
        await addCheckProblems(uow.db, {
          groupId: group.id,
          policy,
          subject,
          endsAt: endInstant(asked.endsOn),
          endField: input.days ? '/days' : '/endsOn',
          now: uow.now,
        }),
        `the request for ${subject.check.label} in ${group.name} is refused`,
      );
      const row = await uow.db
        .insertInto('membership_requests')
        .values({
          policy_id: policy.id,
          group_id: group.id,
          person_id: 'personId' in ref ? ref.personId : null,
          account_id: 'accountId' in ref ? ref.accountId : null,
          reason: input.reason?.trim() ?? '',
          ticket: input.ticket?.trim() || null,
          ends_on: asked.endsOn,
          requested_by: actor.name,
          requested_by_person_id: me.personId,
          checks: '[]',
          created_at: uow.now,
          updated_at: uow.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const [stored] = await loadRequests(uow.db, [row.id]);
      await mailRequested(uow, stored, links);
      uow.record({
        action: 'governance.request.submit',
        op: 'created',
        targetType: 'membership_request',
        targetId: row.id,
        after: {
          groupId: group.id,
          policyId: policy.id,
          personId: stored.row.person_id,
          accountId: stored.row.account_id,
          reason: stored.row.reason,
          ticket: stored.row.ticket,
          endsOn: stored.row.ends_on,
          state: 'pending',
        },
        reason: stored.row.reason || stored.row.ticket,
      });
      return row.id;
    });
    return view(actor, id);
  }

  /** 409 when the subject is a direct member already, or a request for it waits. */
  async function refuseDuplicates(
    trx: typeof db,
    group: { id: number; name: string },
    personId: number | null,
    accountId: number | null,
    person: boolean,
  ): Promise<void> {
    const problem = await duplicateProblem(trx, group, { personId, accountId }, person);
    if (problem) throw conflict(problem.message, problem);
  }

  /** May the actor read the request: a group reader, the requester or member, a current approver, a decider. */
  async function mayRead(actor: Actor, r: StoredRequest): Promise<boolean> {
    if (seesAllGroups(actor)) return true;
    const me = await deciderOf(db, actor);
    const f = factsOf(r);
    if (isOwnRequest(me, f)) return true;
    if (r.decisions.some((d) => d.decider === me.name || (me.personId !== null && d.decider_person_id === me.personId)))
      return true;
    if ((await actorPrivileges(db, actor, { groupId: r.row.group_id }, clock.now())).has('read')) return true;
    return r.row.state === 'pending' && (await approvesStage(db, r, me.personId, clock.now()));
  }

  async function view(actor: Actor, id: number): Promise<MembershipRequestViewT> {
    const [r] = await loadRequests(db, [id]);
    if (!r) throw notFound('membership request', id);
    return presentRequest(db, await deciderOf(db, actor), r, clock.now());
  }

  async function get(actor: Actor, id: number): Promise<MembershipRequestViewT> {
    const [r] = await loadRequests(db, [id]);
    if (!r) throw notFound('membership request', id);
    if (!(await mayRead(actor, r))) throw forbidden(`${actor.name} may not read membership request ${id}`);
    return presentRequest(db, await deciderOf(db, actor), r, clock.now());
  }

  /**
   * Requests by filter: group readers (with `read` on the group named, or system administrators and auditors) see
   * every request; anyone else their own (made by them or for them).
   */
  async function list(actor: Actor, query: MembershipRequestQueryT): Promise<MembershipRequestViewT[]> {
    const me = await deciderOf(db, actor);
    let mine = query.mine === true;
    if (!mine && !seesAllGroups(actor)) {
      const readsGroup =
        query.groupId !== undefined &&
        (await actorPrivileges(db, actor, { groupId: query.groupId }, clock.now())).has('read');
      if (!readsGroup) mine = true;
    }
    if (mine && me.personId === null)
      throw forbidden(`${actor.name} is not linked to a person of the registry, so has no requests of its own`);
    let q = db
      .selectFrom('membership_requests as r')
      .select('r.id')
      .orderBy('r.id', 'desc')
      .limit(query.limit ?? 100);
    if (query.state) q = q.where('r.state', '=', query.state);
    if (query.groupId) q = q.where('r.group_id', '=', query.groupId);
    if (query.personId) q = q.where('r.person_id', '=', query.personId);
    if (mine)
      q = q.where((eb) =>
        eb.or([
          eb('r.requested_by', '=', me.name),
          eb('r.requested_by_person_id', '=', me.personId ?? -1),
          eb('r.person_id', '=', me.personId ?? -1),
          eb(
            'r.account_id',
            'in',
            sql<number>`(select id from subject_accounts where owner_person_id = ${me.personId ?? -1})`,
          ),
        ]),
      );
    const ids = (await q.execute()).map((r) => r.id);
    const out: MembershipRequestViewT[] = [];
    for (const r of await loadRequests(db, ids)) out.push(await presentRequest(db, me, r, clock.now()));
    return out;
  }

  async function withdraw(actor: Actor, id: number, expected: number): Promise<MembershipRequestViewT> {
    await write(deps, actor, async (uow) => {
      const locked = await lockRequest(uow.db, id);
      const [r] = await loadRequests(uow.db, [id]);
      const me = await deciderOf(uow.db, actor);
      if (locked.state !== 'pending')
        throw conflict(`membership request ${id} was already ${locked.state}: it can no longer be withdrawn`, {
          field: '/state',
          rule: 'decided',
        });
      if (locked.version !== expected)
        throw conflict(`membership request ${id} changed since version ${expected} was read: reload it`, {
          field: '/state',
          rule: 'already-decided',
        });
      if (!mayWithdraw(me, factsOf(r)))
        throw new StewardError(
          'forbidden',
          `${actor.name} may not withdraw membership request ${id}: only its requester may`,
        );
      await uow.db
        .updateTable('membership_requests')
        .set({ state: 'withdrawn', decided_at: uow.now, updated_at: uow.now, version: sql`version + 1` })
        .where('id', '=', id)
        .execute();
      uow.record({
        action: 'governance.request.withdraw',
        op: 'withdrawn',
        targetType: 'membership_request',
        targetId: id,
        before: { state: 'pending' },
        after: { state: 'withdrawn' },
      });
    });
    return view(actor, id);
  }

  return { submit, get, list, withdraw };
}

export type MembershipRequestService = ReturnType<typeof createMembershipRequestService>;
