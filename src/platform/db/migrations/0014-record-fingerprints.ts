/**
 * The fast path for records a snapshot repeats byte for byte. `source_records.fingerprint`
 * is a hash of the record's raw text as last delivered in a snapshot (with the CSV header
 * and the reader's version), null when the record was written otherwise (single-record
 * updates, rows written before this migration): a record arriving with a fingerprint on
 * file is unchanged and is neither read nor staged. Staged rows carry their fingerprint
 * so applying can store it. The records a snapshot lacks are staged explicitly
 * (`removed`), so the rows it did not stage are known to be the fast-path ones;
 * `snapshots.fast_unchanged` counts them (to tell, on release, whether any changed on
 * file meanwhile). A partial index finds records without a fingerprint (few, once
 * snapshots have been applied).
 */
export const statements: string[] = [
  `alter table source_records add column fingerprint text`,
  `create index source_records_unfingerprinted on source_records (source, record_key) where fingerprint is null`,
  `alter table snapshot_rows add column fingerprint text`,
  `alter table snapshot_rows add column removed boolean not null default false`,
  `alter table snapshots add column fast_unchanged integer not null default 0`,
];
