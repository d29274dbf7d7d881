import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { notFound } from '../platform/errors.ts';
import type { FeedDefinition, FeedSelection, Known, KnownField, LdifOptions } from './feed-definition.ts';

/** Reading feed definitions into their API shape, and what a definition may name. */
export interface FeedView extends FeedDefinition {
  version: number;
  /** The highest change sequence written. */
  lastSeq: number;
  lastGeneratedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

type Db = Kysely<DB>;

export function feedOf(row: Selectable<DB['feeds']>): FeedView {
  return {
    name: row.name,
    label: row.label,
    description: row.description,
    format: row.format,
    selection: row.selection as FeedSelection,
    columns: row.columns,
    ldif: (row.ldif as LdifOptions | null) ?? null,
    schedule: row.schedule,
    version: row.version,
    lastSeq: row.last_seq,
    lastGeneratedAt: row.last_generated_at ? (row.last_generated_at as Date).toISOString() : null,
    createdAt: (row.created_at as Date).toISOString(),
    updatedAt: (row.updated_at as Date).toISOString(),
  };
}

export async function loadFeed(db: Db, name: string, options: { forUpdate?: boolean } = {}): Promise<FeedView> {
  let q = db.selectFrom('feeds').selectAll().where('name', '=', name);
  if (options.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('feed', name);
  return feedOf(row);
}

/** The definition as stored (jsonb columns as text). */
export function definitionColumns(def: FeedDefinition) {
  return {
    label: def.label,
    description: def.description,
    format: def.format,
    selection: JSON.stringify(def.selection),
    columns: JSON.stringify(def.columns),
    ldif: def.ldif === null ? null : JSON.stringify(def.ldif),
    schedule: def.schedule,
  };
}

export function definitionOf(view: FeedView): FeedDefinition {
  const { name, label, description, format, selection, columns, ldif, schedule } = view;
  return { name, label, description, format, selection, columns, ldif, schedule };
}

/** Status type names, org unit codes, streams and fields: what a definition may refer to. */
export async function loadKnown(db: Db, orgCodes: string[]): Promise<Known> {
  const types = await db.selectFrom('status_types').select('name').execute();
  const units = orgCodes.length
    ? await db.selectFrom('org_units').select('code').where('code', 'in', orgCodes).execute()
    : [];
  const fields = await db.selectFrom('stream_fields').select(['stream', 'name', 'type', 'options', 'length']).execute();
  const streamNames = await db.selectFrom('status_streams').select('name').execute();
  const streams = new Map<string, Map<string, KnownField>>(streamNames.map((s) => [s.name, new Map()]));
  for (const f of fields)
    streams.get(f.stream)?.set(f.name, { type: f.type, options: f.options ?? [], length: f.length });
  return {
    statusTypes: new Set(types.map((t) => t.name.toLowerCase())),
    orgUnits: new Set(units.map((u) => u.code)),
    streams,
  };
}
