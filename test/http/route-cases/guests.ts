import { systemActor } from '../../../src/platform/auth/actor.ts';
import type { RouteCase } from '../route-case.ts';
import type { ActorName, RouteFixture } from '../route-fixture.ts';

const tag = (actor: ActorName) => actor.toLowerCase();
const setup = systemActor('test');

/** A renewable visitor type (created once) and a fresh guest in the first faculty's department. */
async function visitorType(fx: RouteFixture): Promise<number> {
  await fx.t.app.guests.config.createMissingTypes(setup, [
    { name: 'Route Visitor', label: 'Route visitor', lifecycle: 'visitor', maxDays: 365, renewable: true },
  ]);
  return (await fx.t.app.guests.config.listTypes(setup)).find((t) => t.name === 'Route Visitor')!.id;
}

async function newGuest(fx: RouteFixture): Promise<{ id: number; version: number }> {
  await visitorType(fx);
  const personId = await fx.addPerson('Gus', `Guest${Math.floor(Math.random() * 1e9)}`, fx.org.deptA);
  return fx.t.app.guests.records.create(setup, {
    personId,
    type: 'Route Visitor',
    validFrom: '2026-09-01',
    validTo: '2026-09-20',
    hostOrgId: fx.org.deptA,
  });
}

async function etagOf(fx: RouteFixture, url: string): Promise<string> {
  return String((await fx.call('admin', { method: 'GET', url })).headers.etag);
}

const lifecycle = (name: string) => ({
  name,
  label: `Lifecycle ${name}`,
  initial: 'pending',
  entry: 'pending',
  states: [
    { name: 'pending', label: 'Pending' },
    { name: 'active', label: 'Active' },
    { name: 'gone', label: 'Gone', terminal: true },
  ],
  transitions: [
    { name: 'activate', from: ['pending'], to: 'active', by: ['system'], when: { date: 'validFrom' } },
    { name: 'end', from: ['pending', 'active'], to: 'gone', by: ['sysadmin'] },
  ],
});

/**
 * Guests: everyone with a role reads them; organisation administrators (and the card and
 * IT desks) register and change guests of units in their subtree; lifecycles, types, the
 * settings and the sweep are system administrators'.
 */
