import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise, can } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, forbidden, invalid, notFound, StewardError } from '../platform/errors.ts';
import { type UnitOfWork, write } from '../platform/unit-of-work.ts';
import { triggersOf } from './guest-access.ts';
import { datesOf, datesProblems, directoryOf, type GuestInput, guestProblems, renewalProblems } from './guest-rules.ts';
import {
  type Db,
  defaultLifecycleInstaller,
  type Guest,
  guestOf,
  type GuestType,
  loadLifecycle,
  loadType,
} from './guest-store.ts';
import { isTerminal, isTimed, type LifecycleTransition } from './lifecycle.ts';
import { notifyTransition } from './notify-transition.ts';
import { maySponsor } from './sponsorship.ts';
import { isoDate } from '../platform/dates.ts';

/**
 * Guest records: a person of the registry with a `guests` row. Created directly in the
 * lifecycle's entry state (the card desk registering a tenant, a system administrator);
 * requests with approvals come later and will start in the lifecycle's initial state.
 * Every change is authorised, audited, in the change log and — for state changes — in the
 * guest's transition history.
 */
export interface GuestListQuery {
  state?: string;
  orgId?: number;
  type?: string;
  limit?: number;
  afterId?: number;
}

export interface GuestTransitionView {
  id: number;
  transition: string;
  from: string;
  to: string;
  dueOn: string | null;
  at: string;
  actor: string;
  reason: string | null;
  notices: unknown[];
}

const stale = (id: number, expected: number, actual: number) =>
  new StewardError(
    'precondition-failed',
    `guest ${id} is at version ${actual}, not ${expected}: someone changed it since you read it`,
  );

