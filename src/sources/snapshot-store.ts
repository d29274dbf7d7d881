import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { AffiliationRecord, RowError } from './snapshot-rows.ts';

/**
 * The set-based SQL of snapshot reconciliation: staging a snapshot's rows and errors, and
 * comparing them with what the source said last time (`source_records`), so that a
 * million-row snapshot costs a few statements per thousands of rows, never one per row.
 * Every function takes a Kysely handle or a transaction.
 */
type Db = Kysely<DB>;

export interface StagedRow {
  line: number;
  recordKey: string;
  hash: string;
  /**
   * The record, or null when it says exactly what the source has on file (same hash) as it
   * is staged: only its key and hash are kept (JSON null in `record`), which makes staging
   * an unchanged million-row snapshot a third of the work. Should what is on file change
   * before the snapshot is applied (a single-record update while it is held), the record
   * is gone and the snapshot must be sent again (`staleRecords` tells).
   */
  record: AffiliationRecord | null;
  /** The fingerprint of the row's raw text (snapshot-fingerprints.ts), stored on file when it is applied. */
  fingerprint: string | null;
}

export interface DiffCounts {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  /** Records the source had on file before this snapshot. */
  previous: number;
}

/** What the source said last time about one record key, and what it became. */
export interface PreviousRecord {
  hash: string;
  personId: number;
  affiliationId: number;
  /** Null for rows written before the record was kept (migration 0007). */
  record: AffiliationRecord | null;
}

/** A record to add or change. */
export interface UpsertItem {
  recordKey: string;
  /** The snapshot line it came from (null for a single-record update). */
  line: number | null;
  hash: string;
  record: AffiliationRecord;
  previous: PreviousRecord | null;
  /** The fingerprint of the snapshot text it came from (absent or null: none, e.g. a single-record update). */
  fingerprint?: string | null;
  /**
   * The snapshot whose staged row (`snapshot_rows`) holds this very record, hash and fingerprint (absent: none, e.g. a
   * single-record update): what the source said is then copied from there in SQL rather than sent back.
   */
  stagedIn?: number;
}

/** A record the source no longer delivers. */
export interface RemoveItem {
  recordKey: string;
  previous: PreviousRecord;
}

/** Stages a batch of checked rows (one statement). Keys are unique already: the checker reports repeats as errors. */
export async function stageRows(db: Db, snapshotId: number, rows: readonly StagedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`
    insert into snapshot_rows (snapshot_id, record_key, line, hash, record, fingerprint)
    select ${snapshotId}::bigint, r.record_key, r.line, r.hash, coalesce(r.record::jsonb, 'null'::jsonb), r.fingerprint
    from unnest(${rows.map((r) => r.recordKey)}::text[], ${rows.map((r) => r.line)}::int[], ${rows.map((r) => r.hash)}::text[], ${rows.map((r) => (r.record === null ? null : JSON.stringify(r.record)))}::text[], ${rows.map((r) => r.fingerprint)}::text[])
      as r(record_key, line, hash, record, fingerprint)
    on conflict do nothing`.execute(db);
}

/**
 * Stages, as key and hash only, the rows of a batch that say exactly what the source has on
 * file (same hash), in one statement that also looks them up; returns the keys of the rows
 * it did not stage (new or changed: `stageRows` stages them with their records).
 */