export const guestsCases: RouteCase[] = [
  {
    route: 'GET /guest-lifecycles',
    allowed: 'auditor',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/guest-lifecycles' }),
  },
  {
    route: 'GET /guest-lifecycles/:name',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/guest-lifecycles/visitor' }),
  },
  {
    route: 'PUT /guest-lifecycles/:name',
    allowed: 'admin',
    denied: 'orgadmin',
    request: (_fx, actor) => ({
      method: 'PUT',
      url: `/guest-lifecycles/custom-${tag(actor)}`,
      headers: { 'if-match': '"0"' },
      payload: lifecycle(`custom-${tag(actor)}`),
    }),
  },
  {
    route: 'GET /guest-types',
    allowed: 'auditor',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/guest-types' }),
  },
  {
    route: 'GET /guest-types/:id',
    allowed: 'orgadminElsewhere',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/guest-types/${await visitorType(fx)}` }),
  },
  {
    route: 'POST /guest-types',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx, actor) => {
      await fx.t.app.guests.config.ensureDefaults();
      return {
        method: 'POST',
        url: '/guest-types',
        payload: { name: `Type ${tag(actor)}`, label: 'A type', lifecycle: 'tenant' },
      };
    },
  },
  {
    route: 'PUT /guest-types/:id',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx, actor) => {
      const id = await visitorType(fx);
      return {
        method: 'PUT',
        url: `/guest-types/${id}`,
        headers: { 'if-match': await etagOf(fx, `/guest-types/${id}`) },
        payload: {
          name: 'Route Visitor',
          label: `Route visitor (${tag(actor)})`,
          lifecycle: 'visitor',
          maxDays: 365,
          renewable: true,
        },
      };
    },
  },
  {
    route: 'DELETE /guest-types/:id',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx, actor) => {
      const t = await fx.t.app.guests.config.createType(setup, {
        name: `Unused ${tag(actor)}`,
        label: 'Unused',
        lifecycle: 'tenant',
      });
      return { method: 'DELETE', url: `/guest-types/${t.id}` };
    },
  },
  {
    route: 'GET /settings/guests',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/settings/guests' }),
  },
  {
    route: 'PUT /settings/guests',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => ({
      method: 'PUT',
      url: '/settings/guests',
      headers: { 'if-match': await etagOf(fx, '/settings/guests') },
      payload: { sponsorStatusTypes: [] },
    }),
  },
  {
    route: 'GET /guests',
    allowed: 'auditor',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/guests?state=pending' }),
  },
  {
    route: 'POST /guests',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx) => {
      await visitorType(fx);
      const personId = await fx.addPerson('Vic', `Visitor${Math.floor(Math.random() * 1e9)}`, fx.org.deptA);
      return {
        method: 'POST',
        url: '/guests',
        payload: {
          personId,
          type: 'Route Visitor',
          validFrom: '2026-09-01',
          validTo: '2026-10-01',
          hostOrgId: fx.org.deptA,
        },
      };
    },
  },
  {
    route: 'GET /guests/:id',
    // Guest data follows the subtree (issue 13): another faculty's administrator is refused.
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx) => ({ method: 'GET', url: `/guests/${(await newGuest(fx)).id}` }),
  },
  {
    route: 'GET /guests/:id/transitions',
    allowed: 'auditor',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/guests/${(await newGuest(fx)).id}/transitions` }),
  },
  {
    route: 'POST /guests/:id/transitions',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx) => {
      const g = await newGuest(fx);
      return {
        method: 'POST',
        url: `/guests/${g.id}/transitions`,
        headers: { 'if-match': `"${g.version}"` },
        payload: { transition: 'end-now', reason: 'left early' },
      };
    },
  },
  {
    route: 'PUT /guests/:id/valid-to',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx) => {
      const g = await newGuest(fx);
      return {
        method: 'PUT',
        url: `/guests/${g.id}/valid-to`,
        headers: { 'if-match': `"${g.version}"` },
        payload: { validTo: '2026-09-15' },
      };
    },
  },
  {
    route: 'POST /guests/:id/renew',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx) => {
      const g = await newGuest(fx);
      return {
        method: 'POST',
        url: `/guests/${g.id}/renew`,
        headers: { 'if-match': `"${g.version}"` },
        payload: { validTo: '2026-12-31' },
      };
    },
  },
  {
    route: 'POST /guests/:id/take-over',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx) => {
      const g = await newGuest(fx);
      const db = fx.t.db();
      // The faculty's organisation administrator vouches through a person; the guest is handed over to the faculty.
      const manager = await fx.addPerson('Mo', `Manager${Math.floor(Math.random() * 1e9)}`, fx.org.deptA);
      await db.updateTable('users').set({ person_id: manager }).where('username', '=', 'orgadmin-a').execute();
      await db
        .insertInto('guest_handovers')
        .values({
          guest_id: g.id,
          role: 'guarantor',
          voucher_id: manager,
          org_id: fx.org.facultyA,
          since: '2026-09-01',
          deadline: '2026-09-15',
          created_at: new Date(),
        })
        .execute();
      return {
        method: 'POST',
        url: `/guests/${g.id}/take-over`,
        headers: { 'if-match': `"${g.version}"` },
        payload: {},
      };
    },
  },
  {
    route: 'GET /guests/reports/by-org',
    allowed: 'auditor',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/guests/reports/by-org?within=30' }),
  },
  {
    route: 'GET /guests/reports/expiring',
    allowed: 'orgadminElsewhere',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/guests/reports/expiring?format=csv' }),
  },
  {
    route: 'GET /guests/reports/unvouched',
    allowed: 'auditor',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/guests/reports/unvouched?format=csv' }),
  },
  {
    route: 'POST /guests/sweep',
    allowed: 'admin',
    denied: 'orgadmin',
    request: () => ({ method: 'POST', url: '/guests/sweep' }),
  },
];
