import type { Insertable } from 'kysely';
import type { GovernancePoliciesTable } from '../../src/platform/db/governance-tables.ts';
import type { TestApp } from '../harness.ts';

type PolicyRow = Insertable<GovernancePoliciesTable>;

/**
 * A governance policy row written straight to the table, at the test clock's time: unless `row` says otherwise, no
 * adders, requesters, stages, checks or notices, and 30 days of grace for every kind of change. Returns its id.
 */
export async function insertPolicy(t: TestApp, row: Pick<PolicyRow, 'name'> & Partial<PolicyRow>): Promise<number> {
  const now = t.clock.now();
  const { id } = await t
    .db()
    .insertInto('governance_policies')
    .values({
      grace: JSON.stringify({ job: 30, department: 30, leaving: 0, requirement: 30 }),
      direct_adders: '[]',
      requesters: '[]',
      stages: '[]',
      checks: '{}',
      notify: '{}',
      created_at: now,
      updated_at: now,
      ...row,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
