import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise, can } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { isoDate } from '../platform/dates.ts';
import { assertNoProblems, forbidden, invalid, notFound } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { createGuestChanges } from './guest-changes.ts';
import {
  assertPerson,
  guestsInScopes,
  orgPathsOf,
  partiesOf,
  pathOf,
  personOfActor,
  readGuest,
  subtreePath,
} from './guest-facts.ts';
import { guestAbilities, guestReadScopes, mayReadGuest } from './guest-policy.ts';
import { datesOf, directoryOf, type GuestInput, guestProblems } from './guest-rules.ts';
import type { GuestTransition, GuestView } from './guest-schemas.ts';
import {
  defaultLifecycleInstaller,
  type Guest,
  guestOf,
  type GuestType,
  loadLifecycle,
  loadType,
} from './guest-store.ts';
import { maySponsor } from './sponsorship.ts';
import { calendarForUnit } from '../calendars/calendar-store.ts';
import { createHandoverService, openHandoverOf } from './handover-service.ts';
import { mayTakeOver } from './handover-policy.ts';

/**
 * Guest records: a person of the registry with a `guests` row, created directly in the
 * lifecycle's entry state (the card desk registering a tenant, a system administrator) —
 * a request's final approval creates one too (requests/) —, read with what the caller may
 * do with it, listed, and with their transition history; the changes to a guest are
 * guest-changes.ts.
 */
export interface GuestListQuery {
  state?: string;
  orgId?: number;
  type?: string;
  limit?: number;
  afterId?: number;
}

