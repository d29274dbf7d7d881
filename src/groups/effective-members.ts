import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { membershipCountsAt } from './membership-time.ts';

/** One interval [validFrom, validUntil) in which a person is an effective member of a group (null = unbounded). */
export interface EffectiveMember {
  groupId: number;
  personId: number;
  validFrom: Date | null;
  validUntil: Date | null;
}

/**
 * The effective memberships as stored (kept current on every change), for the access
 * decision point and other readers; a reader at time t counts a row when it is valid at t
 * (membership-time.ts). Filters narrow by group and/or person; without a filter every row is returned.
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
    groupId: r.group_id,
    personId: r.person_id,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
  }));
}

/** True if a stored row counts at `at`. */
export function countsAt(row: { validFrom: Date | null; validUntil: Date | null }, at: Date): boolean {
  return membershipCountsAt({ from: row.validFrom, until: row.validUntil }, at);
}

/** SQL: the stored effective row aliased `alias` counts at `at` (the same rule as `countsAt`). */
export function countsAtSql(alias: string, at: Date) {
  const from = sql.ref(`${alias}.valid_from`);
  const until = sql.ref(`${alias}.valid_until`);
  return sql<boolean>`(${from} is null or ${from} <= ${at}::timestamptz) and (${until} is null or ${at}::timestamptz < ${until})`;
}
