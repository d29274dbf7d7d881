import type { App } from '../app.ts';
import type { CalendarDefinition } from '../calendars/calendar-rules.ts';
import type { Actor } from '../platform/auth/actor.ts';

/**
 * The demo university's calendar (issue 16): Monday to Friday, the public holidays of the academic year the demo
 * starts in and the next, and three terms a year with a reading week in the autumn. Skipped when the institution has
 * a calendar already (a resumed load adds nothing twice).
 */
export function demoCalendar(today: string): CalendarDefinition {
  const year = Number(today.slice(0, 4)) - (Number(today.slice(5, 7)) < 8 ? 1 : 0);
  const holidays = [year, year + 1].flatMap((y) => [
    { date: `${y}-12-25`, name: 'Christmas Day' },
    { date: `${y}-12-26`, name: 'Boxing Day' },
    { date: `${y + 1}-01-01`, name: "New Year's Day" },
    { date: `${y + 1}-05-01`, name: 'May Day' },
  ]);
  const terms = [year, year + 1].flatMap((y) => [
    {
      name: `Autumn ${y}`,
      start: `${y}-09-28`,
      end: `${y}-12-18`,
      breaks: [{ name: 'Reading week', start: `${y}-11-02`, end: `${y}-11-06` }],
    },
    { name: `Spring ${y + 1}`, start: `${y + 1}-01-11`, end: `${y + 1}-03-26`, breaks: [] },
    { name: `Summer ${y + 1}`, start: `${y + 1}-04-19`, end: `${y + 1}-06-25`, breaks: [] },
  ]);
  return { workingDays: [1, 2, 3, 4, 5], holidays, terms };
}

/** Adds the institution calendar unless one exists; returns how many terms it has (0: it was there). */
export async function loadDemoCalendar(app: App, actor: Actor, today: string): Promise<number> {
  const existing = await app.calendars.list(actor);
  if (existing.some((c) => c.orgId === null)) return 0;
  const definition = demoCalendar(today);
  await app.calendars.create(actor, { name: 'university', label: 'University calendar', orgId: null, definition });
  return definition.terms.length;
}
