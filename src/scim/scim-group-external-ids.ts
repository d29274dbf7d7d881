import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';

/**
 * A SCIM client's externalId of a group (RFC 7643 §3.1), kept per group and client source in
 * `scim_group_external_ids` (migration 0030): each client sees, filters and sorts by its own; other readers see none.
 */

/** The client's externalId of the group `g` (in SQL over `groups g`). */
export const groupExternalIdSql = (source: string) =>
  sql<
    string | null
  >`(select x.external_id from scim_group_external_ids x where x.group_id = g.id and x.source = ${source})`;

/** `externalId eq …` narrowed through the `(source, external_id)` index. */
export const groupExternalIdHeldBy = (source: string) => (operand: string) =>
  sql<boolean>`g.id in (select x.group_id from scim_group_external_ids x where x.source = ${source} and x.external_id = ${operand})`;

/** The client's externalIds of some groups, by group id. */
export async function groupExternalIds(db: Kysely<DB>, source: string, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('scim_group_external_ids')
    .select(['group_id', 'external_id'])
    .where('source', '=', source)
    .where('group_id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [Number(r.group_id), r.external_id]));
}

/**
 * Keeps (a value) or forgets (null) the client's externalId of a group, audited as a change of the group;
 * whether it changed.
 */
export async function keepGroupExternalId(
  uow: UnitOfWork,
  groupId: number,
  source: string,
  value: string | null,
): Promise<boolean> {
  const before = (await groupExternalIds(uow.db, source, [groupId])).get(groupId) ?? null;
  if (before === value) return false;
  if (value === null)
    await uow.db
      .deleteFrom('scim_group_external_ids')
      .where('group_id', '=', groupId)
      .where('source', '=', source)
      .execute();
  else
    await uow.db
      .insertInto('scim_group_external_ids')
      .values({ group_id: groupId, source, external_id: value })
      .onConflict((oc) => oc.columns(['group_id', 'source']).doUpdateSet({ external_id: value }))
      .execute();
  uow.record({
    action: 'group.external-id',
    op: 'updated',
    targetType: 'group',
    targetId: groupId,
    before: { source, externalId: before },
    after: { source, externalId: value },
  });
  return true;
}
