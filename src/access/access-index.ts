import type { ScopeKind, SubjectType } from '../platform/db/access-tables.ts';
import type { Limit } from './access-schemas.ts';
import { GrantSets } from './grant-sets.ts';

/**
 * The in-memory picture the decision point answers from. Pure: loaders (index-loader.ts)
 * put rows in and take them out by id; decide.ts reads. Every `put` replaces what was
 * there, so replaying a change twice leaves the same picture.
 */
export interface AppEntry {
  id: number;
  name: string;
  timeZone: string;
  implications: Record<string, string[]>;
  /** action → the actions that grant it (itself, and every action that implies it, transitively). */
  grantedBy: Map<string, string[]>;
}
export interface ResourceEntry {
  id: number;
  appId: number;
  name: string;
  parentId: number | null;
}
export interface PermissionEntry {
  id: number;
  roleId: number;
  action: string;
  resourceId: number;
  limits: Limit[];
}
export interface RoleEntry {
  id: number;
  appId: number;
  name: string;
  permissions: PermissionEntry[];
  byKey: Map<string, PermissionEntry[]>;
}
export interface AssignmentEntry {
  id: number;
  roleId: number;
  subjectType: SubjectType;
  subjectId: number;
  scopeKind: ScopeKind;
  orgId: number | null;
  affiliationKind: string | null;
  /** Epoch ms, or null for open. */
  from: number | null;
  until: number | null;
  limits: Limit[];
}
/** One interval in which a person is an effective member of a group. */
export interface MembershipEntry {
  groupId: number;
  personId: number;
  from: number | null;
  until: number | null;
}
/** A person's affiliation (dates inclusive, YYYY-MM-DD). */
export interface AffiliationEntry {
  orgId: number;
  kind: string;
  validFrom: string | null;
  validTo: string | null;
}

export const permissionKey = (resourceId: number, action: string) => `${resourceId}|${action}`;

/** For each action, the actions that grant it: itself and every action implying it, through chains. */
export function grantedByOf(implications: Record<string, string[]>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const actions = new Set<string>(Object.keys(implications));
  for (const list of Object.values(implications)) for (const a of list) actions.add(a);
  for (const target of actions) {
    const granters: string[] = [];
    for (const a of actions) if (implies(implications, a, target)) granters.push(a);
    out.set(target, granters);
  }
  return out;
}

/** True if `a` is `b` or implies it through any chain of implications. */
export function implies(implications: Record<string, string[]>, a: string, b: string): boolean {
  const seen = new Set<string>();
  const stack = [a];
  while (stack.length) {
    const x = stack.pop()!;
    if (x === b) return true;
    if (seen.has(x)) continue;
    seen.add(x);
    for (const y of implications[x] ?? []) stack.push(y);
  }
  return false;
}

export class AccessIndex {
  readonly apps = new Map<number, AppEntry>();
  readonly appByName = new Map<string, AppEntry>();
  readonly resources = new Map<number, ResourceEntry>();
  readonly resourceByKey = new Map<string, ResourceEntry>();
  readonly children = new Map<number, Set<number>>();
  readonly roles = new Map<number, RoleEntry>();
  /** How many permissions name each action of each application (`3|read` → 2): the actions the index knows. */
  readonly actionUses = new Map<string, number>();
  readonly assignments = new Map<number, AssignmentEntry>();
  readonly byPerson = new Map<number, Set<number>>();
  readonly byGroup = new Map<number, Set<number>>();
  readonly byRole = new Map<number, Set<number>>();
  /** Assignments by subject and application (`person|7|3`, `group|50|3`): what a check walks. */
  readonly bySubjectApp = new Map<string, Set<number>>();
  #keyOf = new Map<number, string>();
  /** Group memberships, by person and by group (only groups that hold a role are kept). */
  readonly membershipsOf = new Map<number, MembershipEntry[]>();
  readonly membersOf = new Map<number, MembershipEntry[]>();
  readonly affiliationsOf = new Map<number, AffiliationEntry[]>();
  readonly orgPaths = new Map<number, string>();
  readonly orgCodes = new Map<string, number>();
  readonly orgCodeOf = new Map<number, string>();
  /** The same grants compiled for the decision point's hot path; every put and remove below keeps it true. */
  readonly grants = new GrantSets(this);
  /**
   * Epoch ms of the latest change the index reflects: a question about an earlier moment may differ from what the index
   * holds now (a revocation, a deletion, a redefinition since) and is answered from the history instead.
   */
  changedAt = 0;

  putApp(app: Omit<AppEntry, 'grantedBy'>): void {
    const old = this.apps.get(app.id);
    if (old) this.appByName.delete(old.name);
    this.grants.configChanged();
    const entry = { ...app, grantedBy: grantedByOf(app.implications) };
    this.apps.set(app.id, entry);
    this.appByName.set(app.name, entry);
  }
  removeApp(id: number): void {
    const old = this.apps.get(id);
    if (old) this.appByName.delete(old.name);
    this.apps.delete(id);
    this.grants.configChanged();
  }

  putResource(r: ResourceEntry): void {
    this.removeResource(r.id);
    this.grants.configChanged();
    this.resources.set(r.id, r);
    this.resourceByKey.set(`${r.appId}|${r.name}`, r);
    if (r.parentId !== null) link(this.children, r.parentId, r.id);
  }
  removeResource(id: number): void {
    const old = this.resources.get(id);
    if (!old) return;
    this.grants.configChanged();
    this.resources.delete(id);
    this.resourceByKey.delete(`${old.appId}|${old.name}`);
    if (old.parentId !== null) unlink(this.children, old.parentId, id);
  }

