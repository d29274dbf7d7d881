import { sql } from 'kysely';
import type { Actor } from '../../platform/auth/actor.ts';
import type { GuestRequestState } from '../../platform/db/request-tables.ts';
import type { ApprovalStepName, Service } from '../guest-types.ts';
import type { Db } from '../guest-store.ts';
import { stepLabels } from './request-rules.ts';

/**
 * Reading guest requests: rows ↔ the view the API speaks, who approves a step (the
 * department's effective approvers — its own, else the nearest ancestor's —, the sponsor,
 * the accounts of a desk office) and which waiting requests an actor may decide.
 */
export interface RequestStepView {
  index: number;
  step: ApprovalStepName;
  label: string;
  state: 'approved' | 'rejected' | 'withdrawn' | 'current' | 'waiting' | 'skipped';
  /** Who may decide it (names), for the current and waiting steps. */
  approvers: string[];
  decision: { decision: string; actor: string; comment: string | null; at: string } | null;
}

export interface RequestView {
  id: number;
  kind: 'new' | 'renewal';
  type: string;
  typeLabel: string;
  guestId: number | null;
  personId: number | null;
  visitor: { givenName: string; familyName: string; email: string | null; birthDate: string | null };
  visitorName: string;
  hostOrg: { id: number; code: string; name: string } | null;
  sponsorId: number | null;
  guarantorId: number;
  guarantorName: string;
  submittedBy: string | null;
  reason: string | null;
  services: Service[];
  validFrom: string;
  validTo: string;
  state: GuestRequestState;
  currentStep: ApprovalStepName | null;
  steps: RequestStepView[];
  minted: { username: string | null; email: string | null } | null;
  createdAt: string;
  decidedAt: string | null;
  version: number;
}

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
  return row?.person_id == null ? null : Number(row.person_id);
}

/** The desk offices (it-desk, card-desk) the actor's account holds. */
export function desksOf(actor: Actor): Set<string> {
  return new Set(actor.roles.filter((g) => g.role === 'office' && g.office).map((g) => g.office!));
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
  return rows.map((r) => ({ personId: Number(r.person_id), userId: null, name: r.name, address: r.address }));
}

/** The accounts holding a desk office, with an address (the account's, else its person's). */
export async function deskApprovers(db: Db, office: string): Promise<Approver[]> {
  const { rows } = await sql<{ user_id: number; person_id: number | null; name: string; address: string | null }>`
    select distinct us.id as user_id, us.person_id, us.display_name as name, coalesce(us.email, ${PERSON_ADDRESS}) as address
    from user_roles r join users us on us.id = r.user_id left join people p on p.id = us.person_id
    where r.role = 'office' and r.office = ${office} and us.disabled_at is null order by name`.execute(db);
  return rows.map((r) => ({
    personId: r.person_id === null ? null : Number(r.person_id),
    userId: Number(r.user_id),
    name: r.name,
    address: r.address,
  }));
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

/** Does the actor (with their person) approve this step? */
export function isApproverOf(actor: Actor, actorPersonId: number | null, approvers: Approver[]): boolean {
  return approvers.some(
    (a) =>
      (a.userId !== null && a.userId === actor.id) ||
      (a.personId !== null && a.personId === actorPersonId && a.userId === null),
  );
}

/**
 * Ids of the waiting requests whose current step the actor approves, oldest first, leaving
 * out their own (as guarantor or submitter). One query: the department step through the
 * nearest unit with approvers, the sponsor, and the desks the account holds.
 */
export async function inboxIds(db: Db, actor: Actor, personId: number | null, desks: string[]): Promise<number[]> {
  const me = personId ?? -1;
  const { rows } = await sql<{ id: number }>`
    select r.id from guest_requests r
    left join org_units h on h.id = r.host_org_id
    where r.state = 'waiting'
      and r.guarantor_id <> ${me} and r.submitted_by is distinct from ${actor.id}
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
  return rows.map((r) => Number(r.id));
}

/** Loads requests as views (in the order of `ids`), with their steps, decisions and current approvers. */
export async function loadRequests(db: Db, ids: number[]): Promise<RequestView[]> {
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
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  const out: RequestView[] = [];
  for (const id of ids) {
    const r = byId.get(id);
    if (!r) continue;
    const mine = decisions.filter((d) => Number(d.request_id) === id);
    const names =
      r.state === 'waiting'
        ? await Promise.all(
            r.steps.map(async (s, i) =>
              i >= r.current_step
                ? (
                    await approversOf(db, s as ApprovalStepName, {
                      hostOrgId: r.host_org_id === null ? null : Number(r.host_org_id),
                      sponsorId: r.sponsor_id === null ? null : Number(r.sponsor_id),
                    })
                  ).map((a) => a.name)
                : [],
            ),
          )
        : r.steps.map(() => []);
    const steps: RequestStepView[] = r.steps.map((s, i) => {
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
        step: s as ApprovalStepName,
        label: stepLabels[s as ApprovalStepName] ?? s,
        state,
        approvers: names[i],
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
    out.push({
      id,
      kind: r.kind,
      type: r.type_name,
      typeLabel: r.type_label,
      guestId: r.guest_id === null ? null : Number(r.guest_id),
      personId: r.person_id === null ? null : Number(r.person_id),
      visitor,
      visitorName: `${visitor.givenName} ${visitor.familyName}`.trim(),
      hostOrg:
        r.host_org_id === null ? null : { id: Number(r.host_org_id), code: r.org_code ?? '', name: r.org_name ?? '' },
      sponsorId: r.sponsor_id === null ? null : Number(r.sponsor_id),
      guarantorId: Number(r.guarantor_id),
      guarantorName: r.guarantor_name,
      submittedBy: r.submitter,
      reason: r.reason,
      services: r.services as Service[],
      validFrom: r.valid_from,
      validTo: r.valid_to,
      state: r.state,
      currentStep: r.state === 'waiting' ? (r.steps[r.current_step] as ApprovalStepName) : null,
      steps,
      minted: mintedRow?.minted ?? null,
      createdAt: new Date(r.created_at).toISOString(),
      decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
      version: r.version,
    });
  }
  return out;
}
