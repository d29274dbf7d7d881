import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { lend, type LoanWorld, makeLoanWorld } from './world.ts';

/** Every loan, account and pool the API shows says what the caller may do with it now (loan-policy.ts). */
describe('loan views carry the caller’s abilities', () => {
  let t: TestApp;
  let w: LoanWorld;
  beforeAll(async () => {
    t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
    w = await makeLoanWorld(t);
  });
  afterAll(() => t.close());

  const get = async (token: string, url: string) => {
    const r = await t.call(token, { method: 'GET', url });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };

  it('a loan: its department’s administrator renews and returns it, an auditor only reads it', async () => {
    const { loan } = await lend(t, w.admins.sci, { orgId: w.chem, hours: 3 });
    expect(loan.abilities).toEqual({ renew: true, return: true });
    expect((await get(t.tokens.auditor, `/loans/${loan.id}`)).abilities).toEqual({ renew: false, return: false });
    expect((await t.call(w.admins.arts, { method: 'GET', url: `/loans/${loan.id}` })).statusCode).toBe(403);
    // past its end and not yet swept: it can still be taken back, no longer renewed
    t.clock.set('2026-09-01T12:30:00Z');
    expect((await get(w.admins.sci, `/loans/${loan.id}`)).abilities).toEqual({ renew: false, return: true });
    const swept = await t.call(t.tokens.admin, { method: 'POST', url: '/loans/sweep' });
    expect(swept.json().loans).toContain(loan.id);
    const history = await get(w.admins.sci, `/loans/history?accountId=${loan.accountId}`);
    expect(history.items[0].abilities).toEqual({ renew: false, return: false });
  });

  it('the pools: an organisation administrator lends for the departments in reach and adds no accounts', async () => {
    const pools = await get(w.admins.sci, '/loans/pools');
    expect(pools.abilities).toEqual({ lend: true, addAccount: false, changeSettings: false, sweep: false });
    expect(pools.departments.find((d: { orgId: number }) => d.orgId === w.chem).abilities).toEqual({
      lend: true,
      addAccount: false,
    });
    expect((await get(t.tokens.auditor, '/loans/pools')).abilities.lend).toBe(false);
    const admin = await get(t.tokens.admin, '/loans/pools');
    expect(admin.abilities).toEqual({ lend: true, addAccount: true, changeSettings: true, sweep: true });
  });

  it('an account: a system administrator retires it while free, nobody while lent', async () => {
    const { loan } = await lend(t, w.admins.sci, { orgId: w.chem, hours: 5 });
    const accounts = (await get(t.tokens.admin, '/loans/accounts')) as Array<{
      id: number;
      state: string;
      abilities: { retire: boolean };
    }>;
    expect(accounts.find((a) => a.id === loan.accountId)!.abilities).toEqual({ retire: false });
    expect(accounts.filter((a) => a.state === 'free').every((a) => a.abilities.retire)).toBe(true);
    const asSci = (await get(w.admins.sci, '/loans/accounts')) as Array<{ abilities: { retire: boolean } }>;
    expect(asSci.length).toBeGreaterThan(0);
    expect(asSci.some((a) => a.abilities.retire)).toBe(false);
  });
});
