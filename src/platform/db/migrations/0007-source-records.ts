/**
 * What the reconciler needs beyond 0005: the record each source said last time (so a held
 * snapshot's diff shows before and after, and a record whose person key changed is told
 * apart), and on each snapshot the valve's reason, the interrupted snapshot it finishes,
 * and how many people it created and records it left for review.
 */
export const statements: string[] = [
  `alter table source_records add column record jsonb`,
  `alter table snapshots add column reason text`,
  `alter table snapshots add column resumes bigint references snapshots(id) on delete set null`,
  `alter table snapshots add column people_created integer not null default 0`,
  `alter table snapshots add column reviews integer not null default 0`,
  `create index snapshots_source_state on snapshots (source, state)`,
  `create index match_reviews_state on match_reviews (state, id)`,
];
