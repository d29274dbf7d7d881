import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { createPerson } from '../registry/world.ts';
import { lend, type LoanWorld, makeLoanWorld } from './world.ts';

describe('the global pool warning and concurrent lends', () => {
  let t: TestApp;
  let w: LoanWorld;
  beforeAll(async () => {
    t = await makeTestApp({ start: '2026-10-05T08:00:00Z' });
    w = await makeLoanWorld(t, { global: 4 });
  });
  afterAll(() => t.close());

  it('checks the settings, naming field and rule, with If-Match', async () => {
    const current = await t.call(t.tokens.admin, { method: 'GET', url: '/settings/loans' });
    expect(current.json()).toEqual({ lowWater: 3, alertAddresses: [], version: 0 });
    const bad = await t.call(t.tokens.admin, {
      method: 'PUT',
      url: '/settings/loans',
      headers: { 'if-match': '"0"' },
      payload: { lowWater: 2, alertAddresses: ['ops@uni.example', 'not an address'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: '/alertAddresses/1', rule: 'format:email' })]);
    const saved = await t.call(t.tokens.admin, {
      method: 'PUT',
      url: '/settings/loans',
      headers: { 'if-match': '"0"' },
      payload: { lowWater: 3, alertAddresses: ['ops@uni.example'] },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(
      (
        await t.call(t.tokens.admin, {
          method: 'PUT',
          url: '/settings/loans',
          headers: { 'if-match': '"0"' },
          payload: { lowWater: 1, alertAddresses: [] },
        })
      ).statusCode,
    ).toBe(412);
  });

  it("warns a system administrator at their person's address and the configured address, not an orgadmin", async () => {
    const person = await createPerson(t, {
      givenName: 'Sam',
      familyName: 'Sysadmin',
      emails: [{ address: 'sam@uni.example' }],
    });
    await t.app.accounts.createUser(
      { kind: 'system', id: null, name: 'test', roles: [{ role: 'sysadmin', orgId: null, orgPath: null }] },
      {
        username: 'sam',
        displayName: 'Sam Sysadmin',
        password: 'correct horse battery',
        personId: person.id,
        roles: [{ role: 'sysadmin' }],
      },
    );
    // Four global accounts and a mark of 3: the first draw leaves 3 (not low), the second leaves 2 (low).
    expect((await lend(t, w.admins.sci, { orgId: w.bio })).globalPoolLow).toBe(false);
    expect(await t.db().selectFrom('outbox').select('id').where('event', '=', 'temp-pool-low').execute()).toEqual([]);
    expect((await lend(t, w.admins.sci, { orgId: w.bio })).globalPoolLow).toBe(true);
    expect((await lend(t, w.admins.arts, { orgId: w.hist })).globalPoolLow).toBe(true);
    const mails = await t
      .db()
      .selectFrom('outbox')
      .select(['recipient', 'text_body'])
      .where('event', '=', 'temp-pool-low')
      .orderBy('recipient')
      .execute();
    expect(mails.map((m) => m.recipient)).toEqual(['ops@uni.example', 'sam@uni.example']);
    expect(mails[1].text_body).toContain('Hello Sam Sysadmin');
    expect(mails[1].text_body).toContain('Unit BIO drew a temporary account');
    const pools = (await t.call(w.admins.arts, { method: 'GET', url: '/loans/pools' })).json();
    expect(pools.global).toMatchObject({ free: 1, low: true });
    // The arts administrator sees only History's row, not Science's departments.
    expect(pools.departments.map((d: { orgCode: string }) => d.orgCode)).toEqual(['HIST']);
  });

  it('two lends at the same moment take two different accounts', async () => {
    const [a, b] = await Promise.all([
      lend(t, w.admins.sci, { orgId: w.chem, borrowerName: 'First' }),
      lend(t, w.admins.sci, { orgId: w.chem, borrowerName: 'Second' }),
    ]);
    expect(new Set([a.loan.username, b.loan.username])).toEqual(new Set(['temp-chem-01', 'temp-chem-02']));
    const open = await t.db().selectFrom('temp_loans').select('account_id').where('ended_at', 'is', null).execute();
    expect(new Set(open.map((r) => r.account_id)).size).toBe(open.length);
  });
});
