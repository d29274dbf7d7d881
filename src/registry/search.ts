import { type Kysely, sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { DB } from '../platform/db/schema.ts';
import { cleanName } from './names.ts';
import { loadSummaries, type PersonSummary } from './person-store.ts';

/**
 * Finding people by what a desk clerk types: any identifier or email address (exact,
 * case-insensitive, ranked first) or a name with typos (pg_trgm word similarity on
 * people.search_name through its GIN index). A merged record is reported as its survivor.
 *
 * Speed on a million people: each name probe is an index scan capped at 1,000 matching
 * rows (ranked afterwards), tried at falling similarity thresholds and stopped at the first
 * that finds anyone, so common names never rank the whole table and rare ones still match.
 */
export interface SearchHit {
  person: PersonSummary;
  score: number;
  match: 'identifier' | 'email' | 'name';
  matched: string;
}

/** Word-similarity thresholds tried in turn; the first that finds anyone wins. */
const THRESHOLDS = ['0.8', '0.6', '0.4'];
/** Rows a threshold may match before ranking; bounds the work for very common names. */
const PROBE_CAP = 1000;

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
      const { rows: byEmail } = await sql<{ id: number }>`select coalesce(merged_into, id) as id from people where emails @> ${JSON.stringify([{ address }])}::jsonb limit 20`.execute(db);
      for (const r of byEmail) add(r.id, { score: 1.5, match: 'email', matched: address });
    }
  }
  const name = cleanName(q);
  if (name && hits.size < limit) {
    const byName = await db.transaction().execute(async (trx) => {
      for (const threshold of THRESHOLDS) {
        await sql`select set_config('pg_trgm.word_similarity_threshold', ${threshold}, true)`.execute(trx);
        const { rows } = await sql<{ id: number; ws: number; s: number; search_name: string }>`
          select id, max(ws) as ws, max(s) as s, min(search_name) as search_name from (
            select coalesce(merged_into, id) as id, search_name,
                   word_similarity(${name}, search_name) as ws, similarity(${name}, search_name) as s
            from people where ${name} <% search_name limit ${PROBE_CAP}
          ) m group by id order by ws desc, s desc, id limit ${limit}`.execute(trx);
        if (rows.length) return rows;
      }
      return [];
    });
    for (const r of byName) add(r.id, { score: Math.round((Number(r.ws) * 0.7 + Number(r.s) * 0.3) * 1000) / 1000, match: 'name', matched: r.search_name });
  }
  const ranked = [...hits.entries()].sort((a, b) => b[1].score - a[1].score || a[0] - b[0]).slice(0, limit);
  const people = await loadSummaries(db, ranked.map(([id]) => id));
  return ranked.filter(([id]) => people.has(id)).map(([id, hit]) => ({ person: people.get(id)!, ...hit }));
}

/** Searches for an actor allowed to read the registry. */
export async function search(db: Kysely<DB>, actor: Actor, query: string, limit = 20): Promise<SearchHit[]> {
  authorise(actor, 'people:read');
  return searchPeople(db, query, Math.min(Math.max(limit, 1), 100));
}
