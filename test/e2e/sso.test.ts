import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProvider, type TestProvider } from '../support/oidc-provider.ts';
import { launchChromium, newPage, shotPath } from './browser.ts';
import { type E2EServer, startE2EServer } from './server.ts';

/** Single sign-on in Chromium: Steward's login page, a real OpenID provider's sign-in form, and back; then out. */
describe('single sign-on with an OpenID provider', () => {
  let idp: TestProvider;
  let server: E2EServer;
  let browser: Browser;
  const client = { clientId: 'steward', clientSecret: 'e2e-client-secret' };
  beforeAll(async () => {
    idp = await startTestProvider();
    server = await startE2EServer({
      oidcProviders: [
        {
          ...client,
          name: 'campus',
          label: 'Campus Login',
          issuer: idp.issuer,
          scopes: ['openid', 'email', 'profile'],
          claim: 'preferred_username',
          match: 'username',
          createAccounts: false,
          roles: [],
        },
      ],
    });
    idp.configure({
      ...client,
      redirectUris: [`${server.url}/auth/oidc/campus/callback`],
      postLogoutRedirectUris: [`${server.url}/ui/`],
    });
    idp.addUser({ sub: 'u-grace', preferred_username: 'grace', email: 'grace@uni.example', name: 'Grace Hopper' });
    await server.ok('POST', '/users', { username: 'grace', displayName: 'Grace Hopper', roles: [{ role: 'auditor' }] });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await idp?.stop();
  });

  it('signs in through the provider from the login page, lands signed in, and signs out there too', async () => {
    const { context, page } = await newPage(browser, server.url);
    await page.goto('/');
    const sso = page.getByRole('link', { name: 'Sign in with Campus Login' });
    await sso.waitFor();
    // The password form stays for local (break-glass) accounts.
    await page.getByLabel('Password').waitFor();
    await page.screenshot({ path: shotPath('sso-login') });
    await sso.click();

    await page.getByLabel('Username at the provider').fill('u-grace');
    expect(new URL(page.url()).origin).toBe(idp.issuer);
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByTestId('signed-in-user').waitFor();
    expect(await page.getByTestId('signed-in-user').textContent()).toContain('grace');
    expect(new URL(page.url()).origin).toBe(server.url);
    // Steward's home (the page the sign-in started from, /ui/, shows the people search).
    expect(new URL(page.url()).pathname).toMatch(/^\/ui\//);
    expect(await page.evaluate(() => document.cookie)).not.toContain('steward_session');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(page.url()).toBe(`${server.url}/ui/`);
    // Signed out at the provider too: it asks who you are again.
    await page.getByRole('link', { name: 'Sign in with Campus Login' }).click();
    await page.getByLabel('Username at the provider').waitFor();
    await context.close();
  });
});