export async function stageUnchanged(
  db: Db,
  snapshotId: number,
  source: string,
  rows: readonly Omit<StagedRow, 'record' | 'fingerprint'>[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const { rows: rest } = await sql<{ record_key: string }>`
    with r as (
      select * from unnest(${rows.map((r) => r.recordKey)}::text[], ${rows.map((r) => r.line)}::int[], ${rows.map((r) => r.hash)}::text[]) as r(record_key, line, hash)
    ), same as (
      insert into snapshot_rows (snapshot_id, record_key, line, hash, record)
      select ${snapshotId}::bigint, r.record_key, r.line, r.hash, 'null'::jsonb from r
      cross join lateral (select hash from source_records p where p.source = ${source} and p.record_key = r.record_key limit 1) p
      where p.hash = r.hash
      on conflict do nothing
      returning record_key
    )
    select r.record_key from r where not exists (select 1 from same where same.record_key = r.record_key)`.execute(db);
  return new Set(rest.map((r) => r.record_key));
}

/**
 * Stages the records on file that the snapshot lacks (the on-file keys it neither staged nor
 * found unchanged by fingerprint), so that every other record on file with a fingerprint
 * and no staged row is known to be one the snapshot repeats unchanged. Run after the rows
 * are staged; `keys` may include staged ones (they are skipped).
 */
export async function stageRemoved(db: Db, snapshotId: number, keys: readonly string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 50_000) {
    await sql`
      insert into snapshot_rows (snapshot_id, record_key, line, hash, record, removed)
      select ${snapshotId}::bigint, k.key, 0, '', 'null'::jsonb, true from unnest(${keys.slice(i, i + 50_000)}::text[]) as k(key)
      where not exists (select 1 from snapshot_rows s where s.snapshot_id = ${snapshotId} and s.record_key = k.key)
      on conflict do nothing`.execute(db);
  }
}

/**
 * How many records of the snapshot said what was on file when it was received but no
 * longer do (single-record updates since; the snapshot must be sent again): staged rows
 * that kept only their hash, and records found unchanged by fingerprint (not staged:
 * counted as those of them still on file with a fingerprint, which a single-record update
 * clears and nothing else writes while a snapshot is held).
 */
export async function staleRecords(db: Db, snapshotId: number, source: string): Promise<number> {
  const {
    rows: [r],
  } = await sql<{ n: number }>`
    select (select count(*) from snapshot_rows s
        left join source_records p on p.source = ${source} and p.record_key = s.record_key
        where s.snapshot_id = ${snapshotId} and not s.removed and s.record = 'null'::jsonb and p.hash is distinct from s.hash)::int
      + (select fast_unchanged from snapshots where id = ${snapshotId})
      - (select count(*) from source_records p where p.source = ${source} and p.fingerprint is not null
          and not exists (select 1 from snapshot_rows s where s.snapshot_id = ${snapshotId} and s.record_key = p.record_key))::int as n`.execute(
    db,
  );
  return r.n;
}

/** Stores row errors (one statement). */
export async function stageErrors(db: Db, snapshotId: number, errors: readonly RowError[]): Promise<void> {
  if (errors.length === 0) return;
  await sql`
    insert into snapshot_errors (snapshot_id, line, field, rule, message)
    select ${snapshotId}::bigint, e.line, e.field, e.rule, e.message
    from unnest(${errors.map((e) => e.line)}::int[], ${errors.map((e) => e.field)}::text[], ${errors.map((e) => e.rule)}::text[], ${errors.map((e) => e.message)}::text[])
      as e(line, field, rule, message)`.execute(db);
}

/** The org codes among `codes` that name a unit. */
export async function knownOrgCodes(db: Db, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const { rows } = await sql<{
    code: string;
  }>`select code from org_units where code = any(${[...codes]}::text[])`.execute(db);
  return new Set(rows.map((r) => r.code));
}

/**
 * The records on file that a staged snapshot lacks, as SQL: those staged as removed, and
 * any written since without a fingerprint and not staged (a single-record update).
 */
const removedOnFile = (snapshotId: number) => sql`(
  exists (select 1 from snapshot_rows m where m.snapshot_id = ${snapshotId} and m.record_key = p.record_key and m.removed)
  or (p.fingerprint is null and not exists (select 1 from snapshot_rows s where s.snapshot_id = ${snapshotId} and s.record_key = p.record_key)))`;

/**
 * How the staged snapshot differs from what the source said last time (one pass over the
 * staged rows). Records not staged because their fingerprint was on file are unchanged:
 * counted as what is on file less the changed and the removed.
 */
