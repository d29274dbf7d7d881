import { sql } from 'kysely';
import type { Principal } from '../platform/db/governance-tables.ts';
import { isoDate } from '../platform/dates.ts';
import { countsAtSql } from '../groups/effective-members.ts';
import { privilegesOf } from '../groups/group-access.ts';
import { folderChain } from '../groups/names.ts';
import { departmentApprovers } from '../guests/requests/request-store.ts';
import { DEFAULT_EMPLOYMENT_KINDS } from './facts-store.ts';
import type { PrincipalContext, PrincipalFacts } from './policy-principal-rules.ts';
import type { Db, StoredPolicy } from './policy-store.ts';

/**
 * Loads the facts principals are matched on (policy-principal-rules.ts): a person's groups and privileges on the
 * governed group, and the parties of a member — their department (the unit of their primary employment), its
 * delegates for the policy (the nearest unit up the tree that has some) and its managers (the `approver` officers,
 * the nearest unit up that has some) — and who the people behind a list of principals are, with an address.
 */
export interface Party {
  personId: number | null;
  userId: number | null;
  name: string;
  address: string | null;
}

export interface Department {
  id: number;
  code: string;
  name: string;
  path: string;
}

export interface MemberParties {
  department: Department | null;
  owner: Party | null;
  delegates: Party[];
  managers: Party[];
  context: PrincipalContext;
}

const PERSON_NAME = sql<string>`trim(coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name)`;
const PERSON_ADDRESS = sql<
  string | null
>`coalesce(nullif(trim(p.emails -> 0 ->> 'address'), ''), (select min(us.email) from users us where us.person_id = p.id and us.disabled_at is null))`;

/** People as parties (name and address), in the order of `ids`, each once. */
export async function partiesOf(db: Db, ids: readonly number[]): Promise<Party[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const { rows } = await sql<{ id: number; name: string; address: string | null }>`
    select p.id, ${PERSON_NAME} as name, ${PERSON_ADDRESS} as address from people p where p.id = any(${unique}::bigint[])`.execute(
    db,
  );
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return unique
    .filter((id) => byId.has(id))
    .map((id) => ({ personId: id, userId: null, name: byId.get(id)!.name, address: byId.get(id)!.address }));
}

/** The unit of a person's primary employment today (the current affiliation of `kinds` that began first). */
export async function memberDepartment(
  db: Db,
  personId: number,
  now: Date,
  kinds: readonly string[] = DEFAULT_EMPLOYMENT_KINDS,
): Promise<Department | null> {
  const today = isoDate(now);
  const { rows } = await sql<Department>`
    select o.id, o.code, o.name, o.path from affiliations a join org_units o on o.id = a.org_id
    where a.person_id = ${personId} and a.kind = any(${[...kinds]}::text[])
      and (a.valid_from is null or a.valid_from <= ${today}::date) and (a.valid_to is null or a.valid_to >= ${today}::date)
    order by a.valid_from nulls first, a.id limit 1`.execute(db);
  return rows[0] ?? null;
}

/** The delegates of a policy for a unit: its own, else those of the nearest unit above that has some. */
export async function delegatesFor(db: Db, policyId: number, orgId: number): Promise<Party[]> {
  const { rows } = await sql<{ person_id: number }>`
    with chain as (select u.id, length(u.path) as depth from org_units u, org_units h where h.id = ${orgId} and h.path like u.path || '%'),
    nearest as (select c.id from chain c where exists (select 1 from governance_delegates d where d.org_id = c.id and d.policy_id = ${policyId})
                order by c.depth desc limit 1)
    select d.person_id from governance_delegates d join nearest n on n.id = d.org_id where d.policy_id = ${policyId}
    order by d.person_id`.execute(db);
  return partiesOf(
    db,
    rows.map((r) => Number(r.person_id)),
  );
}

