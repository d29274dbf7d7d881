import type { ColumnType } from 'kysely';

/**
 * The column aliases every table file shares (schema.ts and the `*-tables.ts` beside it).
 * `test/platform/table-types.test.ts` checks the table types against the migrated database.
 */

/** A `timestamptz` column: read as a Date, written as a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A `jsonb` column: read as parsed JSON of type T, written as `JSON.stringify(…)` text. */
export type Json<T> = ColumnType<T, string, string>;
