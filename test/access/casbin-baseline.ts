import { newEnforcer, newModelFromString, type Enforcer } from 'casbin';
import { AT, type Probe, type World } from './random-grants.ts';
import type { AffiliationEntry } from '../../src/access/access-index.ts';

/**
 * The same grants as casbin policies, as they stand at AT, in several ways a casbin user could write them (the
 * benchmark measures each; bench/README.md says why `FASTEST` is the baseline). Only assignments and memberships live
 * at AT are written; an affiliation-scoped assignment becomes one grant per unit of a current affiliation of each
 * person it reaches. Subjects are `person:7`, `group:50`, roles `role:3`, resources `res:12` (parents by g2), actions
 * `3:read` (implications by g3), domains org paths (`/1/5/`, `/` for everywhere).
 *
 * - `pattern-first`: one enforcer, the role lookup first in the matcher, `enforce` (async), domains matched by prefix
 *   with a domain matching function (what the benchmark used until issue 19).
 * - `pattern-last`: the same, the cheap resource and action terms first, `enforceSync`.
 * - `ancestors`: one enforcer per application (a tenth of the policies each), cheap terms first, `enforceSync`, no
 *   domain matching function: a custom matcher function asks the role manager about the exact domains of the asked
 *   unit and its ancestors; group memberships are written in each domain where the group holds a role.
 * - `ancestors-loop`: as `ancestors` without a custom function: the caller asks `enforceSync` once per ancestor domain
 *   with the plain `g(r.sub, p.sub, r.dom)`.
 */
export const VARIANTS = ['pattern-first', 'pattern-last', 'ancestors', 'ancestors-loop'] as const;
export type Variant = (typeof VARIANTS)[number];
/** The fastest variant in the access benchmark at every size (bench/README.md, issue 19). */
export const FASTEST: Variant = 'ancestors';

export interface CasbinBaseline {
  variant: Variant;
  enforce(p: Probe): boolean | Promise<boolean>;
}

const model = (matcher: string) => `
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
m = ${matcher}
`;

const live = (x: { from: number | null; until: number | null }, t: number) =>
  (x.from === null || t >= x.from) && (x.until === null || t < x.until);
const today = AT.toISOString().slice(0, 10);
const current = (f: AffiliationEntry, kind: string | null) =>
  (kind === null || f.kind === kind) &&
  (f.validFrom === null || f.validFrom <= today) &&
  (f.validTo === null || f.validTo >= today);

/** `/1/5/9/` → `/`, `/1/`, `/1/5/`, `/1/5/9/`. */
export function ancestorDomains(path: string): string[] {
  const out = ['/'];
  let i = path.indexOf('/', 1);
  while (i > 0) {
    out.push(path.slice(0, i + 1));
    i = path.indexOf('/', i + 1);
  }
  return out;
}

interface Grants {
  /** [role, resource, action] */
  p: string[][];
  /** [subject, role, domain]: assignments as they stand at AT. */
  assigned: string[][];
  /** [person, group]: memberships live at AT. */
  members: string[][];
  g2: string[][];
  g3: string[][];
}

function grantsOf(w: World, appId: number | null): Grants {
  const t = AT.getTime();
  const appOfRole = new Map(w.roles.map((r) => [r.id, r.appId]));
  const p: string[][] = [];
  for (const role of w.roles)
    if (appId === null || role.appId === appId)
      for (const x of role.permissions) p.push([`role:${role.id}`, `res:${x.resourceId}`, `${role.appId}:${x.action}`]);
  const members: string[][] = [];
  const membersOf = new Map<number, number[]>();
  for (const m of w.memberships) {
    if (!live(m, t)) continue;
    members.push([`person:${m.personId}`, `group:${m.groupId}`]);
    membersOf.set(m.groupId, [...(membersOf.get(m.groupId) ?? []), m.personId]);
  }
  const pathOf = new Map(w.orgs.map((o) => [o.id, o.path]));
  const assigned: string[][] = [];
  for (const a of w.assignments) {
    if (!live(a, t) || !appOfRole.has(a.roleId)) continue;
    if (appId !== null && appOfRole.get(a.roleId) !== appId) continue;
    const role = `role:${a.roleId}`;
    if (a.scopeKind === 'everywhere') assigned.push([`${a.subjectType}:${a.subjectId}`, role, '/']);
    else if (a.scopeKind === 'org') assigned.push([`${a.subjectType}:${a.subjectId}`, role, pathOf.get(a.orgId!)!]);
    else {
      const reached = a.subjectType === 'person' ? [a.subjectId] : (membersOf.get(a.subjectId) ?? []);
      for (const person of reached)
        for (const f of w.affiliations.get(person) ?? [])
          if (current(f, a.affiliationKind)) assigned.push([`person:${person}`, role, pathOf.get(f.orgId)!]);
    }
  }
  const g2 = w.resources
    .filter((r) => r.parentId !== null && (appId === null || r.appId === appId))
    .map((r) => [`res:${r.id}`, `res:${r.parentId}`]);
  const g3: string[][] = [];
  for (const a of w.apps)
    if (appId === null || a.id === appId)
      for (const [x, implied] of Object.entries(a.implications))
        for (const y of implied) g3.push([`${a.id}:${y}`, `${a.id}:${x}`]);
  return { p, assigned: dedupe(assigned), members, g2: dedupe(g2), g3: dedupe(g3) };
}

