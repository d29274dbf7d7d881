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
