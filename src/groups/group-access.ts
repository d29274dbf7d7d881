import { type Kysely, sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { can } from '../platform/auth/policy.ts';
import type { GroupPrivilege } from '../platform/db/group-tables.ts';
import type { DB } from '../platform/db/schema.ts';
import { forbidden } from '../platform/errors.ts';
import { folderChain } from './names.ts';

/**
 * Privileges on groups and folders. An account acts as its person (`users.person_id`); a
 * privilege is held directly by the person or by a group the person is an effective member
 * of now. Privileges on a folder cover its subfolders and their groups. `admin` implies every
 * other privilege, `update` implies `read`, `read` implies `view`, and one who may opt in or
 * out may view the group. System administrators
 * (`groups:manage`) pass every check; auditors (`groups:read`) may read and view everything.
 */
export const privileges: readonly GroupPrivilege[] = ['admin', 'update', 'read', 'view', 'optin', 'optout'];

const implied: Record<GroupPrivilege, GroupPrivilege[]> = {
  admin: ['admin', 'update', 'read', 'view', 'optin', 'optout'],
  update: ['update', 'read', 'view'],
  read: ['read', 'view'],
  view: ['view'],
  optin: ['optin', 'view'],
  optout: ['optout', 'view'],
};

/** Every privilege the held ones give. Pure. */
export function expand(held: Iterable<GroupPrivilege>): Set<GroupPrivilege> {
  const out = new Set<GroupPrivilege>();
  for (const p of held) for (const q of implied[p]) out.add(q);
  return out;
}

export type PrivilegeTarget = { groupId: number } | { folderId: number };

export async function personOfActor(db: Kysely<DB>, actor: Actor): Promise<number | null> {
  if (actor.kind !== 'user' || actor.id === null) return null;
  const row = await db.selectFrom('users').select('person_id').where('id', '=', actor.id).executeTakeFirst();
  return row?.person_id ?? null;
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
           or p.subject_group_id in (select group_id from group_effective_members
                                     where person_id = ${personId} and (valid_from is null or valid_from <= ${at}) and (valid_until is null or ${at} < valid_until)))`.execute(
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
  if (can(actor, 'groups:manage')) return new Set(privileges);
  const personId = await personOfActor(db, actor);
  const held = personId === null ? new Set<GroupPrivilege>() : await privilegesOf(db, personId, target, at);
  if (can(actor, 'groups:read')) {
    held.add('read');
    held.add('view');
  }
  return held;
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
 * (directly or through a group), so browsing can show the way down to them; null means
 * everything (system administrators and auditors).
 */
export async function privilegedNames(db: Kysely<DB>, actor: Actor, at: Date): Promise<string[] | null> {
  if (can(actor, 'groups:manage') || can(actor, 'groups:read')) return null;
  const personId = await personOfActor(db, actor);
  if (personId === null) return [];
  const { rows } = await sql<{ name: string }>`
    select coalesce(f.name, g.name) as name from group_privileges p
    left join group_folders f on f.id = p.folder_id left join groups g on g.id = p.group_id
    where p.subject_person_id = ${personId}
       or p.subject_group_id in (select group_id from group_effective_members
                                 where person_id = ${personId} and (valid_from is null or valid_from <= ${at}) and (valid_until is null or ${at} < valid_until))`.execute(
    db,
  );
  return rows.map((r) => r.name);
}

/** True if a folder is on the way to (or under) one of the privileged names. */
export function onTheWay(folderName: string, names: string[] | null): boolean {
  if (names === null) return true;
  return names.some((n) => n === folderName || n.startsWith(`${folderName}:`) || folderName.startsWith(`${n}:`));
}

/**
 * True if a privilege on one of the names (the group itself, or a folder above it) lets the
 * account view the group: every privilege implies `view`, so holding any one is enough.
 */
export function seesGroup(groupName: string, names: string[] | null): boolean {
  if (names === null) return true;
  return names.some((n) => n === groupName || groupName.startsWith(`${n}:`));
}
