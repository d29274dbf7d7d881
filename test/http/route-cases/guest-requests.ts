import { systemActor } from '../../../src/platform/auth/actor.ts';
import type { RouteCase } from '../route-case.ts';
import type { RouteFixture } from '../route-fixture.ts';

const setup = systemActor('test');
const TYPE = 'Route Request Visitor';

/** A visitor type approved by the department, with an approver on the root unit (so every department inherits one). */
async function ready(fx: RouteFixture): Promise<void> {
  await fx.t.app.guests.config.createMissingTypes(setup, [
    {
      name: TYPE,
      label: 'Route request visitor',
      lifecycle: 'visitor',
      maxDays: 365,
      renewable: true,
      approvalChain: [{ step: 'department-approvers' }],
    },
  ]);
  const db = fx.t.db();
  const has = await db
    .selectFrom('org_officers')
    .select('id')
    .where('org_id', '=', fx.org.root)
    .where('function', '=', 'approver')
    .executeTakeFirst();
  if (!has)
    await db
      .insertInto('org_officers')
      .values({
        org_id: fx.org.root,
        person_id: fx.person.inB,
        function: 'approver',
        role_name: 'Rector',
        created_at: fx.t.clock.now(),
      })
      .execute();
}

const body = (fx: RouteFixture) => ({
  type: TYPE,
  givenName: 'Rita',
  familyName: `Route${Math.floor(Math.random() * 1e9)}`,
  email: 'rita@route.example',
  hostOrgId: fx.org.deptA,
  validFrom: '2026-09-10',
  validTo: '2026-09-30',
});

/**
 * A waiting request with a fresh guarantor (no account is theirs), submitted by the system (so no account is its
 * submitter).
 */
async function waiting(fx: RouteFixture): Promise<number> {
  await ready(fx);
  const guarantorId = await fx.addPerson('Gwen', `Guarantor${Math.floor(Math.random() * 1e9)}`, fx.org.deptA);
  return (await fx.t.app.guestRequests.requests.submit(setup, { ...body(fx), guarantorId })).id;
}

async function guestOf(fx: RouteFixture): Promise<number> {
  await ready(fx);
  const personId = await fx.addPerson('Rolf', `Renew${Math.floor(Math.random() * 1e9)}`, fx.org.deptA);
  return (
    await fx.t.app.guests.records.create(setup, {
      personId,
      type: TYPE,
      validFrom: '2026-09-01',
      validTo: '2026-09-20',
      hostOrgId: fx.org.deptA,
      guarantorId: fx.person.inA,
    })
  ).id;
}

/**
 * Guest requests: any signed-in account linked to a person asks and sees its own requests;
 * approvers decide (system administrators too); an account with neither a person nor a
 * desk office is refused. The waiting report is for guest readers. (The groups cases link
 * orgadmin-a to a person the organisation cases appoint approver of deptA, so the refused
 * decider is the administrator of the other faculty.)
 */
export const guestRequestCases: RouteCase[] = [
  {
    route: 'POST /guests/requests',
    allowed: 'admin',
    denied: 'nobody',
    request: async (fx) => {
      await ready(fx);
      return { method: 'POST', url: '/guests/requests', payload: { ...body(fx), guarantorId: fx.person.inA } };
    },
  },
  {
    route: 'GET /guests/requests',
    allowed: 'auditor',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/guests/requests' }),
  },
  {
    route: 'GET /guests/requests/:id',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/guests/requests/${await waiting(fx)}` }),
  },
  {
    route: 'POST /guests/requests/:id/approve',
    allowed: 'admin',
    denied: 'nobody',
    request: async (fx) => ({
      method: 'POST',
      url: `/guests/requests/${await waiting(fx)}/approve`,
      headers: { 'if-match': '"1"' },
      payload: {},
    }),
  },
  {
    route: 'POST /guests/requests/:id/reject',
    allowed: 'admin',
    denied: 'orgadminElsewhere',
    request: async (fx) => ({
      method: 'POST',
      url: `/guests/requests/${await waiting(fx)}/reject`,
      headers: { 'if-match': '"1"' },
      payload: { comment: 'no' },
    }),
  },
  {
    route: 'POST /guests/requests/:id/withdraw',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx) => ({
      method: 'POST',
      url: `/guests/requests/${await waiting(fx)}/withdraw`,
      headers: { 'if-match': '"1"' },
      payload: {},
    }),
  },
  {
    route: 'POST /guests/:id/renewal-requests',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx) => ({
      method: 'POST',
      url: `/guests/${await guestOf(fx)}/renewal-requests`,
      payload: { validTo: '2026-10-20' },
    }),
  },
  {
    route: 'GET /guests/request-options',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/guests/request-options' }),
  },
  {
    route: 'GET /guests/inbox',
    allowed: 'admin',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/guests/inbox' }),
  },
  {
    route: 'POST /guests/duplicate-hints',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: () => ({
      method: 'POST',
      url: '/guests/duplicate-hints',
      payload: { givenName: 'Ada', familyName: 'Inside' },
    }),
  },
  {
    route: 'GET /guests/reports/waiting-by-approver',
    allowed: 'auditor',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/guests/reports/waiting-by-approver' }),
  },
];
