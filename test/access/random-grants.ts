import {
  AccessIndex,
  type AffiliationEntry,
  type AssignmentEntry,
  type MembershipEntry,
} from '../../src/access/access-index.ts';

/**
 * Random access structures (seeded) for the differential test against casbin and the
 * benchmark: an org tree, applications with resource trees and action implications,
 * roles with permissions, people and groups, assignments in scopes with dates (the same
 * grants as casbin policies are in casbin-baseline.ts), and questions about them.
 */
export interface Shape {
  orgs: number;
  apps: number;
  resourcesPerApp: number;
  actionsPerApp: number;
  rolesPerApp: number;
  permissionsPerRole: number;
  people: number;
  groups: number;
  assignments: number;
  membershipsPerGroup: number;
  /** Share of assignments with enabled-from/until dates (and memberships with intervals). */
  dated: number;
  /** Share of assignments scoped to the person's affiliations. */
  affiliationScoped: number;
}

export interface World {
  orgs: { id: number; path: string; code: string }[];
  apps: { id: number; name: string; implications: Record<string, string[]> }[];
  resources: { id: number; appId: number; name: string; parentId: number | null }[];
  actions: Map<number, string[]>;
  roles: {
    id: number;
    appId: number;
    name: string;
    permissions: { id: number; roleId: number; action: string; resourceId: number }[];
  }[];
  people: number[];
  groups: number[];
  assignments: AssignmentEntry[];
  memberships: MembershipEntry[];
  affiliations: Map<number, AffiliationEntry[]>;
}

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
/** The moment every check of a world is asked at. */
export const AT = new Date('2026-09-15T12:00:00Z');

export function randomWorld(seed: number, s: Shape): World {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const orgs: World['orgs'] = [{ id: 1, path: '/1/', code: 'O1' }];
  for (let id = 2; id <= s.orgs; id++) {
    const parent = orgs[Math.floor(r() * orgs.length)];
    orgs.push({ id, path: `${parent.path}${id}/`, code: `O${id}` });
  }
  const apps: World['apps'] = [];
  const resources: World['resources'] = [];
  const actions = new Map<number, string[]>();
  const roles: World['roles'] = [];
  let resourceId = 0;
  let roleId = 0;
  let permissionId = 0;
  for (let a = 1; a <= s.apps; a++) {
    const acts = Array.from({ length: s.actionsPerApp }, (_, i) => `act${i}`);
    const implications: Record<string, string[]> = {};
    // Only earlier actions imply later ones, so implications never cycle.
    for (let i = 0; i < acts.length; i++)
      for (let j = i + 1; j < acts.length; j++) if (r() < 0.3) (implications[acts[i]] ??= []).push(acts[j]);
    apps.push({ id: a, name: `app${a}`, implications });
    actions.set(a, acts);
    const mine: number[] = [];
    for (let i = 0; i < s.resourcesPerApp; i++) {
      resourceId += 1;
      resources.push({
        id: resourceId,
        appId: a,
        name: `r${resourceId}`,
        parentId: mine.length && r() < 0.8 ? pick(mine) : null,
      });
      mine.push(resourceId);
    }
    for (let k = 0; k < s.rolesPerApp; k++) {
      roleId += 1;
      const permissions: World['roles'][number]['permissions'] = [];
      const seen = new Set<string>();
      while (permissions.length < s.permissionsPerRole) {
        const action = pick(acts);
        const res = pick(mine);
        if (seen.has(`${action}|${res}`)) {
          if (seen.size >= acts.length * mine.length) break;
          continue;
        }
        seen.add(`${action}|${res}`);
        permissions.push({ id: ++permissionId, roleId, action, resourceId: res });
      }
      roles.push({ id: roleId, appId: a, name: `role${roleId}`, permissions });
    }
  }
  const people = Array.from({ length: s.people }, (_, i) => i + 1);
  const groups = Array.from({ length: s.groups }, (_, i) => 1_000_000 + i + 1);
  const interval = (): { from: number | null; until: number | null } => {
    if (r() >= s.dated) return { from: null, until: null };
    const from = AT.getTime() + Math.floor((r() - 0.6) * 20) * DAY;
    return { from: r() < 0.3 ? null : from, until: from + Math.ceil(r() * 10) * DAY };
  };
  const memberships: MembershipEntry[] = [];
  for (const g of groups) {
    for (let i = 0; i < s.membershipsPerGroup; i++)
      memberships.push({ groupId: g, personId: pick(people), ...interval() });
  }
  const affiliations = new Map<number, AffiliationEntry[]>();
  for (const p of people) {
    const list: AffiliationEntry[] = [{ orgId: pick(orgs).id, kind: 'staff', validFrom: null, validTo: null }];
    if (r() < 0.4)
      list.push({ orgId: pick(orgs).id, kind: 'student', validFrom: null, validTo: r() < 0.5 ? '2026-09-01' : null });
    affiliations.set(p, list);
  }
  const assignments: AssignmentEntry[] = [];
  for (let id = 1; id <= s.assignments; id++) {
    const toGroup = r() < 0.2;
    const x = r();
    const scopeKind = x < s.affiliationScoped ? 'affiliation' : x < s.affiliationScoped + 0.05 ? 'everywhere' : 'org';
    assignments.push({
      id,
      roleId: pick(roles).id,
      subjectType: toGroup ? 'group' : 'person',
      subjectId: toGroup ? pick(groups) : pick(people),
      scopeKind,
      orgId: scopeKind === 'org' ? pick(orgs).id : null,
      affiliationKind: scopeKind === 'affiliation' && r() < 0.5 ? 'student' : null,
      ...interval(),
      limits: [],
    });
  }
  return { orgs, apps, resources, actions, roles, people, groups, assignments, memberships, affiliations };
}

