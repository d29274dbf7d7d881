/**
 * Contact-address lookups (matching a source's record to a person by email) probe the GIN
 * index on `people.emails`. With GIN's default fast update, new entries wait in a pending
 * list that every probe reads in full until a vacuum merges it; after a bulk load of people
 * (a first snapshot, an import) each probe cost about a millisecond, so matching a batch of
 * 2,000 records took seconds. The index is updated in place from now on, and what is
 * pending is merged once.
 *
 * Staged snapshot rows lose their foreign key to `snapshots`: they are written only by the
 * reconciler for the snapshot it has just created and deleted by it, snapshots are never
 * deleted, and the check cost a trigger call per staged row (a quarter of staging time).
 * Applying walks only the staged rows that carry a record (new or changed when received):
 * a partial index holds just those, so a snapshot that changes 1 % walks 1 % of its rows.
 */
export const statements: string[] = [
  `alter index people_emails set (fastupdate = off)`,
  `select gin_clean_pending_list('people_emails'::regclass)`,
  `alter table snapshot_rows drop constraint if exists snapshot_rows_snapshot_id_fkey`,
  `create index snapshot_rows_records on snapshot_rows (snapshot_id, record_key) where record <> 'null'::jsonb`,
];
