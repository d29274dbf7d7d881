import { sql } from 'kysely';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { dayBefore } from '../platform/dates.ts';
import { StewardError } from '../platform/errors.ts';
import { searchName } from '../registry/names.ts';
import type { PersonFacts } from '../registry/person-store.ts';
import { type AffiliationFacts, type AffiliationRow, factsOf, sameFacts, shown } from './affiliation-facts.ts';
import { type KeyDecision, matchPeople } from './record-match.ts';
import type { PreviousRecord, RemoveItem, UpsertItem } from './snapshot-store.ts';
import type { AffiliationRecord } from './snapshot-rows.ts';
import type { SourceConfig } from './source-config.ts';
import { refreshStatusOf } from './status-hook.ts';
import { writeSourceRecords } from './source-record-writes.ts';

/**
 * Applying one batch of a source's records inside one write transaction, with set-based
 * statements: people created for unknown person keys, `source-key` identifiers added to
 * people matched by identifier, affiliations inserted, updated, ended (the day before
 * today) or withdrawn (never begun), `source_records` kept as what the source said, and
 * near-matches left in `match_reviews` instead of guessed. Every changed person and
 * affiliation gets an audit row (before/after) and a change-log entry; a record whose
 * affiliation does not change writes only its bookkeeping. Used by snapshots, single-record
 * updates and review resolution alike.
 */
export interface ApplyContext {
  source: SourceConfig;
  /** The snapshot the records come from (null: a single-record update or a review). */
  snapshotId: number | null;
  /** Today (YYYY-MM-DD); removed affiliations end the day before. */
  today: string;
  /** How audit reasons name where the records came from, e.g. "snapshot 12 of hr". */
  origin: string;
  /** An administrator's decision for a person key, overriding the match (resolving a review). */
  decide?: (personKey: string) => { personId: number } | { create: true } | undefined;
}

export interface ApplyCounts {
  added: number;
  changed: number;
  removed: number;
  peopleCreated: number;
  reviews: number;
  /** People whose affiliations or records changed (their statuses were refreshed). */
  people: number[];
  /** Per record key: the person and affiliation it now belongs to, or the review it waits in. */
  outcomes: Map<string, { personId: number; affiliationId: number | null } | { reviewId: number }>;
}

