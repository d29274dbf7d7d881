import type { Selectable } from 'kysely';
import type { GuestRequestsTable } from '../../platform/db/request-tables.ts';
import { assertNoProblems, conflict } from '../../platform/errors.ts';
import type { UnitOfWork } from '../../platform/unit-of-work.ts';
import { insertIdentifiers, mintFromNames, mintIdNumbers } from '../../registry/mint-store.ts';
import { patternPlan } from '../../registry/minting-settings.ts';
import { searchName } from '../../registry/names.ts';
import { readMintingSettings } from '../../registry/settings-service.ts';
import { directoryOf, renewalProblems } from '../guest-rules.ts';
import { guestOf, loadLifecycle, loadType } from '../guest-store.ts';
import { isTimed } from '../lifecycle.ts';
import { renewGuest } from '../guest-writes.ts';
import { isoDate } from '../../platform/dates.ts';

/**
 * What an approval does, inside the approval's unit of work: the visitor becomes a person
 * of the registry (when the request did not name one), the IT desk's approval mints a
 * username and an email address (the registry's minting: patterns, reservations that are
 * never reissued), the final approval creates the guest record in the lifecycle's entry
 * state (with an ID number from the counter when the type requires one and the person
 * has none), and an approved renewal moves the guest's valid-to (an expiring guest becomes
 * active again by the lifecycle's `renew`). Each write is audited and change-logged.
 */
/** The request columns the effects read: the stored row, as the table types describe it. */
export type RequestRow = Pick<
  Selectable<GuestRequestsTable>,
  | 'id'
  | 'type_id'
  | 'guest_id'
  | 'person_id'
  | 'given_name'
  | 'family_name'
  | 'email'
  | 'birth_date'
  | 'host_org_id'
  | 'sponsor_id'
  | 'guarantor_id'
  | 'submitted_by'
  | 'reason'
  | 'services'
  | 'valid_from'
  | 'valid_to'
  | 'in_directory'
>;

