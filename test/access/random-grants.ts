import { newEnforcer, newModelFromString, type Enforcer } from 'casbin';
import {
  AccessIndex,
  type AffiliationEntry,
  type AssignmentEntry,
  type MembershipEntry,
} from '../../src/access/access-index.ts';

/**
 * Random access structures (seeded) for the differential test against casbin and the
 * benchmark: an org tree, applications with resource trees and action implications,
 * roles with permissions, people and groups, assignments in scopes with dates, and the
 * same grants written as a casbin RBAC-with-domains model plus a resource hierarchy.
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

/** RBAC with domains: a domain is an org path, and a grant in a domain covers every path below it. */
const MODEL = `
[request_definition]
r = sub, dom, obj, act
[policy_definition]
p = sub, obj, act
[role_definition]
g = _, _, _
g2 = _, _
g3 = _, _
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = g(r.sub, p.sub, r.dom) && g2(r.obj, p.obj) && g3(r.act, p.act)
`;

const live = (x: { from: number | null; until: number | null }, t: number) =>
  (x.from === null || t >= x.from) && (x.until === null || t < x.until);
const today = AT.toISOString().slice(0, 10);
const current = (f: AffiliationEntry, kind: string | null) =>
  (kind === null || f.kind === kind) &&
  (f.validFrom === null || f.validFrom <= today) &&
  (f.validTo === null || f.validTo >= today);

/**
 * The same grants as casbin policies, as they stand at AT: only assignments and
 * memberships live at that moment are written; an affiliation-scoped assignment becomes
 * one grant per unit of a current affiliation of each person it reaches.
 */
export async function buildCasbin(w: World): Promise<Enforcer> {
  const e = await newEnforcer(newModelFromString(MODEL));
  const rm = e.getRoleManager();
  await (
    rm as unknown as { addDomainMatchingFunc(fn: (req: string, pattern: string) => boolean): Promise<void> }
  ).addDomainMatchingFunc((req, pattern) => req.startsWith(pattern));
  const t = AT.getTime();
  const appOfRole = new Map(w.roles.map((r) => [r.id, r.appId]));
  const policies: string[][] = [];
  for (const role of w.roles)
    for (const p of role.permissions)
      policies.push([`role:${role.id}`, `res:${p.resourceId}`, `${role.appId}:${p.action}`]);
  await e.addPolicies(policies);
  const g: string[][] = [];
  const members = new Map<number, number[]>();
  for (const m of w.memberships) {
    if (!live(m, t)) continue;
    g.push([`person:${m.personId}`, `group:${m.groupId}`, '/']);
    members.set(m.groupId, [...(members.get(m.groupId) ?? []), m.personId]);
  }
  const pathOf = new Map(w.orgs.map((o) => [o.id, o.path]));
  for (const a of w.assignments) {
    if (!live(a, t) || !appOfRole.has(a.roleId)) continue;
    const role = `role:${a.roleId}`;
    if (a.scopeKind === 'everywhere') g.push([`${a.subjectType}:${a.subjectId}`, role, '/']);
    else if (a.scopeKind === 'org') g.push([`${a.subjectType}:${a.subjectId}`, role, pathOf.get(a.orgId!)!]);
    else {
      const reached = a.subjectType === 'person' ? [a.subjectId] : (members.get(a.subjectId) ?? []);
      for (const p of reached)
        for (const f of w.affiliations.get(p) ?? [])
          if (current(f, a.affiliationKind)) g.push([`person:${p}`, role, pathOf.get(f.orgId)!]);
    }
  }
  await e.addNamedGroupingPolicies('g', dedupe(g));
  const g2 = w.resources.filter((r) => r.parentId !== null).map((r) => [`res:${r.id}`, `res:${r.parentId}`]);
  if (g2.length) await e.addNamedGroupingPolicies('g2', g2);
  const g3: string[][] = [];
  for (const a of w.apps)
    for (const [x, implied] of Object.entries(a.implications))
      for (const y of implied) g3.push([`${a.id}:${y}`, `${a.id}:${x}`]);
  if (g3.length) await e.addNamedGroupingPolicies('g3', g3);
  return e;
}

function dedupe(rows: string[][]): string[][] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = r.join('\u0000');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
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
