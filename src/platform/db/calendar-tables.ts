import type { Generated } from 'kysely';
import type { Json, Timestamp } from './column-types.ts';

/** Row types of the calendar table (migration 0034, src/calendars), part of the DB in schema.ts. */

/** An institution calendar: for the whole institution (`org_id` null) or an org subtree. */
export interface CalendarsTable {
  id: Generated<number>;
  name: string;
  label: string;
  org_id: number | null;
  /** calendars/calendar-rules.ts `CalendarDefinition`. */
  definition: Json<unknown>;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}
