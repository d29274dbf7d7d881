import type { Kysely } from 'kysely';
import type { DB } from '../../src/platform/db/schema.ts';

/**
 * A top-level org unit written straight to the table (no checks, audit or change log), its path set from its id:
 * the unit the benchmarks (and the crash campaign) hang their people or guests on. Returns its id.
 */
export async function insertRootUnit(
  db: Kysely<DB>,
  unit: { code: string; kind: string; name: string },
  now: Date,
): Promise<number> {
  const { id } = await db
    .insertInto('org_units')
    .values({ ...unit, alt_names: '[]', parent_id: null, path: 'x', custom: '{}', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('org_units')
    .set({ path: `/${id}/` })
    .where('id', '=', id)
    .execute();
  return id;
}
