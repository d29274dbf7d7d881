import type { Limit } from './access-schemas.ts';
import {
  type AccessIndex,
  type AppEntry,
  type PermissionEntry,
  type ResourceEntry,
  type RoleEntry,
  subjectAppKey,
} from './access-index.ts';

/**
 * The index compiled for the decision point's hot path (decide-fast.ts): per application, its resources by name and,
 * per subject, the grants the subject holds there, with each role's permissions expanded into the (resource, action)
 * pairs they cover (every resource below the permission's, every action its action implies) as integer keys. Steady
 * grants (no dates on the assignment or the membership, no limits, an org or everywhere scope) are one (role, scope)
 * pair each; dated, time-limited and affiliation-scoped ones are kept apart and tried after them. Built lazily and
 * thrown away when what it was built from changes (AccessIndex calls `configChanged`, `subjectChanged`,
 * `personChanged`).
 */

/** Resource trees are followed this deep, as `ancestors` in decide.ts does. */
const MAX_DEPTH = 63;

/** The permissions of a role that cover one (resource, action): some without limits, and those with limits. */
export interface Cover {
  free: boolean;
  limited: PermissionEntry[];
}
/** By resource id, then by the application's action id (small integers, `AppGrants.actions`). */
export type Covers = Map<number, (Cover | undefined)[]>;

/** One assignment held with dates, limits or an affiliation scope, directly or through one membership interval. */
export interface TimedGrant {
  /** Epoch ms: the later of the assignment's and the membership's starts, the earlier of their ends. */
  from: number;
  until: number;
  /** The assignment's own limits. */
  limits: Limit[];
  /** As in `RoleGrants.paths`; null for an affiliation scope. */
  path: string | null;
  /** The affiliation kind of an affiliation scope (null: any). */
  kind: string | null;
}
/** A current-or-not affiliation of the person, as days since the epoch (inclusive), and its unit's path. */
export interface UnitSpan {
  kind: string;
  fromDay: number;
  toDay: number;
  path: string;
}
/**
 * One role a subject holds in an application, however many times: a check looks its covers up once, then reads the
 * scopes it is held in steadily (org paths: a unit covers its subtree; `''` is everywhere), then the timed grants.
 */
export interface RoleGrants {
  covers: Covers;
  paths: string[];
  timed: TimedGrant[];
}
export interface GrantSet {
  roles: RoleGrants[];
  /** The person's affiliations, when an affiliation-scoped grant needs them. */
  units: UnitSpan[];
}
export interface AppGrants {
  app: AppEntry;
  resources: Map<string, ResourceEntry>;
  /** The application's action names as small integers. */
  actions: Map<string, number>;
  people: Map<number, GrantSet>;
  groups: Map<number, GrantSet>;
}

const EMPTY: GrantSet = { roles: [], units: [] };
const DAY = 86_400_000;
const dayOf = (date: string | null, open: number) =>
  date === null ? open : Date.parse(String(date).slice(0, 10)) / DAY;

export class GrantSets {
  readonly #index: AccessIndex;
  #apps = new Map<string, AppGrants>();
  #covers = new Map<number, Covers>();

  constructor(index: AccessIndex) {
    this.#index = index;
  }

