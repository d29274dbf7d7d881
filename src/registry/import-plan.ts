import { type Kysely, sql } from 'kysely';
import type { DB, EmailAddress, PhoneNumber } from '../platform/db/schema.ts';
import { nameSimilarity } from './duplicates.ts';
import type { Identifier } from './person-schemas.ts';
import type { ImportColumn, ImportRow, RowError } from './import-rows.ts';
import type { PersonFacts } from './person-store.ts';

/**
 * Planning one batch of imported rows with a fixed number of set-based reads (org codes,
 * people by source key, owners of the ID numbers and usernames, their affiliations), then
 * deciding per row: create, update (and what changes) or unchanged, or an error.
 */
export interface OrgRef {
  id: number;
  code: string;
  validTo: string | null;
}

interface PersonRow {
  id: number;
  version: number;
  given_name: string;
  middle_name: string | null;
  family_name: string;
  preferred_name: string | null;
  birth_date: string | null;
  emails: EmailAddress[];
  phones: PhoneNumber[];
}

export interface AffiliationPlan {
  orgId: number;
  orgCode: string;
  kind: string;
  title: string | null;
  source: string;
}

export interface PlannedPerson {
  row: ImportRow;
  /** Existing person, or null for a new one. */
  personId: number | null;
  version: number | null;
  before: PersonFacts | null;
  after: PersonFacts;
  factsChanged: boolean;
  addIdentifiers: Identifier[];
  addAffiliation: AffiliationPlan | null;
  retitle: { id: number; version: number; title: string | null } | null;
}

export interface BatchPlan {
  people: PlannedPerson[];
  unchanged: number;
  errors: RowError[];
}

/** How alike the names must be before a row is matched to a person through an identifier alone. */
const MATCH_NAME_SIMILARITY = 0.5;
const key = (...parts: string[]) => parts.join('\u0000');
const sameList = <T extends object>(a: T[], b: T[], fields: (keyof T)[]) =>
  a.length === b.length && a.every((x, i) => fields.every((f) => (x[f] ?? null) === (b[i][f] ?? null)));

/**
 * The list with this source's entry set to `entry`: a source keeps one address (or number)
 * under its own label, replaced in place when it changes; one already listed under another
 * label is not repeated.
 */
export function withSourceEntry<T extends { label?: string }>(
  list: T[],
  entry: T | null,
  label: string,
  same: (a: T, b: T) => boolean,
): T[] {
  const others = (keep: T | null) => list.filter((e) => e.label !== label || e === keep);
  if (!entry) return others(null);
  const own = list.find((e) => e.label === label && same(e, entry));
  if (own) return others(own);
  if (list.some((e) => e.label !== label && same(e, entry))) return others(null);
  const at = list.findIndex((e) => e.label === label);
  if (at < 0) return [...list, entry];
  return others(list[at]).map((e) => (e === list[at] ? entry : e));
}

const digits = (n: string) => n.replace(/[^\d+]/g, '');

/** The person's facts after applying a row (only the columns the file has). */
export function factsAfter(before: PersonFacts | null, row: ImportRow, has: ReadonlySet<ImportColumn>): PersonFacts {
  const base: PersonFacts = before ?? {
    givenName: '',
    middleName: null,
    familyName: '',
    preferredName: null,
    birthDate: null,
    emails: [],
    phones: [],
  };
  const pick = <T>(column: ImportColumn, value: T, old: T) => (has.has(column) ? value : old);
  return {
    givenName: pick('given_name', row.givenName, base.givenName),
    middleName: pick('middle_name', row.middleName, base.middleName),
    familyName: row.familyName,
    preferredName: pick('preferred_name', row.preferredName, base.preferredName),
    birthDate: pick('birth_date', row.birthDate, base.birthDate),
    emails: has.has('email')
      ? withSourceEntry(
          base.emails,
          row.email ? { address: row.email, label: row.source } : null,
          row.source,
          (a, b) => a.address.toLowerCase() === b.address.toLowerCase(),
        )
      : base.emails,
    phones: has.has('phone')
      ? withSourceEntry(
          base.phones,
          row.phone ? { number: row.phone, label: row.source } : null,
          row.source,
          (a, b) => digits(a.number) === digits(b.number),
        )
      : base.phones,
  };
}

/** True if two fact sets are equal, whatever the key order of stored JSON (so re-imports count as unchanged). */
export function sameFacts(a: PersonFacts, b: PersonFacts): boolean {
  return (
    a.givenName === b.givenName &&
    a.middleName === b.middleName &&
    a.familyName === b.familyName &&
    a.preferredName === b.preferredName &&
    a.birthDate === b.birthDate &&
    sameList(a.emails, b.emails, ['address', 'label']) &&
    sameList(a.phones, b.phones, ['number', 'label'])
  );
}

