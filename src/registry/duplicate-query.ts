import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { type DuplicateFacts, rankDuplicates, SHOW_THRESHOLD } from './duplicates.ts';
import { cleanName } from './names.ts';
import type { DuplicateCandidate } from './person-schemas.ts';
import { loadSummaries } from './person-store.ts';

/**
 * Fetches the people who might be the same human as a prospective record, and scores them
 * with the pure rules in duplicates.ts. Every probe uses an index, so the check stays fast
 * on a million people: trigram name similarity (GIN), same birth date with a similar family
 * name (btree on birth_date), and the same identifier or email address.
 */

const NAME_CANDIDATES = 30;

/** Likely duplicates of a prospective person, scored and most likely first (at most `limit`, default 10). */
export async function findDuplicates(
  db: Kysely<DB>,
  prospect: DuplicateFacts,
  options: { threshold?: number; limit?: number; exclude?: number[] } = {},
): Promise<DuplicateCandidate[]> {
  const ids = new Set<number>();
  const fullName = cleanName(`${prospect.givenName} ${prospect.familyName}`);
  const family = cleanName(prospect.familyName);
  await db.transaction().execute(async (trx) => {
    await sql`select set_config('pg_trgm.word_similarity_threshold', '0.6', true)`.execute(trx);
    const queries = [fullName];
    if (prospect.preferredName) queries.push(cleanName(`${prospect.preferredName} ${prospect.familyName}`));
    for (const q of queries) {
      if (!q) continue;
      const { rows } = await sql<{ id: number }>`
        select id from (
          select coalesce(merged_into, id) as id, word_similarity(${q}, search_name) as ws
          from people where ${q} <% search_name limit 500
        ) m order by ws desc limit ${NAME_CANDIDATES}`.execute(trx);
      for (const r of rows) ids.add(r.id);
    }
  });
  if (prospect.birthDate && family) {
    const { rows } = await sql<{ id: number }>`
      select coalesce(merged_into, id) as id from people
      where birth_date = ${prospect.birthDate} and word_similarity(${family}, search_name) >= 0.5 limit 50`.execute(db);
    for (const r of rows) ids.add(r.id);
  }
  for (const id of prospect.identifiers) {
    const row = await db
      .selectFrom('identifiers')
      .select('person_id')
      .where('kind', '=', id.kind)
      .where('scope', '=', id.scope)
      .where(sql`lower(value)`, '=', id.value.toLowerCase())
      .executeTakeFirst();
    if (row) ids.add(row.person_id);
  }
  for (const email of prospect.emails) {
    const address = email.toLowerCase();
    const { rows } = await sql<{
      id: number;
    }>`select coalesce(merged_into, id) as id from people where emails @> ${JSON.stringify([{ address }])}::jsonb limit 20`.execute(
      db,
    );
    for (const r of rows) ids.add(r.id);
    const owner = await db
      .selectFrom('identifiers')
      .select('person_id')
      .where('kind', '=', 'email')
      .where('value', '=', address)
      .executeTakeFirst();
    if (owner) ids.add(owner.person_id);
  }
  for (const id of options.exclude ?? []) ids.delete(id);
  const summaries = await loadSummaries(db, [...ids]);
  const candidates = [...summaries.values()].filter((s) => s.state === 'active');
  const ranked = rankDuplicates(
    prospect,
    candidates.map((s) => ({ ...s, summary: s })),
    options.threshold ?? SHOW_THRESHOLD,
  );
  return ranked
    .slice(0, options.limit ?? 10)
    .map((r) => ({ person: r.candidate.summary, score: r.score, reasons: r.reasons }));
}
