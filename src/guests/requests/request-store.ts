import { type ExpressionBuilder, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { ApprovalStepName, Service } from '../guest-types.ts';
import type { Db } from '../guest-store.ts';
import {
  type ApproverRef,
  type RequestActor,
  requestAbilities,
  requestActorOf,
  type RequestParties,
} from './request-policy.ts';
import { stepLabels } from './request-rules.ts';
import type { GuestRequestView, RequestStepView, RequestView } from './request-schemas.ts';

/**
 * Reading guest requests: rows ↔ the view the API speaks, who approves a step (the
 * department's effective approvers — its own, else the nearest ancestor's —, the sponsor,
 * the accounts of a desk office) and which waiting requests wait for an actor's decision.
 */
export interface Approver {
  personId: number | null;
  userId: number | null;
  name: string;
  address: string | null;
}

/** The registry person of the actor's account, if it has one. */
export async function personOfActor(db: Db, actor: Actor): Promise<number | null> {
  if (actor.kind !== 'user' || actor.id === null) return null;
  const row = await db.selectFrom('users').select('person_id').where('id', '=', actor.id).executeTakeFirst();
  return row?.person_id ?? null;
}

/** The facts of the actor that the request policy looks at (its person is read from its account). */
export async function requestActor(db: Db, actor: Actor): Promise<RequestActor> {
  return requestActorOf(actor, await personOfActor(db, actor));
}

const PERSON_NAME = sql<string>`trim(coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name)`;
const PERSON_ADDRESS = sql<string | null>`nullif(trim(p.emails -> 0 ->> 'address'), '')`;

/** The effective approvers of a unit: its own `approver` officers, else the nearest ancestor's that has any. */
export async function departmentApprovers(db: Db, orgId: number): Promise<Approver[]> {
  const { rows } = await sql<{ person_id: number; name: string; address: string | null }>`
    with chain as (select u.id, length(u.path) as depth from org_units u, org_units h where h.id = ${orgId} and h.path like u.path || '%'),
    nearest as (select c.id from chain c where exists (select 1 from org_officers f where f.org_id = c.id and f.function = 'approver') order by c.depth desc limit 1)
    select distinct f.person_id, ${PERSON_NAME} as name, coalesce(${PERSON_ADDRESS}, (select min(us.email) from users us where us.person_id = p.id and us.disabled_at is null)) as address
    from org_officers f join nearest n on n.id = f.org_id join people p on p.id = f.person_id
    where f.function = 'approver' order by name`.execute(db);
  return rows.map((r) => ({ personId: r.person_id, userId: null, name: r.name, address: r.address }));
}

/** The accounts holding a desk office, with an address (the account's, else its person's). */
export async function deskApprovers(db: Db, office: string): Promise<Approver[]> {
  const { rows } = await sql<{ user_id: number; person_id: number | null; name: string; address: string | null }>`
    select distinct us.id as user_id, us.person_id, us.display_name as name, coalesce(us.email, ${PERSON_ADDRESS}) as address
    from user_roles r join users us on us.id = r.user_id left join people p on p.id = us.person_id
    where r.role = 'office' and r.office = ${office} and us.disabled_at is null order by name`.execute(db);
  return rows.map((r) => ({ personId: r.person_id, userId: r.user_id, name: r.name, address: r.address }));
}

export async function personApprover(db: Db, personId: number): Promise<Approver[]> {
  const { rows } = await sql<{
    name: string;
    address: string | null;
  }>`select ${PERSON_NAME} as name, ${PERSON_ADDRESS} as address from people p where p.id = ${personId}`.execute(db);
  return rows.map((r) => ({ personId, userId: null, name: r.name, address: r.address }));
}

/** Who may decide a step of a request. */
export async function approversOf(
  db: Db,
  step: ApprovalStepName,
  request: { hostOrgId: number | null; sponsorId: number | null },
): Promise<Approver[]> {
  if (step === 'department-approvers')
    return request.hostOrgId === null ? [] : departmentApprovers(db, request.hostOrgId);
  if (step === 'sponsor') return request.sponsorId === null ? [] : personApprover(db, request.sponsorId);
  return deskApprovers(db, step);
}

/**
 * Ids of the waiting requests that await the actor's decision (request-policy.ts `awaitsDecision`: not their own, and
 * they approve the current step), oldest first. One query: the department step through the nearest unit with
 * approvers, the sponsor, and the desks the account holds.
 */
export async function inboxIds(db: Db, a: RequestActor): Promise<number[]> {
  const me = a.personId ?? -1;
  const desks = [...a.desks];
  const { rows } = await sql<{ id: number }>`
    select r.id from guest_requests r
    left join org_units h on h.id = r.host_org_id
    where r.state = 'waiting'
      and r.guarantor_id <> ${me} and r.submitted_by is distinct from ${a.userId}
      and (
        (r.steps ->> r.current_step = 'department-approvers' and exists (
          select 1 from org_officers f where f.person_id = ${me} and f.function = 'approver' and f.org_id = (
            select u.id from org_units u where h.path like u.path || '%'
              and exists (select 1 from org_officers o where o.org_id = u.id and o.function = 'approver')
            order by length(u.path) desc limit 1)))
        or (r.steps ->> r.current_step = 'sponsor' and r.sponsor_id = ${me})
        or (r.steps ->> r.current_step = any(${desks}::text[]))
      )
    order by r.id`.execute(db);
  return rows.map((r) => r.id);
}

/**
 * A request as loaded: its view, and the facts the request policy needs besides (its submitting account, the
 * approvers of its current step, who decided its steps so far).
 */
export interface StoredRequest extends RequestView {
  parties: RequestParties;
  currentApprovers: Approver[];
  deciders: ApproverRef[];
}

/** The request as the actor sees it: the view with what they may do with it. */
export function present(a: RequestActor, r: StoredRequest): GuestRequestView {
  const { parties, currentApprovers, deciders, ...view } = r;
  return { ...view, abilities: requestAbilities(a, parties, currentApprovers, deciders) };
}

/** Loads requests (in the order of `ids`), with their steps, decisions and current approvers. */
export async function loadRequests(db: Db, ids: number[]): Promise<StoredRequest[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('guest_requests as r')
    .innerJoin('guest_types as t', 't.id', 'r.type_id')
    .innerJoin('people as g', 'g.id', 'r.guarantor_id')
    .leftJoin('people as p', 'p.id', 'r.person_id')
    .leftJoin('org_units as o', 'o.id', 'r.host_org_id')
    .leftJoin('users as s', 's.id', 'r.submitted_by')
    .selectAll('r')
    .select([
      't.name as type_name',
      't.label as type_label',
      'o.code as org_code',
      'o.name as org_name',
      'o.path as org_path',
      's.username as submitter',
      sql<string>`trim(coalesce(g.preferred_name, g.given_name) || ' ' || g.family_name)`.as('guarantor_name'),
      'p.given_name as p_given',
      'p.family_name as p_family',
      'p.birth_date as p_birth',
      sql<string | null>`nullif(trim(p.emails -> 0 ->> 'address'), '')`.as('p_email'),
    ])
    .where('r.id', 'in', ids)
    .execute();
  const decisions = await db
    .selectFrom('guest_request_decisions')
    .selectAll()
    .where('request_id', 'in', ids)
    .orderBy('step_index')
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: StoredRequest[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    if (!r) continue;
    const mine = decisions.filter((d) => d.request_id === id);
    const stepNames = r.steps as ApprovalStepName[];
    const approvers: Approver[][] =
      r.state === 'waiting'
        ? await Promise.all(
            stepNames.map(async (s, i) =>
              i >= r.current_step ? approversOf(db, s, { hostOrgId: r.host_org_id, sponsorId: r.sponsor_id }) : [],
            ),
          )
        : stepNames.map(() => []);
    const steps: RequestStepView[] = stepNames.map((s, i) => {
      const d = mine.find((x) => x.step_index === i) ?? null;
      const state: RequestStepView['state'] = d
        ? d.decision
        : r.state !== 'waiting'
          ? 'skipped'
          : i === r.current_step
            ? 'current'
            : 'waiting';
      return {
        index: i,
        step: s,
        label: stepLabels[s] ?? s,
        state,
        approvers: approvers[i].map((a) => a.name),
        decision: d
          ? { decision: d.decision, actor: d.actor, comment: d.comment, at: new Date(d.at).toISOString() }
          : null,
      };
    });
    const mintedRow = mine.find((d) => d.minted !== null);
    const visitor = {
      givenName: r.p_given ?? r.given_name ?? '',
      familyName: r.p_family ?? r.family_name ?? '',
      email: r.p_email ?? r.email,
      birthDate: r.p_birth ?? r.birth_date,
    };
    const currentStep = r.state === 'waiting' ? stepNames[r.current_step] : null;
    out.push({
      id,
      kind: r.kind,
      type: r.type_name,
      typeLabel: r.type_label,
      guestId: r.guest_id,
      personId: r.person_id,
      visitor,
      visitorName: `${visitor.givenName} ${visitor.familyName}`.trim(),
      hostOrg: r.host_org_id === null ? null : { id: r.host_org_id, code: r.org_code ?? '', name: r.org_name ?? '' },
      sponsorId: r.sponsor_id,
      guarantorId: r.guarantor_id,
      guarantorName: r.guarantor_name,
      submittedBy: r.submitter,
      reason: r.reason,
      services: r.services as Service[],
      validFrom: r.valid_from,
      validTo: r.valid_to,
      state: r.state,
      currentStep,
      steps,
      minted: mintedRow?.minted ?? null,
      createdAt: new Date(r.created_at).toISOString(),
      decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
      version: r.version,
      parties: {
        guarantorId: r.guarantor_id,
        sponsorId: r.sponsor_id,
        submitterId: r.submitted_by,
        state: r.state,
        steps: stepNames,
        currentStep,
        orgPaths: r.org_path ? [r.org_path] : [],
      },
      currentApprovers: r.state === 'waiting' ? approvers[r.current_step] : [],
      deciders: mine.map((d) => ({ userId: d.user_id, personId: d.person_id })),
    });
  }
  return out;
}

/** A filter on `guest_requests` to those whose host unit lies in one of the subtrees (`[]`: none). */
export function requestsInScopes(scopes: readonly string[]) {
  return (eb: ExpressionBuilder<DB, 'guest_requests'>) => {
    if (scopes.length === 0) return eb.lit(false);
    return eb.exists(
      eb
        .selectFrom('org_units as su')
        .select('su.id')
        .where('su.id', '=', eb.ref('guest_requests.host_org_id'))
        .where((w) => w.or(scopes.map((s) => w('su.path', 'like', `${s}%`)))),
    );
  };
}

/** The same filter for SQL over `guest_requests r` (true for `null`: every request). */
export function requestScopeSql(scopes: readonly string[] | null) {
  if (scopes === null) return sql<boolean>`true`;
  if (scopes.length === 0) return sql<boolean>`false`;
  const likes = sql.join(
    scopes.map((s) => sql`su.path like ${`${s}%`}`),
    sql` or `,
  );
  return sql<boolean>`exists (select 1 from org_units su where su.id = r.host_org_id and (${likes}))`;
}