const factsOfRow = (p: PersonRow): PersonFacts => ({
  givenName: p.given_name,
  middleName: p.middle_name,
  familyName: p.family_name,
  preferredName: p.preferred_name,
  birthDate: p.birth_date,
  emails: p.emails,
  phones: p.phones,
});

/** Resolves org codes not yet in `cache` (one query) and returns the cache. */
export async function loadOrgs(
  db: Kysely<DB>,
  codes: string[],
  cache: Map<string, OrgRef | null>,
): Promise<Map<string, OrgRef | null>> {
  const missing = [...new Set(codes)].filter((c) => !cache.has(c));
  if (missing.length) {
    const rows = await db
      .selectFrom('org_units')
      .select(['id', 'code', 'valid_to'])
      .where('code', 'in', missing)
      .execute();
    for (const c of missing) cache.set(c, null);
    for (const r of rows) cache.set(r.code, { id: r.id, code: r.code, validTo: r.valid_to });
  }
  return cache;
}

/**
 * Plans a batch of valid rows against the database as it is now (reads only). Lookups are
 * written as LATERAL probes so each is an index lookup per key whatever the planner's
 * statistics say (a big import outgrows them long before the next ANALYZE).
 */
// Long by design: set-based reads for one batch share their lookups; issue 19 splits the import pipeline
// eslint-disable-next-line max-statements -- long by design, as said above
export async function planBatch(
  db: Kysely<DB>,
  rows: ImportRow[],
  has: ReadonlySet<ImportColumn>,
  orgs: Map<string, OrgRef | null>,
  today: string,
): Promise<BatchPlan> {
  const errors: RowError[] = [];
  await loadOrgs(
    db,
    rows.flatMap((r) => (r.orgCode ? [r.orgCode] : [])),
    orgs,
  );
  const bySourceKey = new Map<string, number>();
  if (rows.length) {
    const { rows: found } = await sql<{ scope: string; value: string; person_id: number }>`
      select k.scope, k.value, i.person_id from unnest(${rows.map((r) => r.source)}::text[], ${rows.map((r) => r.sourceKey)}::text[]) as k(scope, value)
      cross join lateral (select person_id from identifiers i where i.kind = 'source-key' and i.scope = k.scope and i.value = k.value limit 1) i`.execute(
      db,
    );
    for (const f of found) bySourceKey.set(key(f.scope, f.value), f.person_id);
  }
  const wanted = rows.flatMap((r) => [
    ...(r.idNumber ? [['id-number', r.idNumber]] : []),
    ...(r.username ? [['username', r.username]] : []),
  ]);
  const owners = new Map<string, number | null>();
  if (wanted.length) {
    const { rows: found } = await sql<{ kind: string; value: string; person_id: number | null }>`
      select k.kind, k.value, coalesce(i.person_id, r.person_id) as person_id
      from unnest(${wanted.map((w) => w[0])}::text[], ${wanted.map((w) => w[1])}::text[]) as k(kind, value)
      left join lateral (select person_id from identifiers i where i.kind = k.kind and i.scope = '' and i.value = k.value limit 1) i on true
      left join lateral (select person_id, true as held from reserved_identifiers r where r.kind = k.kind and r.value = k.value limit 1) r on true
      where i.person_id is not null or r.held`.execute(db);
    for (const f of found) owners.set(key(f.kind, f.value), f.person_id);
  }
  const personIds = new Set<number>([
    ...bySourceKey.values(),
    ...[...owners.values()].filter((v): v is number => v !== null),
  ]);
  const people = new Map<number, PersonRow>();
  const affiliations = new Map<
    number,
    {
      id: number;
      org_id: number;
      kind: string;
      title: string | null;
      source: string;
      valid_to: string | null;
      version: number;
    }[]
  >();
  if (personIds.size) {
    const ids = [...personIds];
    const { rows: found } = await sql<
      PersonRow & { state: string }
    >`select id, version, given_name, middle_name, family_name, preferred_name, birth_date, emails, phones, state from people where id = any(${ids}::bigint[])`.execute(
      db,
    );
    for (const p of found) if (p.state === 'active') people.set(p.id, p);
    const { rows: affs } = await sql<{
      id: number;
      person_id: number;
      org_id: number;
      kind: string;
      title: string | null;
      source: string;
      valid_to: string | null;
      version: number;
    }>`
      select a.id, a.person_id, a.org_id, a.kind, a.title, a.source, a.valid_to, a.version from unnest(${ids}::bigint[]) as k(id)
      cross join lateral (select * from affiliations a where a.person_id = k.id offset 0) a`.execute(db);
    for (const a of affs) affiliations.set(a.person_id, [...(affiliations.get(a.person_id) ?? []), a]);
  }

  const claimed = new Map<string, { line: number; person: string }>();
  const matchedBy = new Map<number, number>();
  const planned: PlannedPerson[] = [];
  let unchanged = 0;
  for (const row of rows) {
    const rowErrors: RowError[] = [];
    const fail = (field: string, rule: string, message: string) =>
      rowErrors.push({ line: row.line, field, rule, message });
    let org: OrgRef | null = null;
    if (row.orgCode) {
      org = orgs.get(row.orgCode) ?? null;
      if (!org) fail('org_code', 'unknown-org', `no organisation has code ${row.orgCode}`);
      else if (org.validTo && org.validTo < today)
        fail('org_code', 'org-ended', `organisation ${row.orgCode} ended on ${org.validTo}`);
    }
    let personId = bySourceKey.get(key(row.source, row.sourceKey)) ?? null;
    const idOwners = (
      [
        ['id-number', row.idNumber, 'id_number'],
        ['username', row.username, 'username'],
      ] as const
    )
      .filter(([, v]) => v)
      .map(([kind, value, column]) => ({ kind, value: value!, column, owner: owners.get(key(kind, value!)) }));
    if (personId === null) {
      const known = [
        ...new Set(idOwners.filter((o) => o.owner !== undefined && o.owner !== null).map((o) => o.owner!)),
      ];
      if (known.length > 1)
        fail('id_number', 'conflict', `id_number and username belong to different people (${known.join(', ')})`);
      else if (known.length === 1 && people.has(known[0])) {
        // An identifier is strong evidence, but a feed's typo must not rename someone else.
        const holder = people.get(known[0])!;
        const sim = nameSimilarity(
          { givenName: row.givenName, familyName: row.familyName },
          { givenName: holder.given_name, familyName: holder.family_name, preferredName: holder.preferred_name },
        );
        if (sim >= MATCH_NAME_SIMILARITY) personId = known[0];
        else
          fail(
            idOwners.find((o) => o.owner === known[0])!.column,
            'identity-mismatch',
            `belongs to person ${known[0]} (${holder.given_name} ${holder.family_name}), whose name does not match`,
          );
      }
    }
    if (personId !== null && !people.has(personId))
      fail('source_key', 'merged', `matches person ${personId}, which is not active`);
    for (const o of idOwners) {
      if (rowErrors.some((e) => e.field === o.column)) continue;
      if (o.owner !== undefined && o.owner !== personId)
        fail(
          o.column,
          o.owner === null ? 'reserved' : 'unique',
          `${o.kind} ${o.value} ${o.owner === null ? 'is reserved' : `belongs to person ${o.owner}`} and is never reissued`,
        );
      const holder = personId === null ? `line ${row.line}` : `person ${personId}`;
      const prior = claimed.get(key(o.kind, o.value));
      if (prior && prior.person !== holder)
        fail(o.column, 'unique', `${o.kind} ${o.value} is also given on line ${prior.line}`);
    }
    if (personId !== null && matchedBy.has(personId) && matchedBy.get(personId) !== row.line)
      fail('source_key', 'duplicate-person', `matches the same person as line ${matchedBy.get(personId)}`);
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    for (const o of idOwners)
      claimed.set(key(o.kind, o.value), {
        line: row.line,
        person: personId === null ? `line ${row.line}` : `person ${personId}`,
      });
    if (personId !== null) matchedBy.set(personId, row.line);
    const existing = personId === null ? null : people.get(personId)!;
    const before = existing ? factsOfRow(existing) : null;
    const after = factsAfter(before, row, has);
    const addIdentifiers: Identifier[] = [];
    if (!bySourceKey.has(key(row.source, row.sourceKey)))
      addIdentifiers.push({ kind: 'source-key', scope: row.source, value: row.sourceKey });
    for (const o of idOwners)
      if (o.owner === undefined) addIdentifiers.push({ kind: o.kind, scope: '', value: o.value });
    let addAffiliation: AffiliationPlan | null = null;
    let retitle: PlannedPerson['retitle'] = null;
    if (org) {
      const same = (affiliations.get(personId ?? -1) ?? []).find(
        (a) =>
          a.org_id === org.id &&
          a.kind === row.affiliationKind &&
          a.source === row.source &&
          (a.valid_to === null || a.valid_to >= today),
      );
      if (!same)
        addAffiliation = {
          orgId: org.id,
          orgCode: org.code,
          kind: row.affiliationKind!,
          title: row.title,
          source: row.source,
        };
      else if (has.has('title') && (same.title ?? null) !== row.title)
        retitle = { id: same.id, version: same.version, title: row.title };
    }
    const factsChanged = !before || !sameFacts(before, after);
    if (before && !factsChanged && addIdentifiers.length === 0 && !addAffiliation && !retitle) {
      unchanged += 1;
      continue;
    }
    planned.push({
      row,
      personId,
      version: existing?.version ?? null,
      before,
      after,
      factsChanged,
      addIdentifiers,
      addAffiliation,
      retitle,
    });
  }
  return { people: planned, unchanged, errors };
}
