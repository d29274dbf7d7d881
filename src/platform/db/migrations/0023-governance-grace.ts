/**
 * Grace and mass-loss holds (issue 14): when the reconcile applied a released hold's items, and
 * an index to find a hold's memberships.
 */
export const statements: string[] = [
  `alter table governance_holds add column applied_at timestamptz`,
  `create index membership_facts_hold on membership_facts (hold_id) where hold_id is not null`,
];
