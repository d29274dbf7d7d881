import type { Generated } from 'kysely';
import type { Json, Timestamp } from './column-types.ts';

/** Row type of the held mass changes (migration 0034, platform/mass-change), part of the DB in schema.ts. */

export type HeldChangeState = 'held' | 'released' | 'discarded';

/** A change the mass-change guard held: what it was asked to do, its preview, and the decision on it. */
export interface HeldChangesTable {
  id: Generated<number>;
  /** What change it is: `org.end`, `org.move`, `status.type.update`, `status.recompute`. */
  kind: string;
  /** What it changes, in words ("unit CHEM (12)"). */
  subject: string;
  /** What the release runs again (the route's parameters and the version the caller read). */
  request: Json<Record<string, unknown>>;
  /** The permission, and the units it was checked on, that seeing and deciding it needs. */
  permission: string;
  org_paths: Json<string[]>;
  affected: number;
  hold_above: number;
  preview: Json<unknown>;
  state: Generated<HeldChangeState>;
  requested_by: string;
  requested_by_id: number | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
  /** What the release answered (the route's result). */
  result: Json<unknown> | null;
  created_at: Timestamp;
  version: Generated<number>;
}
