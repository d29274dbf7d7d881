import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { verifyPassword } from '../../src/platform/auth/secrets.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import {
  accepts,
  addAccount,
  countAudit,
  countChanges,
  lend,
  secretOf,
  type LoanJson,
  type LoanWorld,
  makeLoanWorld,
} from './world.ts';

const loanOf = async (t: TestApp, id: number): Promise<LoanJson> =>
  (await t.call(t.tokens.admin, { method: 'GET', url: `/loans/${id}` })).json();
const stateOf = async (t: TestApp, accountId: number) =>
  (await t.db().selectFrom('temp_accounts').select('state').where('id', '=', accountId).executeTakeFirstOrThrow())
    .state;
const tempJob = (reports: { job: string }[] | null) => (reports ?? []).filter((r) => r.job === 'temp-accounts');

/** Makes updating one loan fail inside the database, as a crash half-way through a sweep would. */
async function breakLoan(t: TestApp, loanId: number): Promise<void> {
  await sql
    .raw(
      `create or replace function loan_crash() returns trigger language plpgsql as $$ begin raise exception 'simulated crash'; end $$`,
    )
    .execute(t.db());
  await sql
    .raw(
      `create trigger loan_crash before update on temp_loans for each row when (old.id = ${loanId}) execute function loan_crash()`,
    )
    .execute(t.db());
}
async function mendLoans(t: TestApp): Promise<void> {
  await sql.raw('drop trigger loan_crash on temp_loans').execute(t.db());
}

