import type { Page } from 'playwright-core';
import { ADMIN_PASSWORD } from './server.ts';

/** Opens a page of the app and signs in on the way (the app asks for sign-in in place). */
export async function signIn(page: Page, path = '/ui/', username = 'admin', password = ADMIN_PASSWORD): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-user').waitFor();
}

/** Follows a link of the main navigation: opens the group (menu) that holds it, then clicks it. */
export async function navTo(page: Page, link: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  // The inner locator is matched inside each group, so it starts from the page, not from the navigation.
  const group = nav.locator('li.nav-group', {
    has: page.getByRole('link', { name: link, exact: true, includeHidden: true }),
  });
  await group.getByRole('button').click();
  await nav.getByRole('link', { name: link, exact: true }).click();
}
