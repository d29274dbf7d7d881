import type { RouteCase } from '../route-case.ts';
import type { ActorName, RouteFixture } from '../route-fixture.ts';

/**
 * Authorisation cases for institution calendars: everyone with a role reads, every signed-in account resolves a date,
 * system administrators define them.
 */
const definition = {
  workingDays: [1, 2, 3, 4, 5],
  holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
  terms: [{ name: 'Autumn', start: '2026-09-21', end: '2026-12-18', breaks: [] }],
};
let made = 0;

/** A calendar on a unit of its own (one calendar per unit), made afresh for each call. */
async function calendarFor(fx: RouteFixture, actor: ActorName): Promise<{ id: number; etag: string }> {
  made += 1;
  const tag = `${actor.toLowerCase()}-${made}`;
  const orgId = await fx.addOrg(`CAL-${tag}`, fx.org.facultyA);
  const r = await fx.call('admin', {
    method: 'POST',
    url: '/calendars',
    payload: { name: `cal-${tag}`, label: `Calendar ${tag}`, orgId, definition },
  });
  if (r.statusCode !== 201) throw new Error(`expected a calendar: ${r.body}`);
  return { id: r.json().id, etag: String(r.headers.etag) };
}

export const calendarCases: RouteCase[] = [
  {
    route: 'GET /calendars',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/calendars' }),
  },
  {
    route: 'GET /calendars/resolve',
    allowed: 'nobody',
    denied: 'nobody',
    request: (fx) => ({
      method: 'GET',
      url: `/calendars/resolve?from=2026-10-01&amount=3&unit=working-days&orgUnit=${fx.org.deptA}`,
    }),
  },
  {
    route: 'GET /calendars/:id',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/calendars/${(await calendarFor(fx, 'admin')).id}` }),
  },
  {
    route: 'GET /calendars/:id/resolve',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: async (fx) => ({
      method: 'GET',
      url: `/calendars/${(await calendarFor(fx, 'admin')).id}/resolve?from=2026-10-01&amount=0&unit=end-of-term`,
    }),
  },
  {
    route: 'POST /calendars',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx, actor) => {
      made += 1;
      const orgId = await fx.addOrg(`NEWCAL-${actor.toLowerCase()}-${made}`, fx.org.facultyA);
      return {
        method: 'POST',
        url: '/calendars',
        payload: { name: `new-${actor.toLowerCase()}-${made}`, label: 'New', orgId, definition },
      };
    },
  },
  {
    route: 'PATCH /calendars/:id',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx, actor) => {
      const cal = await calendarFor(fx, actor);
      return {
        method: 'PATCH',
        url: `/calendars/${cal.id}`,
        headers: { 'if-match': cal.etag },
        payload: { label: 'Changed' },
      };
    },
  },
  {
    route: 'DELETE /calendars/:id',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx, actor) => ({ method: 'DELETE', url: `/calendars/${(await calendarFor(fx, actor)).id}` }),
  },
];
