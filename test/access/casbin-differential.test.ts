import { describe, expect, it } from 'vitest';
import { check } from '../../src/access/decide.ts';
import { buildCasbin, VARIANTS } from './casbin-baseline.ts';
import { AT, buildIndex, mixedProbes, type Probe, randomProbes, randomWorld, type Shape } from './random-grants.ts';

/**
 * The decision point against a peer: random org trees, resource trees, action
 * implications, roles, groups, dated assignments in org, everywhere and affiliation
 * scopes — the same grants expressed as casbin RBAC-with-domains models (domains are org
 * paths; casbin-baseline.ts writes them in each of the ways the benchmark measures) with a
 * resource hierarchy (g2) and action implication (g3). Every decision must agree, with
 * reasons (walked from the index) and without (from the compiled grant sets).
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

const request = (p: Probe) => ({
  subject: { type: 'person' as const, id: p.personId },
  application: p.app,
  action: p.action,
  resource: p.resource,
  scope: p.orgId,
  at: AT,
});

describe('differential against casbin', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`agrees on every decision, with and without reasons, in every casbin model (seed ${seed})`, async () => {
      const world = randomWorld(seed, shape);
      const index = buildIndex(world);
      const random = randomProbes(world, seed * 7919, 1000);
      const mixed = mixedProbes(world, (p) => check(index, request(p)).decision === 'allow', seed, 500);
      const probes = [...random, ...mixed.allows, ...mixed.denies];
      const disagreements: string[] = [];
      let allowed = 0;
      for (const variant of VARIANTS) {
        const enforcer = await buildCasbin(world, variant);
        // The domain-pattern models take milliseconds a question: they answer a sample of each kind.
        const asked = variant.startsWith('pattern')
          ? [...random.slice(0, 300), ...mixed.allows.slice(0, 150), ...mixed.denies.slice(0, 150)]
          : probes;
        for (const p of asked) {
          const explained = check(index, request(p)).decision === 'allow';
          const fast = check(index, request(p), { explain: false }).decision === 'allow';
          const theirs = await enforcer.enforce(p);
          if (variant === 'ancestors' && explained) allowed += 1;
          if (explained !== theirs || fast !== theirs)
            disagreements.push(
              `${variant}: person ${p.personId} ${p.action} on ${p.resource} of ${p.app} in ${p.path}: explained ${explained}, fast ${fast}, casbin ${theirs}`,
            );
        }
      }
      expect(disagreements).toEqual([]);
      // Both answers occur often enough for the comparison to mean something.
      expect(allowed).toBeGreaterThan(probes.length * 0.15);
      expect(allowed).toBeLessThan(probes.length * 0.85);
    });
  }
});
