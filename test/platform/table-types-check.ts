import ts from 'typescript';

/**
 * Compares the Kysely table types (the `DB` interface of src/platform/db/schema.ts) with the columns of the migrated
 * database, so a migration and its row type cannot drift apart. table-types.test.ts runs it on both databases.
 */

/** A column as the database describes it (information_schema.columns). */
export interface SqlColumn {
  table: string;
  column: string;
  /** `udt_name`: int8, text, timestamptz, jsonb, _int8 (an array of int8) … */
  type: string;
  nullable: boolean;
  /** A default, an identity or a generated expression: the column may be left out of an insert. */
  defaulted: boolean;
}

/** A column as the table type declares it. */
export interface TsColumn {
  table: string;
  column: string;
  /** The declared type as written, for messages: `Timestamp | null`, `Generated<number>` … */
  text: string;
  /** What a select reads, one per member of the union (null aside): number, string, boolean, Date, bytes, … T[]. */
  kinds: string[];
  nullable: boolean;
  /** The insert type admits undefined (`Generated<…>`): an insert may leave the column out. */
  optionalInsert: boolean;
  /** Written as JSON text and read parsed (`Json<T>`). */
  json: boolean;
}

/** Reads every table's columns from the `DB` interface of a schema file with the TypeScript checker. */
export function readDeclaredColumns(schemaFile: string, interfaceName = 'DB'): TsColumn[] {
  const program = ts.createProgram([schemaFile], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    target: ts.ScriptTarget.ES2024,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(schemaFile);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  const db = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.getName() === interfaceName);
  if (!db) throw new Error(`${schemaFile} exports no ${interfaceName}`);
  const columns: TsColumn[] = [];
  for (const table of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(db))) {
    for (const column of checker.getPropertiesOfType(checker.getTypeOfSymbol(table))) {
      columns.push({ table: table.getName(), column: column.getName(), ...describe(checker, column) });
    }
  }
  return columns;
}

function describe(checker: ts.TypeChecker, column: ts.Symbol): Omit<TsColumn, 'table' | 'column'> {
  const declaration = column.declarations?.[0];
  const declared = checker.getTypeOfSymbol(column);
  const text =
    declaration && ts.isPropertySignature(declaration) && declaration.type
      ? declaration.type.getText()
      : checker.typeToString(declared);
  const select: ts.Type[] = [];
  const insert: ts.Type[] = [];
  let json = false;
  for (const member of members(declared)) {
    const read = member.getProperty('__select__');
    const written = member.getProperty('__insert__');
    if (!read || !written) {
      select.push(member);
      insert.push(member);
      continue;
    }
    const readType = checker.getTypeOfSymbol(read);
    const writtenType = checker.getTypeOfSymbol(written);
    select.push(...members(readType));
    insert.push(...members(writtenType));
    // Json<T> = ColumnType<T, string, string>: written as text, read as whatever the JSON holds.
    if (writtenType.flags & ts.TypeFlags.String && !members(readType).every((t) => t.flags & ts.TypeFlags.StringLike)) {
      json = true;
    }
  }
  const present = select.filter((t) => !(t.flags & ts.TypeFlags.Null));
  return {
    text,
    kinds: [...new Set(present.map((t) => kindOf(checker, t)))],
    nullable: present.length < select.length,
    optionalInsert: insert.some((t) => t.flags & ts.TypeFlags.Undefined),
    json,
  };
}

function members(type: ts.Type): ts.Type[] {
  return type.isUnion() ? type.types : [type];
}

function kindOf(checker: ts.TypeChecker, type: ts.Type): string {
  const f = type.flags;
  if (f & ts.TypeFlags.Null) return 'null';
  if (f & ts.TypeFlags.Undefined) return 'undefined';
  if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'unknown';
  if (f & ts.TypeFlags.NumberLike) return 'number';
  if (f & ts.TypeFlags.StringLike) return 'string';
  if (f & ts.TypeFlags.BooleanLike) return 'boolean';
  if (checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    return `${[...new Set(members(element).map((t) => kindOf(checker, t)))].join('|')}[]`;
  }
  const name = type.getSymbol()?.getName();
  if (name === 'Date') return 'Date';
  if (name === 'Uint8Array' || name === 'Buffer') return 'bytes';
  return 'object';
}

/** What a select may read from a column of each SQL type (the drivers' parsers: src/platform/db/database.ts). */
const readsAs: Record<string, string[]> = {
  int2: ['number'],
  int4: ['number'],
  int8: ['number'],
  float4: ['number'],
  float8: ['number'],
  numeric: ['number', 'string'],
  text: ['string'],
  varchar: ['string'],
  bpchar: ['string'],
  citext: ['string'],
  uuid: ['string'],
  bool: ['boolean'],
  timestamptz: ['Date'],
  timestamp: ['Date'],
  date: ['string'],
  bytea: ['bytes'],
};

/** Whether a TS type (its kinds) fits an SQL type; jsonb reads any JSON, so it asks for Json<T> or an object type. */
export function fits(sqlType: string, column: Pick<TsColumn, 'kinds' | 'json'>): boolean {
  if (sqlType === 'json' || sqlType === 'jsonb') {
    return column.json || column.kinds.every((k) => k === 'object' || k === 'unknown' || k.endsWith('[]'));
  }
  if (column.json) return false;
  if (sqlType.startsWith('_')) {
    const element = readsAs[sqlType.slice(1)];
    return (
      !!element &&
      column.kinds.every(
        (k) =>
          k.endsWith('[]') &&
          k
            .slice(0, -2)
            .split('|')
            .every((e) => element.includes(e)),
      )
    );
  }
  const allowed = readsAs[sqlType];
  return !!allowed && column.kinds.every((k) => allowed.includes(k));
}

/** Every disagreement between the declared and the migrated tables, each naming `table.column` and both types. */
export function compareColumns(declared: TsColumn[], actual: SqlColumn[]): string[] {
  const problems: string[] = [];
  const key = (c: { table: string; column: string }) => `${c.table}.${c.column}`;
  const declaredTables = new Set(declared.map((c) => c.table));
  const actualTables = new Set(actual.map((c) => c.table));
  for (const t of actualTables) if (!declaredTables.has(t)) problems.push(`${t}: a table in the database, not in DB`);
  for (const t of declaredTables) if (!actualTables.has(t)) problems.push(`${t}: a table in DB, not in the database`);
  const columns = new Map(actual.map((c) => [key(c), c]));
  const declaredKeys = new Set(declared.map(key));
  for (const c of actual) {
    if (declaredTables.has(c.table) && !declaredKeys.has(key(c))) {
      problems.push(`${key(c)}: a column of type ${c.type} in the database, not in the table type`);
    }
  }
  for (const col of declared) {
    const sql = columns.get(key(col));
    if (!sql) {
      if (actualTables.has(col.table))
        problems.push(`${key(col)}: \`${col.text}\` in the table type, not in the database`);
      continue;
    }
    const both = `TS \`${col.text}\`, SQL ${sql.type} ${sql.nullable ? 'null' : 'not null'}`;
    if (col.nullable && !sql.nullable) problems.push(`${key(col)}: null in the type, the column is not null (${both})`);
    if (!col.nullable && sql.nullable)
      problems.push(`${key(col)}: the column is nullable, the type has no null (${both})`);
    if (col.optionalInsert && !sql.defaulted) {
      problems.push(`${key(col)}: Generated in the type but the column has no default or identity (${both})`);
    }
    if (!fits(sql.type, col)) problems.push(`${key(col)}: the type does not fit the column (${both})`);
  }
  return problems;
}
