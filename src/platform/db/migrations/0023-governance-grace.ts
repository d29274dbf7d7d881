/**
 * Grace and mass-loss holds (issue 14): when the reconcile applied a released hold's items, and
 * indexes to find a hold's memberships and a policy's.
 */
export const statements: string[] = [
  `alter table governance_holds add column applied_at timestamptz`,
  `create index membership_facts_hold on membership_facts (hold_id) where hold_id is not null`,
  `create index membership_facts_policy on membership_facts (policy_id)`,
];
