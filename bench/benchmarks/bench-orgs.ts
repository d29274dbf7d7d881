import { demoUnits } from '../../src/demo/demo-institution.ts';

/**
 * The org units benchmark people belong to: Northbridge University's tree from the demo,
 * so imported people refer to real faculties, departments and services.
 */
export const BENCH_TODAY = '2026-09-01';

/** Codes of units that hold people, weighted by how many people the demo puts there. */
export function benchOrgWeights(): [string, number][] {
  return demoUnits(BENCH_TODAY)
    .map((u): [string, number] => [u.code, Object.values(u.people ?? {}).reduce((s, n) => s + n, 0)])
    .filter(([, n]) => n > 0);
}