/** The parties of a (policy, member) pair; for an account, `personId` is its owner. */
export async function memberParties(
  db: Db,
  policy: Pick<StoredPolicy, 'id' | 'ownerPersonId' | 'checks'>,
  personId: number | null,
  now: Date,
): Promise<MemberParties> {
  const department =
    personId === null ? null : await memberDepartment(db, personId, now, policy.checks.employmentKinds);
  const delegates = department ? await delegatesFor(db, policy.id, department.id) : [];
  const managers = department
    ? (await departmentApprovers(db, department.id)).map((a) => ({ ...a, userId: null }))
    : [];
  const owner = policy.ownerPersonId === null ? null : ((await partiesOf(db, [policy.ownerPersonId]))[0] ?? null);
  return {
    department,
    owner,
    delegates,
    managers,
    context: {
      ownerPersonId: policy.ownerPersonId,
      delegatePersonIds: delegates.map((d) => d.personId!),
      managerPersonIds: managers.filter((m) => m.personId !== null).map((m) => m.personId!),
    },
  };
}

/** The facts of one person that principals are matched on, for a governed group, at `at`. */
export async function principalFactsOf(
  db: Db,
  personId: number | null,
  groupId: number,
  at: Date,
): Promise<PrincipalFacts> {
  if (personId === null) return { personId: null, groups: new Set(), privileges: new Set() };
  const rows = await db
    .selectFrom('group_effective_members as e')
    .select('e.group_id')
    .distinct()
    .where('e.person_id', '=', personId)
    .where(countsAtSql('e', at))
    .execute();
  return {
    personId,
    groups: new Set(rows.map((r) => Number(r.group_id))),
    privileges: await privilegesOf(db as never, personId, { groupId }, at),
  };
}

/** The people holding a privilege (or admin, which implies it) on the group or a folder above it. */
async function privilegeHolders(db: Db, groupId: number, privilege: 'admin' | 'update', at: Date): Promise<number[]> {
  const g = await db
    .selectFrom('groups as g')
    .innerJoin('group_folders as f', 'f.id', 'g.folder_id')
    .select('f.name')
    .where('g.id', '=', groupId)
    .executeTakeFirst();
  if (!g) return [];
  const privileges = privilege === 'admin' ? ['admin'] : ['admin', 'update'];
  const { rows } = await sql<{ person_id: number }>`
    with p as (select * from group_privileges
      where (group_id = ${groupId} or folder_id in (select id from group_folders where name = any(${folderChain(g.name)}::text[])))
        and privilege = any(${privileges}::text[]))
    select subject_person_id as person_id from p where subject_person_id is not null
    union select e.person_id from group_effective_members e join p on p.subject_group_id = e.group_id where ${countsAtSql('e', at)}`.execute(
    db,
  );
  return rows.map((r) => Number(r.person_id));
}

/** The people behind a list of principals (for a governed group and a member's parties), each once, with an address. */
export async function peopleOfPrincipals(
  db: Db,
  principals: readonly Principal[],
  groupId: number,
  parties: MemberParties,
  at: Date,
): Promise<Party[]> {
  const ids: number[] = [];
  for (const x of principals) {
    switch (x.kind) {
      case 'person':
        ids.push(x.personId);
        break;
      case 'group': {
        const rows = await db
          .selectFrom('group_effective_members as e')
          .select('e.person_id')
          .distinct()
          .where('e.group_id', '=', x.groupId)
          .where(countsAtSql('e', at))
          .execute();
        ids.push(...rows.map((r) => Number(r.person_id)));
        break;
      }
      case 'privilege':
        ids.push(...(await privilegeHolders(db, groupId, x.privilege, at)));
        break;
      case 'owner':
        if (parties.context.ownerPersonId !== null) ids.push(parties.context.ownerPersonId);
        break;
      case 'delegates':
        ids.push(...parties.context.delegatePersonIds);
        break;
      case 'manager':
        ids.push(...parties.context.managerPersonIds);
        break;
      default:
        return x satisfies never;
    }
  }
  return partiesOf(db, ids);
}
