/**
 * "Which identifier of this kind does person P hold" is asked per person by minting and
 * merging. With only (person_id) indexed, a planner whose statistics predate a big import
 * could prefer walking the (kind, scope, value) index for a kind that has grown to hundreds
 * of thousands of rows, making batch minting slow down as it goes. An index on both
 * columns answers the question exactly and replaces the single-column one.
 */
export const statements: string[] = [
  `create index identifiers_person_kind on identifiers (person_id, kind)`,
  `drop index identifiers_person`,
];
