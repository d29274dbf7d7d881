/**
 * SCIM filters at a million people (issue 15): `emails co "…"` (and eq/sw/ew on an email's value) first narrows to the
 * people whose lowercased emails text contains the operand, answered by this trigram index; the exact per-element
 * test runs on those only. `userName eq` needs no new index: it reads `identifiers (lower(value))`.
 */
export const statements = [
  `create index people_emails_text_trgm on people using gin (lower(emails::text) gin_trgm_ops)`,
];