export function createGuestRecordService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const today = () => isoDate(clock.now());
  const ensureDefaults = defaultLifecycleInstaller(deps);

  async function pathOf(trx: Db, orgId: number | null | undefined, field: string): Promise<string | null> {
    if (!orgId) return null;
    const row = await trx.selectFrom('org_units').select('path').where('id', '=', orgId).executeTakeFirst();
    if (!row) throw invalid(field, 'known-unit', `there is no org unit ${orgId}`);
    return row.path;
  }

  async function assertPerson(trx: Db, id: number | null | undefined, field: string): Promise<void> {
    if (!id) return;
    const row = await trx.selectFrom('people').select('state').where('id', '=', id).executeTakeFirst();
    if (!row) throw invalid(field, 'known-person', `there is no person ${id}`);
    if (row.state === 'merged')
      throw invalid(field, 'not-merged', `person ${id} was merged into another record; use the survivor`);
  }

  async function subtreePath(trx: Db, type: GuestType): Promise<string | null> {
    if (type.orgSubtree === null) return null;
    return (
      (await trx.selectFrom('org_units').select('path').where('code', '=', type.orgSubtree).executeTakeFirst())?.path ??
      '/nowhere/'
    );
  }

  async function readGuest(trx: Db, id: number, lock = false): Promise<{ guest: Guest; type: GuestType }> {
    let q = trx.selectFrom('guests').selectAll().where('id', '=', id);
    if (lock) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw notFound('guest', id);
    const type = await loadType(trx, Number(row.type_id));
    return { guest: guestOf(row, type), type };
  }

  async function orgPathsOf(trx: Db, guest: Pick<Guest, 'hostOrgId' | 'tenantOrgId'>): Promise<string[]> {
    const ids = [guest.hostOrgId, guest.tenantOrgId].filter((x): x is number => x !== null);
    if (ids.length === 0) return [];
    return (await trx.selectFrom('org_units').select('path').where('id', 'in', ids).execute()).map((r) => r.path);
  }

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
      assertNoProblems(
        guestProblems(input, {
          today: on,
          type,
          hostInSubtree: subtree === null || hostPath === null || hostPath.startsWith(subtree),
          tenantInSubtree: subtree === null || tenantPath === null || tenantPath.startsWith(subtree),
          sponsorMaySponsor: input.sponsorId ? await maySponsor(uow.db, input.sponsorId, on) : null,
          hasIdNumber,
        }),
      );
      const lifecycle = await loadLifecycle(uow.db, type.lifecycle);
      const dates = datesOf(input, type, on);
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
    return get(actor, id);
  }

  async function get(actor: Actor, id: number): Promise<Guest> {
    return readable(actor, id);
  }

  /**
   * The guest, for guest readers and for the guest's own guarantor and sponsor (through the
   * person their account is linked to), who follow it and ask for its renewal. Anyone else
   * is refused without learning whether the guest exists.
   */
  async function readable(actor: Actor, id: number): Promise<Guest> {
    if (can(actor, 'guests:read')) return (await readGuest(db, id)).guest;
    const own = await personOfActor(db, actor);
    const found =
      own === null
        ? null
        : await readGuest(db, id).then(
            (r) => r.guest,
            () => null,
          );
    if (found && own !== null && (found.guarantorId === own || found.sponsorId === own)) return found;
    throw forbidden(
      `${actor.name} may not see guest ${id}: it is for guest readers and the guest's guarantor and sponsor`,
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
    if (query.afterId) q = q.where('g.id', '>', query.afterId);
    const rows = await q
      .orderBy('g.id')
      .limit(limit + 1)
      .execute();
    const items = rows.slice(0, limit).map((r) => guestOf(r, { name: r.type_name, lifecycle: r.type_lifecycle }));
    return { items, next: rows.length > limit ? items[items.length - 1].id : null };
  }

  async function history(actor: Actor, id: number): Promise<GuestTransitionView[]> {
    await readable(actor, id);
    const rows = await db
      .selectFrom('guest_transitions')
      .selectAll()
      .where('guest_id', '=', id)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
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

  /** The account's registry person, if it has one. */
  async function personOfActor(trx: Db, actor: Actor): Promise<number | null> {
    if (actor.kind !== 'user' || actor.id === null) return null;
    const row = await trx.selectFrom('users').select('person_id').where('id', '=', actor.id).executeTakeFirst();
    return row?.person_id == null ? null : Number(row.person_id);
  }

  /** Is the person an effective approver of the unit (its own approvers, else the nearest ancestor's)? */
  async function isApprover(trx: Db, personId: number | null, orgId: number | null): Promise<boolean> {
    if (personId === null || orgId === null) return false;
    const { rows } = await sql<{ ok: boolean }>`
      with chain as (select u.id, length(u.path) as depth from org_units u, org_units h where h.id = ${orgId} and h.path like u.path || '%'),
      nearest as (select c.id from chain c where exists (select 1 from org_officers f where f.org_id = c.id and f.function = 'approver') order by c.depth desc limit 1)
      select exists (select 1 from org_officers f join nearest n on n.id = f.org_id where f.function = 'approver' and f.person_id = ${personId}) as ok`.execute(
      trx,
    );
    return rows[0]?.ok === true;
  }

  /** Moves a guest by a manual transition in `uow` (history, audit, change log, notices). */
  async function move(uow: UnitOfWork, guest: Guest, t: LifecycleTransition, reason: string | null): Promise<void> {
    const on = isoDate(uow.now);
    await uow.db
      .updateTable('guests')
      .set({ state: t.to, state_since: on, updated_at: uow.now, version: sql`version + 1` })
      .where('id', '=', guest.id)
      .execute();
    const row = await uow.db
      .insertInto('guest_transitions')
      .values({
        guest_id: guest.id,
        transition: t.name,
        from_state: guest.state,
        to_state: t.to,
        due_on: null,
        at: uow.now,
        actor: uow.actor.name,
        reason,
        notices: '[]',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    uow.record({
      action: 'guest.transition',
      op: 'transitioned',
      targetType: 'guest',
      targetId: guest.id,
      before: { state: guest.state },
      after: { personId: guest.personId, state: t.to, transition: t.name, dueOn: null, version: guest.version + 1 },
      reason,
    });
    await notifyTransition(uow, t, [
      {
        transitionId: Number(row.id),
        guestId: guest.id,
        personId: guest.personId,
        guarantorId: guest.guarantorId,
        sponsorId: guest.sponsorId,
        validTo: guest.validTo,
      },
    ]);
  }

  /**
   * Triggers a manual transition of the guest's lifecycle. Allowed when the actor plays one
   * of the roles the transition names (403 otherwise), the guest is in one of its `from`
   * states (409 otherwise) and at the version read (412 otherwise).
   */
  async function transition(
    actor: Actor,
    id: number,
    expectedVersion: number,
    name: string,
    reason: string | null = null,
  ): Promise<Guest> {
    await write(deps, actor, async (uow) => {
      const { guest, type } = await readGuest(uow.db, id, true);
      const lc = await loadLifecycle(uow.db, type.lifecycle);
      const t = lc.transitions.find((x) => x.name === name);
      if (!t)
        throw invalid(
          '/transition',
          'known-transition',
          `the ${lc.name} lifecycle has no transition ${name} (it has ${lc.transitions
            .filter((x) => !isTimed(x))
            .map((x) => x.name)
            .join(', ')})`,
        );
      if (isTimed(t)) throw invalid('/transition', 'manual', `${name} is timed: only the sweep applies it`);
      const actorPersonId = await personOfActor(uow.db, actor);
      const roles = triggersOf(actor, {
        actorPersonId,
        guarantorId: guest.guarantorId,
        sponsorId: guest.sponsorId,
        orgPaths: await orgPathsOf(uow.db, guest),
        approver: t.by.includes('approver') && (await isApprover(uow.db, actorPersonId, guest.hostOrgId)),
      });
      if (!t.by.some((r) => roles.has(r)))
        throw forbidden(`${actor.name} may not ${name} guest ${id}: it is for ${t.by.join(', ')}`);
      if (guest.version !== expectedVersion) throw stale(id, expectedVersion, guest.version);
      if (!t.from.includes(guest.state)) {
        throw new StewardError(
          'conflict',
          `guest ${id} is ${guest.state}; ${name} applies only from ${t.from.join(', ')}`,
          { problems: [{ field: '/transition', rule: 'from-state', message: `not allowed from ${guest.state}` }] },
        );
      }
      await move(uow, guest, t, reason);
    });
    return (await readGuest(db, id)).guest; // whoever may move a guest may see it
  }

  /** Who may change a guest's dates: guest managers of its units, or its guarantor. */
  async function authoriseDates(uow: UnitOfWork, actor: Actor, guest: Guest): Promise<void> {
    const orgPaths = await orgPathsOf(uow.db, guest);
    if (can(actor, 'guests:manage', { orgPaths })) return;
    if (guest.guarantorId !== null && (await personOfActor(uow.db, actor)) === guest.guarantorId) return;
    authorise(actor, 'guests:manage', { orgPaths });
  }

  function assertChangeable(guest: Guest, terminal: boolean): void {
    if (terminal || guest.state === 'disabled') {
      throw new StewardError('conflict', `guest ${guest.id} is ${guest.state}; its dates no longer change`, {
        problems: [{ field: '/validTo', rule: 'state', message: `not while ${guest.state}` }],
      });
    }
  }

  /**
   * Sets the last valid day (a tenant leaving, a visit cut short, or an open-ended stay
   * given an end); the sweep then takes the guest through expiring and disabled.
   */
  async function setValidTo(
    actor: Actor,
    id: number,
    expectedVersion: number,
    validTo: string | null,
    reason: string | null = null,
  ): Promise<Guest> {
    await write(deps, actor, async (uow) => {
      const { guest, type } = await readGuest(uow.db, id, true);
      await authoriseDates(uow, actor, guest);
      if (guest.version !== expectedVersion) throw stale(id, expectedVersion, guest.version);
      assertChangeable(guest, isTerminal(await loadLifecycle(uow.db, type.lifecycle), guest.state));
      assertNoProblems(datesProblems({ validFrom: guest.validFrom, validTo }, type));
      await uow.db
        .updateTable('guests')
        .set({ valid_to: validTo, updated_at: uow.now, version: sql`version + 1` })
        .where('id', '=', id)
        .execute();
      uow.record({
        action: 'guest.valid-to',
        op: 'updated',
        targetType: 'guest',
        targetId: id,
        before: { validTo: guest.validTo },
        after: { personId: guest.personId, validTo, version: guest.version + 1 },
        reason,
      });
    });
    return (await readGuest(db, id)).guest;
  }

  /**
   * Renews a stay: a later valid-to, within the type's maximum counted from today, once the
   * renewal window has opened. An expiring guest becomes active again by the lifecycle's
   * `renew` transition; an active one stays active with the new dates.
   */
  async function renew(
    actor: Actor,
    id: number,
    expectedVersion: number,
    validTo: string,
    reason: string | null = null,
  ): Promise<Guest> {
    await write(deps, actor, async (uow) => {
      const { guest, type } = await readGuest(uow.db, id, true);
      await authoriseDates(uow, actor, guest);
      if (guest.version !== expectedVersion) throw stale(id, expectedVersion, guest.version);
      const lc = await loadLifecycle(uow.db, type.lifecycle);
      assertChangeable(guest, isTerminal(lc, guest.state));
      assertNoProblems(renewalProblems(guest, validTo, type, isoDate(uow.now)));
      await uow.db
        .updateTable('guests')
        .set({ valid_to: validTo, updated_at: uow.now, version: sql`version + 1` })
        .where('id', '=', id)
        .execute();
      uow.record({
        action: 'guest.renew',
        op: 'updated',
        targetType: 'guest',
        targetId: id,
        before: { validTo: guest.validTo },
        after: { personId: guest.personId, validTo, version: guest.version + 1 },
        reason,
      });
      const back = lc.transitions.find((t) => t.name === 'renew' && !isTimed(t) && t.from.includes(guest.state));
      if (back) await move(uow, { ...guest, version: guest.version + 1, validTo }, back, reason);
    });
    return (await readGuest(db, id)).guest;
  }

  return { create, get, list, history, transition, setValidTo, renew };
}

export type GuestRecordService = ReturnType<typeof createGuestRecordService>;
