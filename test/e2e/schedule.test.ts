import { describe, expect, it } from 'vitest';
import { newPage, shotPath } from './browser.ts';
import { ADMIN_PASSWORD } from './server.ts';
import { signIn } from './session.ts';
import { e2eSuite } from './suite.ts';

describe('scheduled jobs page', () => {
  const e2e = e2eSuite();

  it('an administrator changes a schedule (a bad expression is refused beside its field) and runs a job now', async () => {
    const { server, browser } = e2e;
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/people', 'admin', ADMIN_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Schedule' }).click();
    const row = page.locator('[data-testid="jobs"] tr[data-job="status-recompute"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('30 2 * * *');

    await row.getByRole('button', { name: 'Edit…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Schedule of status-recompute' });
    await dialog.getByLabel('Cron expression').fill('every night');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.locator('[data-field="cron"] .field-error').waitFor();
    expect(await dialog.locator('[data-field="cron"] .field-error').textContent()).toContain('five-field cron');
    expect((await server.ok('GET', '/schedule/status-recompute')).cron).toBe('30 2 * * *');
    await page.screenshot({ path: shotPath('schedule-bad-cron'), fullPage: true });

    await dialog.getByLabel('Cron expression').fill('15 4 * * 1-5');
    await dialog.getByLabel('Time zone').fill('Europe/Helsinki');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.filter({ hasText: '15 4 * * 1-5' }).waitFor();
    expect(await server.ok('GET', '/schedule/status-recompute')).toMatchObject({
      cron: '15 4 * * 1-5',
      timeZone: 'Europe/Helsinki',
      version: 2,
    });

    await row.getByRole('button', { name: 'Run now' }).click();
    await page.getByTestId('run-report').filter({ hasText: 'status-recompute succeeded' }).waitFor();
    await row.filter({ hasText: 'succeeded' }).waitFor();
    expect((await server.ok('GET', '/schedule/status-recompute')).lastOutcome).toBe('succeeded');
    await page.screenshot({ path: shotPath('schedule'), fullPage: true });
    await context.close();
  });
});
