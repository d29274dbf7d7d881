import type { ColumnType } from 'kysely';

/**
 * The column aliases every table file shares (schema.ts and the `*-tables.ts` beside it). Other SQL types need no
 * alias: int2, int4 and int8 read as `number` and `date` as a YYYY-MM-DD `string` (the parsers in database.ts), text as
 * `string` or a union of its allowed values, bytea as `Uint8Array`. `test/platform/table-types.test.ts` checks every
 * table type against the migrated database.
 */

/** A `timestamptz` column: read as a Date, written as a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A `jsonb` column: read as parsed JSON of type T, written as `JSON.stringify(…)` text. */
export type Json<T> = ColumnType<T, string, string>;
