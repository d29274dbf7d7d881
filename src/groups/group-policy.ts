import type { Actor } from '../platform/auth/actor.ts';
import { can } from '../platform/auth/policy.ts';
import type { GroupKind, GroupPrivilege } from '../platform/db/group-tables.ts';
import type { FieldProblem } from '../platform/errors.ts';

/**
 * Who may do what with groups and folders, pure. An account acts as its person; the person's
 * privileges on a group or folder (held directly, through a group they are an effective
 * member of now, or on a folder above) are loaded by group-access.ts and decided here.
 * `admin` implies every other privilege, `update` implies `read`, `read` implies `view`, and
 * one who may opt in or out may view the group. System administrators (`groups:manage`) hold
 * every privilege everywhere; auditors (`groups:read`) read and view everything.
 *
 * What each action needs: viewing a group or folder `view`; reading its members, history and
 * privileges `read`; adding, changing and removing members `update`; changing, moving or
 * deleting a group or folder, creating inside a folder and granting privileges `admin`;
 * joining and leaving by oneself `optin` / `optout`; a root folder is the system administrators'.
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

/** Every privilege the held ones give. */
export function expand(held: Iterable<GroupPrivilege>): Set<GroupPrivilege> {
  const out = new Set<GroupPrivilege>();
  for (const p of held) for (const q of implied[p]) out.add(q);
  return out;
}

/** May manage every group and folder (system administrators). */
export function managesAllGroups(actor: Actor): boolean {
  return can(actor, 'groups:manage');
}

/** Sees every group and folder, whatever their privileges (system administrators and auditors). */
export function seesAllGroups(actor: Actor): boolean {
  return can(actor, 'groups:manage') || can(actor, 'groups:read');
}

/** What the actor may do on a group or folder, given the privileges their person holds on it. */
export function effectivePrivileges(actor: Actor, held: Iterable<GroupPrivilege>): Set<GroupPrivilege> {
  if (managesAllGroups(actor)) return new Set(privileges);
  const out = expand(held);
  if (can(actor, 'groups:read')) {
    out.add('read');
    out.add('view');
  }
  return out;
}

/** May create, rename and move folders at the root (system administrators). */
export function mayManageRootFolders(actor: Actor): boolean {
  return managesAllGroups(actor);
}

/**
 * Browsing: a folder is shown when it lies on the way to (or under) one of the names the
 * account holds a privilege on; null names mean everything.
 */
export function onTheWay(folderName: string, names: readonly string[] | null): boolean {
  if (names === null) return true;
  return names.some((n) => n === folderName || n.startsWith(`${folderName}:`) || folderName.startsWith(`${n}:`));
}

/**
 * A group is shown when a privilege on it or on a folder above lets the account view it:
 * every privilege implies `view`, so holding any one is enough.
 */
export function seesGroup(groupName: string, names: readonly string[] | null): boolean {
  if (names === null) return true;
  return names.some((n) => n === groupName || groupName.startsWith(`${n}:`));
}

/** Only a basic group has direct members; a composite's and a rule group's are computed. */
export function hasDirectMembers(kind: GroupKind): boolean {
  switch (kind) {
    case 'basic':
      return true;
    case 'composite':
    case 'rule':
      return false;
    default:
      return kind satisfies never;
  }
}

export interface GroupAbilities {
  /** Change its name, description or definition. */
  update: boolean;
  move: boolean;
  delete: boolean;
  /** Read its direct and effective members and its history. */
  readMembers: boolean;
  /** Add, change and remove direct members (a basic group only). */
  manageMembers: boolean;
  /** Read, grant and revoke privileges on it. */
  readPrivileges: boolean;
  managePrivileges: boolean;
  /** Join or leave it oneself (a basic group only). */
  optIn: boolean;
  optOut: boolean;
}

export function groupAbilities(held: ReadonlySet<GroupPrivilege>, group: { kind: GroupKind }): GroupAbilities {
  const admin = held.has('admin');
  const direct = hasDirectMembers(group.kind);
  return {
    update: admin,
    move: admin,
    delete: admin,
    readMembers: held.has('read'),
    manageMembers: direct && held.has('update'),
    readPrivileges: held.has('read'),
    managePrivileges: admin,
    optIn: direct && held.has('optin'),
    optOut: direct && held.has('optout'),
  };
}

