import { sql } from 'kysely';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { refreshPeople } from '../status/status-store.ts';
import { isReservedKind } from './identifiers.ts';
import type { PlannedPerson } from './import-plan.ts';
import { searchName } from './names.ts';

/**
 * Writing one planned batch with set-based SQL: one statement each for new people, changed
 * people, identifiers, reservations, new affiliations and retitled ones, then an audit row
 * and change-log entry per person. If the database moved since planning (a concurrent edit
 * or a value taken meanwhile), it throws StalePlan and the transaction rolls back whole,
 * so the importer plans the batch again.
 */
export class StalePlan extends Error {}

/** Applies the plan inside `uow`; returns how many people were created and updated. */
export async function applyPlan(
  uow: UnitOfWork,
  people: PlannedPerson[],
): Promise<{ created: number; updated: number }> {
  const db = uow.db;
  const fresh = people.filter((p) => p.personId === null);
  if (fresh.length) {
    const { rows } = await sql<{
      id: number;
    }>`select nextval(pg_get_serial_sequence('people', 'id')) as id from generate_series(1, ${fresh.length})`.execute(
      db,
    );
    fresh.forEach((p, i) => (p.personId = rows[i].id));
    const records = fresh.map((p) => ({ id: p.personId, ...columns(p) }));
    await sql`
      insert into people (id, given_name, middle_name, family_name, preferred_name, birth_date, emails, phones, search_name, created_at, updated_at)
      select r.id, r.given_name, r.middle_name, r.family_name, r.preferred_name, r.birth_date, r.emails, r.phones, r.search_name, ${uow.now}::timestamptz, ${uow.now}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(id bigint, given_name text, middle_name text, family_name text, preferred_name text, birth_date date, emails jsonb, phones jsonb, search_name text)`.execute(
      db,
    );
  }
  const changed = people.filter((p) => p.before && p.factsChanged);
  if (changed.length) {
    const records = changed.map((p) => ({ id: p.personId, version: p.version, ...columns(p) }));
    const { rows } = await sql<{ id: number }>`
      update people p set given_name = r.given_name, middle_name = r.middle_name, family_name = r.family_name, preferred_name = r.preferred_name,
        birth_date = r.birth_date, emails = r.emails, phones = r.phones, search_name = r.search_name, updated_at = ${uow.now}::timestamptz, version = p.version + 1
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(id bigint, version int, given_name text, middle_name text, family_name text, preferred_name text, birth_date date, emails jsonb, phones jsonb, search_name text)
      where p.id = r.id and p.version = r.version and p.state = 'active' returning p.id`.execute(db);
    if (rows.length !== changed.length) throw new StalePlan('a person changed while the batch was planned');
  }
  const ids = people.flatMap((p) => p.addIdentifiers.map((i) => ({ ...i, personId: p.personId! })));
  if (ids.length) {
    const { rows } = await sql<{ kind: string }>`
      insert into identifiers (kind, scope, value, person_id, created_at)
      select k.kind, k.scope, k.value, k.person_id, ${uow.now}::timestamptz
      from json_to_recordset(${JSON.stringify(ids.map((i) => ({ kind: i.kind, scope: i.scope, value: i.value, person_id: i.personId })))}::json)
           as k(kind text, scope text, value text, person_id bigint)
      on conflict do nothing returning kind`.execute(db);
    if (rows.length !== ids.length) throw new StalePlan('an identifier was taken while the batch was planned');
    const reserved = ids
      .filter((i) => isReservedKind(i.kind))
      .sort((a, b) => (a.kind + a.value < b.kind + b.value ? -1 : 1));
    if (reserved.length) {
      const kinds = reserved.map((i) => i.kind);
      const values = reserved.map((i) => i.value);
      const owners = reserved.map((i) => i.personId);
      await sql`
        insert into reserved_identifiers (kind, value, person_id, reserved_at)
        select k.kind, k.value, k.person_id, ${uow.now}::timestamptz from unnest(${kinds}::text[], ${values}::text[], ${owners}::bigint[]) as k(kind, value, person_id)
        on conflict do nothing`.execute(db);
      const { rows: others } = await sql<{ value: string }>`
        select r.value from unnest(${kinds}::text[], ${values}::text[], ${owners}::bigint[]) as k(kind, value, person_id)
        cross join lateral (select value, person_id from reserved_identifiers r where r.kind = k.kind and r.value = k.value limit 1) r
        where r.person_id is distinct from k.person_id`.execute(db);
      if (others.length) throw new StalePlan('a value was reserved for someone else while the batch was planned');
    }
  }
  const joining = people.filter((p) => p.addAffiliation);
  const affiliationIds = new Map<number, number>();
  if (joining.length) {
    const records = joining.map((p) => ({
      person_id: p.personId,
      org_id: p.addAffiliation!.orgId,
      kind: p.addAffiliation!.kind,
      title: p.addAffiliation!.title,
      source: p.addAffiliation!.source,
    }));
    const { rows } = await sql<{ id: number; person_id: number }>`
      insert into affiliations (person_id, org_id, kind, title, source, attributes, created_at, updated_at)
      select r.person_id, r.org_id, r.kind, r.title, r.source, '{}'::jsonb, ${uow.now}::timestamptz, ${uow.now}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(person_id bigint, org_id bigint, kind text, title text, source text)
      returning id, person_id`.execute(db);
    for (const r of rows) affiliationIds.set(r.person_id, r.id);
  }
  const retitled = people.filter((p) => p.retitle);
  if (retitled.length) {
    const records = retitled.map((p) => p.retitle!);
    const { rows } = await sql<{ id: number }>`
      update affiliations a set title = r.title, updated_at = ${uow.now}::timestamptz, version = a.version + 1
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(id bigint, version int, title text)
      where a.id = r.id and a.version = r.version returning a.id`.execute(db);
    if (rows.length !== retitled.length) throw new StalePlan('an affiliation changed while the batch was planned');
  }
  for (const p of people) record(uow, p, affiliationIds.get(p.personId!));
  // The people who gained an affiliation get their statuses in the same transaction.
  await refreshPeople(
    uow,
    joining.map((p) => p.personId!),
  );
  return { created: fresh.length, updated: people.length - fresh.length };
}

