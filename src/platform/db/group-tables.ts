import type { Generated } from 'kysely';
import type { Timestamp, Json } from './column-types.ts';

/** Row types of the group tables (migration 0017, src/groups), part of the DB in schema.ts. */

/** A folder: `name` is the parent's name + ':' + `extension` (the root folders' name is their extension). */
export interface GroupFoldersTable {
  id: Generated<number>;
  parent_id: number | null;
  extension: string;
  name: string;
  display_name: string | null;
  description: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export type GroupKind = 'basic' | 'composite' | 'rule';
export type CompositeOp = 'union' | 'intersection' | 'complement';

export interface GroupsTable {
  id: Generated<number>;
  folder_id: number;
  extension: string;
  name: string;
  display_name: string | null;
  description: Generated<string>;
  kind: GroupKind;
  composite_op: CompositeOp | null;
  left_group_id: number | null;
  right_group_id: number | null;
  rule: Json<unknown> | null;
  /** Attestation: the group's members are to be reviewed every N days (migration 0022), last done at. */
  attest_every_days: number | null;
  attested_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** A direct membership of a person or a group, counting only inside [enabled_from, disabled_at). */
export interface GroupMembershipsTable {
  id: Generated<number>;
  group_id: number;
  member_person_id: number | null;
  member_group_id: number | null;
  reason: string | null;
  ticket: string | null;
  requested_by: string | null;
  approved_by: string | null;
  added_by: string;
  added_at: Timestamp;
  enabled_from: Timestamp | null;
  disabled_at: Timestamp | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** One interval [valid_from, valid_until) in which a person is an effective member (null = unbounded). */
export interface GroupEffectiveMembersTable {
  group_id: number;
  person_id: number;
  valid_from: Timestamp | null;
  valid_until: Timestamp | null;
  /** The direct membership at the root of the path (null when a rule made the person a member). */
  membership_id: number | null;
  /** Group ids from the group holding the root membership up to this group. */
  path: number[];
}

export type GroupPrivilege = 'admin' | 'update' | 'read' | 'view' | 'optin' | 'optout';

export interface GroupPrivilegesTable {
  id: Generated<number>;
  folder_id: number | null;
  group_id: number | null;
  privilege: GroupPrivilege;
  subject_person_id: number | null;
  subject_group_id: number | null;
  granted_by: string;
  granted_at: Timestamp;
}

export interface GroupHistoryTable {
  id: Generated<number>;
  group_id: number;
  at: Timestamp;
  actor: string;
  event: string;
  membership_id: number | null;
  person_id: number | null;
  member_group_id: number | null;
  /** When set, the date boundary this row records (unique per membership and event). */
  boundary_at: Timestamp | null;
  data: Json<unknown>;
}

/** A SCIM client's externalId of a group (0030): one per group and client source, shown only to that client. */
export interface ScimGroupExternalIdsTable {
  group_id: number;
  source: string;
  external_id: string;
}
