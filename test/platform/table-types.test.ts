import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.ts';
import { openTestDatabase, storageKind } from '../harness.ts';
import { compareColumns, readDeclaredColumns, type SqlColumn, type TsColumn } from './table-types-check.ts';

const schemaFile = fileURLToPath(new URL('../../src/platform/db/schema.ts', import.meta.url));

/** The migrated database's own columns: every base table of the public schema but the migrator's. */
async function migratedColumns(database: Database): Promise<SqlColumn[]> {
  const { rows } = await sql<{
    table_name: string;
    column_name: string;
    udt_name: string;
    is_nullable: string;
    column_default: string | null;
    is_identity: string;
    is_generated: string;
  }>`
    select c.table_name, c.column_name, c.udt_name, c.is_nullable, c.column_default, c.is_identity, c.is_generated
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and c.table_name not in ('kysely_migration', 'kysely_migration_lock')
    order by c.table_name, c.ordinal_position`.execute(database.db);
  return rows.map((r) => ({
    table: r.table_name,
    column: r.column_name,
    type: r.udt_name,
    nullable: r.is_nullable === 'YES',
    defaulted: r.column_default !== null || r.is_identity === 'YES' || r.is_generated === 'ALWAYS',
  }));
}

describe(`table types against the migrated database (${storageKind})`, () => {
  let database: Database;
  let declared: TsColumn[];
  beforeAll(async () => {
    database = await openTestDatabase();
    declared = readDeclaredColumns(schemaFile);
  });
  afterAll(() => database.close());

  it('declares every table and column the migrations make, with its nullability, default and type', async () => {
    const actual = await migratedColumns(database);
    expect(new Set(actual.map((c) => c.table)).size).toBeGreaterThan(50);
    expect(compareColumns(declared, actual)).toEqual([]);
  });

  it('reads the declared types as a select and an insert see them', () => {
    const column = (table: string, name: string) => declared.find((c) => c.table === table && c.column === name);
    expect(column('people', 'id')).toMatchObject({ kinds: ['number'], nullable: false, optionalInsert: true });
    expect(column('users', 'disabled_at')).toMatchObject({ text: 'Timestamp | null', kinds: ['Date'], nullable: true });
    expect(column('people', 'emails')).toMatchObject({ kinds: ['object[]'], json: true });
    expect(column('people', 'state')).toMatchObject({ kinds: ['string'], optionalInsert: true });
    expect(column('affiliations', 'codes')).toMatchObject({ kinds: ['string[]'], json: false });
    expect(column('api_tokens', 'token_hash')).toMatchObject({ kinds: ['bytes'] });
  });
});

describe('the table type check', () => {
  const sqlColumn = (column: string, type: string, more: Partial<SqlColumn> = {}): SqlColumn => ({
    table: 'things',
    column,
    type,
    nullable: false,
    defaulted: false,
    ...more,
  });
  const tsColumn = (column: string, text: string, kinds: string[], more: Partial<TsColumn> = {}): TsColumn => ({
    table: 'things',
    column,
    text,
    kinds,
    nullable: false,
    optionalInsert: false,
    json: false,
    ...more,
  });

  it('finds nothing when the type and the columns agree', () => {
    const actual = [
      sqlColumn('id', 'int8', { defaulted: true }),
      sqlColumn('name', 'text', { nullable: true }),
      sqlColumn('at', 'timestamptz'),
      sqlColumn('data', 'jsonb'),
      sqlColumn('tags', '_text'),
      sqlColumn('amount', 'numeric'),
    ];
    const declared = [
      tsColumn('id', 'Generated<number>', ['number'], { optionalInsert: true }),
      tsColumn('name', 'string | null', ['string'], { nullable: true }),
      tsColumn('at', 'Timestamp', ['Date']),
      tsColumn('data', 'Json<string[]>', ['string[]'], { json: true }),
      tsColumn('tags', 'string[]', ['string[]']),
      tsColumn('amount', 'number | string', ['number', 'string']),
    ];
    expect(compareColumns(declared, actual)).toEqual([]);
  });

  it('names the table and column and both types of each mismatch', () => {
    const actual = [
      sqlColumn('id', 'int8'),
      sqlColumn('name', 'text', { nullable: true }),
      sqlColumn('born', 'date'),
      sqlColumn('tags', '_int8'),
      sqlColumn('note', 'text'),
      sqlColumn('data', 'text'),
      { ...sqlColumn('x', 'int4'), table: 'others' },
    ];
    const declared = [
      tsColumn('id', 'Generated<number>', ['number'], { optionalInsert: true }),
      tsColumn('name', 'string', ['string']),
      tsColumn('born', 'Timestamp', ['Date']),
      tsColumn('tags', 'string[]', ['string[]']),
      tsColumn('data', 'Json<unknown>', ['unknown'], { json: true }),
      tsColumn('gone', 'string', ['string']),
    ];
    expect(compareColumns(declared, actual)).toEqual([
      'others: a table in the database, not in DB',
      'things.note: a column of type text in the database, not in the table type',
      'things.id: Generated in the type but the column has no default or identity (TS `Generated<number>`, SQL int8 not null)',
      'things.name: the column is nullable, the type has no null (TS `string`, SQL text null)',
      'things.born: the type does not fit the column (TS `Timestamp`, SQL date not null)',
      'things.tags: the type does not fit the column (TS `string[]`, SQL _int8 not null)',
      'things.data: the type does not fit the column (TS `Json<unknown>`, SQL text not null)',
      'things.gone: `string` in the table type, not in the database',
    ]);
  });
});
