import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DB, OrgKindField, OrgUnitsTable } from '../platform/db/schema.ts';
import { notFound } from '../platform/errors.ts';
import type { UnitSummary, UnitView } from './org-schemas.ts';
import { pathIds } from './org-tree.ts';
import type { UnitFacts } from './unit-changes.ts';
import { isValidOn } from './validity.ts';

/**
 * Reading and writing org-unit rows: the row → view mapping every use case shares, and the
 * two set-based tree writes (id allocation for paths, subtree path rewrite on a move).
 */
export type Db = Kysely<DB> | Transaction<DB>;
export type UnitRow = Selectable<OrgUnitsTable>;

/** Taken by every use case that changes the tree's shape, so concurrent moves cannot form a cycle. */
const TREE_LOCK = 73_011_980;

/** The short form of a unit used in lists, breadcrumbs and trees; `current` is judged at `today`. */
export function summaryOf(
  row: Pick<UnitRow, 'id' | 'code' | 'kind' | 'name' | 'abbreviation' | 'valid_from' | 'valid_to'>,
  today: string,
): UnitSummary {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    name: row.name,
    abbreviation: row.abbreviation,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    current: isValidOn({ validFrom: row.valid_from, validTo: row.valid_to }, today),
  };
}

/** The full unit as the API shows it (dates as YYYY-MM-DD, instants as ISO strings). */
export function viewOf(row: UnitRow, today: string): UnitView {
  return {
    ...summaryOf(row, today),
    altNames: row.alt_names,
    parentId: row.parent_id,
    path: row.path,
    custom: row.custom,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    version: row.version,
  };
}

/** The facts of a unit that changes are audited against. */
export function factsOf(row: UnitRow): UnitFacts {
  return {
    kind: row.kind,
    name: row.name,
    abbreviation: row.abbreviation,
    altNames: row.alt_names,
    parentId: row.parent_id,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    custom: row.custom,
  };
}

/** Writes a unit's facts over its row and bumps its version; auditing the change is the caller's. */
export async function writeFacts(db: Db, id: number, facts: UnitFacts, now: Date): Promise<void> {
  await db
    .updateTable('org_units')
    .set({
      kind: facts.kind,
      name: facts.name,
      abbreviation: facts.abbreviation,
      alt_names: JSON.stringify(facts.altNames),
      parent_id: facts.parentId,
      valid_from: facts.validFrom,
      valid_to: facts.validTo,
      custom: JSON.stringify(facts.custom),
      updated_at: now,
      version: (eb) => eb('version', '+', 1),
    })
    .where('id', '=', id)
    .execute();
}

/** A unit by id; with `lock`, the row is locked until the transaction ends. */
export async function loadUnit(db: Db, id: number, lock = false): Promise<UnitRow> {
  let q = db.selectFrom('org_units').selectAll().where('id', '=', id);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('organisation', id);
  return row;
}

/** The field schema of a kind, or undefined when the kind does not exist. */
export async function kindFields(db: Db, kind: string): Promise<OrgKindField[] | undefined> {
  const row = await db.selectFrom('org_kinds').select('fields').where('kind', '=', kind).executeTakeFirst();
  return row?.fields;
}

/** Serialises tree-shape changes (creates, moves, imports) until the transaction ends. */
export async function lockTree(db: Transaction<DB>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${TREE_LOCK})`.execute(db);
}

/** Reserves `n` unit ids, so paths ('/1/4/<id>/') can be written with the row in one insert. */
export async function allocateIds(db: Db, n: number): Promise<number[]> {
  if (n === 0) return [];
  const r = await sql<{
    id: number;
  }>`select nextval(pg_get_serial_sequence('org_units', 'id')) as id from generate_series(1, ${n}::int)`.execute(db);
  return r.rows.map((x) => x.id);
}

/** Rewrites the paths of a whole subtree in one statement when its root moves. */
export async function rewriteSubtree(db: Db, oldPrefix: string, newPrefix: string): Promise<number> {
  const r =
    await sql`update org_units set path = ${newPrefix} || substr(path, ${oldPrefix.length + 1}) where path like ${`${oldPrefix}%`}`.execute(
      db,
    );
  return Number(r.numAffectedRows ?? 0);
}

/** Ancestors of a path, root first (the unit itself excluded). */
export async function ancestorsOf(db: Db, path: string): Promise<UnitRow[]> {
  const ids = pathIds(path).slice(0, -1);
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('org_units').selectAll().where('id', 'in', ids).execute();
  return ids.map((i) => rows.find((r) => r.id === i)).filter((r): r is UnitRow => r !== undefined);
}
