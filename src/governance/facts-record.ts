import { sql } from 'kysely';
import type { EligibilityFacts } from '../platform/db/governance-tables.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { currentFacts } from './facts-store.ts';
import type { PolicyChecks } from './policy-rules.ts';

/**
 * Stores the facts that made a member eligible with the membership, at grant time and at each re-approval (the
 * stateful baseline the grace reconcile compares today's facts with). Used by governed direct adds, the final
 * approval of a request, and re-approvals (access reviews). Inside the caller's unit of work; audited.
 */
export interface FactsRecord {
  membershipId: number;
  policy: { id: number; checks: PolicyChecks };
  personId: number;
  groupId: number;
  /** Who approved (a request's deciders, a reviewer): sets approved_at / approved_by; a direct add leaves them. */
  approvedBy?: string | null;
}

const NO_FACTS: EligibilityFacts = { statuses: [], department: null, title: null, supporting: [] };

export async function recordFacts(uow: UnitOfWork, r: FactsRecord): Promise<EligibilityFacts> {
  const found = await currentFacts(uow.db, [r.personId], {
    now: uow.now,
    supportingGroupIds: r.policy.checks.supportingGroupIds ?? [],
    employmentKinds: r.policy.checks.employmentKinds,
  });
  const facts = found.get(r.personId) ?? NO_FACTS;
  const approvedAt = r.approvedBy ? uow.now : null;
  const approvedBy = r.approvedBy ?? null;
  await uow.db
    .insertInto('membership_facts')
    .values({
      membership_id: r.membershipId,
      policy_id: r.policy.id,
      group_id: r.groupId,
      person_id: r.personId,
      facts: JSON.stringify(facts),
      recorded_at: uow.now,
      recorded_by: uow.actor.name,
      approved_at: approvedAt,
      approved_by: approvedBy,
    })
    .onConflict((oc) =>
      oc.column('membership_id').doUpdateSet({
        policy_id: r.policy.id,
        facts: JSON.stringify(facts),
        recorded_at: uow.now,
        recorded_by: uow.actor.name,
        approved_at: approvedAt === null ? sql`membership_facts.approved_at` : approvedAt,
        approved_by: approvedBy === null ? sql`membership_facts.approved_by` : approvedBy,
        version: sql`membership_facts.version + 1`,
      }),
    )
    .execute();
  uow.record({
    action: 'membership.facts.record',
    op: 'recorded',
    targetType: 'membership_facts',
    targetId: r.membershipId,
    after: {
      membershipId: r.membershipId,
      policyId: r.policy.id,
      groupId: r.groupId,
      personId: r.personId,
      facts,
      approvedBy,
    },
  });
  return facts;
}
