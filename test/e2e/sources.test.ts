import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, shotPath } from './browser.ts';
import { type E2EServer, startE2EServer } from './server.ts';
import { signIn } from './session.ts';

describe('sources of record', () => {
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

  it('registers a source from the Sources page; a 150 % threshold is refused beside its field; an edit shows', async () => {
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/people');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sources' }).click();
    await page.getByRole('heading', { name: 'Sources of record', level: 1 }).waitFor();
    await page.getByText('No sources are registered yet.').waitFor();

    await page.getByRole('link', { name: 'Register a source' }).click();
    const form = page.getByRole('form', { name: 'Register a source' });
    await form.getByLabel('Name').fill('hr');
    await form.getByLabel('Label').fill('Human resources');
    await form.getByLabel('Description').fill('Payroll and contracts');
    await form.getByLabel('Affiliation kinds').fill('staff, faculty');
    await form.getByLabel('Hold threshold (%)').fill('150');
    await form.getByRole('button', { name: 'Register source' }).click();
    const thresholdError = form.locator('[data-field="holdThreshold"] .field-error');
    await thresholdError.waitFor();
    expect(await thresholdError.textContent()).toContain('must be at most 100 %');
    expect(await form.getByLabel('Hold threshold (%)').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: shotPath('source-threshold-error'), fullPage: true });

    await form.getByLabel('Hold threshold (%)').fill('15');
    await form.getByRole('button', { name: 'Register source' }).click();
    await page.getByRole('heading', { name: 'Human resources', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/ui/sources/hr');
    expect(await page.getByTestId('hold-threshold').textContent()).toContain('15 %');
    const settings = await page.getByTestId('source-settings').textContent();
    expect(settings).toContain('staff, faculty');
    expect(settings).toContain('Payroll and contracts');
    expect((await server.ok('GET', '/sources/hr')).holdThreshold).toBe(0.15);

    await page.getByRole('button', { name: 'Edit settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Human resources' });
    await dialog.getByLabel('Label').fill('HR (payroll)');
    await dialog.getByLabel('Hold threshold (%)').fill('25');
    await dialog.getByLabel('Flag near-matches for review instead of guessing').uncheck();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'HR (payroll)', level: 1 }).waitFor();
    expect(await page.getByTestId('hold-threshold').textContent()).toContain('25 %');
    expect(await page.getByTestId('source-settings').textContent()).toContain('its identifiers are trusted');

    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Sources' }).click();
    const row = page.locator('[data-testid="sources"] tr[data-source="hr"]');
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('HR (payroll)');
    expect(text).toContain('staff, faculty');
    expect(text).toContain('25 %');
    expect(text).toContain('0');
    await page.screenshot({ path: shotPath('sources'), fullPage: true });
    await context.close();
  });

  it('an auditor sees a source read-only: no register link, no edit button', async () => {
    await server.ok('POST', '/sources', { name: 'housing', label: 'Housing office', holdThreshold: 0.05 });
    await server.ok('POST', '/users', {
      username: 'aud',
      displayName: 'Avery Auditor',
      password: 'auditor password 1',
      roles: [{ role: 'auditor' }],
    });
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/sources', 'aud', 'auditor password 1');
    await page.locator('[data-testid="sources"] tr[data-source="housing"]').waitFor();
    expect(await page.getByRole('link', { name: 'Register a source' }).count()).toBe(0);
    await page.getByRole('link', { name: 'housing' }).click();
    await page.getByRole('heading', { name: 'Housing office', level: 1 }).waitFor();
    expect(await page.getByTestId('hold-threshold').textContent()).toContain('5 %');
    expect(await page.getByRole('button', { name: 'Edit settings' }).count()).toBe(0);
    await context.close();
  });
});
