import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import { createAuditService } from '../platform/audit/audit-service.ts';
import type { AuditEntry } from '../platform/http/audit-schemas.ts';
import type { EmailAddress, PhoneNumber } from '../platform/db/schema.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, type FieldProblem, invalid, notFound, stale, StewardError } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { refreshPeople } from '../status/status-store.ts';
import { validityProblems } from './affiliations.ts';
import { findDuplicates } from './duplicate-query.ts';
import { BLOCK_THRESHOLD } from './duplicates.ts';
import { attachIdentifiers } from './identifier-store.ts';
import { normaliseIdentifier } from './identifiers.ts';
import type { Identifier } from './person-schemas.ts';
import { searchName, tidyName } from './names.ts';
import type { NewPerson, Person, PersonPatch, ProspectivePerson } from './person-schemas.ts';
import { currentOrgPaths, factsOf, loadPerson, type PersonFacts, type PersonRow } from './person-store.ts';
import { isoDate } from '../platform/dates.ts';
import { guestTargetsOf } from '../guests/guest-history-store.ts';

/**
 * Creating, reading and correcting one person, and their history. Creation runs the
 * duplicate check first: a likely duplicate stops it unless the caller forces it with a reason.
 */

/** Lowercased addresses and trimmed labels; blank labels dropped. */
export function tidyEmails(emails: EmailAddress[] | undefined): EmailAddress[] {
  return (emails ?? []).map((e) => ({
    address: e.address.trim().toLowerCase(),
    ...(e.label?.trim() ? { label: e.label.trim() } : {}),
  }));
}

/** Trimmed numbers and labels; blank labels dropped. */
export function tidyPhones(phones: PhoneNumber[] | undefined): PhoneNumber[] {
  return (phones ?? []).map((p) => ({
    number: p.number.trim(),
    ...(p.label?.trim() ? { label: p.label.trim() } : {}),
  }));
}

/** Normalised identifiers of a request, or a validation error naming each bad one. */
export function identifiersOfInput(
  input: { kind: string; scope?: string; value: string }[] | undefined,
  field = '/identifiers',
): Identifier[] {
  const problems: FieldProblem[] = [];
  const out: Identifier[] = [];
  for (const [i, raw] of (input ?? []).entries()) {
    const r = normaliseIdentifier(raw, `${field}/${i}`);
    problems.push(...r.problems);
    if (r.identifier) out.push(r.identifier);
  }
  assertNoProblems(problems);
  return out;
}

/** The person's facts from a create or prospect body, tidied and checked against the clock. */
export function factsOfInput(input: ProspectivePerson, today: string): PersonFacts {
  const name = tidyName({
    givenName: input.givenName,
    familyName: input.familyName,
    middleName: input.middleName,
    preferredName: input.preferredName,
  });
  if (name.familyName === '') throw invalid('/familyName', 'required', 'must not be blank');
  if (input.birthDate && input.birthDate > today)
    throw invalid('/birthDate', 'not-future', `must not be after today (${today})`);
  return {
    givenName: name.givenName,
    middleName: name.middleName ?? null,
    familyName: name.familyName,
    preferredName: name.preferredName ?? null,
    birthDate: input.birthDate ?? null,
    emails: tidyEmails(input.emails),
    phones: tidyPhones(input.phones),
  };
}

