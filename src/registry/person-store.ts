import { type Kysely, sql } from 'kysely';
import type { DB, EmailAddress, PhoneNumber } from '../platform/db/schema.ts';
import { notFound } from '../platform/errors.ts';
import { isCurrent } from './affiliations.ts';
import { displayName } from './names.ts';
import type { Affiliation, Identifier, Person, PersonSummary } from './person-schemas.ts';

/**
 * Reading people: the full record a screen shows, the short summary lists show, the org
 * paths authorisation needs, and the survivor a merged record points to.
 */
/** The facts of a person that edits, imports and sources change (and audit rows record). */
export type PersonFacts = Pick<
  Person,
  'givenName' | 'middleName' | 'familyName' | 'preferredName' | 'birthDate' | 'emails' | 'phones'
>;

type PersonRow = {
  id: number;
  given_name: string;
  middle_name: string | null;
  family_name: string;
  preferred_name: string | null;
  birth_date: string | null;
  emails: EmailAddress[];
  phones: PhoneNumber[];
  state: 'active' | 'merged';
  merged_into: number | null;
  version: number;
  created_at: Date | string;
  updated_at: Date | string;
};

/** The facts of a person row in API shape (what audit rows record as before/after). */
export function factsOf(
  row: Pick<
    PersonRow,
    'given_name' | 'middle_name' | 'family_name' | 'preferred_name' | 'birth_date' | 'emails' | 'phones'
  >,
): PersonFacts {
  return {
    givenName: row.given_name,
    middleName: row.middle_name,
    familyName: row.family_name,
    preferredName: row.preferred_name,
    birthDate: row.birth_date,
    emails: row.emails,
    phones: row.phones,
  };
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/** Identifiers of many people at once, each list ordered by kind and value. */
export async function identifiersOf(db: Kysely<DB>, personIds: number[]): Promise<Map<number, Identifier[]>> {
  const out = new Map<number, Identifier[]>(personIds.map((id) => [id, []]));
  if (personIds.length === 0) return out;
  const rows = await db
    .selectFrom('identifiers')
    .select(['person_id', 'kind', 'scope', 'value'])
    .where('person_id', 'in', personIds)
    .orderBy('kind')
    .orderBy('scope')
    .orderBy('value')
    .execute();
  for (const r of rows) out.get(r.person_id)?.push({ kind: r.kind, scope: r.scope, value: r.value });
  return out;
}

/** A person's affiliations with their org's code and name, and whether each holds today. */
export async function affiliationsOf(db: Kysely<DB>, personId: number, today: string): Promise<Affiliation[]> {
  const rows = await db
    .selectFrom('affiliations as a')
    .innerJoin('org_units as o', 'o.id', 'a.org_id')
    .select([
      'a.id',
      'a.person_id',
      'a.org_id',
      'o.code',
      'o.name',
      'a.kind',
      'a.title',
      'a.source',
      'a.valid_from',
      'a.valid_to',
      'a.version',
    ])
    .where('a.person_id', '=', personId)
    .orderBy('a.valid_from', 'desc')
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    orgId: r.org_id,
    orgCode: r.code,
    orgName: r.name,
    kind: r.kind,
    title: r.title,
    source: r.source,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    current: isCurrent({ validFrom: r.valid_from, validTo: r.valid_to }, today),
    version: r.version,
  }));
}

/** Follows merged_into to the record that survives (chains are flattened on merge; this also copes with old ones). */
export async function survivorOf(db: Kysely<DB>, id: number): Promise<number> {
  let current = id;
  for (let hops = 0; hops < 50; hops += 1) {
    const row = await db.selectFrom('people').select('merged_into').where('id', '=', current).executeTakeFirst();
    if (!row) throw notFound('person', id);
    if (row.merged_into === null) return current;
    current = row.merged_into;
  }
  return current;
}

/** The full record of one person (a tombstone shows where it was merged to); 404 if unknown. */
export async function loadPerson(db: Kysely<DB>, id: number, today: string): Promise<Person> {
  const row = (await db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst()) as
    PersonRow | undefined;
  if (!row) throw notFound('person', id);
  const identifiers = (await identifiersOf(db, [id])).get(id)!;
  const facts = factsOf(row);
  return {
    id: row.id,
    ...facts,
    displayName: displayName(facts),
    identifiers,
    affiliations: await affiliationsOf(db, id, today),
    state: row.state,
    mergedInto: row.merged_into === null ? null : await survivorOf(db, row.merged_into),
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Short descriptions of many people, for search results and duplicate candidates. */
export async function loadSummaries(db: Kysely<DB>, ids: number[]): Promise<Map<number, PersonSummary>> {
  const out = new Map<number, PersonSummary>();
  if (ids.length === 0) return out;
  const rows = (await db.selectFrom('people').selectAll().where('id', 'in', ids).execute()) as PersonRow[];
  const identifiers = await identifiersOf(db, ids);
  for (const r of rows) {
    const facts = factsOf(r);
    out.set(r.id, {
      id: r.id,
      displayName: displayName(facts),
      givenName: r.given_name,
      middleName: r.middle_name,
      familyName: r.family_name,
      preferredName: r.preferred_name,
      birthDate: r.birth_date,
      state: r.state,
      emails: r.emails.map((e) => e.address),
      identifiers: identifiers.get(r.id) ?? [],
    });
  }
  return out;
}

/**
 * Materialised paths of the org units a person is currently affiliated to: an
 * organisation administrator may change the person only if one lies in their subtree.
 */
export async function currentOrgPaths(
  db: Kysely<DB>,
  personIds: number[],
  today: string,
): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(personIds.map((id) => [id, []]));
  if (personIds.length === 0) return out;
  const rows = await db
    .selectFrom('affiliations as a')
    .innerJoin('org_units as o', 'o.id', 'a.org_id')
    .select(['a.person_id', 'o.path'])
    .where('a.person_id', 'in', personIds)
    .where((eb) => eb.or([eb('a.valid_from', 'is', null), eb('a.valid_from', '<=', today)]))
    .where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', today)]))
    .execute();
  for (const r of rows) out.get(r.person_id)?.push(r.path);
  return out;
}

/** Locks people rows for a change, in id order so two writers never deadlock. */
export async function lockPeople(db: Kysely<DB>, ids: number[]): Promise<PersonRow[]> {
  if (ids.length === 0) return [];
  const { rows } =
    await sql<PersonRow>`select * from people where id = any(${ids}::bigint[]) order by id for update`.execute(db);
  return rows;
}

export type { PersonRow };