/** The request's person: the one it names, or a new registry person from its names and email. */
export async function ensurePerson(uow: UnitOfWork, r: RequestRow): Promise<number> {
  if (r.person_id !== null) return r.person_id;
  const facts = {
    givenName: r.given_name!.trim(),
    middleName: null,
    familyName: r.family_name!.trim(),
    preferredName: null,
    birthDate: r.birth_date,
    emails: r.email ? [{ address: r.email.trim() }] : [],
    phones: [],
  };
  const { id } = await uow.db
    .insertInto('people')
    .values({
      given_name: facts.givenName,
      family_name: facts.familyName,
      birth_date: facts.birthDate,
      emails: JSON.stringify(facts.emails),
      phones: '[]',
      search_name: searchName(facts),
      created_at: uow.now,
      updated_at: uow.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await uow.db.updateTable('guest_requests').set({ person_id: id }).where('id', '=', r.id).execute();
  uow.record({
    action: 'person.create',
    op: 'created',
    targetType: 'person',
    targetId: id,
    after: { ...facts, identifiers: [], affiliation: null },
    reason: `guest request ${r.id}`,
  });
  r.person_id = id;
  return id;
}

/** Mints a username and an email address for the person (a kind they already hold is kept); returns what they hold. */
export async function mintCredentials(
  uow: UnitOfWork,
  personId: number,
): Promise<{ username: string | null; email: string | null }> {
  const { settings } = await readMintingSettings(uow.db);
  const person = await uow.db
    .selectFrom('people')
    .select(['given_name', 'middle_name', 'family_name', 'preferred_name'])
    .where('id', '=', personId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const out: { username: string | null; email: string | null } = { username: null, email: null };
  for (const kind of ['username', 'email'] as const) {
    const held = await uow.db
      .selectFrom('identifiers')
      .select('value')
      .where('person_id', '=', personId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    if (held) {
      out[kind] = held.value;
      continue;
    }
    const issued = await mintFromNames(uow, kind, patternPlan(settings, kind), [
      {
        id: personId,
        givenName: person.given_name,
        middleName: person.middle_name,
        familyName: person.family_name,
        preferredName: person.preferred_name,
      },
    ]);
    const value = issued.get(personId);
    if (!value)
      throw conflict(`every ${kind} pattern is used up for this name; add a pattern with {n} to the minting settings`, {
        field: '/kind',
        rule: 'mintable',
        message: `no ${kind} left for this name`,
      });
    await insertIdentifiers(uow, kind, issued);
    uow.record({
      action: 'person.mint',
      op: 'identifier-added',
      targetType: 'person',
      targetId: personId,
      after: { kind, scope: '', value },
    });
    out[kind] = value;
  }
  return out;
}

/** A type that requires an ID number gets the person one from the counter when they hold none. */
async function ensureIdNumber(uow: UnitOfWork, personId: number): Promise<void> {
  const held = await uow.db
    .selectFrom('identifiers')
    .select('value')
    .where('person_id', '=', personId)
    .where('kind', '=', 'id-number')
    .executeTakeFirst();
  if (held) return;
  const { settings } = await readMintingSettings(uow.db);
  const issued = await mintIdNumbers(uow, settings.idNumber, [personId]);
  await insertIdentifiers(uow, 'id-number', issued);
  uow.record({
    action: 'person.mint',
    op: 'identifier-added',
    targetType: 'person',
    targetId: personId,
    after: { kind: 'id-number', scope: '', value: issued.get(personId) },
  });
}

/** Creates the guest record of an approved request in the lifecycle's entry state; returns its id. */
export async function createGuestOf(uow: UnitOfWork, r: RequestRow, personId: number): Promise<number> {
  const type = await loadType(uow.db, r.type_id);
  const lifecycle = await loadLifecycle(uow.db, type.lifecycle);
  if (type.idNumberRequired) await ensureIdNumber(uow, personId);
  const row = await uow.db
    .insertInto('guests')
    .values({
      person_id: personId,
      type_id: type.id,
      state: lifecycle.entry,
      state_since: isoDate(uow.now),
      valid_from: r.valid_from,
      valid_to: r.valid_to,
      host_org_id: r.host_org_id,
      tenant_org_id: null,
      guarantor_id: r.guarantor_id,
      sponsor_id: r.sponsor_id,
      requester_id: r.guarantor_id,
      reason: r.reason,
      services: JSON.stringify(r.services),
      in_directory: directoryOf(type.directory, r.in_directory ?? undefined),
      created_at: uow.now,
      updated_at: uow.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const guest = guestOf(row, type);
  const approve = lifecycle.transitions.find(
    (t) => !isTimed(t) && t.to === lifecycle.entry && t.from.includes(lifecycle.initial),
  );
  await uow.db
    .insertInto('guest_transitions')
    .values({
      guest_id: guest.id,
      transition: approve?.name ?? 'enter',
      from_state: approve ? lifecycle.initial : '',
      to_state: guest.state,
      due_on: null,
      at: uow.now,
      actor: uow.actor.name,
      reason: `guest request ${r.id}`,
      notices: '[]',
    })
    .execute();
  await uow.db.updateTable('guest_requests').set({ guest_id: guest.id }).where('id', '=', r.id).execute();
  uow.record({
    action: 'guest.create',
    op: 'created',
    targetType: 'guest',
    targetId: guest.id,
    after: guest,
    reason: `guest request ${r.id}`,
  });
  return guest.id;
}

/** Moves the guest's valid-to as a renewal does (the guest-rules renewal checks apply on the day of approval). */
export async function renewGuestOf(uow: UnitOfWork, r: RequestRow): Promise<void> {
  const row = await uow.db
    .selectFrom('guests')
    .selectAll()
    .where('id', '=', r.guest_id!)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const type = await loadType(uow.db, row.type_id);
  const guest = guestOf(row, type);
  const lc = await loadLifecycle(uow.db, type.lifecycle);
  if (lc.states.find((s) => s.name === guest.state)?.terminal || guest.state === 'disabled') {
    throw conflict(`guest ${guest.id} is ${guest.state}: its stay can no longer be renewed`, {
      field: '/validTo',
      rule: 'state',
      message: `not while ${guest.state}`,
    });
  }
  assertNoProblems(renewalProblems(guest, r.valid_to, type, isoDate(uow.now)));
  await renewGuest(uow, guest, lc, r.valid_to, `guest request ${r.id}`);
}
