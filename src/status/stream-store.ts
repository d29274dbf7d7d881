import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { notFound, stale } from '../platform/errors.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import {
  type FieldType,
  type FieldValue,
  inFormOrder,
  type StreamFieldDefinition,
  valueOfStored,
} from './stream-fields.ts';

/** Reading auxiliary streams and their fields from the tables into their API shapes. */
export interface StreamFieldView extends StreamFieldDefinition {
  version: number;
}

export interface StreamView {
  name: string;
  label: string;
  /** The office whose holders manage the stream's values. */
  accessRole: string;
  description: string;
  fields: StreamFieldView[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

type FieldRow = Selectable<DB['stream_fields']>;

export function fieldOf(row: FieldRow): StreamFieldView {
  const type: FieldType = row.type;
  const stored = row.default_value;
  return {
    name: row.name,
    label: row.label,
    type,
    options: row.options ?? [],
    length: row.length,
    default: stored === null ? null : valueOfStored(type, stored),
    displayRank: row.display_rank,
    version: row.version,
  };
}

/** A stream with its fields in form order, or 404. */
export async function loadStream(
  db: Kysely<DB>,
  name: string,
  options: { forUpdate?: boolean } = {},
): Promise<StreamView> {
  let q = db.selectFrom('status_streams').selectAll().where('name', '=', name);
  if (options.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('stream', name);
  const fields = await db.selectFrom('stream_fields').selectAll().where('stream', '=', name).execute();
  return {
    name: row.name,
    label: row.label,
    accessRole: row.access_role,
    description: row.description,
    fields: inFormOrder(fields.map((f) => fieldOf(f))),
    version: row.version,
    createdAt: (row.created_at as Date).toISOString(),
    updatedAt: (row.updated_at as Date).toISOString(),
  };
}

/** The values set for a stream: status type id → field → value (fields without a row are left out). */
export async function loadSetValues(
  db: Kysely<DB>,
  stream: StreamView,
): Promise<Map<number, Record<string, FieldValue>>> {
  const typeOf = new Map(stream.fields.map((f) => [f.name, f.type]));
  const rows = await db
    .selectFrom('stream_values')
    .select(['status_type_id', 'field', 'value'])
    .where('stream', '=', stream.name)
    .execute();
  const out = new Map<number, Record<string, FieldValue>>();
  for (const r of rows) {
    const type = typeOf.get(r.field);
    if (!type) continue;
    const values = out.get(r.status_type_id) ?? {};
    values[r.field] = valueOfStored(type, r.value);
    out.set(r.status_type_id, values);
  }
  return out;
}

/** Locks the stream, checks the version read (unless null), and bumps it: the version covers fields and values too. */
export async function bumpStream(uow: UnitOfWork, name: string, expectedVersion: number | null): Promise<StreamView> {
  const current = await loadStream(uow.db, name, { forUpdate: true });
  if (expectedVersion !== null && current.version !== expectedVersion)
    throw stale(`stream ${name}`, expectedVersion, current.version);
  await uow.db
    .updateTable('status_streams')
    .set({ updated_at: uow.now, version: sql`version + 1` })
    .where('name', '=', name)
    .execute();
  return current;
}
