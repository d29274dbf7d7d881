import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin } from 'kysely';
import { createAccountService } from '../../src/platform/auth/account-service.ts';
import { makeTestApp, type TestApp } from '../harness.ts';

describe('accounts, sessions and tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
    await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/users',
      payload: {
        username: 'clerk',
        displayName: 'Records Clerk',
        password: 'a long enough secret',
        roles: [{ role: 'auditor' }],
      },
    });
  });
  afterAll(() => t.close());

  const login = (password: string) =>
    t.call(null, { method: 'POST', url: '/auth/login', payload: { username: 'clerk', password } });

  it('signs in with the right password and keeps the session in an HttpOnly cookie', async () => {
    const response = await login('a long enough secret');
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'steward_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const me = await t.call(null, { method: 'GET', url: '/auth/me', cookies: { steward_session: cookie.value } });
    expect(me.json()).toMatchObject({ username: 'clerk', roles: [{ role: 'auditor', orgId: null }] });
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const response = await login('not the secret');
    expect(response.statusCode).toBe(401);
    expect(response.json().detail).toBe('unknown username or wrong password');
  });

  it('stores passwords with Argon2id, never in clear', async () => {
    const row = await t
      .db()
      .selectFrom('users')
      .select('password_hash')
      .where('username', '=', 'clerk')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    expect(row.password_hash).not.toContain('a long enough secret');
  });

  it('ends the session when it expires on the clock', async () => {
    const cookie = (await login('a long enough secret')).cookies.find((c) => c.name === 'steward_session')!;
    t.clock.advance(13 * 3_600_000);
    const me = await t.call(null, { method: 'GET', url: '/auth/me', cookies: { steward_session: cookie.value } });
    expect(me.statusCode).toBe(401);
  });

  it('shows an API token once, stores only its hash, and stops accepting it when revoked', async () => {
    const created = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/tokens',
      payload: { name: 'nightly export' },
    });
    expect(created.statusCode).toBe(201);
    const { token, tokenInfo } = created.json();
    expect(token).toMatch(/^stw_/);
    const stored = await t
      .db()
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', tokenInfo.id)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(stored.token_hash).toString('utf8')).not.toContain(token);
    expect((await t.call(token, { method: 'GET', url: '/auth/me' })).statusCode).toBe(200);
    const listed = (await t.call(t.tokens.admin, { method: 'GET', url: '/tokens' })).json();
    expect(JSON.stringify(listed)).not.toContain(token);
    expect((await t.call(t.tokens.admin, { method: 'DELETE', url: `/tokens/${tokenInfo.id}` })).statusCode).toBe(204);
    const refused = await t.call(token, { method: 'GET', url: '/auth/me' });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().detail).toContain('revoked');
  });

  it('looks a token up once for the calls that find its remembered caller expired together', async () => {
    // A service of its own over the same database, counting the statements it sends.
    let statements = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        statements++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const accounts = createAccountService({
      db: t.db().withPlugin(counting),
      clock: t.clock,
      sessionTtlHours: 8,
      authCacheMs: 1000,
    });
    const { token } = (
      await t.call(t.tokens.admin, { method: 'POST', url: '/tokens', payload: { name: 'many connections' } })
    ).json();
    const together = await Promise.all(Array.from({ length: 20 }, () => accounts.authenticate(token)));
    expect(together[0]?.kind).toBe('user');
    expect(together.every((actor) => actor?.id === together[0]!.id)).toBe(true);
    const once = statements;
    expect(once).toBeGreaterThan(0);
    expect(once).toBeLessThanOrEqual(4); // the token, its last use (at most once a minute), the account and its roles
    // A second later the remembered caller has expired: twenty calls again cost one look-up, not twenty.
    t.clock.advance(1500);
    await Promise.all(Array.from({ length: 20 }, () => accounts.authenticate(token)));
    expect(statements - once).toBeLessThanOrEqual(3);
  });

  it('refuses an expired token', async () => {
    const expiresAt = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    const { token } = (
      await t.call(t.tokens.admin, { method: 'POST', url: '/tokens', payload: { name: 'short', expiresAt } })
    ).json();
    expect((await t.call(token, { method: 'GET', url: '/auth/me' })).statusCode).toBe(200);
    t.clock.advance(2 * 3_600_000);
    expect((await t.call(token, { method: 'GET', url: '/auth/me' })).statusCode).toBe(401);
  });

  it('requires a scope for an organisation administrator and refuses it for other roles', async () => {
    const noScope = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/users',
      payload: { username: 'halfadmin', displayName: 'x', roles: [{ role: 'orgadmin' }] },
    });
    expect(noScope.statusCode).toBe(400);
    expect(noScope.json().errors).toEqual([
      { field: '/roles/0/orgId', rule: 'required-for-orgadmin', message: expect.any(String) },
    ]);
    const taken = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/users',
      payload: { username: 'clerk', displayName: 'again', roles: [] },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors[0]).toMatchObject({ field: '/username', rule: 'unique' });
  });

  it('audits account changes in the hash chain', async () => {
    const entries = (
      await t.call(t.tokens.auditor, { method: 'GET', url: '/audit?targetType=user&action=user.create' })
    ).json();
    expect(entries.map((e: { after: { username: string } }) => e.after.username)).toContain('clerk');
    expect((await t.app.audit.verify((await t.app.accounts.authenticate(t.tokens.auditor))!)).ok).toBe(true);
  });
});