describe('loans end by themselves', () => {
  let t: TestApp;
  let w: LoanWorld;
  beforeAll(async () => {
    t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
    w = await makeLoanWorld(t, { global: 6 });
    expect(tempJob(await t.app.schedule.tick())).toEqual([]);
  });
  afterAll(() => t.close());

  it('at expiry the temp-accounts job resets the credential and frees the account, exactly once', async () => {
    const a = await lend(t, w.admins.sci, { orgId: w.chem, hours: 3 });
    const b = await lend(t, w.admins.sci, { orgId: w.chem, hours: 5 });
    t.clock.set('2026-09-01T11:59:00Z');
    expect(tempJob(await t.app.schedule.tick()).map((r) => (r as { idle?: boolean }).idle)).toEqual([true]);
    expect((await loanOf(t, a.loan.id)).open).toBe(true);

    t.clock.set('2026-09-01T12:01:00Z');
    const ran = tempJob(await t.app.schedule.tick());
    expect(ran).toEqual([
      expect.objectContaining({ outcome: 'succeeded', idle: false, summary: { ended: 1, loans: [a.loan.id] } }),
    ]);
    expect(await loanOf(t, a.loan.id)).toMatchObject({
      open: false,
      endReason: 'expired',
      endedAt: '2026-09-01T12:01:00.000Z',
      endedBy: 'scheduler',
    });
    expect(await stateOf(t, a.loan.accountId)).toBe('free');
    expect(await accepts(t, a.loan.accountId, a.password)).toBe(false);
    expect((await loanOf(t, b.loan.id)).open).toBe(true);
    expect(await accepts(t, b.loan.accountId, b.password)).toBe(true);

    // Again in the same slot, and by hand: nothing more.
    expect(tempJob(await t.app.schedule.tick())).toEqual([]);
    expect((await t.call(t.tokens.admin, { method: 'POST', url: '/loans/sweep' })).json()).toEqual({
      ended: 0,
      loans: [],
    });
    expect(await countAudit(t, 'loan.expire')).toBe(1);
    expect(await countChanges(t, 'temp_account', 'credential-reset')).toBe(1);

    // The freed account is lent again from the department pool.
    const c = await lend(t, w.admins.sci, { orgId: w.chem, hours: 4 });
    expect(c.loan.username).toBe(a.loan.username);
  });

  it('a renewed loan is not ended at its old end', async () => {
    t.clock.set('2026-09-02T09:00:00Z');
    const d = await lend(t, w.admins.sci, { orgId: w.bio, hours: 3 });
    const renewed = await t.call(w.admins.sci, {
      method: 'POST',
      url: `/loans/${d.loan.id}/renewals`,
      headers: { 'if-match': `"${d.loan.version}"` },
      payload: { hours: 6 },
    });
    expect(renewed.statusCode, renewed.body).toBe(200);
    t.clock.set('2026-09-02T13:00:00Z');
    await t.app.schedule.tick();
    expect((await loanOf(t, d.loan.id)).open).toBe(true);
    t.clock.set('2026-09-02T15:00:00Z');
    await t.app.schedule.tick();
    expect(await loanOf(t, d.loan.id)).toMatchObject({ open: false, endReason: 'expired' });
    // A renewal after the end is refused; the loan is over.
    const late = await t.call(w.admins.sci, {
      method: 'POST',
      url: `/loans/${d.loan.id}/renewals`,
      headers: { 'if-match': `"${(await loanOf(t, d.loan.id)).version}"` },
      payload: { hours: 6 },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().errors).toEqual([expect.objectContaining({ field: '/loan', rule: 'open' })]);
  });

  it('a sweep that crashes half-way is finished by the next run; no loan ends twice', async () => {
    t.clock.set('2026-09-03T09:00:00Z');
    await addAccount(t, 'temp-hist-01', w.hist);
    await addAccount(t, 'temp-hist-02', w.hist);
    const loans = [];
    for (let i = 0; i < 3; i += 1) loans.push(await lend(t, w.admins.arts, { orgId: w.hist, hours: 3 + i * 0.1 }));
    const expiredBefore = await countAudit(t, 'loan.expire');
    await breakLoan(t, loans[1].loan.id);
    t.clock.set('2026-09-03T13:00:00Z');
    await expect(t.app.loans.expireDue(systemActor('scheduler'), { batchSize: 1 })).rejects.toThrow(/simulated crash/);
    expect((await loanOf(t, loans[0].loan.id)).open).toBe(false);
    expect((await loanOf(t, loans[1].loan.id)).open).toBe(true);
    expect((await loanOf(t, loans[2].loan.id)).open).toBe(true);
    expect(await stateOf(t, loans[1].loan.accountId)).toBe('lent');

    // The scheduled job meets the same fault: it fails, its slot stays open, and it is retried after a pause.
    const failed = tempJob(await t.app.schedule.tick());
    expect(failed).toEqual([expect.objectContaining({ outcome: 'failed' })]);
    await mendLoans(t);
    t.clock.set('2026-09-03T13:02:00Z');
    const retried = tempJob(await t.app.schedule.tick());
    expect(retried).toEqual([
      expect.objectContaining({
        outcome: 'succeeded',
        summary: { ended: 2, loans: [loans[1].loan.id, loans[2].loan.id] },
      }),
    ]);
    expect(await countAudit(t, 'loan.expire')).toBe(expiredBefore + 3);
    for (const l of loans) {
      expect(await loanOf(t, l.loan.id)).toMatchObject({ open: false, endReason: 'expired' });
      expect(await stateOf(t, l.loan.accountId)).toBe('free');
      expect(await accepts(t, l.loan.accountId, l.password)).toBe(false);
    }
    const { n } = await t
      .db()
      .selectFrom('audit_log')
      .select((eb) => eb.fn.count<number>('target_id').distinct().as('n'))
      .where('action', '=', 'loan.expire')
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(expiredBefore + 3);
  });

  it('a returned or expired loan leaves a fresh credential that opens with no password the account ever had', async () => {
    t.clock.set('2026-09-05T09:00:00Z');
    const account = await addAccount(t, 'temp-arts-01', w.arts);
    const passwords: string[] = [];
    const secrets: string[] = [];
    const ended = async () => {
      secrets.push(await secretOf(t, account.id));
      for (const p of passwords) expect(await accepts(t, account.id, p)).toBe(false);
    };
    // Lent and taken back early, lent and expired, lent and taken back again.
    for (const how of ['return', 'expire', 'return'] as const) {
      const { loan, password } = await lend(t, w.admins.arts, { orgId: w.arts, hours: 3 });
      expect(loan.accountId).toBe(account.id);
      expect(await accepts(t, account.id, password)).toBe(true);
      passwords.push(password);
      if (how === 'return') {
        const r = await t.call(w.admins.arts, {
          method: 'POST',
          url: `/loans/${loan.id}/return`,
          headers: { 'if-match': `"${loan.version}"` },
          payload: {},
        });
        expect(r.statusCode, r.body).toBe(200);
      } else {
        t.clock.set(new Date(t.clock.now().getTime() + 4 * 3_600_000).toISOString());
        expect((await t.app.loans.expireDue(systemActor('scheduler'))).loans).toEqual([loan.id]);
      }
      expect(await stateOf(t, account.id)).toBe('free');
      await ended();
    }
    // Each end left a different value, and none is a password hash: not even the stored value itself opens it.
    expect(new Set(secrets).size).toBe(3);
    for (const secret of secrets) {
      expect(secret).not.toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(secret, secret)).toBe(false);
      expect(await verifyPassword('', secret)).toBe(false);
    }
  });
});