export async function diffCounts(db: Db, snapshotId: number, source: string): Promise<DiffCounts> {
  const {
    rows: [staged],
  } = await sql<{ added: number; changed: number }>`
    select count(*) filter (where p.record_key is null)::int as added,
           count(*) filter (where p.hash <> s.hash)::int as changed
    from snapshot_rows s left join source_records p on p.source = ${source} and p.record_key = s.record_key
    where s.snapshot_id = ${snapshotId} and not s.removed`.execute(db);
  const {
    rows: [gone],
  } = await sql<{ n: number }>`
    select ((select count(*) from snapshot_rows s join source_records p on p.source = ${source} and p.record_key = s.record_key
              where s.snapshot_id = ${snapshotId} and s.removed)
          + (select count(*) from source_records p where p.source = ${source} and p.fingerprint is null
              and not exists (select 1 from snapshot_rows s where s.snapshot_id = ${snapshotId} and s.record_key = p.record_key)))::int as n`.execute(
    db,
  );
  const {
    rows: [on],
  } = await sql<{ n: number }>`select count(*)::int as n from source_records where source = ${source}`.execute(db);
  return {
    added: staged.added,
    changed: staged.changed,
    unchanged: on.n - staged.changed - gone.n,
    removed: gone.n,
    previous: on.n,
  };
}

/**
 * True if two snapshots of a source hold exactly the same records (keys and hashes): each
 * is its staged rows (not the removed ones) and the records on file with a fingerprint
 * that it did not stage (found unchanged by fingerprint).
 */
export async function sameRecords(db: Db, source: string, a: number, b: number): Promise<boolean> {
  const records = (id: number) => sql`
    select record_key, hash from snapshot_rows where snapshot_id = ${id} and not removed
    union all
    select p.record_key, p.hash from source_records p where p.source = ${source} and p.fingerprint is not null
      and not exists (select 1 from snapshot_rows s where s.snapshot_id = ${id} and s.record_key = p.record_key)`;
  const {
    rows: [r],
  } = await sql<{ differ: boolean }>`
    select exists ((${records(a)} except all (${records(b)})) union all (${records(b)} except all (${records(a)}))) as differ`.execute(
    db,
  );
  return !r.differ;
}

/** Deletes staged rows (the snapshots rows and their counts stay). */
export async function dropStaged(db: Db, snapshotIds: readonly number[]): Promise<void> {
  if (snapshotIds.length === 0) return;
  await sql`delete from snapshot_rows where snapshot_id = any(${[...snapshotIds]}::bigint[])`.execute(db);
}

type PreviousColumns = {
  prev_hash: string | null;
  person_id: number | null;
  affiliation_id: number | null;
  prev_record: AffiliationRecord | null;
};

const previousOf = (r: PreviousColumns): PreviousRecord | null =>
  r.prev_hash === null
    ? null
    : {
        hash: r.prev_hash,
        personId: r.person_id!,
        affiliationId: r.affiliation_id!,
        record: r.prev_record,
      };

/**
 * The next staged rows (by record key, after `after`) that differ from what the source said
 * last time: added and changed records. Only rows staged with their record are walked
 * (index `snapshot_rows_records`), so a snapshot that changes little costs a short index
 * walk; a row staged as key and hash only said what was on file when it was received, and
 * should a single-record update change that record before this batch, the update stands
 * (as if it had come just after the batch; a held snapshot is refused instead, see
 * `staleRecords`). The lookup is a LATERAL probe (kept from being flattened into a join by
 * its LIMIT) so each batch walks the index in order from `after`, whatever the planner's
 * statistics of freshly staged rows say.
 */
export async function changedBatch(
  db: Db,
  snapshotId: number,
  source: string,
  after: string | null,
  limit: number,
): Promise<UpsertItem[]> {
  const { rows } = await sql<
    {
      record_key: string;
      line: number;
      hash: string;
      record: AffiliationRecord;
      fingerprint: string | null;
    } & PreviousColumns
  >`
    select s.record_key, s.line, s.hash, s.record, s.fingerprint, p.hash as prev_hash, p.person_id, p.affiliation_id, p.record as prev_record
    from snapshot_rows s
    left join lateral (select hash, person_id, affiliation_id, record from source_records p where p.source = ${source} and p.record_key = s.record_key limit 1) p on true
    where s.snapshot_id = ${snapshotId} and s.record <> 'null'::jsonb and s.record_key > ${after ?? ''} and p.hash is distinct from s.hash
    order by s.record_key limit ${limit}`.execute(db);
  return rows.map((r) => ({
    recordKey: r.record_key,
    line: r.line,
    hash: r.hash,
    record: r.record,
    previous: previousOf(r),
    fingerprint: r.fingerprint,
    stagedIn: snapshotId,
  }));
}