export function buildIndex(w: World): AccessIndex {
  const index = new AccessIndex();
  index.putOrgs(w.orgs, true);
  for (const a of w.apps) index.putApp({ id: a.id, name: a.name, timeZone: 'UTC', implications: a.implications });
  for (const r of w.resources) index.putResource(r);
  for (const role of w.roles)
    index.putRole(
      role,
      role.permissions.map((p) => ({ ...p, limits: [] })),
    );
  for (const a of w.assignments) index.putAssignment(a);
  index.putGroupMembers(
    index.groupsWithRoles(),
    w.memberships.filter((m) => index.byGroup.has(m.groupId)),
  );
  for (const [p, list] of w.affiliations) index.putAffiliations(p, list);
  return index;
}

export interface Probe {
  personId: number;
  appId: number;
  app: string;
  action: string;
  resourceId: number;
  resource: string;
  orgId: number;
  path: string;
}

/** Random questions: a person, an application's resource and action, and a unit as scope. */
export function randomProbes(w: World, seed: number, n: number): Probe[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const byApp = new Map(w.apps.map((a) => [a.id, w.resources.filter((x) => x.appId === a.id)]));
  const out: Probe[] = [];
  for (let i = 0; i < n; i++) {
    const app = pick(w.apps);
    const res = pick(byApp.get(app.id)!);
    const org = pick(w.orgs);
    out.push({
      personId: pick(w.people),
      appId: app.id,
      app: app.name,
      action: pick(w.actions.get(app.id)!),
      resourceId: res.id,
      resource: res.name,
      orgId: org.id,
      path: org.path,
    });
  }
  return out;
}

/**
 * Questions of which `share` are allowed (as `allowed` answers them) and the rest denied: random questions, and
 * questions aimed at a random assignment (its role's permission, on the resource or a child, in its unit), sorted
 * by their answer until both piles are full. Allows are rare among random questions (about 4 %), so without aimed
 * ones a benchmark would time denials only.
 */
export function mixedProbes(
  w: World,
  allowed: (p: Probe) => boolean,
  seed: number,
  n: number,
  share = 0.5,
): { allows: Probe[]; denies: Probe[] } {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const wantAllows = Math.round(n * share);
  const allows: Probe[] = [];
  const denies: Probe[] = [];
  const roles = new Map(w.roles.map((x) => [x.id, x]));
  const apps = new Map(w.apps.map((a) => [a.id, a]));
  const resources = new Map(w.resources.map((x) => [x.id, x]));
  const children = new Map<number, number[]>();
  for (const x of w.resources)
    if (x.parentId !== null) children.set(x.parentId, [...(children.get(x.parentId) ?? []), x.id]);
  const orgs = new Map(w.orgs.map((o) => [o.id, o]));
  const membersOf = new Map<number, number[]>();
  for (const m of w.memberships) membersOf.set(m.groupId, [...(membersOf.get(m.groupId) ?? []), m.personId]);
  const aimed = (): Probe | null => {
    const a = pick(w.assignments);
    const role = roles.get(a.roleId)!;
    if (!role.permissions.length) return null;
    const person = a.subjectType === 'person' ? a.subjectId : pick(membersOf.get(a.subjectId) ?? [0]);
    if (!person) return null;
    const perm = pick(role.permissions);
    const under = children.get(perm.resourceId) ?? [];
    const res = resources.get(under.length && r() < 0.5 ? pick(under) : perm.resourceId)!;
    const implied = apps.get(role.appId)!.implications[perm.action] ?? [];
    const action = implied.length && r() < 0.3 ? pick(implied) : perm.action;
    const org = a.orgId !== null ? orgs.get(a.orgId)! : pick(w.orgs);
    const app = apps.get(role.appId)!;
    return {
      personId: person,
      appId: app.id,
      app: app.name,
      action,
      resourceId: res.id,
      resource: res.name,
      orgId: org.id,
      path: org.path,
    };
  };
  let tries = 0;
  while ((allows.length < wantAllows || denies.length < n - wantAllows) && tries < n * 200) {
    tries += 1;
    const p = r() < 0.5 ? aimed() : randomProbes(w, Math.floor(r() * 2 ** 31), 1)[0];
    if (!p) continue;
    if (allowed(p)) {
      if (allows.length < wantAllows) allows.push(p);
    } else if (denies.length < n - wantAllows) denies.push(p);
  }
  return { allows, denies };
}
