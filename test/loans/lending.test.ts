import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { createPerson } from '../registry/world.ts';
import { accepts, countAudit, lend, type LoanWorld, makeLoanWorld } from './world.ts';

describe('lending temporary accounts', () => {
  let t: TestApp;
  let w: LoanWorld;
  beforeAll(async () => {
    t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
    w = await makeLoanWorld(t);
    await t.db().updateTable('users').set({ email: 'root@uni.example' }).where('username', '=', 'root').execute();
  });
  afterAll(() => t.close());

  it('lends an account of the department pool with a one-time password kept only as a hash', async () => {
    const { loan, password } = await lend(t, w.admins.sci, {
      orgId: w.chem,
      borrowerName: 'Vera Visitor',
      comment: 'CHEM seminar speaker',
      hours: 5,
    });
    expect(loan).toMatchObject({
      username: 'temp-chem-01',
      fromGlobal: false,
      open: true,
      borrowerName: 'Vera Visitor',
      comment: 'CHEM seminar speaker',
      endsAt: '2026-09-01T14:00:00.000Z',
    });
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(await accepts(t, loan.accountId, password)).toBe(true);
    const row = await t
      .db()
      .selectFrom('temp_accounts')
      .selectAll()
      .where('id', '=', loan.accountId)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('lent');
    expect(row.secret_hash).toMatch(/^\$argon2id\$/);
    expect(
      JSON.stringify(
        await t.db().selectFrom('audit_log').select(['after']).where('action', '=', 'loan.lend').execute(),
      ),
    ).not.toContain(password);
    const again = await t.call(w.admins.sci, { method: 'GET', url: `/loans/${loan.id}` });
    expect(again.json()).not.toHaveProperty('password');
  });

  it('refuses lengths under 3 hours or over 2 days, a missing borrower and comment, naming field and rule, and changes nothing', async () => {
    const before = await countAudit(t, 'loan.lend');
    const tryLend = (body: Record<string, unknown>) =>
      t.call(w.admins.sci, {
        method: 'POST',
        url: '/loans',
        payload: { orgId: w.chem, borrowerName: 'X', comment: 'c', ...body },
      });
    const short = await tryLend({ hours: 2.5 });
    expect(short.statusCode).toBe(400);
    expect(short.json().errors).toEqual([expect.objectContaining({ field: '/hours', rule: 'minimum:3h' })]);
    const long = await tryLend({ endsAt: '2026-09-03T09:30:00Z' });
    expect(long.json().errors).toEqual([expect.objectContaining({ field: '/endsAt', rule: 'maximum:2d' })]);
    expect((await tryLend({ hours: 48 })).statusCode).toBe(201);
    const bare = await tryLend({ borrowerName: ' ', comment: '', hours: 4 });
    expect(bare.json().errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`)).toEqual([
      '/borrowerName required',
      '/comment required',
    ]);
    expect(await countAudit(t, 'loan.lend')).toBe(before + 1);
  });

  it("refuses another faculty's administrator, to lend and to read", async () => {
    const r = await t.call(w.admins.arts, {
      method: 'POST',
      url: '/loans',
      payload: { orgId: w.chem, borrowerName: 'X', comment: 'c', hours: 4 },
    });
    expect(r.statusCode).toBe(403);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const loans = (await t.call(w.admins.arts, { method: 'GET', url: '/loans/history' })).json();
    expect(loans.items).toEqual([]);
    const one = (await t.call(w.admins.sci, { method: 'GET', url: '/loans/history' })).json().items[0];
    expect((await t.call(w.admins.arts, { method: 'GET', url: `/loans/${one.id}` })).statusCode).toBe(403);
  });

  it('draws from the global pool when the department has no free account, and it goes back there', async () => {
    const { loan } = await lend(t, w.admins.sci, { orgId: w.chem, borrowerName: 'Third guest' });
    expect(loan).toMatchObject({ username: 'temp-global-01', fromGlobal: true });
    const pools = (await t.call(w.admins.sci, { method: 'GET', url: '/loans/pools' })).json();
    expect(pools.departments).toEqual([
      expect.objectContaining({ orgCode: 'CHEM', free: 0, lent: 2, borrowedFromGlobal: 1 }),
    ]);
    expect(pools.global).toMatchObject({ free: 2, lent: 1, lowWater: 3, low: true });
    const back = await t.call(w.admins.sci, {
      method: 'POST',
      url: `/loans/${loan.id}/return`,
      headers: { 'if-match': `"${loan.version}"` },
      payload: {},
    });
    expect(back.statusCode, back.body).toBe(200);
    const account = await t
      .db()
      .selectFrom('temp_accounts')
      .select(['org_id', 'state'])
      .where('id', '=', loan.accountId)
      .executeTakeFirstOrThrow();
    expect(account).toEqual({ org_id: null, state: 'free' });
  });

  it('a department without a pool of its own lends from the global pool; an empty pool is a clear 409', async () => {
    const lent = [];
    for (let i = 0; i < 3; i += 1) lent.push((await lend(t, w.admins.sci, { orgId: w.bio })).loan);
    expect(lent.every((l) => l.fromGlobal)).toBe(true);
    const none = await t.call(w.admins.sci, {
      method: 'POST',
      url: '/loans',
      payload: { orgId: w.bio, borrowerName: 'X', comment: 'c', hours: 4 },
    });
    expect(none.statusCode).toBe(409);
    expect(none.json().errors).toEqual([expect.objectContaining({ field: '/orgId', rule: 'free-account' })]);
  });

  it('warns the administrators once a day when the global pool runs low', async () => {
    const mails = await t
      .db()
      .selectFrom('outbox')
      .select(['recipient', 'subject', 'text_body', 'dedupe_key'])
      .where('event', '=', 'temp-pool-low')
      .execute();
    // Several global draws left the pool below its mark today; root (the only administrator with an address) hears
    // once.
    expect(mails).toHaveLength(1);
    expect(mails[0].recipient).toBe('root@uni.example');
    expect(mails[0].subject).toMatch(/Temporary accounts: \d left in the global pool/);
    expect(mails[0].text_body).toContain('low-water mark is 3');
    t.clock.set('2026-09-02T09:00:00Z');
    const open = (await t.call(w.admins.sci, { method: 'GET', url: `/loans?orgId=${w.bio}` })).json().items;
    const back = await t.call(w.admins.sci, {
      method: 'POST',
      url: `/loans/${open[0].id}/return`,
      headers: { 'if-match': `"${open[0].version}"` },
    });
    expect(back.statusCode, back.body).toBe(200);
    await lend(t, w.admins.sci, { orgId: w.bio });
    expect(
      await t.db().selectFrom('outbox').select('recipient').where('event', '=', 'temp-pool-low').execute(),
    ).toHaveLength(2);
  });

  it('renews a current loan up to 2 days from now, keeping every renewal, with If-Match', async () => {
    const { loan } = (await t.call(w.admins.sci, { method: 'GET', url: `/loans?orgId=${w.chem}` }))
      .json()
      .items.map((l: object) => ({ loan: l }))[0];
    const renew = (version: number, body: object) =>
      t.call(w.admins.sci, {
        method: 'POST',
        url: `/loans/${loan.id}/renewals`,
        headers: { 'if-match': `"${version}"` },
        payload: body,
      });
    expect(
      (await t.call(w.admins.sci, { method: 'POST', url: `/loans/${loan.id}/renewals`, payload: { hours: 10 } }))
        .statusCode,
    ).toBe(428);
    const tooLong = await renew(loan.version, { hours: 49 });
    expect(tooLong.json().errors).toEqual([expect.objectContaining({ field: '/hours', rule: 'maximum:2d' })]);
    const first = await renew(loan.version, { hours: 30, comment: 'talk moved' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().endsAt).toBe('2026-09-03T15:00:00.000Z');
    expect((await renew(loan.version, { hours: 40 })).statusCode).toBe(412);
    const second = await renew(first.json().version, { hours: 48 });
    expect(second.json().renewals).toEqual([
      expect.objectContaining({ endsAt: '2026-09-03T15:00:00.000Z', comment: 'talk moved', actor: 'sci-admin' }),
      expect.objectContaining({ previousEndsAt: '2026-09-03T15:00:00.000Z', endsAt: '2026-09-04T09:00:00.000Z' }),
    ]);
    expect(await countAudit(t, 'loan.renew')).toBe(2);
    expect(
      (
        await t.call(w.admins.arts, {
          method: 'POST',
          url: `/loans/${loan.id}/renewals`,
          headers: { 'if-match': `"${second.json().version}"` },
          payload: { hours: 20 },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('shows who had which account when, per account, department and borrower', async () => {
    const person = await createPerson(t, { givenName: 'Paula', familyName: 'Borrower' });
    const [open] = (await t.call(w.admins.sci, { method: 'GET', url: `/loans?orgId=${w.bio}` })).json().items;
    expect(
      (
        await t.call(w.admins.sci, {
          method: 'POST',
          url: `/loans/${open.id}/return`,
          headers: { 'if-match': `"${open.version}"` },
        })
      ).statusCode,
    ).toBe(200);
    const { loan } = await lend(t, w.admins.sci, {
      orgId: w.bio,
      borrowerName: null,
      borrowerPersonId: person.id,
      comment: 'lab visit',
    });
    const byPerson = (await t.call(w.admins.sci, { method: 'GET', url: `/loans/history?personId=${person.id}` })).json()
      .items;
    expect(byPerson).toEqual([expect.objectContaining({ id: loan.id, username: loan.username, comment: 'lab visit' })]);
    const byAccount = (
      await t.call(t.tokens.auditor, { method: 'GET', url: `/loans/history?accountId=${loan.accountId}` })
    ).json().items;
    expect(byAccount.length).toBeGreaterThanOrEqual(2);
    expect(byAccount.every((l: { username: string }) => l.username === loan.username)).toBe(true);
    expect(byAccount[0].id).toBe(loan.id);
    expect(byAccount[1]).toMatchObject({ open: false, endReason: 'returned' });
    const byName = (await t.call(w.admins.sci, { method: 'GET', url: '/loans/history?borrower=vera' })).json().items;
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((l: { borrowerName: string }) => l.borrowerName === 'Vera Visitor')).toBe(true);
    const bySci = (await t.call(w.admins.sci, { method: 'GET', url: `/loans/history?orgId=${w.sci}&limit=2` })).json();
    expect(bySci.items).toHaveLength(2);
    expect(bySci.next).not.toBeNull();
  });
});