  putRole(role: { id: number; appId: number; name: string }, permissions: PermissionEntry[]): void {
    const byKey = new Map<string, PermissionEntry[]>();
    for (const p of permissions) {
      const k = permissionKey(p.resourceId, p.action);
      const list = byKey.get(k);
      if (list) list.push(p);
      else byKey.set(k, [p]);
    }
    this.removeRole(role.id);
    this.roles.set(role.id, { ...role, permissions, byKey });
    for (const p of permissions) count(this.actionUses, `${role.appId}|${p.action}`, 1);
  }
  removeRole(id: number): void {
    const old = this.roles.get(id);
    this.grants.configChanged();
    for (const p of old?.permissions ?? []) count(this.actionUses, `${old!.appId}|${p.action}`, -1);
    this.roles.delete(id);
  }
  /** Whether an application knows the action: a permission names it, or its implications do. */
  knowsAction(app: AppEntry, action: string): boolean {
    return app.grantedBy.has(action) || this.actionUses.has(`${app.id}|${action}`);
  }

  putAssignment(a: AssignmentEntry): void {
    this.removeAssignment(a.id);
    this.grants.subjectChanged(a.subjectType, a.subjectId);
    this.assignments.set(a.id, a);
    link(a.subjectType === 'person' ? this.byPerson : this.byGroup, a.subjectId, a.id);
    link(this.byRole, a.roleId, a.id);
    const key = subjectAppKey(a.subjectType, a.subjectId, this.roles.get(a.roleId)?.appId ?? 0);
    this.#keyOf.set(a.id, key);
    linkKey(this.bySubjectApp, key, a.id);
  }
  removeAssignment(id: number): void {
    const old = this.assignments.get(id);
    if (!old) return;
    this.grants.subjectChanged(old.subjectType, old.subjectId);
    this.assignments.delete(id);
    unlink(old.subjectType === 'person' ? this.byPerson : this.byGroup, old.subjectId, id);
    unlink(this.byRole, old.roleId, id);
    const key = this.#keyOf.get(id)!;
    this.#keyOf.delete(id);
    const set = this.bySubjectApp.get(key);
    set?.delete(id);
    if (set?.size === 0) this.bySubjectApp.delete(key);
  }

  /** Replaces the memberships of the given (group, person) pairs with `rows`. */
  putMemberships(pairs: { groupId: number; personId: number }[], rows: MembershipEntry[]): void {
    const drop = new Set(pairs.map((p) => `${p.groupId}|${p.personId}`));
    const touchedPeople = new Set(pairs.map((p) => p.personId));
    for (const p of touchedPeople) this.grants.personChanged(p);
    for (const r of rows) this.grants.personChanged(r.personId);
    const touchedGroups = new Set(pairs.map((p) => p.groupId));
    for (const pid of touchedPeople) filterIn(this.membershipsOf, pid, (m) => !drop.has(`${m.groupId}|${m.personId}`));
    for (const gid of touchedGroups) filterIn(this.membersOf, gid, (m) => !drop.has(`${m.groupId}|${m.personId}`));
    for (const r of rows) {
      push(this.membershipsOf, r.personId, r);
      push(this.membersOf, r.groupId, r);
    }
  }
  /** Replaces every membership of these groups. */
  putGroupMembers(groupIds: number[], rows: MembershipEntry[]): void {
    const pairs: { groupId: number; personId: number }[] = [];
    for (const g of groupIds)
      for (const m of this.membersOf.get(g) ?? []) pairs.push({ groupId: g, personId: m.personId });
    this.putMemberships(pairs, []);
    for (const g of groupIds) this.membersOf.delete(g);
    this.putMemberships([], rows);
  }
  /** Groups that hold at least one assignment: only their members matter. */
  groupsWithRoles(): number[] {
    return [...this.byGroup.keys()];
  }

  putAffiliations(personId: number, rows: AffiliationEntry[]): void {
    this.affiliationsOf.set(personId, rows);
    this.grants.personChanged(personId);
  }

  putOrgs(rows: { id: number; path: string; code: string }[], replaceAll: boolean): void {
    this.grants.configChanged();
    if (replaceAll) {
      this.orgPaths.clear();
      this.orgCodes.clear();
      this.orgCodeOf.clear();
    }
    for (const r of rows) {
      this.orgPaths.set(r.id, r.path);
      this.orgCodes.set(r.code, r.id);
      this.orgCodeOf.set(r.id, r.code);
    }
  }

  /** Rough figures for the benchmark and the ops page. */
  size(): {
    applications: number;
    resources: number;
    roles: number;
    permissions: number;
    assignments: number;
    memberships: number;
  } {
    let permissions = 0;
    for (const r of this.roles.values()) permissions += r.permissions.length;
    let memberships = 0;
    for (const list of this.membersOf.values()) memberships += list.length;
    return {
      applications: this.apps.size,
      resources: this.resources.size,
      roles: this.roles.size,
      permissions,
      assignments: this.assignments.size,
      memberships,
    };
  }
}

export const subjectAppKey = (type: string, id: number, appId: number) => `${type}|${id}|${appId}`;

function count(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}
function linkKey(map: Map<string, Set<number>>, key: string, id: number): void {
  const set = map.get(key);
  if (set) set.add(id);
  else map.set(key, new Set([id]));
}
function link(map: Map<number, Set<number>>, key: number, id: number): void {
  const set = map.get(key);
  if (set) set.add(id);
  else map.set(key, new Set([id]));
}
function unlink(map: Map<number, Set<number>>, key: number, id: number): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) map.delete(key);
}
function push<T>(map: Map<number, T[]>, key: number, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
function filterIn<T>(map: Map<number, T[]>, key: number, keep: (t: T) => boolean): void {
  const list = map.get(key);
  if (!list) return;
  const kept = list.filter(keep);
  if (kept.length) map.set(key, kept);
  else map.delete(key);
}
