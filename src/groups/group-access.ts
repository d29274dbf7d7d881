import { type Kysely, sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import type { GroupPrivilege } from '../platform/db/group-tables.ts';
import type { DB } from '../platform/db/schema.ts';
import { type FieldProblem, forbidden, StewardError } from '../platform/errors.ts';
import { countsAtSql } from './effective-members.ts';
import {
  effectivePrivileges,
  exemptFromNoSelfGrant,
  expand,
  managesAllGroups,
  seesAllGroups,
  type SelfFacts,
} from './group-policy.ts';
import { folderChain } from './names.ts';

/**
 * Loads the facts the group policy (group-policy.ts) decides on: the person an account acts
 * as, and the privileges that person holds on a group or folder — directly, through a group
 * they are an effective member of at the time asked, or on a folder above.
 */
export type PrivilegeTarget = { groupId: number } | { folderId: number };

export async function personOfActor(db: Kysely<DB>, actor: Actor): Promise<number | null> {
  if (actor.kind !== 'user' || actor.id === null) return null;
  const row = await db.selectFrom('users').select('person_id').where('id', '=', actor.id).executeTakeFirst();
  return row?.person_id ?? null;
}

/**
 * What the no-self-grant rule (group-policy.ts) decides on: the actor's person and the groups it is an effective member
 * of at `at` or later. Nothing is read for those the rule exempts.
 */
export async function selfFactsOf(db: Kysely<DB>, actor: Actor, at: Date): Promise<SelfFacts> {
  const none: SelfFacts = { personId: null, groupIds: new Set() };
  if (exemptFromNoSelfGrant(actor)) return none;
  const personId = await personOfActor(db, actor);
  if (personId === null) return none;
  const rows = await db
    .selectFrom('group_effective_members')
    .select('group_id')
    .distinct()
    .where('person_id', '=', personId)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', at)]))
    .execute();
  return { personId, groupIds: new Set(rows.map((r) => r.group_id)) };
}

/** Refuses (403) a grant that reaches the actor's own person, naming each field and the rule. */
export function refuseSelfGrant(problems: (FieldProblem | null)[]): void {
  const found = problems.filter((p) => p !== null);
  if (found.length === 0) return;
  throw new StewardError('forbidden', found.map((p) => p.message).join('; '), { problems: found });
}

/** The privileges a person holds on a group or folder (directly, through groups, inherited from folders), at `at`. */
export async function privilegesOf(
  db: Kysely<DB>,
  personId: number,
  target: PrivilegeTarget,
  at: Date,
): Promise<Set<GroupPrivilege>> {
  let folderName: string;
  let groupId: number | null = null;
  if ('groupId' in target) {
    const g = await db
      .selectFrom('groups as g')
      .innerJoin('group_folders as f', 'f.id', 'g.folder_id')
      .select(['f.name'])
      .where('g.id', '=', target.groupId)
      .executeTakeFirst();
    if (!g) return new Set();
    folderName = g.name;
    groupId = target.groupId;
  } else {
    const f = await db.selectFrom('group_folders').select('name').where('id', '=', target.folderId).executeTakeFirst();
    if (!f) return new Set();
    folderName = f.name;
  }
  const { rows } = await sql<{ privilege: GroupPrivilege }>`
    select distinct p.privilege from group_privileges p
    where (p.group_id = ${groupId}::bigint or p.folder_id in (select id from group_folders where name = any(${folderChain(folderName)}::text[])))
      and (p.subject_person_id = ${personId}
           or p.subject_group_id in (select e.group_id from group_effective_members e where e.person_id = ${personId} and ${countsAtSql('e', at)}))`.execute(
    db,
  );
  return expand(rows.map((r) => r.privilege));
}

/** What an actor may do on a group or folder. */
export async function actorPrivileges(
  db: Kysely<DB>,
  actor: Actor,
  target: PrivilegeTarget,
  at: Date,
): Promise<Set<GroupPrivilege>> {
  if (managesAllGroups(actor)) return effectivePrivileges(actor, []);
  const personId = await personOfActor(db, actor);
  return effectivePrivileges(actor, personId === null ? [] : await privilegesOf(db, personId, target, at));
}

/** Throws 403 naming the privilege when the actor lacks it. */
export async function requirePrivilege(
  db: Kysely<DB>,
  actor: Actor,
  target: PrivilegeTarget,
  privilege: GroupPrivilege,
  at: Date,
  what: string,
): Promise<Set<GroupPrivilege>> {
  const held = await actorPrivileges(db, actor, target, at);
  if (!held.has(privilege)) throw forbidden(`${actor.name} lacks the ${privilege} privilege on ${what}`);
  return held;
}

/**
 * The full names of the folders and groups on which an account's person holds any privilege
 * (directly or through a group), so browsing can show the way down to them (`onTheWay`,
 * `seesGroup`); null means everything (system administrators and auditors).
 */
export async function privilegedNames(db: Kysely<DB>, actor: Actor, at: Date): Promise<string[] | null> {
  if (seesAllGroups(actor)) return null;
  const personId = await personOfActor(db, actor);
  if (personId === null) return [];
  const { rows } = await sql<{ name: string }>`
    select coalesce(f.name, g.name) as name from group_privileges p
    left join group_folders f on f.id = p.folder_id left join groups g on g.id = p.group_id
    where p.subject_person_id = ${personId}
       or p.subject_group_id in (select e.group_id from group_effective_members e where e.person_id = ${personId} and ${countsAtSql('e', at)})`.execute(
    db,
  );
  return rows.map((r) => r.name);
}
