import type { TestApp } from '../harness.ts';

/**
 * Helpers the status tests share: status types made over HTTP as the administrator, and
 * affiliations written straight to the table the way a source of record would deliver them
 * (source, codes, attributes), which the API's manual affiliations do not carry.
 */
export interface TypeBody {
  name: string;
  rank: number;
  category?: string;
  cardLabel?: string | null;
  directory?: 'Y' | 'N' | 'O' | 'P';
  description?: string;
  match: Record<string, unknown>;
}

export async function addType(t: TestApp, body: TypeBody): Promise<{ id: number; version: number; name: string }> {
  const r = await t.call(t.tokens.admin, {
    method: 'POST',
    url: '/status-types',
    payload: { category: 'employee', ...body },
  });
  if (r.statusCode !== 201) throw new Error(`status type ${body.name}: ${r.body}`);
  return r.json();
}

export interface FedAffiliation {
  orgId: number;
  source?: string;
  kind?: string;
  codes?: string[];
  attributes?: Record<string, unknown>;
  validFrom?: string | null;
  validTo?: string | null;
}

/** An affiliation as a feed would write it (no status refresh: the caller asks for one). */
export async function feedAffiliation(t: TestApp, personId: number, a: FedAffiliation): Promise<number> {
  const now = t.clock.now();
  const row = await t
    .db()
    .insertInto('affiliations')
    .values({
      person_id: personId,
      org_id: a.orgId,
      source: a.source ?? 'hr',
      kind: a.kind ?? 'employee',
      codes: a.codes ?? [],
      attributes: JSON.stringify(a.attributes ?? {}),
      valid_from: a.validFrom ?? null,
      valid_to: a.validTo ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A person with no affiliation, written straight to the table. */
export async function addBarePerson(t: TestApp, given: string, family: string): Promise<number> {
  const now = t.clock.now();
  const { id } = await t
    .db()
    .insertInto('people')
    .values({
      given_name: given,
      family_name: family,
      search_name: `${given} ${family}`.toLowerCase(),
      emails: '[]',
      phones: '[]',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function statusesOf(t: TestApp, personId: number, token = t.tokens.auditor) {
  const r = await t.call(token, { method: 'GET', url: `/people/${personId}/statuses` });
  if (r.statusCode !== 200) throw new Error(`statuses of ${personId}: ${r.body}`);
  return r.json();
}

export async function refresh(t: TestApp, personId: number) {
  const r = await t.call(t.tokens.admin, { method: 'POST', url: `/people/${personId}/statuses/refresh` });
  if (r.statusCode !== 200) throw new Error(`refresh of ${personId}: ${r.body}`);
  return r.json();
}

/** Stored status rows as comparable text, without ids and timestamps. */
export async function storedRows(t: TestApp): Promise<string[]> {
  const rows = await t
    .db()
    .selectFrom('person_statuses')
    .select(['person_id', 'status_type_id', 'start_date', 'end_date', 'bridged_to', 'because'])
    .execute();
  return rows
    .map((r) => JSON.stringify([r.person_id, r.status_type_id, r.start_date, r.end_date, r.bridged_to, r.because]))
    .sort();
}

export async function countRows(t: TestApp, table: 'audit_log' | 'change_log' | 'person_statuses'): Promise<number> {
  const row = await t
    .db()
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
