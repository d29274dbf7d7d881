import type { Generated } from 'kysely';
import type { Timestamp, Json } from './column-types.ts';

/** Row types of the access tables (migration 0018, src/access), part of the DB in schema.ts. */

/** An application: its actions' implications (action → actions it implies) and the zone its limits are read in. */
export interface AccessApplicationsTable {
  id: Generated<number>;
  name: string;
  label: string;
  description: Generated<string>;
  time_zone: Generated<string>;
  implications: Json<Record<string, string[]>>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** A node of an application's resource tree (a quad, its dorms). */
export interface AccessResourcesTable {
  id: Generated<number>;
  application_id: number;
  name: string;
  label: string;
  parent_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface AccessRolesTable {
  id: Generated<number>;
  application_id: number;
  name: string;
  label: string;
  description: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

/** A role's permission: an action on a resource (and its subtree), with limits (src/access/limits.ts). */
export interface AccessPermissionsTable {
  id: Generated<number>;
  role_id: number;
  action: string;
  resource_id: number;
  limits: Json<unknown[]>;
  created_at: Timestamp;
}

export type SubjectType = 'person' | 'group';
export type ScopeKind = 'everywhere' | 'org' | 'affiliation';

/** A role given to a person or group within a scope, between optional dates [from, until). */
export interface AccessAssignmentsTable {
  id: Generated<number>;
  role_id: number;
  subject_type: SubjectType;
  subject_id: number;
  scope_kind: ScopeKind;
  org_id: number | null;
  affiliation_kind: string | null;
  enabled_from: Timestamp | null;
  enabled_until: Timestamp | null;
  limits: Json<unknown[]>;
  reason: string | null;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}
