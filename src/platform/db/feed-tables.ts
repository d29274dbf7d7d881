import type { Generated } from 'kysely';
import type { Timestamp, Json } from './column-types.ts';

/** Row types of the outbound feed tables (migration 0009, src/feeds), part of the DB in schema.ts. */

/** An outbound feed's definition (src/feeds). */
export interface FeedsTable {
  name: string;
  label: string;
  description: Generated<string>;
  format: 'csv' | 'ldif' | 'jsonl';
  selection: Json<unknown>;
  columns: Json<string[]>;
  ldif: Json<unknown> | null;
  schedule: string | null;
  /** The highest `feed_changes.seq` written for this feed. */
  last_seq: Generated<number>;
  last_generated_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** The last row a feed emitted for a person it selects. */
export interface FeedRowsTable {
  feed: string;
  person_id: number;
  row: Json<Record<string, string>>;
  hash: string;
}

export interface FeedChangesTable {
  feed: string;
  seq: number;
  person_id: number;
  op: 'add' | 'change' | 'remove';
  row: Json<Record<string, string>>;
  at: Timestamp;
}

/** Where a consumer (an account) stopped reading a feed's changes. */
export interface FeedPullsTable {
  feed: string;
  /** The account's name. */
  consumer: string;
  cursor: number;
  pulled_at: Timestamp;
}
