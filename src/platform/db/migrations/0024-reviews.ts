/**
 * Access reviews (src/governance/review-*): what the campaign tables of 0022 lacked. A campaign keeps the org kinds
 * that make a division, the campaign it follows (recurring campaigns), when its undecided items went to the owner
 * and when closing began (closing applies the decisions in batches and resumes after a crash). An item keeps the
 * access levels it gives (role names), the groups it comes through, which facts changed since grant, whom it was
 * escalated from, and what closing did with it.
 */
export const statements: string[] = [
  `alter table review_campaigns add column division_kinds jsonb not null default '["division", "faculty"]'`,
  `alter table review_campaigns add column previous_id bigint references review_campaigns(id)`,
  `alter table review_campaigns add column escalated_at timestamptz`,
  `alter table review_campaigns add column closing_at timestamptz`,
  `create index review_campaigns_open on review_campaigns (deadline) where state = 'open'`,
  `alter table review_items add column access jsonb not null default '[]'`,
  `alter table review_items add column via jsonb not null default '[]'`,
  `alter table review_items add column changed jsonb not null default '[]'`,
  `alter table review_items add column ticket text`,
  `alter table review_items add column escalated_from bigint`,
  `alter table review_items add column outcome text check (outcome in ('kept', 'removed', 'end-dated', 'gone'))`,
  `create index review_items_unapplied on review_items (campaign_id, id) where applied_at is null`,
];
