import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { recordHash } from './record-hash.ts';
import { checkedSnapshot, snapshotChecker, unknownOrgCodeErrors } from './snapshot-check.ts';
import { fingerprinter, loadOnFile } from './snapshot-fingerprints.ts';
import { readSnapshot, type RowError, type SnapshotFormat } from './snapshot-rows.ts';
import {
  knownOrgCodes,
  stageErrors,
  stageRemoved,
  stageRows,
  type StagedRow,
  stageUnchanged,
} from './snapshot-store.ts';
import type { SourceConfig } from './source-config.ts';

/**
 * Receiving a snapshot's rows into `snapshot_rows` (5,000 a statement) with every bad line in
 * `snapshot_errors`, except records delivered byte for byte as last applied
 * (snapshot-fingerprints.ts: neither read nor staged); the records on file the file lacks
 * are staged as removed.
 */
export interface SnapshotProgress {
  snapshotId: number;
  phase: 'receiving' | 'applying';
  /** Lines read so far. */
  lines: number;
  /** Records applied so far (added, changed or removed). */
  applied: number;
}

export interface StageOptions {
  format: SnapshotFormat;
  /** Called after each staged and each applied batch. */
  onProgress?: (progress: SnapshotProgress) => void | Promise<void>;
  /** Rows per staging statement (default 5,000). */
  stageBatchSize?: number;
}

const STAGE_BATCH = 5000;
const STAGE_IN_FLIGHT = 2;
const ERROR_BATCH = 1000;
/** Staged records from which the table's statistics are refreshed before the apply walks them. */
const ANALYSE_FROM = 4000;

/**
 * Refreshes the statistics of `snapshot_rows` after many rows were staged. Without them the planner took a freshly
 * staged snapshot for a few hundred rows, and each apply batch (`changedBatch`: the next 2,000 by key) sorted every
 * staged row left instead of walking the index from where the last batch ended: quadratic, 0.9 s a batch at 50,000
 * records against 3–70 ms once analysed (load average 20).
 */
async function analyseStaged(db: Kysely<DB>, staged: number): Promise<void> {
  if (staged < ANALYSE_FROM) return;
  // The row count and the key columns only, from a small sample (3,000 rows): enough for the plan, and cheap.
  await db.transaction().execute(async (trx) => {
    await sql`set local default_statistics_target = 10`.execute(trx);
    await sql`analyze snapshot_rows (snapshot_id, record_key)`.execute(trx);
  });
}

/** Streams the rows of snapshot `id` into staging; returns the lines read. */
export async function stageSnapshot(
  db: Kysely<DB>,
  id: number,
  source: SourceConfig,
  input: AsyncIterable<string | Uint8Array>,
  options: StageOptions,
): Promise<number> {
  const checker = snapshotChecker({ format: options.format, kinds: source.kinds });
  const size = Math.max(1, options.stageBatchSize ?? STAGE_BATCH);
  const anyOnFile = Boolean(
    await db
      .selectFrom('source_records')
      .select('record_key')
      .where('source', '=', source.name)
      .limit(1)
      .executeTakeFirst(),
  );
  // The fast path: a record whose raw text is fingerprinted on file is unchanged, so it is
  // neither read nor staged, only taken by the checker (duplicate keys, kinds, org codes).
  const onFile = anyOnFile ? await loadOnFile(db, source.name) : null;
  const seen = new Uint8Array(onFile?.keys.length ?? 0);
  const fingerprint = fingerprinter(options.format);
  let fast = 0;
  let last = { line: 0, fingerprint: '' };
  const skip = (line: number, raw: string, context: string): boolean => {
    lines = Math.max(lines, line);
    last = { line, fingerprint: fingerprint(raw, context) };
    const i = onFile?.byFingerprint.get(last.fingerprint);
    if (i === undefined || seen[i] || !checker.pass(line, onFile!.keys[i], onFile!.kinds[i], onFile!.orgCodes[i]))
      return false;
    seen[i] = 1;
    fast += 1;
    return true;
  };
  let rows: StagedRow[] = [];
  let errors: RowError[] = [];
  let lines = 0;
  /** Rows staged with their records (the ones the apply walks). */
  let staged = 0;
  // Batches are written while the next is read and hashed, two at a time (the database
  // work of staging, a lookup and an insert per row, is as heavy as the reading).
  const inFlight: Promise<void>[] = [];
  const flush = async () => {
    const batch = rows;
    const bad = errors;
    rows = [];
    errors = [];
    if (inFlight.length >= STAGE_IN_FLIGHT) await inFlight.shift();
    const writing = (async () => {
      // A record that says what is on file keeps only its key and hash.
      const rest = anyOnFile ? await stageUnchanged(db, id, source.name, batch) : null;
      const records = rest ? batch.filter((r) => rest.has(r.recordKey)) : batch;
      await stageRows(db, id, records);
      staged += records.length;
      await stageErrors(db, id, bad);
    })();
    writing.catch(() => {});
    inFlight.push(writing);
    await options.onProgress?.({ snapshotId: id, phase: 'receiving', lines, applied: 0 });
  };
  try {
    for await (const item of checkedSnapshot(readSnapshot(input, options.format, skip), checker)) {
      lines = Math.max(lines, item.line);
      if ('errors' in item) errors.push(...item.errors);
      else
        rows.push({
          line: item.line,
          recordKey: item.record.recordKey,
          hash: recordHash(item.record),
          record: item.record,
          fingerprint: last.line === item.line ? last.fingerprint : null,
        });
      if (rows.length >= size || errors.length >= ERROR_BATCH) await flush();
    }
    await flush();
  } finally {
    await Promise.allSettled(inFlight);
  }
  await Promise.all(inFlight);
  // The records on file that the file lacks (or has only on lines with errors) are staged as removed.
  if (onFile)
    await stageRemoved(
      db,
      id,
      onFile.keys.filter((_, i) => !seen[i]),
    );
  await analyseStaged(db, staged);
  await db.updateTable('snapshots').set({ fast_unchanged: fast }).where('id', '=', id).execute();
  const uses = checker.orgCodes();
  const known = await knownOrgCodes(
    db,
    uses.map((u) => u.code),
  );
  await stageErrors(db, id, unknownOrgCodeErrors(uses, known, options.format));
  return lines;
}
