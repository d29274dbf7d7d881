import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, shotPath } from './browser.ts';
import { type E2EServer, startE2EServer } from './server.ts';
import { signIn } from './session.ts';

describe('outbound feeds', () => {
  let server: E2EServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startE2EServer();
    browser = await launchChromium();
    await server.ok('POST', '/status-types', {
      name: 'Faculty',
      rank: 900,
      category: 'employee',
      match: { kinds: ['faculty'] },
    });
    await server.ok('POST', '/status-types', {
      name: 'Staff',
      rank: 700,
      category: 'employee',
      match: { kinds: ['staff'] },
    });
    const root = await server.ok('POST', '/orgs', {
      code: 'UNI',
      kind: 'university',
      name: 'Example University',
      parentId: null,
    });
    const person = (given: string, family: string, kind: string, username: string) =>
      server.ok('POST', '/people', {
        givenName: given,
        familyName: family,
        force: true,
        reason: 'e2e',
        identifiers: [{ kind: 'username', value: username }],
        affiliation: { orgId: root.id, kind, validFrom: '2020-01-01' },
      });
    await person('Ada', 'Lovelace', 'faculty', 'alovelace');
    await person('Bob', 'Baker', 'staff', 'bbaker');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an administrator defines a feed in the form, a bad one is refused beside its field, and the new feed previews its rows', async () => {
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/people');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Feeds' }).click();
    await page.getByRole('heading', { name: 'Feeds', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'New feed' }).click();
    const form = page.getByRole('form', { name: 'Feed definition' });
    await form.getByLabel('Name', { exact: true }).fill('all-faculty');
    await form.getByLabel('Label', { exact: true }).fill('All faculty');
    await form.getByLabel('Faculty', { exact: true }).waitFor();
    await form.getByLabel('Schedule', { exact: true }).fill('nightly');
    await form.getByRole('button', { name: 'Create feed' }).click();
    const selectionError = form.locator('[data-field="selection/statuses"] .field-error');
    await selectionError.waitFor();
    expect(await selectionError.textContent()).toContain('must select by statuses or by stream values');
    expect(await form.locator('[data-field="schedule"] .field-error').textContent()).toContain('cron');

    await form.getByLabel('Faculty', { exact: true }).check();
    await form.getByLabel('Schedule', { exact: true }).fill('0 2 * * *');
    await form.getByLabel('username', { exact: true }).check();
    await form.getByLabel('email', { exact: true }).uncheck();
    await page.screenshot({ path: shotPath('feed-form'), fullPage: true });
    await form.getByRole('button', { name: 'Create feed' }).click();
    await page.getByRole('heading', { name: 'All faculty', level: 1 }).waitFor();
    const preview = page.locator('[data-testid="feed-preview"]');
    await preview.waitFor();
    expect(await preview.locator('thead th').allTextContents()).toEqual([
      'id',
      'displayName',
      'primaryStatus',
      'username',
    ]);
    expect(await preview.locator('tbody tr').allTextContents()).toHaveLength(1);
    expect(await preview.locator('tbody tr td').allTextContents()).toEqual([
      expect.any(String),
      'Ada Lovelace',
      'Faculty',
      'alovelace',
    ]);
    expect(await page.getByRole('link', { name: 'Download the whole file' }).getAttribute('href')).toBe(
      '/feeds/all-faculty/output',
    );
    await page.screenshot({ path: shotPath('feed-preview'), fullPage: true });
    const stored = await server.ok('GET', '/feeds/all-faculty');
    expect(stored).toMatchObject({
      format: 'csv',
      schedule: '0 2 * * *',
      selection: { statuses: ['Faculty'] },
      columns: ['id', 'displayName', 'primaryStatus', 'username'],
    });
    await context.close();
  });
});
