import { describe, expect, it } from 'vitest';
import type { AccessIndex } from '../../src/access/access-index.ts';
import { check, checkAll } from '../../src/access/decide.ts';
import {
  AT,
  buildIndex,
  mixedProbes,
  type Probe,
  randomProbes,
  randomWorld,
  rng,
  type Shape,
  type World,
} from './random-grants.ts';

/**
 * A check without reasons answers from grant sets compiled from the index and kept until what they were built from
 * changes. Here the index changes in every way its loader changes it — assignments, memberships, affiliations, roles
 * and permissions, resources, org units, applications — after the grant sets of the people asked have been built,
 * and every answer must still be the one the index walked with reasons gives (that one is compared with casbin in
 * casbin-differential.test.ts).
 */
const shape: Shape = {
  orgs: 30,
  apps: 2,
  resourcesPerApp: 10,
  actionsPerApp: 4,
  rolesPerApp: 4,
  permissionsPerRole: 3,
  people: 25,
  groups: 5,
  assignments: 120,
  membershipsPerGroup: 6,
  dated: 0.3,
  affiliationScoped: 0.2,
};

const request = (p: Probe) => ({
  subject: { type: 'person' as const, id: p.personId },
  application: p.app,
  action: p.action,
  resource: p.resource,
  scope: p.orgId,
  at: AT,
});

type Change = (index: AccessIndex, w: World, r: () => number) => string;
const pick = <T>(r: () => number, xs: T[]) => xs[Math.floor(r() * xs.length)];

const CHANGES: Change[] = [
  (index, w, r) => {
    const a = pick(r, w.assignments);
    index.removeAssignment(a.id);
    return `assignment ${a.id} removed`;
  },
  (index, w, r) => {
    const a = { ...pick(r, w.assignments), id: 10_000 + Math.floor(r() * 1e6) };
    const group = r() < 0.4;
    a.subjectType = group ? 'group' : 'person';
    a.subjectId = group ? pick(r, w.groups) : pick(r, w.people);
    a.scopeKind = pick(r, ['everywhere', 'org', 'affiliation'] as const);
    a.orgId = a.scopeKind === 'org' ? pick(r, w.orgs).id : null;
    a.from = r() < 0.3 ? AT.getTime() - 1000 : null;
    a.limits = r() < 0.2 ? [{ kind: 'time-window', from: '08:00', to: '10:00' }] : [];
    index.putAssignment(a);
    return `assignment ${a.id} put for ${a.subjectType} ${a.subjectId} (${a.scopeKind})`;
  },
  (index, w, r) => {
    const groupId = pick(r, w.groups);
    const personId = pick(r, w.people);
    const live = r() < 0.7;
    index.putMemberships([{ groupId, personId }], live ? [{ groupId, personId, from: null, until: null }] : []);
    return `membership of person ${personId} in group ${groupId} ${live ? 'made live' : 'ended'}`;
  },
  (index, w, r) => {
    const groupId = pick(r, w.groups);
    const members = w.people
      .filter(() => r() < 0.2)
      .map((personId) => ({ groupId, personId, from: null, until: null }));
    index.putGroupMembers([groupId], members);
    return `group ${groupId} members replaced`;
  },
  (index, w, r) => {
    const personId = pick(r, w.people);
    index.putAffiliations(personId, [{ orgId: pick(r, w.orgs).id, kind: 'student', validFrom: null, validTo: null }]);
    return `affiliations of person ${personId} replaced`;
  },
  (index, w, r) => {
    const role = pick(r, w.roles);
    const res = pick(
      r,
      w.resources.filter((x) => x.appId === role.appId),
    );
    const action = pick(r, w.actions.get(role.appId)!);
    const permissions = [
      ...role.permissions.slice(1).map((p) => ({ ...p, limits: [] })),
      { id: 50_000 + Math.floor(r() * 1e6), roleId: role.id, action, resourceId: res.id, limits: [] },
    ];
    index.putRole(role, permissions);
    return `role ${role.id} permissions changed`;
  },
  (index, w, r) => {
    const res = pick(r, w.resources);
    const others = w.resources.filter((x) => x.appId === res.appId && x.id < res.id);
    index.putResource({ ...res, parentId: others.length && r() < 0.7 ? pick(r, others).id : null });
    return `resource ${res.id} moved`;
  },
  (index, w, r) => {
    const org = pick(
      r,
      w.orgs.filter((o) => o.id !== 1),
    );
    const paths = w.orgs.map((o) => ({ ...o, path: o.path.startsWith(org.path) ? `/1${o.path}` : o.path }));
    // The unit and its subtree move under a new top unit: assignments in them now cover only that subtree.
    index.putOrgs(paths, true);
    return `unit ${org.id} moved`;
  },
  (index, w, r) => {
    const app = pick(r, w.apps);
    const acts = w.actions.get(app.id)!;
    index.putApp({
      id: app.id,
      name: app.name,
      timeZone: 'UTC',
      implications: { [acts[0]]: [pick(r, acts.slice(1))] },
    });
    return `application ${app.name} implications changed`;
  },
];

describe('checks without reasons after the index changes', () => {
  for (const seed of [11, 12, 13, 14]) {
    it(`decide as the index walked with reasons decides, after every kind of change (seed ${seed})`, () => {
      const world = randomWorld(seed, shape);
      const index = buildIndex(world);
      const r = rng(seed * 31);
      const disagreements: string[] = [];
      let allowed = 0;
      for (let step = 0; step < 60; step++) {
        const what = step === 0 ? 'nothing changed' : CHANGES[step % CHANGES.length](index, world, r);
        const mixed = mixedProbes(world, (p) => check(index, request(p)).decision === 'allow', seed + step, 60);
        const probes = [...randomProbes(world, seed * 100 + step, 60), ...mixed.allows, ...mixed.denies];
        const batch = checkAll(index, probes.map(request), { explain: false });
        probes.forEach((p, i) => {
          const explained = check(index, request(p)).decision;
          if (explained === 'allow') allowed += 1;
          const fast = check(index, request(p), { explain: false }).decision;
          if (fast !== explained || batch[i].decision !== explained)
            disagreements.push(
              `after ${what}: person ${p.personId} ${p.action} on ${p.resource} in ${p.path}: with reasons ${explained}, without ${fast}, in a batch ${batch[i].decision}`,
            );
        });
      }
      expect(disagreements).toEqual([]);
      expect(allowed).toBeGreaterThan(500);
    });
  }

  it('answers no reasons unless asked, and the same decision', () => {
    const world = randomWorld(3, shape);
    const index = buildIndex(world);
    const mixed = mixedProbes(world, (p) => check(index, request(p)).decision === 'allow', 3, 2);
    for (const p of [...mixed.allows, ...mixed.denies]) {
      const explained = check(index, request(p));
      expect(explained.reasons.length).toBeGreaterThan(0);
      expect(check(index, request(p), { explain: false })).toEqual({ decision: explained.decision, reasons: [] });
    }
  });
});