export function createGuestRecordService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const today = () => isoDate(clock.now());
  const ensureDefaults = defaultLifecycleInstaller(deps);

  async function create(actor: Actor, input: GuestInput): Promise<Guest> {
    authorise(actor, 'guests:manage');
    await ensureDefaults();
    const id = await write(deps, actor, async (uow) => {
      const type = await loadType(uow.db, input.type).catch(() => {
        throw invalid('/type', 'known-type', `there is no guest type ${input.type}`);
      });
      const hostPath = await pathOf(uow.db, input.hostOrgId, '/hostOrgId');
      const tenantPath = await pathOf(uow.db, input.tenantOrgId, '/tenantOrgId');
      authorise(actor, 'guests:manage', { orgPaths: [hostPath, tenantPath].filter((p): p is string => p !== null) });
      await assertPerson(uow.db, input.personId, '/personId');
      for (const [key, field] of [
        ['guarantorId', '/guarantorId'],
        ['sponsorId', '/sponsorId'],
        ['requesterId', '/requesterId'],
      ] as const)
        await assertPerson(uow.db, input[key], field);
      const on = today();
      const subtree = await subtreePath(uow.db, type);
      const hasIdNumber = !!(await uow.db
        .selectFrom('identifiers')
        .select('value')
        .where('person_id', '=', input.personId)
        .where('kind', '=', 'id-number')
        .executeTakeFirst());
      const counted = input.validTo === undefined && (type.defaultUnit ?? 'days') !== 'days';
      const calendar = counted ? ((await calendarForUnit(uow.db, input.hostOrgId ?? null))?.definition ?? null) : null;
      assertNoProblems(
        guestProblems(input, {
          today: on,
          type,
          hostInSubtree: subtree === null || hostPath === null || hostPath.startsWith(subtree),
          tenantInSubtree: subtree === null || tenantPath === null || tenantPath.startsWith(subtree),
          sponsorMaySponsor: input.sponsorId ? await maySponsor(uow.db, input.sponsorId, on) : null,
          hasIdNumber,
          calendar,
        }),
      );
      const lifecycle = await loadLifecycle(uow.db, type.lifecycle);
      const dates = datesOf(input, type, on, calendar);
      const row = await uow.db
        .insertInto('guests')
        .values({
          person_id: input.personId,
          type_id: type.id,
          state: lifecycle.entry,
          state_since: on,
          valid_from: dates.validFrom,
          valid_to: dates.validTo,
          host_org_id: input.hostOrgId ?? null,
          tenant_org_id: input.tenantOrgId ?? null,
          guarantor_id: input.guarantorId ?? null,
          sponsor_id: input.sponsorId ?? null,
          requester_id: input.requesterId ?? null,
          reason: input.reason ?? null,
          services: JSON.stringify(input.services ?? []),
          in_directory: directoryOf(type.directory, input.inDirectory),
          created_at: uow.now,
          updated_at: uow.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const guest = guestOf(row, type);
      await uow.db
        .insertInto('guest_transitions')
        .values({
          guest_id: guest.id,
          transition: 'enter',
          from_state: '',
          to_state: guest.state,
          due_on: null,
          at: uow.now,
          actor: actor.name,
          reason: null,
          notices: '[]',
        })
        .execute();
      uow.record({ action: 'guest.create', op: 'created', targetType: 'guest', targetId: guest.id, after: guest });
      return guest.id;
    });
    return (await readGuest(db, id)).guest;
  }

  /** The guest with what the actor may do with it (guest-policy.ts). */
  async function get(actor: Actor, id: number): Promise<GuestView> {
    const { guest, type } = await readable(actor, id);
    const lc = await loadLifecycle(db, type.lifecycle);
    const approverMatters = lc.transitions.some((t) => t.from.includes(guest.state) && t.by.includes('approver'));
    const parties = await partiesOf(db, actor, guest, approverMatters ? 'ask' : false);
    const open = await openHandoverOf(db, id);
    const takeOver = mayTakeOver(actor, {
      handoverOrgPath: open?.orgPath ?? null,
      actorPersonId: parties.actorPersonId,
    });
    return {
      ...guest,
      abilities: { ...guestAbilities(actor, parties, guest, lc), takeOver },
      handover: open && {
        id: open.id,
        role: open.role,
        voucherId: open.voucherId,
        orgId: open.orgId,
        orgCode: open.orgCode,
        since: open.since,
        deadline: open.deadline,
      },
    };
  }

  /**
   * The guest, for guest readers and for the guest's own guarantor and sponsor (through the
   * person their account is linked to), who follow it and ask for its renewal. Anyone else
   * is refused without learning whether the guest exists.
   */
  async function readable(actor: Actor, id: number): Promise<{ guest: Guest; type: GuestType }> {
    const scopes = guestReadScopes(actor);
    if (scopes === null) return readGuest(db, id); // a reader learns that a guest does not exist (404)
    const actorPersonId = await personOfActor(db, actor);
    const reader = can(actor, 'guests:read');
    const found = reader || actorPersonId !== null ? await readGuest(db, id).catch(() => null) : null;
    if (!found && reader) throw notFound('guest', id);
    if (found && mayReadGuest(actor, { actorPersonId, ...found.guest, orgPaths: await orgPathsOf(db, found.guest) }))
      return found;
    throw forbidden(
      `${actor.name} may not see guest ${id}: it is for guest readers of its units and the guest's guarantor and sponsor`,
    );
  }

  async function list(actor: Actor, query: GuestListQuery): Promise<{ items: Guest[]; next: number | null }> {
    authorise(actor, 'guests:read');
    const limit = Math.min(query.limit ?? 100, 1000);
    let q = db
      .selectFrom('guests as g')
      .innerJoin('guest_types as t', 't.id', 'g.type_id')
      .selectAll('g')
      .select(['t.name as type_name', 't.lifecycle as type_lifecycle']);
    if (query.state) q = q.where('g.state', '=', query.state);
    if (query.type) q = q.where(sql<boolean>`lower(t.name) = lower(${query.type})`);
    if (query.orgId) {
      const path = await pathOf(db, query.orgId, '/orgId');
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('org_units as u')
            .select('u.id')
            .where((w) => w.or([w('u.id', '=', w.ref('g.host_org_id')), w('u.id', '=', w.ref('g.tenant_org_id'))]))
            .where('u.path', 'like', `${path}%`),
        ),
      );
    }
    q = q.where(guestsInScopes(guestReadScopes(actor)));
    if (query.afterId) q = q.where('g.id', '>', query.afterId);
    const rows = await q
      .orderBy('g.id')
      .limit(limit + 1)
      .execute();
    const items = rows.slice(0, limit).map((r) => guestOf(r, { name: r.type_name, lifecycle: r.type_lifecycle }));
    return { items, next: rows.length > limit ? items[items.length - 1].id : null };
  }

  async function history(actor: Actor, id: number): Promise<GuestTransition[]> {
    await readable(actor, id);
    const rows = await db
      .selectFrom('guest_transitions')
      .selectAll()
      .where('guest_id', '=', id)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      transition: r.transition,
      from: r.from_state,
      to: r.to_state,
      dueOn: r.due_on,
      at: new Date(r.at).toISOString(),
      actor: r.actor,
      reason: r.reason,
      notices: r.notices,
    }));
  }

  return { create, get, list, history, ...createGuestChanges(deps), ...createHandoverService(deps) };
}

export type GuestRecordService = ReturnType<typeof createGuestRecordService>;
