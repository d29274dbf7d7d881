import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/platform/config.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { createPerson } from '../registry/world.ts';
import { startTestProvider, type TestProvider, throughProvider } from '../support/oidc-provider.ts';

/**
 * Single sign-on against a real OpenID provider (oidc-provider) listening in this process: Steward starts the sign-in,
 * the provider signs its user in and sends the browser back, Steward exchanges the code and opens a session.
 */
const base = 'http://steward.test';
const names = ['idp', 'byemail', 'jit', 'byid'] as const;
let idp: TestProvider;
let t: TestApp;

const settings = (issuer: string): Config['oidcProviders'] => {
  const common = {
    issuer,
    clientId: 'steward',
    clientSecret: 'steward-client-secret',
    scopes: ['openid', 'email', 'profile'],
  };
  return [
    {
      ...common,
      name: 'idp',
      label: 'Test IdP',
      claim: 'preferred_username',
      match: 'username',
      createAccounts: false,
      roles: [],
    },
    {
      ...common,
      name: 'byemail',
      label: 'Email IdP',
      claim: 'email',
      match: 'email',
      createAccounts: false,
      roles: [],
    },
    {
      ...common,
      name: 'jit',
      label: 'JIT IdP',
      claim: 'email',
      match: 'email',
      createAccounts: true,
      roles: [{ role: 'auditor' }],
    },
    {
      ...common,
      name: 'byid',
      label: 'Id IdP',
      claim: 'sub',
      match: 'identifier:username',
      createAccounts: false,
      roles: [],
    },
  ];
};

beforeAll(async () => {
  idp = await startTestProvider();
  idp.configure({
    clientId: 'steward',
    clientSecret: 'steward-client-secret',
    redirectUris: names.map((n) => `${base}/auth/oidc/${n}/callback`),
    postLogoutRedirectUris: [`${base}/ui/`],
  });
  idp.addUser({ sub: 'u-ada', preferred_username: 'ada', email: 'ada@uni.example', email_verified: true });
  idp.addUser({ sub: 'u-bob', preferred_username: 'bob', email: 'bob@uni.example', email_verified: true });
  idp.addUser({ sub: 'u-cy', preferred_username: 'cy', email: 'Cy.Young@uni.example', email_verified: true });
  idp.addUser({ sub: 'jdoe', preferred_username: 'jd', email: 'nobody@else.example', email_verified: true });
  t = await makeTestApp({ config: { publicUrl: base, oidcProviders: settings(idp.issuer) } });
  await t.tokenFor('ada', [{ role: 'auditor' }]);
});
afterAll(async () => {
  await t?.close();
  await idp?.stop();
});

/** Starts a sign-in at Steward, goes through the provider as `user`, and hands the answer back to Steward. */
async function signIn(provider: string, user: string, tamper?: (callback: URL) => void) {
  idp.autoLogin = user;
  const start = await t.server.inject({ method: 'GET', url: `/auth/oidc/${provider}/start?returnTo=/ui/people?q=x` });
  expect(start.statusCode, start.body).toBe(302);
  const flow = start.cookies.find((c) => c.name === 'steward_oidc');
  expect(flow?.httpOnly).toBe(true);
  const location = new URL(start.headers.location as string);
  expect(location.origin).toBe(idp.issuer);
  expect(location.searchParams.get('code_challenge_method')).toBe('S256');
  const back = new URL(await throughProvider(location.href, base));
  tamper?.(back);
  return t.server.inject({
    method: 'GET',
    url: `${back.pathname}${back.search}`,
    headers: { cookie: `steward_oidc=${flow!.value}`, accept: 'application/json' },
  });
}

const sessionOf = (res: { cookies: { name: string; value: string }[] }) =>
  res.cookies.find((c) => c.name === 'steward_session' && c.value)?.value;

const me = (session: string) =>
  t.server.inject({ method: 'GET', url: '/auth/me', headers: { cookie: `steward_session=${session}` } });