/** The person record use cases; `loadForChange` and `orgPath` are shared with the other registry services. */
export function createPersonRecords(deps: ServiceDeps) {
  const { db, clock } = deps;
  const audit = createAuditService(deps);
  const today = () => isoDate(clock.now());

  async function orgPath(orgId: number, field: string): Promise<string> {
    const org = await db
      .selectFrom('org_units')
      .select(['path', 'valid_to'])
      .where('id', '=', orgId)
      .executeTakeFirst();
    if (!org) throw invalid(field, 'exists', `organisation ${orgId} does not exist`);
    if (org.valid_to && org.valid_to < today())
      throw invalid(field, 'org-ended', `organisation ${orgId} ended on ${org.valid_to}`);
    return org.path;
  }

  /** Likely duplicates of a prospective person, most likely first (read-only). */
  async function duplicates(actor: Actor, input: ProspectivePerson) {
    authorise(actor, 'people:read');
    const facts = factsOfInput(input, today());
    return findDuplicates(db, {
      ...facts,
      emails: facts.emails.map((e) => e.address),
      identifiers: identifiersOfInput(input.identifiers),
    });
  }

  /** Creates a person (with identifiers and an optional first affiliation) after the duplicate check. */
  async function create(actor: Actor, input: NewPerson): Promise<Person> {
    const facts = factsOfInput(input, today());
    const identifiers = identifiersOfInput(input.identifiers);
    const aff = input.affiliation;
    if (aff)
      assertNoProblems(
        validityProblems({ validFrom: aff.validFrom ?? null, validTo: aff.validTo ?? null }, '/affiliation'),
      );
    authorise(actor, 'people:create', { orgPaths: aff ? [await orgPath(aff.orgId, '/affiliation/orgId')] : [] });
    if (input.force && !input.reason?.trim())
      throw invalid('/reason', 'required-with-force', 'say why the person is created despite likely duplicates');
    const candidates = await findDuplicates(db, { ...facts, emails: facts.emails.map((e) => e.address), identifiers });
    const likely = candidates.filter((c) => c.score >= BLOCK_THRESHOLD);
    if (likely.length && !input.force) {
      throw new StewardError(
        'duplicate-suspected',
        `${likely.length} existing ${likely.length === 1 ? 'person looks' : 'people look'} like the same human; check them, or send force: true with a reason`,
        { extra: { candidates: likely } },
      );
    }
    const id = await write(deps, actor, async (uow) => {
      const { id } = await uow.db
        .insertInto('people')
        .values({
          given_name: facts.givenName,
          middle_name: facts.middleName,
          family_name: facts.familyName,
          preferred_name: facts.preferredName,
          birth_date: facts.birthDate,
          emails: JSON.stringify(facts.emails),
          phones: JSON.stringify(facts.phones),
          search_name: searchName(facts),
          created_at: uow.now,
          updated_at: uow.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await attachIdentifiers(uow, id, identifiers);
      let affiliation = null;
      if (aff) {
        affiliation = {
          orgId: aff.orgId,
          kind: aff.kind,
          title: aff.title ?? null,
          validFrom: aff.validFrom ?? null,
          validTo: aff.validTo ?? null,
        };
        const row = await uow.db
          .insertInto('affiliations')
          .values({
            person_id: id,
            org_id: aff.orgId,
            kind: aff.kind,
            title: affiliation.title,
            valid_from: affiliation.validFrom,
            valid_to: affiliation.validTo,
            attributes: '{}',
            created_at: uow.now,
            updated_at: uow.now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        uow.change({
          entityType: 'affiliation',
          entityId: row.id,
          op: 'created',
          data: { personId: id, ...affiliation },
        });
        await refreshPeople(uow, [id]);
      }
      const overridden = input.force ? likely.map((c) => ({ personId: c.person.id, score: c.score })) : undefined;
      uow.record({
        action: 'person.create',
        op: 'created',
        targetType: 'person',
        targetId: id,
        after: {
          ...facts,
          identifiers,
          affiliation,
          ...(overridden?.length ? { duplicatesOverridden: overridden } : {}),
        },
        reason: input.reason ?? null,
      });
      return id;
    });
    return loadPerson(db, id, today());
  }

  /** One person with identifiers, contacts and affiliations; a tombstone says whom it was merged into. */
  async function get(actor: Actor, id: number): Promise<Person> {
    authorise(actor, 'people:read');
    return loadPerson(db, id, today());
  }

  /** Loads a person for a change and checks the actor may change them (scoped by current affiliations). */
  async function loadForChange(
    actor: Actor,
    id: number,
    permission: 'people:update' | 'people:mint' = 'people:update',
  ): Promise<PersonRow> {
    const row = (await db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst()) as
      PersonRow | undefined;
    if (!row) throw notFound('person', id);
    authorise(actor, permission, { orgPaths: (await currentOrgPaths(db, [id], today())).get(id)! });
    if (row.state === 'merged')
      throw new StewardError(
        'conflict',
        `person ${id} was merged into ${row.merged_into}; change that record instead`,
        { extra: { mergedInto: row.merged_into } },
      );
    return row;
  }

  /** Corrects a person's facts if nobody changed them since `expectedVersion` was read. */
  async function update(actor: Actor, id: number, expectedVersion: number, patch: PersonPatch): Promise<Person> {
    const row = await loadForChange(actor, id);
    const before = factsOf(row);
    const merged = { ...before };
    for (const key of ['givenName', 'middleName', 'familyName', 'preferredName', 'birthDate'] as const)
      if (patch[key] !== undefined) (merged as Record<string, unknown>)[key] = patch[key];
    if (patch.emails) merged.emails = tidyEmails(patch.emails);
    if (patch.phones) merged.phones = tidyPhones(patch.phones);
    const after = factsOfInput(merged, today());
    await write(deps, actor, async (uow) => {
      const result = await uow.db
        .updateTable('people')
        .set({
          given_name: after.givenName,
          middle_name: after.middleName,
          family_name: after.familyName,
          preferred_name: after.preferredName,
          birth_date: after.birthDate,
          emails: JSON.stringify(after.emails),
          phones: JSON.stringify(after.phones),
          search_name: searchName(after),
          updated_at: uow.now,
          version: sql`version + 1`,
        })
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .where('state', '=', 'active')
        .executeTakeFirst();
      if (!result.numUpdatedRows) throw stale(`person ${id}`, expectedVersion);
      uow.record({
        action: 'person.update',
        op: 'updated',
        targetType: 'person',
        targetId: id,
        before,
        after,
        reason: patch.reason ?? null,
      });
    });
    return loadPerson(db, id, today());
  }

  /** The person's audit trail and that of every record merged into them, newest first. */
  async function history(
    actor: Actor,
    id: number,
    page: { limit?: number; beforeSeq?: number } = {},
  ): Promise<AuditEntry[]> {
    authorise(actor, 'people:read');
    const { rows } = await sql<{ id: number }>`
      with recursive absorbed(id) as (
        select id from people where id = ${id}
        union select p.id from people p join absorbed a on p.merged_into = a.id
      ) select id from absorbed`.execute(db);
    if (rows.length === 0) throw notFound('person', id);
    const alsoTargets = await guestTargetsOf(
      db,
      actor,
      rows.map((r) => r.id),
    );
    return audit.list(
      actor,
      {
        targetType: 'person',
        targetIds: rows.map((r) => String(r.id)),
        alsoTargets,
        limit: page.limit,
        beforeSeq: page.beforeSeq,
      },
      { authorised: true },
    );
  }

  return { create, get, update, history, duplicates, loadForChange, orgPath };
}

export type PersonRecords = ReturnType<typeof createPersonRecords>;
