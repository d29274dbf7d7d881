import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { displayName } from '../registry/names.ts';
import { type MatchDecision, matchPerson, recordNameSimilarity } from './person-match.ts';
import type { SourceConfig } from './source-config.ts';
import type { AffiliationRecord } from './snapshot-rows.ts';

/**
 * Finding the person each person key of a batch belongs to, with a fixed number of
 * set-based reads: the people holding this source's key (`source-key`, scope = source),
 * then for the keys still unknown the holders of the records' ID numbers, usernames and
 * email addresses (identifiers, reservations and contact addresses), then for the keys
 * still without anyone the people born on the record's birth date with its family name;
 * merged records resolved to their survivors. `matchPerson` (pure) decides.
 */
export interface Candidate {
  id: number;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  name: string;
}

export interface KeyDecision {
  decision: MatchDecision;
  /** The record the decision was made on (the first of the key with a family name). */
  record: AffiliationRecord;
  /** The people considered, for a review's candidate list. */
  people: Map<number, Candidate>;
}

/** Decides for every person key in `byKey` (each with the batch's records of that key). */
export async function matchPeople(
  db: Kysely<DB>,
  source: SourceConfig,
  byKey: ReadonlyMap<string, readonly AffiliationRecord[]>,
): Promise<Map<string, KeyDecision>> {
  const keys = [...byKey.keys()];
  const out = new Map<string, KeyDecision>();
  if (keys.length === 0) return out;
  const bySourceKey = new Map<string, number>();
  {
    const { rows } = await sql<{ value: string; person_id: number }>`
      select k.value, coalesce(p.merged_into, p.id) as person_id
      from unnest(${keys}::text[]) as k(value)
      cross join lateral (select person_id from identifiers i where i.kind = 'source-key' and i.scope = ${source.name} and i.value = k.value limit 1) i
      join people p on p.id = i.person_id`.execute(db);
    for (const r of rows) bySourceKey.set(r.value, r.person_id);
  }
  // Identifiers of the keys not found by source key: [person key, kind, value].
  const wanted: [string, string, string][] = [];
  for (const [key, records] of byKey) {
    if (bySourceKey.has(key)) continue;
    for (const r of records) {
      if (r.idNumber) wanted.push([key, 'id-number', r.idNumber]);
      if (r.username) wanted.push([key, 'username', r.username]);
      if (r.email) wanted.push([key, 'email', r.email]);
    }
  }
  const holders = new Map<string, Set<number>>();
  const hold = (rows: { key: string; person_id: number }[]) => {
    for (const r of rows) holders.set(r.key, (holders.get(r.key) ?? new Set()).add(r.person_id));
  };
  const byIdentifier = wanted;
  if (byIdentifier.length) {
    const { rows } = await sql<{ key: string; person_id: number }>`
      select distinct w.key, coalesce(p.merged_into, p.id) as person_id
      from unnest(${byIdentifier.map((w) => w[0])}::text[], ${byIdentifier.map((w) => w[1])}::text[], ${byIdentifier.map((w) => w[2])}::text[]) as w(key, kind, value)
      cross join lateral (
        select i.person_id from identifiers i where i.kind = w.kind and i.scope = '' and i.value = w.value
        union
        select r.person_id from reserved_identifiers r where r.kind = w.kind and r.value = w.value and r.person_id is not null
      ) h
      join people p on p.id = h.person_id`.execute(db);
    hold(rows);
  }
  // Contact addresses in a query of their own, so each is one probe of the GIN index on
  // people.emails (inside the union above the planner scanned people once per row).
  const emails = wanted.filter((w) => w[1] === 'email');
  if (emails.length) {
    const { rows } = await sql<{ key: string; person_id: number }>`
      select distinct e.key, coalesce(p.merged_into, p.id) as person_id
      from unnest(${emails.map((w) => w[0])}::text[], ${emails.map((w) => w[2])}::text[]) as e(key, address)
      join people c on c.emails @> jsonb_build_array(jsonb_build_object('address', e.address))
      join people p on p.id = c.id`.execute(db);
    hold(rows);
  }
  const twins = await birthDateTwins(db, byKey, bySourceKey, holders);
  const ids = [
    ...new Set([...bySourceKey.values(), ...[...holders.values(), ...twins.values()].flatMap((s) => [...s])]),
  ];
  const people = new Map<number, Candidate>();
  if (ids.length) {
    const { rows } = await sql<{
      id: number;
      given_name: string;
      middle_name: string | null;
      family_name: string;
      preferred_name: string | null;
    }>`
      select id, given_name, middle_name, family_name, preferred_name from people where id = any(${ids}::bigint[]) and state = 'active'`.execute(
      db,
    );
    for (const p of rows) {
      const names = {
        givenName: p.given_name,
        middleName: p.middle_name,
        familyName: p.family_name,
        preferredName: p.preferred_name,
      };
      people.set(p.id, {
        id: p.id,
        givenName: p.given_name,
        familyName: p.family_name,
        preferredName: p.preferred_name,
        name: displayName(names),
      });
    }
  }
  for (const [key, records] of byKey) {
    const record = records.find((r) => r.familyName) ?? records[0];
    const known = bySourceKey.get(key);
    const decision = matchPerson<Candidate>({
      record,
      bySourceKey: known === undefined ? null : (people.get(known) ?? null),
      byIdentifiers: [...(holders.get(key) ?? [])].flatMap((id) => (people.has(id) ? [people.get(id)!] : [])),
      byNameAndBirthDate: [...(twins.get(key) ?? [])].flatMap((id) => (people.has(id) ? [people.get(id)!] : [])),
      nameSimilarity: (p) => recordNameSimilarity(record, p),
      createPeople: source.createPeople,
      reviewNearMatches: source.reviewNearMatches,
    });
    out.set(key, { decision, record, people });
  }
  return out;
}

/**
 * For each key found neither by source key nor by identifier, whose record has a birth date and a family name: the
 * people born that day with that family name (ignoring case), by the birth-date index.
 */
async function birthDateTwins(
  db: Kysely<DB>,
  byKey: ReadonlyMap<string, readonly AffiliationRecord[]>,
  bySourceKey: ReadonlyMap<string, number>,
  holders: ReadonlyMap<string, Set<number>>,
): Promise<Map<string, Set<number>>> {
  const wanted: { key: string; born: string; family: string }[] = [];
  for (const [key, records] of byKey) {
    if (bySourceKey.has(key) || holders.has(key)) continue;
    const record = records.find((r) => r.birthDate && r.familyName?.trim());
    if (record) wanted.push({ key, born: record.birthDate!, family: record.familyName!.trim() });
  }
  const twins = new Map<string, Set<number>>();
  if (wanted.length === 0) return twins;
  const { rows } = await sql<{ key: string; person_id: number }>`
    select distinct w.key, p.id as person_id
    from unnest(${wanted.map((w) => w.key)}::text[], ${wanted.map((w) => w.born)}::date[], ${wanted.map((w) => w.family)}::text[]) as w(key, born, family)
    join people p on p.birth_date = w.born and lower(p.family_name) = lower(w.family) and p.state = 'active'`.execute(
    db,
  );
  for (const r of rows) twins.set(r.key, (twins.get(r.key) ?? new Set()).add(r.person_id));
  return twins;
}
