import type { Generated } from 'kysely';
import type { Timestamp, Json } from './column-types.ts';

/** Row types of the systems-of-record tables (src/sources), part of the DB in schema.ts. */

export interface SourcesTable {
  name: string;
  label: string;
  description: Generated<string>;
  kinds: Generated<string[]>;
  hold_threshold: Generated<number>;
  create_people: Generated<boolean>;
  review_near_matches: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface SourceRecordsTable {
  source: string;
  record_key: string;
  hash: string;
  person_id: number;
  affiliation_id: number;
  updated_at: Timestamp;
  /** The record as the source last said it (0007; null for rows written before). */
  record: Json<Record<string, unknown>> | null;
  /** Hash of the record's raw text as last delivered in a snapshot (0014); null when written otherwise. */
  fingerprint: string | null;
}

export type SnapshotState = 'receiving' | 'held' | 'applying' | 'applied' | 'discarded' | 'dry-run' | 'failed';

export interface SnapshotsTable {
  id: Generated<number>;
  source: string;
  format: 'csv' | 'jsonl';
  dry_run: Generated<boolean>;
  state: SnapshotState;
  records: Generated<number>;
  errors: Generated<number>;
  added: number | null;
  changed: number | null;
  removed: number | null;
  unchanged: number | null;
  decision: string | null;
  received_by: string;
  received_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  finished_at: Timestamp | null;
  version: Generated<number>;
  /** The valve's reason (diff.ts ValveReason), or 'resumed' / 'single-record'. */
  reason: string | null;
  /** The interrupted snapshot this one finishes (same records, re-sent after a crash). */
  resumes: number | null;
  people_created: Generated<number>;
  reviews: Generated<number>;
  /** Records found unchanged by their fingerprint and not staged (0014). */
  fast_unchanged: Generated<number>;
  /** Records applied so far (added, changed or removed), counted per apply batch (0031). */
  applied: Generated<number>;
}

export interface SnapshotRowsTable {
  snapshot_id: number;
  record_key: string;
  line: number;
  hash: string;
  record: Json<Record<string, unknown>>;
  /** The raw text's fingerprint, stored on file when the row is applied (0014). */
  fingerprint: string | null;
  /** A record on file that the snapshot lacks (0014). */
  removed: Generated<boolean>;
}

export interface SnapshotErrorsTable {
  snapshot_id: number;
  line: number;
  field: string;
  rule: string;
  message: string;
}

export interface MatchReviewsTable {
  id: Generated<number>;
  source: string;
  record_key: string;
  snapshot_id: number | null;
  record: Json<Record<string, unknown>>;
  candidates: Json<unknown[]>;
  reason: string;
  state: Generated<'open' | 'matched' | 'created' | 'dismissed'>;
  created_at: Timestamp;
  resolved_by: string | null;
  resolved_at: Timestamp | null;
}
