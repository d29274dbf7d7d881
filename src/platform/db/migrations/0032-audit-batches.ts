/**
 * The audit chain advances once per write transaction (issue 19). Rows written from now on carry only their own
 * content hash (`prev_hash` null), computed in SQL at insert time (platform/audit/audit-item-sql.ts); each
 * transaction's rows are one batch, a contiguous run of sequence numbers whose record holds the digest of its rows'
 * hashes in order and is chained to the batch (or, for the first, the per-row chain) before it. Rows written before
 * keep their per-row chain and are verified by the old rule.
 */
export const statements = [
  `alter table audit_log alter column prev_hash drop not null`,
  `create table audit_batches (
    first_seq bigint primary key,
    last_seq bigint not null,
    prev_hash bytea not null,
    digest bytea not null,
    hash bytea not null,
    check (last_seq >= first_seq)
  )`,
];
