import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { FeedDefinition } from './feed-definition.ts';
import { personFacts, resolveSelection, selectedIds, streamValues } from './feed-query.ts';
import { fileChunk, fileHeader, type FeedRow, renderRow } from './feed-rows.ts';

/**
 * A feed's whole file as it would be today, generated page by page (keyset on person id)
 * so a feed of a million people never sits in memory: the header, then one chunk of text
 * per page.
 */
export async function* feedRows(
  db: Kysely<DB>,
  def: FeedDefinition,
  today: string,
  options: { pageSize?: number; limit?: number } = {},
): AsyncGenerator<FeedRow[]> {
  const size = options.pageSize ?? 2_000;
  let left = options.limit ?? Infinity;
  const selection = await resolveSelection(db, def);
  const values = await streamValues(db, def.columns);
  let after = 0;
  while (left > 0) {
    const ids = await selectedIds(db, selection, today, after, Math.min(size, left));
    if (ids.length === 0) return;
    const facts = await personFacts(db, ids, today);
    yield facts.map((f) => renderRow(f, def.columns, values));
    left -= ids.length;
    after = ids[ids.length - 1];
  }
}

export async function* feedFile(
  db: Kysely<DB>,
  def: FeedDefinition,
  today: string,
  options: { pageSize?: number } = {},
): AsyncGenerator<string> {
  yield fileHeader(def);
  for await (const rows of feedRows(db, def, today, options)) yield fileChunk(def, rows);
}
