import type { Generated } from 'kysely';
import type { Json, Timestamp } from './column-types.ts';

/** Row types of the provisioning tables (migration 0019, src/provision), part of the DB in schema.ts. */

export type TargetKind = 'ldap' | 'webhook' | 'scim';
export type ProvisionObjectType = 'person' | 'group' | 'role' | 'unit';

/** A provisioning target: where Steward writes, whom it selects, how it maps, and its cursor. */
export interface ProvisionTargetsTable {
  id: Generated<number>;
  name: string;
  label: Generated<string>;
  kind: TargetKind;
  /** Connection and shape settings without secrets (shown back). */
  settings: Json<Record<string, unknown>>;
  /** Write-only secrets (bind password, webhook secret): never shown, logged or audited. */
  secrets: Json<Record<string, string>>;
  selection: Json<Record<string, unknown>>;
  mappings: Json<Record<string, string>>;
  groups: Json<unknown[]>;
  lifecycle: Json<Record<string, unknown>>;
  threshold_percent: Generated<number>;
  max_attempts: Generated<number>;
  state: Generated<'active' | 'paused'>;
  /** The last change-log position whose objects are queued. */
  cursor: Generated<number>;
  /** The last day whose date-driven changes (statuses starting or ending) are queued. */
  evaluated_on: string | null;
  /** A mass disable or delete held for release (null: none). */
  hold: Json<Record<string, unknown>> | null;
  /** The held change was released: the next pass applies it once. */
  released: Generated<boolean>;
  last_run_at: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** The sync table: what Steward last wrote to a target for one object. */
export interface ProvisionObjectsTable {
  target_id: number;
  object_type: ProvisionObjectType;
  object_id: number;
  /** The object's name there: a DN, or the consumer's id. */
  remote_id: string;
  state: 'active' | 'disabled';
  written: Json<Record<string, unknown>>;
  disabled_at: Timestamp | null;
  written_at: Timestamp;
}

/** An object to bring in step; with attempts and an error, the target's error queue. */
export interface ProvisionPendingTable {
  target_id: number;
  object_type: ProvisionObjectType;
  object_id: number;
  since: Timestamp;
  attempts: Generated<number>;
  next_at: Timestamp;
  /** pending: not tried yet; retrying: failed, tried again at next_at; waiting: for an administrator. */
  state: Generated<'pending' | 'retrying' | 'waiting'>;
  last_error: string | null;
}

/** One change-log entry to deliver to a webhook consumer, as a CloudEvent. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  target_id: number;
  position: number;
  subject: string;
  event: Json<Record<string, unknown>>;
  state: Generated<'pending' | 'delivered' | 'dead'>;
  attempts: Generated<number>;
  next_at: Timestamp;
  last_error: string | null;
  delivered_at: Timestamp | null;
  created_at: Timestamp;
}

/** A full sync (or its dry run) and the fixes it made or would make. */
export interface ProvisionRunsTable {
  id: Generated<number>;
  target_id: number;
  kind: 'full' | 'dry-run';
  state: 'running' | 'done' | 'held' | 'failed';
  started_at: Timestamp;
  finished_at: Timestamp | null;
  counts: Json<Record<string, number>>;
  fixes: Json<unknown[]>;
  error: string | null;
}
