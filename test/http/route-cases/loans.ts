import { systemActor } from '../../../src/platform/auth/actor.ts';
import type { RouteCase } from '../route-case.ts';
import type { ActorName, RouteFixture } from '../route-fixture.ts';

const setup = systemActor('test');
let n = 0;

/** A free account in the first faculty's department (a new one each time). */
async function freeAccount(fx: RouteFixture): Promise<{ id: number; version: number }> {
  n += 1;
  return fx.t.app.loans.pools.addAccount(setup, { username: `route-temp-${n}`, orgId: fx.org.deptA });
}

/** An open loan of the first faculty's department. */
async function openLoan(fx: RouteFixture): Promise<{ id: number; version: number }> {
  await freeAccount(fx);
  return (
    await fx.t.app.loans.loans.lend(setup, {
      orgId: fx.org.deptA,
      borrowerName: 'Route Borrower',
      comment: 'route test',
      hours: 5,
    })
  ).loan;
}

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
const tag = (actor: ActorName) => actor.toLowerCase();

/**
 * Temporary accounts: organisation administrators lend, renew, return and read the loans of
 * their subtree; auditors read everything; system administrators add and retire accounts,
 * run the expiry and set the low-water mark.
 */
export const loansCases: RouteCase[] = [
  {
    route: 'GET /loans/pools',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/loans/pools' }),
  },
  {
    route: 'GET /loans/accounts',
    allowed: 'auditor',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/loans/accounts' }),
  },
  {
    route: 'POST /loans/accounts',
    allowed: 'admin',
    denied: 'orgadmin',
    request: (fx, actor) => ({
      method: 'POST',
      url: '/loans/accounts',
      payload: { username: `added-${tag(actor)}`, orgId: fx.org.deptA },
    }),
  },
  {
    route: 'POST /loans/accounts/:id/retire',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx) => {
      const a = await freeAccount(fx);
      return { method: 'POST', url: `/loans/accounts/${a.id}/retire`, headers: ifMatch(a.version) };
    },
  },
  { route: 'GET /loans', allowed: 'orgadmin', denied: 'nobody', request: () => ({ method: 'GET', url: '/loans' }) },
  {
    route: 'POST /loans',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx) => {
      await freeAccount(fx);
      return {
        method: 'POST',
        url: '/loans',
        payload: { orgId: fx.org.deptA, borrowerName: 'Vera', comment: 'wifi for a talk', hours: 4 },
      };
    },
  },
  {
    route: 'GET /loans/history',
    allowed: 'auditor',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/loans/history' }),
  },
  {
    route: 'GET /loans/:id',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx) => ({ method: 'GET', url: `/loans/${(await openLoan(fx)).id}` }),
  },
  {
    route: 'POST /loans/:id/renewals',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx) => {
      const loan = await openLoan(fx);
      return {
        method: 'POST',
        url: `/loans/${loan.id}/renewals`,
        headers: ifMatch(loan.version),
        payload: { hours: 24 },
      };
    },
  },
  {
    route: 'POST /loans/:id/return',
    allowed: 'orgadmin',
    denied: 'auditor',
    request: async (fx) => {
      const loan = await openLoan(fx);
      return {
        method: 'POST',
        url: `/loans/${loan.id}/return`,
        headers: ifMatch(loan.version),
        payload: { reason: 'left early' },
      };
    },
  },
  {
    route: 'POST /loans/sweep',
    allowed: 'admin',
    denied: 'orgadmin',
    request: () => ({ method: 'POST', url: '/loans/sweep' }),
  },
  {
    route: 'GET /settings/loans',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/settings/loans' }),
  },
  {
    route: 'PUT /settings/loans',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx) => {
      const etag = String((await fx.call('admin', { method: 'GET', url: '/settings/loans' })).headers.etag);
      return {
        method: 'PUT',
        url: '/settings/loans',
        headers: { 'if-match': etag },
        payload: { lowWater: 2, alertAddresses: [] },
      };
    },
  },
];