describe('single sign-on with OpenID Connect', () => {
  it('lists the providers for the sign-in page, publicly, and says so in the OpenAPI document', async () => {
    const res = await t.server.inject({ method: 'GET', url: '/auth/oidc/providers' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      { name: 'idp', label: 'Test IdP' },
      { name: 'byemail', label: 'Email IdP' },
      { name: 'jit', label: 'JIT IdP' },
      { name: 'byid', label: 'Id IdP' },
    ]);
    const doc = (await t.server.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of ['/auth/oidc/providers', '/auth/oidc/{provider}/start', '/auth/oidc/{provider}/callback'])
      expect(doc.paths[path].get.security, path).toEqual([]);
    expect((await t.server.inject({ method: 'GET', url: '/auth/oidc/nope/start' })).statusCode).toBe(404);
  });

  it('signs a mapped user in with their roles, lands on the page asked for, and audits it', async () => {
    const res = await signIn('idp', 'u-ada');
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('/ui/people?q=x');
    const session = sessionOf(res)!;
    const cookie = res.cookies.find((c) => c.name === 'steward_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const user = (await me(session)).json();
    expect(user.username).toBe('ada');
    expect(user.roles).toEqual([{ role: 'auditor', orgId: null }]);
    const audit = (await t.call(t.tokens.admin, { method: 'GET', url: '/audit?action=auth.sso.login' })).json();
    const entries = (Array.isArray(audit) ? audit : audit.items) as {
      action: string;
      after: Record<string, unknown>;
    }[];
    expect(entries.find((e) => e.action === 'auth.sso.login')?.after).toMatchObject({ provider: 'idp', value: 'ada' });
  });

  it('refuses an unknown user with a clear message and creates no account when createAccounts is false', async () => {
    const before = await t.db().selectFrom('users').select('id').execute();
    const res = await signIn('idp', 'u-bob');
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toContain('no Steward account for bob');
    expect(sessionOf(res)).toBeUndefined();

    await createPerson(t, { givenName: 'Bob', familyName: 'Baker', emails: [{ address: 'BOB@uni.example' }] });
    const byEmail = await signIn('byemail', 'u-bob');
    expect(byEmail.statusCode).toBe(401);
    expect(byEmail.json().detail).toBe('no Steward account for bob@uni.example');
    expect(await t.db().selectFrom('users').select('id').execute()).toHaveLength(before.length);

    // A browser is shown a page with the reason rather than JSON.
    idp.autoLogin = 'u-bob';
    const start = await t.server.inject({ method: 'GET', url: '/auth/oidc/idp/start' });
    const back = new URL(await throughProvider(start.headers.location as string, base));
    const html = await t.server.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      headers: { cookie: `steward_oidc=${start.cookies[0]!.value}`, accept: 'text/html' },
    });
    expect(html.statusCode).toBe(401);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('no Steward account for bob');
  });

  it('creates an account for the matched person when createAccounts is true, with the configured roles, never for nobody', async () => {
    const person = await createPerson(t, {
      givenName: 'Cyrus',
      familyName: 'Young',
      emails: [{ address: 'cy.young@uni.example' }],
    });
    const res = await signIn('jit', 'u-cy');
    expect(res.statusCode, res.body).toBe(303);
    const user = (await me(sessionOf(res)!)).json();
    expect(user).toMatchObject({ username: 'cy', displayName: 'Cyrus Young', personId: person.id });
    expect(user.roles).toEqual([{ role: 'auditor', orgId: null }]);
    // The second time the same account is used.
    const again = await signIn('jit', 'u-cy');
    expect((await me(sessionOf(again)!)).json().id).toBe(user.id);

    const count = (await t.db().selectFrom('users').select('id').execute()).length;
    const nobody = await signIn('jit', 'jdoe');
    expect(nobody.statusCode).toBe(401);
    expect(nobody.json().detail).toContain('no Steward account for nobody@else.example');
    expect(await t.db().selectFrom('users').select('id').execute()).toHaveLength(count);
  });

  it('matches a person by an identifier', async () => {
    const person = await createPerson(t, {
      givenName: 'Jane',
      familyName: 'Doe',
      identifiers: [{ kind: 'username', value: 'jdoe' }],
    });
    await t.app.accounts.createUser((await import('../../src/platform/auth/actor.ts')).systemActor('test'), {
      username: 'jane',
      displayName: 'Jane Doe',
      personId: person.id,
      roles: [],
    });
    const res = await signIn('byid', 'jdoe');
    expect(res.statusCode, res.body).toBe(303);
    expect((await me(sessionOf(res)!)).json().username).toBe('jane');
  });

  it('refuses a tampered state, a replayed flow and a callback without the flow cookie', async () => {
    const tampered = await signIn('idp', 'u-ada', (url) => url.searchParams.set('state', 'forged'));
    expect(tampered.statusCode).toBe(401);
    expect(tampered.json().detail).toMatch(/state differs/);
    expect(sessionOf(tampered)).toBeUndefined();

    idp.autoLogin = 'u-ada';
    const start = await t.server.inject({ method: 'GET', url: '/auth/oidc/idp/start' });
    const back = new URL(await throughProvider(start.headers.location as string, base));
    const url = `${back.pathname}${back.search}`;
    const noCookie = await t.server.inject({ method: 'GET', url });
    expect(noCookie.statusCode).toBe(401);
    expect(noCookie.json().detail).toMatch(/not started in this browser/);
    const cookie = `steward_oidc=${start.cookies[0]!.value}`;
    expect((await t.server.inject({ method: 'GET', url, headers: { cookie } })).statusCode).toBe(303);
    expect((await t.server.inject({ method: 'GET', url, headers: { cookie } })).statusCode).toBe(401);
  });

  it('signs out at the provider too: the answer names its end-session endpoint with the ID token', async () => {
    const res = await signIn('idp', 'u-ada');
    const session = sessionOf(res)!;
    const out = await t.server.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie: `steward_session=${session}`, origin: base },
    });
    expect(out.statusCode, out.body).toBe(200);
    const end = new URL(out.json().endSessionUrl);
    expect(`${end.origin}${end.pathname}`).toBe(`${idp.issuer}/session/end`);
    expect(end.searchParams.get('id_token_hint')).toMatch(/^eyJ/);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${base}/ui/`);
    expect((await me(session)).statusCode).toBe(401);
    // The provider accepts the hint and the return address (and goes on to end its own session).
    const confirm = await fetch(end, { redirect: 'manual' });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('/session/end/confirm');

    // A password session signs out as before.
    const login = await t.server.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: 'ada', password: 'correct horse battery' },
    });
    const local = await t.server.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie: `steward_session=${sessionOf(login)}`, origin: base },
    });
    expect(local.statusCode).toBe(204);
  });
});
