import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import type { DB } from '../platform/db/schema.ts';
import { assertNoProblems, conflict, invalid, notFound, stale } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import type { Kysely } from 'kysely';
import { addDuration, calendarProblems, type Duration } from './calendar-rules.ts';
import type {
  CalendarBody,
  CalendarPatch,
  CalendarView,
  ResolveForUnitQuery,
  ResolveQuery,
  Resolved,
} from './calendar-schemas.ts';
import { calendarForUnit, readCalendars } from './calendar-store.ts';

/**
 * Institution calendars (issue 16) as configuration: everyone who reads the org tree reads them, system administrators
 * (`orgs:configure`) define them. One applies to the whole institution, others to an org subtree; the nearest one up
 * the tree applies to a unit. A calendar is checked whole before it is stored (calendar-rules.ts): overlapping terms,
 * breaks outside their term, a holiday given twice or a bad weekday set are refused with the field and rule, and
 * nothing changes.
 */
export function createCalendarService(deps: ServiceDeps) {
  const { db } = deps;

  async function list(actor: Actor): Promise<CalendarView[]> {
    authorise(actor, 'orgs:read');
    return readCalendars(db);
  }

  async function get(actor: Actor, id: number): Promise<CalendarView> {
    authorise(actor, 'orgs:read');
    const [found] = await readCalendars(db, id);
    if (!found) throw notFound('calendar', id);
    return found;
  }

  async function assertUnitFree(tx: Kysely<DB>, orgId: number | null, self?: number): Promise<void> {
    if (orgId !== null) {
      const unit = await tx.selectFrom('org_units').select('id').where('id', '=', orgId).executeTakeFirst();
      if (!unit) throw invalid('/orgId', 'exists', `org unit ${orgId} does not exist`);
    }
    const taken = await tx
      .selectFrom('calendars')
      .select(['id', 'name'])
      .where((eb) => (orgId === null ? eb('org_id', 'is', null) : eb('org_id', '=', orgId)))
      .executeTakeFirst();
    if (taken && taken.id !== self)
      throw conflict(`the calendar ${taken.name} already applies there`, {
        field: '/orgId',
        rule: 'one-per-unit',
        message: orgId === null ? 'the institution has a calendar already' : `unit ${orgId} has a calendar already`,
      });
  }

  async function create(actor: Actor, input: CalendarBody): Promise<CalendarView> {
    authorise(actor, 'orgs:configure');
    assertNoProblems(calendarProblems(input.definition, '/definition'));
    const orgId = input.orgId ?? null;
    const id = await write(deps, actor, async (uow) => {
      const named = await uow.db.selectFrom('calendars').select('id').where('name', '=', input.name).executeTakeFirst();
      if (named) throw conflict(`calendar ${input.name} already exists`, { field: '/name', rule: 'unique' });
      await assertUnitFree(uow.db, orgId);
      const row = await uow.db
        .insertInto('calendars')
        .values({
          name: input.name,
          label: input.label,
          org_id: orgId,
          definition: JSON.stringify(input.definition),
          created_at: uow.now,
          updated_at: uow.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      uow.record({
        action: 'calendar.create',
        op: 'created',
        targetType: 'calendar',
        targetId: row.id,
        after: { ...input, orgId },
      });
      return row.id;
    });
    return get(actor, id);
  }

  async function update(actor: Actor, id: number, expected: number, patch: CalendarPatch): Promise<CalendarView> {
    authorise(actor, 'orgs:configure');
    if (patch.definition) assertNoProblems(calendarProblems(patch.definition, '/definition'));
    await write(deps, actor, async (uow) => {
      const current = await uow.db
        .selectFrom('calendars')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw notFound('calendar', id);
      if (current.version !== expected) throw stale(`calendar ${id}`, expected, current.version);
      const label = patch.label ?? current.label;
      const definition = patch.definition ?? current.definition;
      await uow.db
        .updateTable('calendars')
        .set({
          label,
          definition: JSON.stringify(definition),
          updated_at: uow.now,
          version: current.version + 1,
        })
        .where('id', '=', id)
        .execute();
      uow.record({
        action: 'calendar.update',
        op: 'updated',
        targetType: 'calendar',
        targetId: id,
        before: { label: current.label, definition: current.definition },
        after: { label, definition, version: current.version + 1 },
      });
    });
    return get(actor, id);
  }

  async function remove(actor: Actor, id: number): Promise<void> {
    authorise(actor, 'orgs:configure');
    await write(deps, actor, async (uow) => {
      const current = await uow.db
        .selectFrom('calendars')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw notFound('calendar', id);
      await uow.db.deleteFrom('calendars').where('id', '=', id).execute();
      uow.record({
        action: 'calendar.delete',
        op: 'deleted',
        targetType: 'calendar',
        targetId: id,
        before: { name: current.name, label: current.label, orgId: current.org_id, definition: current.definition },
      });
    });
  }

  function answer(q: ResolveQuery, calendar: CalendarView | null): Resolved {
    const duration: Duration = { amount: q.amount, unit: q.unit };
    const date = addDuration(q.from, duration, calendar?.definition ?? null);
    if (date === null)
      throw invalid(
        '/amount',
        'term-exists',
        calendar
          ? `the calendar ${calendar.name} has no term ${q.amount ? `${q.amount} term(s) after the one` : ''} ending on or after ${q.from}`
          : 'no calendar applies, so there is no term to end',
      );
    const cal = calendar ? { id: calendar.id, name: calendar.name, label: calendar.label } : null;
    return { from: q.from, amount: q.amount, unit: q.unit, date, calendar: cal };
  }

  /** The date a duration from `from` comes to on one calendar. */
  async function resolve(actor: Actor, id: number, q: ResolveQuery): Promise<Resolved> {
    return answer(q, await get(actor, id));
  }

  /**
   * The date a duration comes to on the calendar that applies to a unit (the institution's without one). Every
   * signed-in account may ask (the permission every account holds): the request form shows the date a stay ends.
   */
  async function resolveFor(actor: Actor, q: ResolveForUnitQuery): Promise<Resolved> {
    authorise(actor, 'guests:request');
    const orgId = q.orgUnit ?? null;
    if (orgId !== null) {
      const unit = await db.selectFrom('org_units').select('id').where('id', '=', orgId).executeTakeFirst();
      if (!unit) throw invalid('/orgUnit', 'exists', `org unit ${orgId} does not exist`);
    }
    return answer(q, await calendarForUnit(db, orgId));
  }

  return { list, get, create, update, remove, resolve, resolveFor };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
