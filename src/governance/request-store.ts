import { type Selectable, sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import type { MembershipRequestDecisionsTable, MembershipRequestsTable } from '../platform/db/governance-tables.ts';
import { type FieldProblem, notFound } from '../platform/errors.ts';
import { personOfActor } from '../groups/group-access.ts';
import { groupNames } from './exclusion-store.ts';
import { matchesAny, principalText } from './policy-principal-rules.ts';
import { memberParties, type MemberParties, principalFactsOf } from './policy-principals.ts';
import { type Db, loadPolicy, type StoredPolicy } from './policy-store.ts';
import type { RequestDecider, RequestFacts } from './request-policy.ts';
import { requestAbilities } from './request-policy.ts';
import type { MembershipRequestViewT, StageViewT } from './request-schemas.ts';

/**
 * Reading membership requests: the rows with their decisions, policy and member, the facts the request policy
 * decides on (request-policy.ts), whether an actor approves the current stage, and the view the API speaks.
 */
export type RequestRow = Selectable<MembershipRequestsTable>;
export type DecisionRow = Selectable<MembershipRequestDecisionsTable>;

export interface StoredRequest {
  row: RequestRow;
  decisions: DecisionRow[];
  policy: StoredPolicy;
  groupName: string;
  member: { kind: 'person' | 'account'; id: number; name: string };
  /** The member person, or the account's owner. */
  memberPersonId: number;
}

/** A request's row locked for the rest of the transaction, before deciding or withdrawing it (404 when none). */
export async function lockRequest(db: Db, id: number): Promise<RequestRow> {
  const row = await db
    .selectFrom('membership_requests')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('membership request', id);
  return row;
}

export async function deciderOf(db: Db, actor: Actor): Promise<RequestDecider> {
  return {
    name: actor.name,
    personId: await personOfActor(db, actor),
    sysadmin: actor.roles.some((g) => g.role === 'sysadmin'),
  };
}

export function factsOf(r: StoredRequest): RequestFacts {
  return {
    state: r.row.state,
    requestedBy: r.row.requested_by,
    requesterPersonId: r.row.requested_by_person_id,
    memberPersonId: r.memberPersonId,
    deciders: r.decisions
      .filter((d) => d.decision === 'approve')
      .map((d) => ({ name: d.decider, personId: d.decider_person_id })),
  };
}

/** Loads requests (in the order of `ids`) with their decisions, policy, group and member. */
export async function loadRequests(db: Db, ids: readonly number[]): Promise<StoredRequest[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('membership_requests')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  const decisions = await db
    .selectFrom('membership_request_decisions')
    .selectAll()
    .where('request_id', 'in', [...ids])
    .orderBy('id')
    .execute();
  const { rows: members } = await sql<{ id: number; person_id: number; name: string; account: boolean }>`
    select r.id, coalesce(r.person_id, a.owner_person_id) as person_id, r.account_id is not null as account,
      coalesce(a.username, trim(coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name)) as name
    from membership_requests r left join subject_accounts a on a.id = r.account_id left join people p on p.id = r.person_id
    where r.id = any(${[...ids]}::bigint[])`.execute(db);
  const names = await groupNames(
    db,
    rows.map((r) => r.group_id),
  );
  const policies = new Map<number, StoredPolicy>();
  for (const id of new Set(rows.map((r) => r.policy_id))) policies.set(id, (await loadPolicy(db, id))!);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const memberOf = new Map(members.map((m) => [Number(m.id), m]));
  return ids
    .filter((id) => byId.has(id))
    .map((id) => {
      const row = byId.get(id)!;
      const m = memberOf.get(id)!;
      return {
        row,
        decisions: decisions.filter((d) => d.request_id === id),
        policy: policies.get(row.policy_id)!,
        groupName: names.get(row.group_id) ?? `group ${row.group_id}`,
        member: { kind: m.account ? 'account' : 'person', id: (row.person_id ?? row.account_id)!, name: m.name },
        memberPersonId: Number(m.person_id),
      };
    });
}

/** Does the person approve the request's current stage (its principals, for this member and group)? */
export async function approvesStage(
  db: Db,
  r: StoredRequest,
  personId: number | null,
  now: Date,
  parties?: MemberParties,
): Promise<boolean> {
  const stage = r.policy.stages[r.row.stage];
  if (!stage || personId === null) return false;
  const p = parties ?? (await memberParties(db, r.policy, r.memberPersonId, now));
  return matchesAny(stage.approvers, await principalFactsOf(db, personId, r.row.group_id, now), p.context);
}

/** The view of a request as the actor sees it (with what they may do with it). */
export async function presentRequest(
  db: Db,
  a: RequestDecider,
  r: StoredRequest,
  now: Date,
): Promise<MembershipRequestViewT> {
  const row = r.row;
  const approves = row.state === 'pending' ? await approvesStage(db, r, a.personId, now) : false;
  const principalGroups = r.policy.stages
    .flatMap((s) => s.approvers)
    .flatMap((x) => (x.kind === 'group' ? [x.groupId] : []));
  const names = await groupNames(db, principalGroups);
  const stages: StageViewT[] = r.policy.stages.map((s, i) => {
    const d = r.decisions.find((x) => x.stage === i) ?? null;
    const state: StageViewT['state'] = d
      ? d.decision === 'approve'
        ? 'approved'
        : 'denied'
      : row.state !== 'pending'
        ? 'skipped'
        : i === row.stage
          ? 'current'
          : 'waiting';
    return {
      index: i,
      state,
      approvers: s.approvers.map((x) => principalText(x, names)),
      decision: d
        ? { decision: d.decision, decider: d.decider, comment: d.comment, at: new Date(d.at).toISOString() }
        : null,
    };
  });
  return {
    id: row.id,
    policyId: row.policy_id,
    policyName: r.policy.name,
    groupId: row.group_id,
    groupName: r.groupName,
    member: r.member,
    personId: row.person_id,
    accountId: row.account_id,
    reason: row.reason,
    ticket: row.ticket,
    endsOn: row.ends_on,
    requestedBy: row.requested_by,
    requestedByPersonId: row.requested_by_person_id,
    state: row.state,
    stage: row.stage,
    stages,
    checks: row.checks as FieldProblem[],
    membershipId: row.membership_id,
    createdAt: new Date(row.created_at).toISOString(),
    decidedAt: row.decided_at ? new Date(row.decided_at).toISOString() : null,
    version: row.version,
    abilities: requestAbilities(a, factsOf(r), approves),
  };
}
