import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { ChangeKind, EligibilityFacts, SecurityLevel } from '../platform/db/governance-tables.ts';
import { departmentApprovers } from '../guests/requests/request-store.ts';
import type { FactChange, NoticeRole, PartyRef, WatchedFact } from './grace-rules.ts';

/**
 * Reads for grace and notice: the shape of the stored "why" of a grace (membership_facts.grace_why),
 * and the people a notice may go to — the member, the managers of a department (its effective
 * approvers, its own else the nearest ancestor's), the policy's owner and its delegates for a
 * department (its own, else the nearest ancestor's that has any) — with their address.
 */
type Db = Kysely<DB> | Transaction<DB>;

export interface Notice extends PartyRef {
  roles: NoticeRole[];
  /** The outbox mail queued for them (null: no usable address). */
  mailId: number | null;
}

/** What `membership_facts.grace_why` holds while a grace runs. */
export interface GraceWhy {
  kind: ChangeKind;
  fact: WatchedFact;
  from: FactChange['from'];
  to: FactChange['to'];
  /** When the change was seen (the pass that found it). */
  seenAt: string;
  /** The end of the grace (seen + the days). */
  endsAt: string;
  /** The end the membership got: the grace's end, or its own earlier end. */
  membershipEndsAt: string;
  /** The membership's end before any grace (given back when the grace clears). */
  previousEnd: string | null;
  rule: { policyId: number; policy: string; level: SecurityLevel; kind: ChangeKind; days: number };
  step: 'start' | 'escalate' | 'replace';
  sentence: string;
  atGrant: EligibilityFacts;
  seen: EligibilityFacts;
  notices: Notice[];
}

const PERSON_NAME = sql<string>`trim(coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name)`;
const PERSON_ADDRESS = sql<string | null>`coalesce(nullif(trim(p.emails -> 0 ->> 'address'), ''),
  (select min(us.email) from users us where us.person_id = p.id and us.disabled_at is null))`;

/** Name and address of people. */
export async function peopleParties(db: Db, ids: number[]): Promise<Map<number, PartyRef>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ id: number; name: string; address: string | null }>`
    select p.id, ${PERSON_NAME} as name, ${PERSON_ADDRESS} as address from people p where p.id = any(${ids}::bigint[])`.execute(
    db,
  );
  return new Map(rows.map((r) => [Number(r.id), { personId: Number(r.id), name: r.name, address: r.address }]));
}

/** The managers of the department with this org code (its effective approvers); none for an unknown code. */
export async function managersOf(db: Db, orgCode: string | null): Promise<PartyRef[]> {
  if (orgCode === null) return [];
  const unit = await db.selectFrom('org_units').select('id').where('code', '=', orgCode).executeTakeFirst();
  if (!unit) return [];
  return (await departmentApprovers(db as Kysely<DB>, unit.id))
    .filter((a) => a.personId !== null)
    .map((a) => ({ personId: a.personId!, name: a.name, address: a.address }));
}

/** The policy's delegates for the department with this org code: its own, else the nearest ancestor's. */
export async function delegatesOf(db: Db, policyId: number, orgCode: string | null): Promise<PartyRef[]> {
  if (orgCode === null) return [];
  const { rows } = await sql<{ person_id: number; name: string; address: string | null }>`
    with chain as (select u.id, length(u.path) as depth from org_units u, org_units h where h.code = ${orgCode} and h.path like u.path || '%'),
    nearest as (select c.id from chain c where exists (select 1 from governance_delegates d where d.org_id = c.id and d.policy_id = ${policyId})
      order by c.depth desc limit 1)
    select distinct d.person_id, ${PERSON_NAME} as name, ${PERSON_ADDRESS} as address
    from governance_delegates d join nearest n on n.id = d.org_id join people p on p.id = d.person_id
    where d.policy_id = ${policyId} order by name`.execute(db);
  return rows.map((r) => ({ personId: Number(r.person_id), name: r.name, address: r.address }));
}

/** Group names by id. */
export async function groupNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('groups').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Memoises the per-department and per-policy look-ups of one batch. */
export function partyCache(db: Db) {
  const managers = new Map<string, Promise<PartyRef[]>>();
  const delegates = new Map<string, Promise<PartyRef[]>>();
  return {
    managers(code: string | null): Promise<PartyRef[]> {
      const key = code ?? '';
      if (!managers.has(key)) managers.set(key, managersOf(db, code));
      return managers.get(key)!;
    },
    delegates(policyId: number, code: string | null): Promise<PartyRef[]> {
      const key = `${policyId}:${code ?? ''}`;
      if (!delegates.has(key)) delegates.set(key, delegatesOf(db, policyId, code));
      return delegates.get(key)!;
    },
  };
}