export interface FolderAbilities {
  /** Change its display name or description. */
  update: boolean;
  /** Change its extension (a root folder: system administrators only). */
  rename: boolean;
  move: boolean;
  /** Delete it (once empty). */
  delete: boolean;
  readPrivileges: boolean;
  managePrivileges: boolean;
  createFolder: boolean;
  createGroup: boolean;
}

export function folderAbilities(
  actor: Actor,
  held: ReadonlySet<GroupPrivilege>,
  folder: { parentId: number | null },
): FolderAbilities {
  const admin = held.has('admin');
  return {
    update: admin,
    rename: admin && (folder.parentId !== null || mayManageRootFolders(actor)),
    move: admin,
    delete: admin,
    readPrivileges: held.has('read'),
    managePrivileges: admin,
    createFolder: admin,
    createGroup: admin,
  };
}

/** What may be created where one browses: in a folder (`held` on it), or at the root (null). */
export function listingAbilities(
  actor: Actor,
  held: ReadonlySet<GroupPrivilege> | null,
): { createFolder: boolean; createGroup: boolean } {
  if (held === null) return { createFolder: mayManageRootFolders(actor), createGroup: false };
  return { createFolder: held.has('admin'), createGroup: held.has('admin') };
}

/**
 * No self-grant (rule `no-self-grant`): nobody gives their own person a group privilege, a membership or an access
 * role, directly or through a group they are (now or later) an effective member of; another administrator must. System
 * administrators, who hold every right already, and Steward itself are exempt. The facts are loaded by group-access.ts
 * (`selfFactsOf`).
 */
export const NO_SELF_GRANT = 'no-self-grant';

export interface SelfFacts {
  /** The person the account acts as; null: none, so nothing it grants reaches itself. */
  personId: number | null;
  /** The groups that person is an effective member of now or later. */
  groupIds: ReadonlySet<number>;
}

/** Who a grant is for: a person or a group. */
export interface Grantee {
  personId?: number | null;
  groupId?: number | null;
}

export function exemptFromNoSelfGrant(actor: Actor): boolean {
  return actor.kind === 'system' || actor.roles.some((g) => g.role === 'sysadmin');
}

/** Whether a grant to the grantee reaches the actor's own person. */
export function reachesSelf(self: SelfFacts, grantee: Grantee): boolean {
  if (self.personId === null) return false;
  if (grantee.personId != null) return grantee.personId === self.personId;
  return grantee.groupId != null && self.groupIds.has(grantee.groupId);
}

/**
 * The problem (at `field`) when the grant would reach the actor's own person, or null; `what` says the act with `{who}`
 * for the grantee, e.g. "grant a group privilege to {who}".
 */
export function selfGrantProblem(
  actor: Actor,
  self: SelfFacts,
  grantee: Grantee,
  field: string,
  what: string,
): FieldProblem | null {
  if (exemptFromNoSelfGrant(actor) || !reachesSelf(self, grantee)) return null;
  return {
    field,
    rule: NO_SELF_GRANT,
    message:
      grantee.personId != null
        ? `you may not ${what.replace('{who}', 'yourself')}: another administrator must`
        : `you are a member of group ${grantee.groupId}, so you may not ${what.replace('{who}', 'it')}: another administrator must`,
  };
}

/** A period a grant holds in; null ends are open. */
export interface Period {
  from: Date | null;
  until: Date | null;
}

/** Whether changing a period only narrows it (it starts no earlier and ends no later): never a grant of more. */
export function onlyNarrows(before: Period, after: Period): boolean {
  const startsNoEarlier =
    after.from === null ? before.from === null : before.from === null || after.from.getTime() >= before.from.getTime();
  const endsNoLater =
    after.until === null
      ? before.until === null
      : before.until === null || after.until.getTime() <= before.until.getTime();
  return startsNoEarlier && endsNoLater;
}
