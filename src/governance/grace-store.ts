import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { ChangeKind, EligibilityFacts, SecurityLevel } from '../platform/db/governance-tables.ts';
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

/** Group names by id. */
export async function groupNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('groups').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

type Parties = Map<string, PartyRef[]>;

/**
 * The managers of departments by org code, in one query: each department's effective approvers (its own `approver`
 * officers, else the nearest ancestor's that has any — the rule of the guest requests' department approvers).
 */
export async function managersByCode(db: Db, codes: string[]): Promise<Parties> {
  const out: Parties = new Map(codes.map((c) => [c, []]));
  if (codes.length === 0) return out;
  const { rows } = await sql<{ code: string; person_id: number; name: string; address: string | null }>`
    with target as (select h.code, h.path from org_units h where h.code = any(${codes}::text[])),
    chain as (select t.code, u.id, length(u.path) as depth from target t join org_units u on t.path like u.path || '%'),
    nearest as (select distinct on (c.code) c.code, c.id from chain c
      where exists (select 1 from org_officers f where f.org_id = c.id and f.function = 'approver') order by c.code, c.depth desc)
    select distinct n.code, f.person_id, ${PERSON_NAME} as name, ${PERSON_ADDRESS} as address
    from nearest n join org_officers f on f.org_id = n.id and f.function = 'approver' join people p on p.id = f.person_id
    order by n.code, name`.execute(db);
  for (const r of rows) out.get(r.code)!.push({ personId: Number(r.person_id), name: r.name, address: r.address });
  return out;
}

/** A policy's delegates for departments by org code: the department's own, else the nearest ancestor's. */
export async function delegatesByCode(db: Db, policyId: number, codes: string[]): Promise<Parties> {
  const out: Parties = new Map(codes.map((c) => [c, []]));
  if (codes.length === 0) return out;
  const { rows } = await sql<{ code: string; person_id: number; name: string; address: string | null }>`
    with target as (select h.code, h.path from org_units h where h.code = any(${codes}::text[])),
    chain as (select t.code, u.id, length(u.path) as depth from target t join org_units u on t.path like u.path || '%'),
    nearest as (select distinct on (c.code) c.code, c.id from chain c
      where exists (select 1 from governance_delegates d where d.org_id = c.id and d.policy_id = ${policyId}) order by c.code, c.depth desc)
    select distinct n.code, d.person_id, ${PERSON_NAME} as name, ${PERSON_ADDRESS} as address
    from nearest n join governance_delegates d on d.org_id = n.id and d.policy_id = ${policyId} join people p on p.id = d.person_id
    order by n.code, name`.execute(db);
  for (const r of rows) out.get(r.code)!.push({ personId: Number(r.person_id), name: r.name, address: r.address });
  return out;
}

/**
 * Memoises the per-department and per-policy look-ups over one pass (its batches read them in
 * their own transactions, through `db`); `preload` reads a batch's missing ones in one query each.
 */
export function partyMemo() {
  const managers: Parties = new Map();
  const delegates: Parties = new Map();
  return {
    async preload(db: Db, codes: (string | null)[], policyIds: number[]): Promise<void> {
      const known = codes.filter((c): c is string => c !== null);
      for (const [c, ps] of await managersByCode(
        db,
        known.filter((c) => !managers.has(c)),
      ))
        managers.set(c, ps);
      for (const policyId of policyIds) {
        const missing = known.filter((c) => !delegates.has(`${policyId}:${c}`));
        for (const [c, ps] of await delegatesByCode(db, policyId, missing)) delegates.set(`${policyId}:${c}`, ps);
      }
    },
    async managers(db: Db, code: string | null): Promise<PartyRef[]> {
      if (code === null) return [];
      if (!managers.has(code)) managers.set(code, (await managersByCode(db, [code])).get(code)!);
      return managers.get(code)!;
    },
    async delegates(db: Db, policyId: number, code: string | null): Promise<PartyRef[]> {
      if (code === null) return [];
      const key = `${policyId}:${code}`;
      if (!delegates.has(key)) delegates.set(key, (await delegatesByCode(db, policyId, [code])).get(code)!);
      return delegates.get(key)!;
    },
  };
}

export type PartyMemo = ReturnType<typeof partyMemo>;
