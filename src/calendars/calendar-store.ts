import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { CalendarDefinition } from './calendar-rules.ts';
import type { CalendarView } from './calendar-schemas.ts';

/** Reads of the calendar table: rows as views, and the calendar that applies to a unit (the nearest up its tree). */
export async function readCalendars(db: Kysely<DB>, id?: number): Promise<CalendarView[]> {
  let q = db
    .selectFrom('calendars as c')
    .leftJoin('org_units as o', 'o.id', 'c.org_id')
    .select(['c.id', 'c.name', 'c.label', 'c.org_id', 'o.code as org_code', 'c.definition', 'c.version'])
    .orderBy('c.name');
  if (id !== undefined) q = q.where('c.id', '=', id);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    label: r.label,
    orgId: r.org_id,
    orgCode: r.org_code,
    definition: r.definition as CalendarDefinition,
    version: r.version,
  }));
}

/**
 * The calendar that applies to a unit: its own, else the nearest one up its tree, else the institution's (null: no
 * calendar at all). Without a unit, the institution's.
 */
export async function calendarForUnit(db: Kysely<DB>, orgId: number | null): Promise<CalendarView | null> {
  const row = await db
    .selectFrom('calendars as c')
    .leftJoin('org_units as o', 'o.id', 'c.org_id')
    .select('c.id')
    .where((eb) =>
      orgId === null
        ? eb('c.org_id', 'is', null)
        : eb.or([
            eb('c.org_id', 'is', null),
            eb.exists(
              eb
                .selectFrom('org_units as u')
                .select(sql`1`.as('one'))
                .where('u.id', '=', orgId)
                .whereRef('u.path', 'like', sql`o.path || '%'`),
            ),
          ]),
    )
    .orderBy(sql`length(o.path) desc nulls last`)
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return (await readCalendars(db, row.id))[0] ?? null;
}

/** The definition of the calendar that applies to a guest's host unit, as SQL over `g` (guests), for the sweep. */
export function guestCalendarSql() {
  return sql<unknown>`(select c.definition from calendars c left join org_units co on co.id = c.org_id
    where c.org_id is null or exists (select 1 from org_units gu where gu.id = g.host_org_id and gu.path like co.path || '%')
    order by length(co.path) desc nulls last limit 1)`;
}
