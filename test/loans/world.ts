import { expect } from 'vitest';
import { verifyPassword } from '../../src/platform/auth/secrets.ts';
import type { TestApp } from '../harness.ts';
import { addOrg } from '../registry/world.ts';

/**
 * A small campus for the loan tests: two faculties, a department with its own pool of two
 * accounts in the first, a department without a pool, and a global pool of three; an
 * organisation administrator for each faculty.
 */
export interface LoanWorld {
  sci: number;
  chem: number;
  bio: number;
  arts: number;
  hist: number;
  admins: { sci: string; arts: string };
}

export async function makeLoanWorld(t: TestApp, options: { global?: number } = {}): Promise<LoanWorld> {
  const root = await addOrg(t, 'UNI');
  const sci = await addOrg(t, 'SCI', root);
  const chem = await addOrg(t, 'CHEM', sci);
  const bio = await addOrg(t, 'BIO', sci);
  const arts = await addOrg(t, 'ARTS', root);
  const hist = await addOrg(t, 'HIST', arts);
  for (const username of ['temp-chem-01', 'temp-chem-02']) await addAccount(t, username, chem);
  for (let i = 1; i <= (options.global ?? 3); i += 1)
    await addAccount(t, `temp-global-${String(i).padStart(2, '0')}`, null);
  const admins = {
    sci: await t.tokenFor('sci-admin', [{ role: 'orgadmin', orgId: sci }]),
    arts: await t.tokenFor('arts-admin', [{ role: 'orgadmin', orgId: arts }]),
  };
  return { sci, chem, bio, arts, hist, admins };
}

export async function addAccount(
  t: TestApp,
  username: string,
  orgId: number | null,
): Promise<{ id: number; version: number }> {
  const r = await t.call(t.tokens.admin, { method: 'POST', url: '/loans/accounts', payload: { username, orgId } });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

export interface LoanJson {
  id: number;
  accountId: number;
  username: string;
  fromGlobal: boolean;
  endsAt: string;
  endedAt: string | null;
  endReason: string | null;
  open: boolean;
  version: number;
  renewals: { previousEndsAt: string; endsAt: string; actor: string; comment: string | null }[];
  borrowerName: string | null;
  comment: string;
  abilities: { renew: boolean; return: boolean };
}

export async function lend(
  t: TestApp,
  token: string,
  body: Record<string, unknown>,
): Promise<{ loan: LoanJson; password: string; globalPoolLow: boolean }> {
  const r = await t.call(token, {
    method: 'POST',
    url: '/loans',
    payload: { borrowerName: 'Vera Visitor', comment: 'conference wifi', hours: 4, ...body },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

export async function secretOf(t: TestApp, accountId: number): Promise<string> {
  return (
    await t.db().selectFrom('temp_accounts').select('secret_hash').where('id', '=', accountId).executeTakeFirstOrThrow()
  ).secret_hash;
}

/** Does the account's stored hash accept the password? */
export async function accepts(t: TestApp, accountId: number, password: string): Promise<boolean> {
  return verifyPassword(password, await secretOf(t, accountId));
}

export async function countAudit(t: TestApp, action: string): Promise<number> {
  const { n } = await t
    .db()
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', action)
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function countChanges(t: TestApp, entityType: string, op: string): Promise<number> {
  const { n } = await t
    .db()
    .selectFrom('change_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('entity_type', '=', entityType)
    .where('op', '=', op)
    .executeTakeFirstOrThrow();
  return Number(n);
}
