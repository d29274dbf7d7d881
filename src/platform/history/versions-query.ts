import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { VersionedTable } from '../db/history-tables.ts';

/**
 * Reads of the history of versions (`row_versions`, migration 0034). A moment in the past is asked two ways:
 * "as it was on D" (valid time D, as Steward knows it now) and "as Steward knew it on K" (valid time D, with only what
 * had been recorded by K). A deleted row keeps its last version with `ended_at`, the moment it stopped being valid.
 */
export interface AsOf {
  /** The valid time asked about. */
  at: Date;
  /** The recorded time: what Steward knew then (null: what it knows now). */
  knownAt: Date | null;
}

/** A row as one of its versions held it, with the moment a deletion ended it (null: not deleted). */
export type Versioned<Row> = Row & { version_ended_at: Date | null };

/**
 * Rows of a table whose facts are corrected in place (assignments, memberships, permissions, privileges): the version
 * known now (or at `knownAt`) of every row, deleted ones included, except those deleted by `at`. The caller applies
 * the row's own dates. `where` narrows on the row's data (e.g. its group).
 */
export async function factsAsOf<Row>(
  db: Kysely<DB>,
  table: VersionedTable,
  asOf: AsOf,
  where?: { column: string; ids: number[] },
): Promise<Versioned<Row>[]> {
  if (where?.ids.length === 0) return [];
  const known =
    asOf.knownAt === null
      ? sql`v.recorded_to is null`
      : sql`v.recorded_from <= ${asOf.knownAt} and (v.recorded_to is null or ${asOf.knownAt} < v.recorded_to)`;
  const narrowed = where ? sql`and (v.data->>${where.column})::bigint = any(${where.ids}::bigint[])` : sql``;
  const { rows } = await sql<Versioned<Row>>`
    select (jsonb_populate_record(null::${sql.raw(table)}, v.data)).*, v.ended_at as version_ended_at
    from row_versions v
    where v.table_name = ${table} and ${known} and (v.ended_at is null or ${asOf.at} < v.ended_at) ${narrowed}
    order by v.row_id`.execute(db);
  return rows;
}

/**
 * Rows of a table whose changes take effect when made (group definitions): the version recorded at the moment asked
 * about, or at `knownAt` when that is earlier (Steward could not know a later definition then). A row made after that
 * moment is taken as first defined (a group made today had its definition before, for members added with a past
 * start), unless Steward is asked what it knew before it was recorded.
 */
export async function definitionsAsOf<Row>(db: Kysely<DB>, table: VersionedTable, asOf: AsOf): Promise<Row[]> {
  const t = asOf.knownAt !== null && asOf.knownAt < asOf.at ? asOf.knownAt : asOf.at;
  const known = asOf.knownAt === null ? sql`true` : sql`v.recorded_from <= ${asOf.knownAt}`;
  const { rows } = await sql<Row>`
    select distinct on (v.row_id) (jsonb_populate_record(null::${sql.raw(table)}, v.data)).*
    from row_versions v
    where v.table_name = ${table} and v.ended_at is null and (v.recorded_to is null or ${t} < v.recorded_to) and ${known}
    order by v.row_id, v.recorded_from, v.id desc`.execute(db);
  return rows;
}

/** The earlier of two moments, null meaning unbounded. */
export function earlier(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return a.getTime() <= b.getTime() ? a : b;
}