function columns(p: PlannedPerson) {
  const f = p.after;
  return {
    given_name: f.givenName,
    middle_name: f.middleName,
    family_name: f.familyName,
    preferred_name: f.preferredName,
    birth_date: f.birthDate,
    emails: f.emails,
    phones: f.phones,
    search_name: searchName(f),
  };
}

/** The audit row and change-log entries of one imported person. */
function record(uow: UnitOfWork, p: PlannedPerson, affiliationId: number | undefined): void {
  const created = p.before === null;
  const source = p.row.source;
  const after = {
    ...(p.factsChanged ? p.after : {}),
    ...(p.addIdentifiers.length ? { identifiersAdded: p.addIdentifiers } : {}),
    ...(p.addAffiliation
      ? {
          affiliationAdded: {
            orgCode: p.addAffiliation.orgCode,
            kind: p.addAffiliation.kind,
            title: p.addAffiliation.title,
          },
        }
      : {}),
    ...(p.retitle ? { affiliationRetitled: p.retitle } : {}),
  };
  uow.record({
    action: created ? 'person.import.create' : 'person.import.update',
    op: created ? 'created' : 'updated',
    targetType: 'person',
    targetId: p.personId!,
    before: p.factsChanged ? p.before : undefined,
    after,
    reason: `import from ${source}, line ${p.row.line}`,
  });
  if (p.addAffiliation && affiliationId)
    uow.change({
      entityType: 'affiliation',
      entityId: affiliationId,
      op: 'created',
      data: {
        personId: p.personId,
        orgId: p.addAffiliation.orgId,
        kind: p.addAffiliation.kind,
        title: p.addAffiliation.title,
        source,
      },
    });
  if (p.retitle)
    uow.change({
      entityType: 'affiliation',
      entityId: p.retitle.id,
      op: 'updated',
      data: { personId: p.personId, title: p.retitle.title },
    });
}
