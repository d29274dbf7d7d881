import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../platform/db/schema.ts';

/** The sync rows (what was last written) of these people on a target; one read for a page, whatever the target kind. */
export async function personSyncRows(
  db: Kysely<DB>,
  targetId: number,
  ids: number[],
): Promise<Selectable<DB['provision_objects']>[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('provision_objects')
    .selectAll()
    .where('target_id', '=', targetId)
    .where('object_type', '=', 'person')
    .where('object_id', 'in', ids)
    .execute();
}
