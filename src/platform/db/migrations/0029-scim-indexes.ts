/**
 * SCIM lists at a million people (issue 15). `emails co "…"` (and eq/sw/ew on an email's value) first narrows to
 * the people whose lowercased emails text contains the operand, answered by a trigram index; the exact per-element
 * test runs on those only. The ids of active people, as a partial index, let `totalResults` and a deep `startIndex`
 * walk an index-only scan instead of the table. `userName eq` needs no new index: it reads
 * `identifiers (lower(value))`.
 */
export const statements = [
  `create index people_emails_text_trgm on people using gin (lower(emails::text) gin_trgm_ops)`,
  `create index people_active_id on people (id) where state = 'active'`,
];