async function fill(e: Enforcer, g: Grants, links: string[][]): Promise<void> {
  if (g.p.length) await e.addPolicies(g.p);
  if (links.length) await e.addNamedGroupingPolicies('g', dedupe(links));
  if (g.g2.length) await e.addNamedGroupingPolicies('g2', g.g2);
  if (g.g3.length) await e.addNamedGroupingPolicies('g3', g.g3);
}

const request = (p: Probe) => [`person:${p.personId}`, p.path, `res:${p.resourceId}`, `${p.appId}:${p.action}`];

export async function buildCasbin(w: World, variant: Variant = FASTEST): Promise<CasbinBaseline> {
  if (variant === 'pattern-first' || variant === 'pattern-last') {
    const first = variant === 'pattern-first';
    const e = await newEnforcer(
      newModelFromString(
        model(
          first
            ? 'g(r.sub, p.sub, r.dom) && g2(r.obj, p.obj) && g3(r.act, p.act)'
            : 'g2(r.obj, p.obj) && g3(r.act, p.act) && g(r.sub, p.sub, r.dom)',
        ),
      ),
    );
    await (
      e.getRoleManager() as unknown as {
        addDomainMatchingFunc(fn: (req: string, pattern: string) => boolean): Promise<void>;
      }
    ).addDomainMatchingFunc((req, pattern) => req.startsWith(pattern));
    const g = grantsOf(w, null);
    await fill(e, g, [...g.members.map(([person, group]) => [person, group, '/']), ...g.assigned]);
    return first
      ? { variant, enforce: (p) => e.enforce(...request(p)) }
      : { variant, enforce: (p) => e.enforceSync(...request(p)) };
  }
  const loop = variant === 'ancestors-loop';
  const byApp = new Map<number, Enforcer>();
  for (const app of w.apps) {
    const e = await newEnforcer(
      newModelFromString(
        model(
          loop
            ? 'g2(r.obj, p.obj) && g3(r.act, p.act) && g(r.sub, p.sub, r.dom)'
            : 'g2(r.obj, p.obj) && g3(r.act, p.act) && gUp(r.sub, p.sub, r.dom)',
        ),
      ),
    );
    if (!loop) {
      const rm = e.getRoleManager() as unknown as { syncedHasLink(a: string, b: string, d: string): boolean };
      await e.addFunction('gUp', (sub: string, role: string, path: string) =>
        ancestorDomains(path).some((d) => rm.syncedHasLink(sub, role, d)),
      );
    }
    const g = grantsOf(w, app.id);
    // A membership counts in every domain where its group holds a role of this application.
    const domainsOf = new Map<string, Set<string>>();
    for (const [subject, , domain] of g.assigned)
      if (subject.startsWith('group:')) domainsOf.set(subject, (domainsOf.get(subject) ?? new Set()).add(domain));
    const links = [...g.assigned];
    for (const [person, group] of g.members) for (const d of domainsOf.get(group) ?? []) links.push([person, group, d]);
    await fill(e, g, links);
    byApp.set(app.id, e);
  }
  if (loop)
    return {
      variant,
      enforce: (p) => {
        const e = byApp.get(p.appId)!;
        const [sub, , obj, act] = request(p);
        return ancestorDomains(p.path).some((d) => e.enforceSync(sub, d, obj, act));
      },
    };
  return { variant, enforce: (p) => byApp.get(p.appId)!.enforceSync(...request(p)) };
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