  /** Applications, resources, roles, permissions or org units changed: everything is rebuilt when next asked. */
  configChanged(): void {
    if (this.#apps.size) this.#apps = new Map();
    if (this.#covers.size) this.#covers = new Map();
  }
  /** A subject's assignments changed; for a group, also what its members hold. */
  subjectChanged(type: 'person' | 'group', id: number): void {
    if (type === 'person') return this.personChanged(id);
    for (const ag of this.#apps.values()) ag.groups.delete(id);
    for (const m of this.#index.membersOf.get(id) ?? []) this.personChanged(m.personId);
  }
  /** A person's assignments, memberships or affiliations changed. */
  personChanged(id: number): void {
    for (const ag of this.#apps.values()) ag.people.delete(id);
  }

  app(name: string): AppGrants | undefined {
    const known = this.#apps.get(name);
    if (known) return known;
    const app = this.#index.appByName.get(name);
    if (!app) return undefined;
    const resources = new Map<string, ResourceEntry>();
    for (const r of this.#index.resources.values()) if (r.appId === app.id) resources.set(r.name, r);
    const ag: AppGrants = { app, resources, actions: new Map(), people: new Map(), groups: new Map() };
    // Every action a check could find granted has its id before the first check asks for it.
    for (const action of app.grantedBy.keys()) intern(ag, action);
    for (const role of this.#index.roles.values())
      if (role.appId === app.id) for (const p of role.permissions) intern(ag, p.action);
    this.#apps.set(name, ag);
    return ag;
  }

  /** What the subject holds in the application; undefined when it holds nothing anywhere. */
  setOf(ag: AppGrants, type: 'person' | 'group', id: number): GrantSet | undefined {
    const sets = type === 'person' ? ag.people : ag.groups;
    const known = sets.get(id);
    if (known) return known;
    const index = this.#index;
    // Subjects the index does not know are not remembered, so asking about many unknown ids costs no memory.
    if (type === 'person' ? !index.byPerson.has(id) && !index.membershipsOf.has(id) : !index.byGroup.has(id))
      return undefined;
    const set = this.#compile(ag, type, id);
    sets.set(id, set);
    return set;
  }

  #compile(ag: AppGrants, type: 'person' | 'group', id: number): GrantSet {
    const index = this.#index;
    const app = ag.app;
    const byRole = new Map<number, RoleGrants>();
    let affiliationScoped = false;
    const add = (ids: Set<number> | undefined, memberFrom: number | null, memberUntil: number | null) => {
      for (const aid of ids ?? []) {
        const a = index.assignments.get(aid)!;
        const role = index.roles.get(a.roleId);
        if (!role || role.appId !== app.id) continue;
        let path: string | null = a.scopeKind === 'everywhere' ? '' : null;
        if (a.scopeKind === 'org') {
          const p = index.orgPaths.get(a.orgId!);
          if (p === undefined) continue;
          path = p;
        } else if (a.scopeKind === 'affiliation' && type !== 'person') continue;
        let rg = byRole.get(role.id);
        if (!rg) byRole.set(role.id, (rg = { covers: this.#coversOf(role, ag), paths: [], timed: [] }));
        const dated = a.from !== null || a.until !== null || memberFrom !== null || memberUntil !== null;
        if (dated || a.limits.length || path === null) {
          if (path === null) affiliationScoped = true;
          rg.timed.push({
            from: Math.max(a.from ?? -Infinity, memberFrom ?? -Infinity),
            until: Math.min(a.until ?? Infinity, memberUntil ?? Infinity),
            limits: a.limits,
            path,
            kind: a.affiliationKind,
          });
          continue;
        }
        if (path === '') rg.paths.unshift(path);
        else if (!rg.paths.includes(path)) rg.paths.push(path);
      }
    };
    add(index.bySubjectApp.get(subjectAppKey(type, id, app.id)), null, null);
    if (type === 'person')
      for (const m of index.membershipsOf.get(id) ?? [])
        add(index.bySubjectApp.get(subjectAppKey('group', m.groupId, app.id)), m.from, m.until);
    if (byRole.size === 0) return EMPTY;
    const set: GrantSet = { roles: [...byRole.values()], units: [] };
    if (affiliationScoped)
      for (const f of index.affiliationsOf.get(id) ?? []) {
        const path = index.orgPaths.get(f.orgId);
        // As decide.ts: an affiliation in a unit that is gone covers nothing.
        if (path !== undefined)
          set.units.push({
            kind: f.kind,
            fromDay: dayOf(f.validFrom, -Infinity),
            toDay: dayOf(f.validTo, Infinity),
            path,
          });
      }
    return set;
  }

  #coversOf(role: RoleEntry, ag: AppGrants): Covers {
    const known = this.#covers.get(role.id);
    if (known) return known;
    const covers: Covers = new Map();
    for (const p of role.permissions) {
      const top = this.#index.resources.get(p.resourceId);
      if (!top) continue;
      const actions = impliedBy(ag, p.action);
      for (const r of this.#below(top)) {
        let row = covers.get(r.id);
        if (!row) covers.set(r.id, (row = []));
        for (const act of actions) {
          let c = row[act];
          if (!c) row[act] = c = { free: false, limited: [] };
          if (p.limits.length) c.limited.push(p);
          else c.free = true;
        }
      }
    }
    this.#covers.set(role.id, covers);
    return covers;
  }

  /** The resource and every resource below it whose ancestors, as decide.ts follows them, reach it. */
  #below(top: ResourceEntry): ResourceEntry[] {
    const out = [top];
    const seen = new Set([top.id]);
    let level = [top];
    for (let depth = 1; depth <= MAX_DEPTH && level.length; depth++) {
      const next: ResourceEntry[] = [];
      for (const r of level)
        for (const cid of this.#index.children.get(r.id) ?? []) {
          const c = this.#index.resources.get(cid);
          if (!c || c.parentId !== r.id || seen.has(cid)) continue;
          seen.add(cid);
          next.push(c);
          out.push(c);
        }
      level = next;
    }
    return out;
  }
}

/** Ids of the actions a permission for `action` grants: itself and every action it implies. */
function impliedBy(ag: AppGrants, action: string): number[] {
  const out = [intern(ag, action)];
  for (const [target, granters] of ag.app.grantedBy)
    if (target !== action && granters.includes(action)) out.push(intern(ag, target));
  return out;
}
function intern(ag: AppGrants, action: string): number {
  let id = ag.actions.get(action);
  if (id === undefined) ag.actions.set(action, (id = ag.actions.size));
  return id;
}