/**
 * The keys on file that the staged snapshot no longer has, in order: those staged as
 * removed, and any written since without a fingerprint and not staged (few: an index holds
 * the records without one).
 */
export async function removedKeys(db: Db, snapshotId: number, source: string): Promise<string[]> {
  const { rows } = await sql<{ record_key: string }>`
    select record_key from snapshot_rows where snapshot_id = ${snapshotId} and removed
    union
    select p.record_key from source_records p where p.source = ${source} and p.fingerprint is null
      and not exists (select 1 from snapshot_rows s where s.snapshot_id = ${snapshotId} and s.record_key = p.record_key)
    order by 1`.execute(db);
  return rows.map((r) => r.record_key);
}

/** The records on file among `keys` that the staged snapshot does not have (removals to apply). */
export async function removedBatch(
  db: Db,
  snapshotId: number,
  source: string,
  keys: readonly string[],
): Promise<RemoveItem[]> {
  if (keys.length === 0) return [];
  const { rows } = await sql<{ record_key: string } & PreviousColumns>`
    select p.record_key, p.hash as prev_hash, p.person_id, p.affiliation_id, p.record as prev_record from source_records p
    where p.source = ${source} and p.record_key = any(${[...keys]}::text[])
      and not exists (select 1 from snapshot_rows s where s.snapshot_id = ${snapshotId} and s.record_key = p.record_key and not s.removed)
    order by p.record_key`.execute(db);
  return rows.map((r) => ({ recordKey: r.record_key, previous: previousOf(r)! }));
}

/** What the source said last time about some record keys (single-record updates, review resolution). */
export async function previousRecords(
  db: Db,
  source: string,
  keys: readonly string[],
): Promise<Map<string, PreviousRecord>> {
  if (keys.length === 0) return new Map();
  const { rows } = await sql<{ record_key: string } & PreviousColumns>`
    select record_key, hash as prev_hash, person_id, affiliation_id, record as prev_record from source_records
    where source = ${source} and record_key = any(${[...keys]}::text[])`.execute(db);
  return new Map(rows.map((r) => [r.record_key, previousOf(r)!]));
}

export type DiffChange = 'added' | 'changed' | 'removed';

export interface DiffEntry {
  change: DiffChange;
  recordKey: string;
  line: number | null;
  record: AffiliationRecord | null;
  previous: AffiliationRecord | null;
}

/** One page of a staged snapshot's differences from what the source has on file, by record key. */
export async function diffPage(
  db: Db,
  snapshotId: number,
  source: string,
  change: DiffChange | null,
  after: string | null,
  limit: number,
): Promise<DiffEntry[]> {
  const { rows } = await sql<{
    change: DiffChange;
    record_key: string;
    line: number | null;
    record: AffiliationRecord | null;
    previous: AffiliationRecord | null;
  }>`
    select * from (
      select case when p.record_key is null then 'added' else 'changed' end as change, s.record_key, s.line, s.record, p.record as previous
      from snapshot_rows s left join source_records p on p.source = ${source} and p.record_key = s.record_key
      where s.snapshot_id = ${snapshotId} and not s.removed and s.record_key > ${after ?? ''} and p.hash is distinct from s.hash
      union all
      select 'removed', p.record_key, null, null, p.record from source_records p
      where p.source = ${source} and p.record_key > ${after ?? ''} and ${removedOnFile(snapshotId)}
    ) d
    where ${change}::text is null or d.change = ${change}::text
    order by d.record_key limit ${limit}`.execute(db);
  return rows.map((r) => ({
    change: r.change,
    recordKey: r.record_key,
    line: r.line,
    record: r.record,
    previous: r.previous,
  }));
}
