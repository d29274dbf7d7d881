import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';

/**
 * Who may sponsor a dependant, spouse or personal aide — in ONE place, so the status
 * capability can change the meaning without touching the guests code. Today: a person
 * may sponsor on a day when they hold a status (person_statuses) of one of the status
 * types named in the guest settings (`sponsorStatusTypes`); when none is named, when they
 * have an affiliation current on that day. `maySponsorSql` is the same rule as a SQL
 * condition, for the set-based sweep; `maySponsor` asks it for one person.
 */
export const GUEST_SETTINGS_KEY = 'guests';

export interface GuestSettings {
  /**
   * Names of the status types whose holders may sponsor (compared ignoring case); empty = anyone with a current
   * affiliation.
   */
  sponsorStatusTypes: string[];
}

export const defaultGuestSettings: GuestSettings = { sponsorStatusTypes: [] };

export async function readGuestSettings(db: Kysely<DB>): Promise<{ settings: GuestSettings; version: number }> {
  const row = await db
    .selectFrom('settings')
    .select(['value', 'version'])
    .where('key', '=', GUEST_SETTINGS_KEY)
    .executeTakeFirst();
  if (!row) return { settings: { ...defaultGuestSettings }, version: 0 };
  return { settings: { ...defaultGuestSettings, ...(row.value as Partial<GuestSettings>) }, version: row.version };
}

/** The rule as a SQL boolean over a person id expression, on a day (YYYY-MM-DD). */
export function maySponsorSql(personId: RawBuilder<unknown>, on: string, settings: GuestSettings): RawBuilder<boolean> {
  if (settings.sponsorStatusTypes.length > 0) {
    const names = settings.sponsorStatusTypes.map((n) => n.toLowerCase());
    return sql<boolean>`exists (select 1 from person_statuses ps join status_types st on st.id = ps.status_type_id
      where ps.person_id = ${personId} and lower(st.name) = any(${names}::text[])
        and (ps.start_date is null or ps.start_date <= ${on}::date) and (ps.end_date is null or ps.end_date >= ${on}::date))`;
  }
  return sql<boolean>`exists (select 1 from affiliations a where a.person_id = ${personId}
      and (a.valid_from is null or a.valid_from <= ${on}::date) and (a.valid_to is null or a.valid_to >= ${on}::date))`;
}

/**
 * The last day before `on` on which the person could sponsor under the same rule (the latest end of a sponsoring
 * status, or of an affiliation), as a SQL date; null if they never could. Dates `sponsor-ended`.
 */
export function sponsorLastDaySql(
  personId: RawBuilder<unknown>,
  on: string,
  settings: GuestSettings,
): RawBuilder<string> {
  if (settings.sponsorStatusTypes.length > 0) {
    const names = settings.sponsorStatusTypes.map((n) => n.toLowerCase());
    return sql<string>`(select max(ps.end_date) from person_statuses ps join status_types st on st.id = ps.status_type_id
      where ps.person_id = ${personId} and lower(st.name) = any(${names}::text[]) and ps.end_date < ${on}::date
        and (ps.start_date is null or ps.start_date <= ps.end_date))`;
  }
  return sql<string>`(select max(a.valid_to) from affiliations a where a.person_id = ${personId} and a.valid_to < ${on}::date
      and (a.valid_from is null or a.valid_from <= a.valid_to))`;
}

/** The person's last day able to sponsor before `on` (YYYY-MM-DD), or null. */
export async function sponsorLastDay(db: Kysely<DB>, personId: number, on: string): Promise<string | null> {
  const { settings } = await readGuestSettings(db);
  const { rows } = await sql<{
    day: string | null;
  }>`select (${sponsorLastDaySql(sql`${personId}::bigint`, on, settings)})::text as day`.execute(db);
  return rows[0]?.day ?? null;
}

/** May this person sponsor a guest on that day? */
export async function maySponsor(db: Kysely<DB>, personId: number, on: string): Promise<boolean> {
  const { settings } = await readGuestSettings(db);
  const { rows } = await sql<{
    ok: boolean;
  }>`select ${maySponsorSql(sql`${personId}::bigint`, on, settings)} as ok`.execute(db);
  return rows[0]?.ok === true;
}
