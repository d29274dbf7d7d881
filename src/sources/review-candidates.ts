import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { AffiliationRecord } from './snapshot-rows.ts';

/**
 * What an administrator needs beside a match review to settle it, read when the review is
 * shown (not stored with it): for each candidate, which of the record's ID number, username
 * and email address they hold (why the reconciler considered them) and their birth date;
 * and, once the review is settled, the person the source's record belongs to now.
 */
export interface StoredCandidate {
  personId: number;
  similarity: number | null;
  name: string | null;
}

export type RecordIdentifierKind = 'id-number' | 'username' | 'email';

export interface CandidateView extends StoredCandidate {
  birthDate: string | null;
  matchedBy: { kind: RecordIdentifierKind; value: string }[];
}

interface ReviewLike {
  source: string;
  recordKey: string;
  record: AffiliationRecord;
  candidates: StoredCandidate[];
  state: string;
}

/** The record's identifiers the reconciler looks people up by, in the order it does. */
export function recordIdentifiers(record: AffiliationRecord): { kind: RecordIdentifierKind; value: string }[] {
  return [
    ...(record.idNumber ? [{ kind: 'id-number' as const, value: record.idNumber }] : []),
    ...(record.username ? [{ kind: 'username' as const, value: record.username }] : []),
    ...(record.email ? [{ kind: 'email' as const, value: record.email }] : []),
  ];
}

const held = (personId: number, kind: string, value: string) => `${personId}\u0000${kind}\u0000${value}`;

/** Adds each candidate's details and the record's current person to the reviews, in two or three set-based reads. */
export async function withCandidateDetails<R extends ReviewLike>(
  db: Kysely<DB>,
  reviews: R[],
): Promise<(Omit<R, 'candidates'> & { candidates: CandidateView[]; personId: number | null })[]> {
  const asked = reviews.flatMap((r) =>
    r.candidates.flatMap((c) => recordIdentifiers(r.record).map((i) => ({ personId: c.personId, ...i }))),
  );
  const holds = new Set<string>();
  if (asked.length) {
    // The same places the reconciler looks (identifiers, reservations, contact addresses), merged people counted for
    // their survivor.
    const { rows } = await sql<{ person_id: number; kind: string; value: string }>`
      select w.person_id, w.kind, w.value
      from unnest(${asked.map((a) => a.personId)}::bigint[], ${asked.map((a) => a.kind)}::text[], ${asked.map((a) => a.value)}::text[]) as w(person_id, kind, value)
      where exists (select 1 from identifiers i join people p on p.id = i.person_id where i.kind = w.kind and i.scope = '' and i.value = w.value and coalesce(p.merged_into, p.id) = w.person_id)
         or exists (select 1 from reserved_identifiers r join people p on p.id = r.person_id where r.kind = w.kind and r.value = w.value and coalesce(p.merged_into, p.id) = w.person_id)
         or (w.kind = 'email' and exists (
              select 1 from people c where c.emails @> jsonb_build_array(jsonb_build_object('address', w.value)) and coalesce(c.merged_into, c.id) = w.person_id))`.execute(
      db,
    );
    for (const r of rows) holds.add(held(r.person_id, r.kind, r.value));
  }
  const ids = [...new Set(reviews.flatMap((r) => r.candidates.map((c) => c.personId)))];
  const births = new Map<number, string | null>();
  if (ids.length) {
    const rows = await db.selectFrom('people').select(['id', 'birth_date']).where('id', 'in', ids).execute();
    for (const p of rows) births.set(p.id, p.birth_date);
  }
  const settled = reviews.filter((r) => r.state === 'matched' || r.state === 'created');
  const owners = new Map<string, number>();
  if (settled.length) {
    const { rows } = await sql<{ source: string; record_key: string; person_id: number }>`
      select s.source, s.record_key, s.person_id from source_records s
      join unnest(${settled.map((r) => r.source)}::text[], ${settled.map((r) => r.recordKey)}::text[]) as k(source, record_key) on k.source = s.source and k.record_key = s.record_key`.execute(
      db,
    );
    for (const r of rows) owners.set(`${r.source}\u0000${r.record_key}`, r.person_id);
  }
  return reviews.map((r) => ({
    ...r,
    candidates: r.candidates.map((c) => ({
      ...c,
      birthDate: births.get(c.personId) ?? null,
      matchedBy: recordIdentifiers(r.record).filter((i) => holds.has(held(c.personId, i.kind, i.value))),
    })),
    personId: owners.get(`${r.source}\u0000${r.recordKey}`) ?? null,
  }));
}