/** Takes the per-source lock: batches of one source (snapshot, single records, reviews) never interleave. */
export async function lockSource(uow: UnitOfWork, source: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(73011980, hashtext(${source}))`.execute(uow.db);
}

/** Applies upserts and removals of one source in the caller's transaction; returns what happened. */
// Long by design: one batch's set-based statements share temp tables in one transaction; issue 19 splits the pipeline
// eslint-disable-next-line max-statements -- long by design, as said above
export async function applyRecords(
  uow: UnitOfWork,
  ctx: ApplyContext,
  upserts: readonly UpsertItem[],
  removals: readonly RemoveItem[],
): Promise<ApplyCounts> {
  const db = uow.db;
  const source = ctx.source.name;
  const yesterday = dayBefore(ctx.today);
  const counts: ApplyCounts = {
    added: 0,
    changed: 0,
    removed: 0,
    peopleCreated: 0,
    reviews: 0,
    people: [],
    outcomes: new Map(),
  };
  const touched = new Set<number>();
  const where = (key: string, line: number | null) =>
    `${ctx.origin}${line === null ? '' : `, line ${line}`}, record ${key}`;

  // What the records had become: their current affiliations (merges move them, so their person is the truth).
  const previousIds = [
    ...upserts.flatMap((u) => (u.previous ? [u.previous.affiliationId] : [])),
    ...removals.map((r) => r.previous.affiliationId),
  ];
  const current = new Map<number, AffiliationRow & { org_code: string }>();
  if (previousIds.length) {
    const { rows } = await sql<AffiliationRow & { org_code: string }>`
      select a.id, a.person_id, a.org_id, a.kind, a.title, a.codes, a.valid_from, a.valid_to, a.attributes, o.code as org_code
      from affiliations a join org_units o on o.id = a.org_id where a.id = any(${previousIds}::bigint[])`.execute(db);
    for (const r of rows) current.set(r.id, r);
  }
  const samePerson = (u: UpsertItem) =>
    u.previous !== null && current.has(u.previous.affiliationId) && u.previous.record?.personKey === u.record.personKey;

  // Org units by code.
  const codes = [...new Set(upserts.map((u) => u.record.orgCode))];
  const orgs = new Map<string, number>();
  if (codes.length) {
    const { rows } = await sql<{
      id: number;
      code: string;
    }>`select id, code from org_units where code = any(${codes}::text[])`.execute(db);
    for (const r of rows) orgs.set(r.code, r.id);
  }
  const unknown = codes.filter((c) => !orgs.has(c));
  if (unknown.length)
    throw new StewardError('conflict', `no organisation has code ${unknown.join(', ')}`, {
      problems: unknown.map((c) => ({
        field: 'orgCode',
        rule: 'unknown-org',
        message: `no organisation has code ${c}`,
      })),
    });

  // People for the records that need one found: new records, and records whose person key changed.
  const byKey = new Map<string, AffiliationRecord[]>();
  for (const u of upserts)
    if (!samePerson(u)) byKey.set(u.record.personKey, [...(byKey.get(u.record.personKey) ?? []), u.record]);
  const overridden = new Map<string, KeyDecision>();
  const toMatch = new Map<string, AffiliationRecord[]>();
  for (const [key, records] of byKey) {
    const given = ctx.decide?.(key);
    const record = records.find((r) => r.familyName) ?? records[0];
    if (given && 'personId' in given)
      overridden.set(key, { decision: { match: given.personId, by: 'identifier' }, record, people: new Map() });
    else if (given) overridden.set(key, { decision: { create: true }, record, people: new Map() });
    else toMatch.set(key, records);
  }
  const decisions = new Map([...(await matchPeople(db, ctx.source, toMatch)), ...overridden]);
  const lineOf = new Map<string, number | null>();
  for (const u of upserts) if (!lineOf.has(u.record.personKey)) lineOf.set(u.record.personKey, u.line);

  // New people, one per person key decided "create".
  const creating = [...decisions].filter(([, d]) => 'create' in d.decision);
  const personOf = new Map<string, number>();
  if (creating.length) {
    const { rows } = await sql<{
      id: number;
    }>`select nextval(pg_get_serial_sequence('people', 'id')) as id from generate_series(1, ${creating.length})`.execute(
      db,
    );
    const people = creating.map(([key, d], i) => {
      const r = d.record;
      const facts: PersonFacts = {
        givenName: r.givenName ?? '',
        middleName: r.middleName ?? null,
        familyName: r.familyName ?? '',
        preferredName: null,
        birthDate: r.birthDate ?? null,
        emails: r.email ? [{ address: r.email, label: source }] : [],
        phones: [],
      };
      const identifiers = [
        { kind: 'source-key', scope: source, value: key },
        ...(r.idNumber ? [{ kind: 'id-number', scope: '', value: r.idNumber }] : []),
        ...(r.username ? [{ kind: 'username', scope: '', value: r.username }] : []),
      ];
      personOf.set(key, rows[i].id);
      return { id: rows[i].id, key, facts, identifiers, line: lineOf.get(key) ?? null };
    });
    await sql`
      insert into people (id, given_name, middle_name, family_name, preferred_name, birth_date, emails, phones, search_name, created_at, updated_at)
      select r.id, r.given_name, r.middle_name, r.family_name, null, r.birth_date, r.emails, '[]'::jsonb, r.search_name, ${uow.now}::timestamptz, ${uow.now}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(people.map((p) => ({ id: p.id, given_name: p.facts.givenName, middle_name: p.facts.middleName, family_name: p.facts.familyName, birth_date: p.facts.birthDate, emails: p.facts.emails, search_name: searchName(p.facts) })))}::jsonb)
        as r(id bigint, given_name text, middle_name text, family_name text, birth_date date, emails jsonb, search_name text)`.execute(
      db,
    );
    const added = await addIdentifiers(
      uow,
      people.flatMap((p) => p.identifiers.map((i) => ({ ...i, personId: p.id }))),
    );
    for (const p of people) {
      uow.record({
        action: 'person.source.create',
        op: 'created',
        targetType: 'person',
        targetId: p.id,
        after: {
          ...p.facts,
          identifiers: p.identifiers.filter((i) => added.has(`${p.id}\u0000${i.kind}\u0000${i.value}`)),
        },
        reason: where(p.key, p.line),
      });
      touched.add(p.id);
    }
    counts.peopleCreated = people.length;
  }

  // People matched by an identifier (or chosen by an administrator) take this source's key.
  const linking: { personId: number; key: string; line: number | null }[] = [];
  for (const [key, d] of decisions) {
    if (!('match' in d.decision)) continue;
    personOf.set(key, d.decision.match);
    if (d.decision.by === 'identifier')
      linking.push({ personId: d.decision.match, key, line: lineOf.get(key) ?? null });
  }
  if (linking.length) {
    const added = await addIdentifiers(
      uow,
      linking.map((l) => ({ kind: 'source-key', scope: source, value: l.key, personId: l.personId })),
    );
    for (const l of linking) {
      if (!added.has(`${l.personId}\u0000source-key\u0000${l.key}`)) continue;
      uow.record({
        action: 'person.identifier.add',
        op: 'identifier-added',
        targetType: 'person',
        targetId: l.personId,
        after: { kind: 'source-key', scope: source, value: l.key },
        reason: where(l.key, l.line),
      });
    }
  }

  // Near-matches and records nobody can be created for wait for an administrator.
  const reviewing = upserts.filter((u) => !samePerson(u) && 'review' in decisions.get(u.record.personKey)!.decision);
  if (reviewing.length) {
    const rows = reviewing.map((u) => {
      const d = decisions.get(u.record.personKey)!;
      const review = (d.decision as Extract<KeyDecision['decision'], { review: unknown }>).review;
      const candidates = review.candidates.map((c) => ({ ...c, name: d.people.get(c.personId)?.name ?? null }));
      return { record_key: u.recordKey, record: u.record, candidates, reason: review.reason };
    });
    const { rows: ids } = await sql<{ id: number; record_key: string }>`
      insert into match_reviews (source, record_key, snapshot_id, record, candidates, reason, created_at)
      select ${source}, r.record_key, ${ctx.snapshotId}::bigint, r.record, r.candidates, r.reason, ${uow.now}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(record_key text, record jsonb, candidates jsonb, reason text)
      on conflict (source, record_key) where state = 'open'
      do update set snapshot_id = excluded.snapshot_id, record = excluded.record, candidates = excluded.candidates, reason = excluded.reason
      returning id, record_key`.execute(db);
    for (const r of ids) counts.outcomes.set(r.record_key, { reviewId: r.id });
    counts.reviews = reviewing.length;
  }

  // Affiliations: changed in place, moved to another person (ended there, added here), added, removed.
  const inserts: { u: UpsertItem; personId: number; facts: AffiliationFacts }[] = [];
  const updates: { u: UpsertItem; before: AffiliationRow & { org_code: string }; facts: AffiliationFacts }[] = [];
  const ends: { key: string; line: number | null; row: AffiliationRow & { org_code: string }; movedTo?: number }[] = [];
  const kept: { u: UpsertItem; personId: number; affiliationId: number }[] = [];
  for (const u of upserts) {
    const facts = factsOf(u.record, orgs.get(u.record.orgCode)!);
    if (samePerson(u)) {
      const before = current.get(u.previous!.affiliationId)!;
      if (sameFacts(before, facts)) kept.push({ u, personId: before.person_id, affiliationId: before.id });
      else updates.push({ u, before, facts });
      continue;
    }
    const personId = personOf.get(u.record.personKey);
    if (personId === undefined) continue; // waiting for review
    const before = u.previous ? current.get(u.previous.affiliationId) : undefined;
    if (before && before.person_id === personId) {
      if (sameFacts(before, facts)) kept.push({ u, personId, affiliationId: before.id });
      else updates.push({ u, before, facts });
      continue;
    }
    if (before) ends.push({ key: u.recordKey, line: u.line, row: before, movedTo: personId });
    inserts.push({ u, personId, facts });
  }
  const codeOf = new Map([...orgs].map(([code, id]) => [id, code]));

  if (updates.length) {
    await sql`
      update affiliations a set org_id = r.org_id, kind = r.kind, title = r.title, codes = r.codes, valid_from = r.valid_from, valid_to = r.valid_to,
        attributes = r.attributes, updated_at = ${uow.now}::timestamptz, version = a.version + 1
      from (select r.id, r.org_id, r.kind, r.title, array(select jsonb_array_elements_text(r.codes)) as codes, r.valid_from, r.valid_to, r.attributes
            from jsonb_to_recordset(${JSON.stringify(updates.map(({ before, facts }) => ({ id: before.id, ...facts })))}::jsonb)
              as r(id bigint, org_id bigint, kind text, title text, codes jsonb, valid_from date, valid_to date, attributes jsonb)) r
      where a.id = r.id`.execute(db);
    for (const { u, before, facts } of updates) {
      const op =
        facts.valid_to !== null && facts.valid_to !== before.valid_to && facts.valid_to < ctx.today
          ? 'ended'
          : 'updated';
      const after = shown({ id: before.id, ...facts }, u.record.orgCode, source, u.recordKey);
      uow.audit({
        action: op === 'ended' ? 'person.affiliation.end' : 'person.affiliation.update',
        targetType: 'person',
        targetId: before.person_id,
        before: shown(before, before.org_code, source, u.recordKey),
        after,
        reason: where(u.recordKey, u.line),
      });
      uow.change({
        entityType: 'affiliation',
        entityId: before.id,
        op,
        data: { personId: before.person_id, ...after },
      });
      touched.add(before.person_id);
    }
  }

  // Removed records: the source's key is forgotten, the affiliation ends yesterday (or is withdrawn if it never began).
  for (const r of removals) {
    const row = current.get(r.previous.affiliationId);
    if (row) ends.push({ key: r.recordKey, line: null, row });
  }
  if (removals.length)
    await sql`delete from source_records where source = ${source} and record_key = any(${removals.map((r) => r.recordKey)}::text[])`.execute(
      db,
    );
  const ending = ends.filter((e) => e.row.valid_to === null || e.row.valid_to > yesterday);
  const neverBegan = (e: (typeof ends)[number]) => e.row.valid_from !== null && e.row.valid_from > yesterday;
  const withdrawn = ending.filter(neverBegan);
  const ended = ending.filter((e) => !neverBegan(e));
  if (ended.length) {
    await sql`update affiliations set valid_to = ${yesterday}::date, updated_at = ${uow.now}::timestamptz, version = version + 1 where id = any(${ended.map((e) => e.row.id)}::bigint[])`.execute(
      db,
    );
  }
  if (withdrawn.length) {
    // A moved record's old affiliation is still its source_records row until the upsert below replaces it.
    await sql`delete from source_records where affiliation_id = any(${withdrawn.map((e) => e.row.id)}::bigint[])`.execute(
      db,
    );
    await sql`delete from affiliations where id = any(${withdrawn.map((e) => e.row.id)}::bigint[])`.execute(db);
  }
  for (const e of ending) {
    const gone = neverBegan(e);
    const before = shown(e.row, e.row.org_code, source, e.key);
    const after = gone ? undefined : { ...before, validTo: yesterday };
    uow.audit({
      action: gone ? 'person.affiliation.remove' : 'person.affiliation.end',
      targetType: 'person',
      targetId: e.row.person_id,
      before,
      after,
      reason: `${where(e.key, e.line)}: ${e.movedTo ? `the record now belongs to person ${e.movedTo}` : gone ? 'no longer delivered, and it had not begun' : 'no longer delivered'}`,
    });
    uow.change({
      entityType: 'affiliation',
      entityId: e.row.id,
      op: gone ? 'deleted' : 'ended',
      data: { personId: e.row.person_id, ...(after ?? before) },
    });
    touched.add(e.row.person_id);
  }
  counts.removed = removals.length;

  const affiliationOf = new Map<string, number>();
  if (inserts.length) {
    const { rows } = await sql<{ id: number; record_key: string }>`
      insert into affiliations (person_id, org_id, kind, title, codes, valid_from, valid_to, attributes, source, record_key, created_at, updated_at)
      select r.person_id, r.org_id, r.kind, r.title, array(select jsonb_array_elements_text(r.codes)), r.valid_from, r.valid_to, r.attributes, ${source}, r.record_key,
        ${uow.now}::timestamptz, ${uow.now}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(inserts.map(({ u, personId, facts }) => ({ person_id: personId, record_key: u.recordKey, ...facts })))}::jsonb)
        as r(person_id bigint, record_key text, org_id bigint, kind text, title text, codes jsonb, valid_from date, valid_to date, attributes jsonb)
      returning id, record_key`.execute(db);
    for (const r of rows) affiliationOf.set(r.record_key, r.id);
    for (const { u, personId, facts } of inserts) {
      const id = affiliationOf.get(u.recordKey)!;
      const after = shown({ id, ...facts }, codeOf.get(facts.org_id)!, source, u.recordKey);
      uow.audit({
        action: 'person.affiliation.add',
        targetType: 'person',
        targetId: personId,
        after,
        reason: where(u.recordKey, u.line),
      });
      uow.change({ entityType: 'affiliation', entityId: id, op: 'created', data: { personId, ...after } });
      touched.add(personId);
    }
  }

  // What the source said, for the next snapshot to be compared with.
  const written = [
    ...kept.map((k) => ({ u: k.u, personId: k.personId, affiliationId: k.affiliationId })),
    ...updates.map((x) => ({ u: x.u, personId: x.before.person_id, affiliationId: x.before.id })),
    ...inserts.map((x) => ({ u: x.u, personId: x.personId, affiliationId: affiliationOf.get(x.u.recordKey)! })),
  ];
  if (written.length) {
    await writeSourceRecords(uow, source, written);
    // A review of a record that now applies is settled.
    await sql`
      update match_reviews set state = 'matched', resolved_by = ${uow.actor.name}, resolved_at = ${uow.now}::timestamptz
      where source = ${source} and state = 'open' and record_key = any(${written.map((w) => w.u.recordKey)}::text[])`.execute(
      db,
    );
    for (const w of written) {
      counts.outcomes.set(w.u.recordKey, { personId: w.personId, affiliationId: w.affiliationId });
      counts[w.u.previous ? 'changed' : 'added'] += 1;
    }
  }

  counts.people = [...touched].sort((a, b) => a - b);
  await refreshStatusOf(uow, counts.people, ctx.origin);
  return counts;
}

/**
 * Inserts identifiers (and reservations for reserved kinds) that nobody holds yet; returns the ones inserted as
 * "person\0kind\0value".
 */
async function addIdentifiers(
  uow: UnitOfWork,
  ids: { kind: string; scope: string; value: string; personId: number }[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await sql<{ kind: string; value: string; person_id: number }>`
    insert into identifiers (kind, scope, value, person_id, created_at)
    select k.kind, k.scope, k.value, k.person_id, ${uow.now}::timestamptz
    from unnest(${ids.map((i) => i.kind)}::text[], ${ids.map((i) => i.scope)}::text[], ${ids.map((i) => i.value)}::text[], ${ids.map((i) => i.personId)}::bigint[]) as k(kind, scope, value, person_id)
    where k.kind = 'source-key' or not exists (select 1 from reserved_identifiers r where r.kind = k.kind and r.value = k.value)
    on conflict do nothing returning kind, value, person_id`.execute(uow.db);
  const reserved = rows.filter((r) => r.kind !== 'source-key');
  if (reserved.length) {
    await sql`
      insert into reserved_identifiers (kind, value, person_id, reserved_at)
      select k.kind, k.value, k.person_id, ${uow.now}::timestamptz
      from unnest(${reserved.map((r) => r.kind)}::text[], ${reserved.map((r) => r.value)}::text[], ${reserved.map((r) => r.person_id)}::bigint[]) as k(kind, value, person_id)
      on conflict do nothing`.execute(uow.db);
  }
  return new Set(rows.map((r) => `${r.person_id}\u0000${r.kind}\u0000${r.value}`));
}

export type { PreviousRecord };
