import type { CalendarDefinition } from '../../../src/calendars/calendar-rules.ts';
import type {
  CalendarBody,
  CalendarView,
  ResolveForUnitQuery,
  Resolved,
} from '../../../src/calendars/calendar-schemas.ts';
import { api } from './client.ts';

/** Institution calendars as the API returns them: the server's own route schemas, imported as types only. */
export type { CalendarBody, CalendarDefinition, CalendarView, Resolved };

/** Every call the web UI makes about calendars. */
export const calendarsApi = {
  list: (signal?: AbortSignal) => api.get<CalendarView[]>('/calendars', undefined, signal),
  create: (body: CalendarBody) => api.post<CalendarView>('/calendars', body),
  update: (calendar: CalendarView, change: { label: string; definition: CalendarDefinition }) =>
    api.patch<CalendarView>(`/calendars/${calendar.id}`, change, `"${calendar.version}"`),
  remove: (calendar: CalendarView) => api.del(`/calendars/${calendar.id}`),
  /** The date a duration comes to on the calendar that applies to a unit (the institution's without one). */
  resolve: (query: ResolveForUnitQuery, signal?: AbortSignal) =>
    api.get<Resolved>('/calendars/resolve', { ...query }, signal),
};
