import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, shotPath } from './browser.ts';
import { ADMIN_PASSWORD, type E2EServer, startE2EServer } from './server.ts';
import { signIn } from './session.ts';

describe('signing in, and pages whose data is missing', () => {
  let server: E2EServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startE2EServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the app from "/", refuses a wrong password with the reason, signs in, and signs out', async () => {
    const { context, page } = await newPage(browser, server.url);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/ui/');
    await page.screenshot({ path: shotPath('login') });

    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toMatch(/username or password|not valid|authentication/i);

    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('signed-in-user').waitFor();
    expect(await page.getByTestId('signed-in-user').textContent()).toContain('admin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).waitFor();

    // The session cookie survives a reload; the cookie is HttpOnly so scripts cannot read it.
    await page.reload();
    await page.getByTestId('signed-in-user').waitFor();
    expect(await page.evaluate(() => document.cookie)).not.toContain('steward_session');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await context.close();
  });

  it('sends a deep link through sign-in and lands on the page asked for', async () => {
    const { context, page } = await newPage(browser, server.url);
    await page.goto('/ui/no-such-page');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/ui/no-such-page');
    await context.close();
  });

  it("shows the server's problem, with a retry, for a person or unit that does not exist, and an empty tree", async () => {
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/people/999999');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Not found.*person 999999 does not exist/);
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    await page.goto('/ui/orgs/999999');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/does not exist/);
    await page.goto('/ui/orgs');
    await page.getByText('No organisation units yet.').waitFor();
    await context.close();
  });
});
