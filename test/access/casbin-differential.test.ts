import { describe, expect, it } from 'vitest';
import { check } from '../../src/access/decide.ts';
import { AT, buildCasbin, buildIndex, randomProbes, randomWorld, type Shape } from './random-grants.ts';

/**
 * The decision point against a peer: random org trees, resource trees, action
 * implications, roles, groups, dated assignments in org, everywhere and affiliation
 * scopes — the same grants expressed as a casbin RBAC-with-domains model (domains are org
 * paths matched by prefix) with a resource hierarchy (g2) and action implication (g3).
 * Every decision must agree.
 */
const shape: Shape = {
  orgs: 40,
  apps: 3,
  resourcesPerApp: 12,
  actionsPerApp: 4,
  rolesPerApp: 4,
  permissionsPerRole: 3,
  people: 30,
  groups: 6,
  assignments: 200,
  membershipsPerGroup: 6,
  dated: 0.3,
  affiliationScoped: 0.2,
};

describe('differential against casbin', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`agrees on every decision (seed ${seed})`, async () => {
      const world = randomWorld(seed, shape);
      const index = buildIndex(world);
      const enforcer = await buildCasbin(world);
      const probes = randomProbes(world, seed * 7919, 1500);
      const disagreements: string[] = [];
      let allowed = 0;
      for (const p of probes) {
        const ours =
          check(index, {
            subject: { type: 'person', id: p.personId },
            application: p.app,
            action: p.action,
            resource: p.resource,
            scope: p.orgId,
            at: AT,
          }).decision === 'allow';
        const theirs = await enforcer.enforce(
          `person:${p.personId}`,
          p.path,
          `res:${p.resourceId}`,
          `${p.appId}:${p.action}`,
        );
        if (ours) allowed += 1;
        if (ours !== theirs)
          disagreements.push(
            `person ${p.personId} ${p.action} on ${p.resource} of ${p.app} in ${p.path}: ours ${ours}, casbin ${theirs}`,
          );
      }
      expect(disagreements).toEqual([]);
      // Both answers occur often enough for the comparison to mean something.
      expect(allowed).toBeGreaterThan(probes.length * 0.02);
      expect(allowed).toBeLessThan(probes.length * 0.97);
    });
  }
});
