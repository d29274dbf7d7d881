import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';

/** One interval [validFrom, validUntil) in which a person is an effective member of a group (null = unbounded). */
export interface EffectiveMember {
  groupId: number;
  personId: number;
  validFrom: Date | null;
  validUntil: Date | null;
}

/**
 * The effective memberships as stored (kept current on every change), for the access
 * decision point and other readers. A reader at time t counts a row when
 * (validFrom is null or validFrom <= t) and (validUntil is null or t < validUntil).
 * Filters narrow by group and/or person; without a filter every row is returned.
 */
export async function loadEffectiveMembers(
  db: Kysely<DB>,
  filter: { groupIds?: number[]; personIds?: number[] } = {},
): Promise<EffectiveMember[]> {
  let query = db.selectFrom('group_effective_members').select(['group_id', 'person_id', 'valid_from', 'valid_until']);
  if (filter.groupIds) query = query.where('group_id', '=', sql<number>`any(${filter.groupIds}::bigint[])`);
  if (filter.personIds) query = query.where('person_id', '=', sql<number>`any(${filter.personIds}::bigint[])`);
  const rows = await query.orderBy('group_id').orderBy('person_id').orderBy('valid_from').execute();
  return rows.map((r) => ({
    groupId: Number(r.group_id),
    personId: Number(r.person_id),
    validFrom: r.valid_from,
    validUntil: r.valid_until,
  }));
}

/** True if a stored row counts at `at`. */
export function countsAt(row: { validFrom: Date | null; validUntil: Date | null }, at: Date): boolean {
  return (
    (row.validFrom === null || row.validFrom.getTime() <= at.getTime()) &&
    (row.validUntil === null || at.getTime() < row.validUntil.getTime())
  );
}
