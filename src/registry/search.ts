import { type Kysely, sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { DB } from '../platform/db/schema.ts';
import { cleanName } from './names.ts';
import { similarity } from './trigrams.ts';
import type { SearchHit } from './person-schemas.ts';
import { loadSummaries } from './person-store.ts';

/**
 * Finding people by what a desk clerk types: any identifier or email address (exact,
 * case-insensitive, ranked first) or a name with typos (pg_trgm word similarity on
 * people.search_name through its GIN index). A merged record is reported as its survivor.
 *
 * Speed on a million people: each name probe is an index scan capped at 1,000 matching
 * rows (ranked afterwards), tried at falling similarity thresholds and stopped at the first
 * that finds anyone, so common names never rank the whole table and rare ones still match.
 */

/** Word-similarity thresholds tried in turn; the first that finds anyone wins. */
const THRESHOLDS = ['0.8', '0.6', '0.4'];
/** Rows a threshold may match before ranking; bounds the work for very common names. */
const PROBE_CAP = 1000;
/** The best rows by word similarity that are ranked again by how well a whole name form matches. */
const RERANK = 100;

interface NameRow {
  id: number;
  search_name: string;
  given_name: string;
  middle_name: string | null;
  family_name: string;
  preferred_name: string | null;
  ws: number;
}

/**
 * A name hit's score (below 1, where exact names sit): how well the query matches the
 * closest way of writing the person's name (given or preferred name with the family name,
 * or with the middle name too), blended with word similarity over all their names.
 */
function nameScore(query: string, r: NameRow): number {
  const forms = [
    [r.given_name, r.family_name],
    [r.preferred_name, r.family_name],
    [r.given_name, r.middle_name, r.family_name],
  ];
  let best = 0;
  for (const form of forms)
    if (form.every(Boolean)) best = Math.max(best, similarity(query, cleanName(form.join(' '))));
  return Math.min(0.999, Math.round((0.6 * best + 0.4 * r.ws) * 1000) / 1000);
}

/** The name part of a query: the whole query, or for an email address its local part without digits. */
function nameQuery(q: string): string {
  return cleanName(q.includes('@') ? q.slice(0, q.indexOf('@')).replace(/\d+/g, ' ') : q);
}

/**
 * Ranked hits for a query, without authorisation (the benchmark and other services call it
 * directly): identifier matches score 2, email 1.5, exact names 1, fuzzy names below 1.
 */
export async function searchPeople(db: Kysely<DB>, query: string, limit = 20): Promise<SearchHit[]> {
  const q = query.trim();
  const hits = new Map<number, Omit<SearchHit, 'person'>>();
  const add = (id: number, hit: Omit<SearchHit, 'person'>) => {
    const old = hits.get(id);
    if (!old || old.score < hit.score) hits.set(id, hit);
  };
  if (q) {
    const { rows } = await sql<{ id: number; kind: string; value: string }>`
      select coalesce(p.merged_into, p.id) as id, i.kind, i.value
      from identifiers i join people p on p.id = i.person_id
      where lower(i.value) = ${q.toLowerCase()} limit 20`.execute(db);
    for (const r of rows) add(r.id, { score: 2, match: 'identifier', matched: `${r.kind} ${r.value}` });
    if (q.includes('@')) {
      const address = q.toLowerCase();
      const { rows: byEmail } = await sql<{
        id: number;
      }>`select coalesce(merged_into, id) as id from people where emails @> ${JSON.stringify([{ address }])}::jsonb limit 20`.execute(
        db,
      );
      for (const r of byEmail) add(r.id, { score: 1.5, match: 'email', matched: address });
    }
  }
  // An identifier or address that matched exactly is what was meant; names are searched for everything else.
  const name = hits.size > 0 && /[\d@]/.test(q) ? '' : nameQuery(q);
  if (name && hits.size < limit) {
    // Exact names first, in index order from the btree: "jon finke" is the whole search name or
    // its first words (search names hold only a-z, 0-9 and single spaces, so all of them sort
    // between "jon finke" and "jon finke ~").
    const { rows: exact } = await sql<{ id: number; search_name: string }>`
      select coalesce(merged_into, id) as id, search_name from people
      where search_name ~>=~ ${name} and search_name ~<=~ ${`${name} ~`}
      order by search_name using ~<~ limit ${limit}`.execute(db);
    for (const r of exact) add(r.id, { score: 1, match: 'name', matched: r.search_name });
  }
  if (name && hits.size < limit) {
    const byName = await db.transaction().execute(async (trx) => {
      for (const threshold of THRESHOLDS) {
        await sql`select set_config('pg_trgm.word_similarity_threshold', ${threshold}, true)`.execute(trx);
        const { rows } = await sql<NameRow>`
          select * from (
            select coalesce(merged_into, id) as id, search_name, given_name, middle_name, family_name, preferred_name,
                   word_similarity(${name}, search_name) as ws, similarity(${name}, search_name) as s
            from people where ${name} <% search_name limit ${PROBE_CAP}
          ) m order by ws desc, s desc limit ${RERANK}`.execute(trx);
        if (rows.length) return rows;
      }
      return [];
    });
    for (const r of byName) add(r.id, { score: nameScore(name, r), match: 'name', matched: r.search_name });
  }
  const ranked = [...hits.entries()].sort((a, b) => b[1].score - a[1].score).slice(0, limit);
  const people = await loadSummaries(
    db,
    ranked.map(([id]) => id),
  );
  return ranked.filter(([id]) => people.has(id)).map(([id, hit]) => ({ person: people.get(id)!, ...hit }));
}

/** Searches for an actor allowed to read the registry. */
export async function search(db: Kysely<DB>, actor: Actor, query: string, limit = 20): Promise<SearchHit[]> {
  authorise(actor, 'people:read');
  return searchPeople(db, query, Math.min(Math.max(limit, 1), 100));
}
