import type { Generated } from 'kysely';
import type { Timestamp, Json } from './column-types.ts';

/** Row types of the history of versions (migration 0034, src/platform/history), part of the DB in schema.ts. */

export type VersionedTable =
  'access_assignments' | 'group_memberships' | 'groups' | 'access_permissions' | 'group_privileges';

/**
 * One version of a row, written by the database's triggers: `data` is the row as it was; recorded over
 * [`recorded_from`, `recorded_to`); `ended_at` is when a deleted row stopped being valid (its deletion).
 */
export interface RowVersionsTable {
  id: Generated<number>;
  table_name: VersionedTable;
  row_id: number;
  data: Json<Record<string, unknown>>;
  ended_at: Timestamp | null;
  recorded_from: Timestamp;
  recorded_to: Timestamp | null;
}
