import { describe, expect, it } from 'vitest';
import { institution } from '../calendars/calendar-fixtures.ts';
import { newPage, shotPath } from './browser.ts';
import { ADMIN_PASSWORD } from './server.ts';
import { signIn } from './session.ts';
import { e2eSuite } from './suite.ts';

describe('calendars page', () => {
  const e2e = e2eSuite();

  it('shows the date a duration comes to, and refuses overlapping terms beside the term', async () => {
    const { server, browser } = e2e;
    await server.ok('POST', '/calendars', institution);
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/people', 'admin', ADMIN_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendars' }).click();
    await page.getByTestId('calendar-form').waitFor();
    expect(await page.getByTestId('holidays').textContent()).toContain('2026-12-25 Christmas Day');

    const preview = page.getByTestId('resolve-preview');
    await preview.getByLabel('From').fill('2026-12-24');
    await preview.getByLabel('Amount').fill('1');
    await preview.getByLabel('Unit').selectOption('working-days');
    await page.getByTestId('resolved-date').filter({ hasText: '2026-12-29' }).waitFor();
    await preview.getByLabel('Unit').selectOption('end-of-term');
    await preview.getByLabel('Amount').fill('0');
    await page.getByTestId('resolved-date').filter({ hasText: '2027-03-26' }).waitFor();

    await page.getByRole('button', { name: 'Add term' }).click();
    const term = page.locator('[data-term="2"]');
    await term.getByLabel('Term name').fill('Winter');
    await term.getByLabel('Term start').fill('2026-12-01');
    await term.getByLabel('Term end').fill('2027-01-20');
    await page.getByRole('button', { name: 'Save calendar' }).click();
    await term.locator('.field-error').filter({ hasText: 'no-overlap' }).waitFor();
    expect((await server.ok('GET', '/calendars'))[0].definition.terms).toHaveLength(2);
    await page.screenshot({ path: shotPath('calendars'), fullPage: true });
    await context.close();
  });
});
