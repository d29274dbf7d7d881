import { describe, expect, it } from 'vitest';
import { enqueue } from '../../src/notify/outbox.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { write } from '../../src/platform/unit-of-work.ts';
import { newPage, shotPath } from './browser.ts';
import { ADMIN_PASSWORD } from './server.ts';
import { signIn } from './session.ts';
import { e2eSuite } from './suite.ts';

describe('mail page', () => {
  const e2e = e2eSuite();

  it('an administrator sees the outbox, edits a template (a broken one is refused beside its field) and chooses the digest', async () => {
    const { server, browser } = e2e;
    const { app } = server.running;
    await write(app, systemActor('e2e'), (uow) =>
      enqueue(uow, {
        event: 'disabled',
        to: 'ada@uni.example',
        context: { name: 'Ada', visitor: 'Ada Quist', to: '2026-12-31' },
        dedupeKey: 'e2e:disabled:ada',
      }),
    );
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/people', 'admin', ADMIN_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mail' }).click();
    const mail = page.locator('[data-testid="outbox"] tr', { hasText: 'ada@uni.example' });
    await mail.waitFor();
    expect(await mail.textContent()).toContain('Access of Ada Quist has ended');
    expect(await mail.textContent()).toContain('queued');

    const row = page.locator('[data-testid="templates"] tr[data-event="renewal"]');
    await row.getByRole('button', { name: 'Edit…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Template of renewal' });
    await dialog.getByLabel('Subject').fill('Renewed {{#visitor}}');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.locator('[data-field="subject"] .field-error').waitFor();
    expect(await dialog.locator('[data-field="subject"] .field-error').textContent()).toContain('does not render');
    await page.screenshot({ path: shotPath('mail-bad-template'), fullPage: true });
    await dialog.getByLabel('Subject').fill('Renewed: {{visitor}} until {{to}}');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.filter({ hasText: 'Renewed: Ada Quist until 2027-06-30' }).waitFor();
    expect(await server.ok('GET', '/mail/templates/renewal')).toMatchObject({
      subject: 'Renewed: {{visitor}} until {{to}}',
      version: 1,
    });

    await page.getByLabel(/one daily digest/).check();
    await expect.poll(async () => (await server.ok('GET', '/mail/preferences')).dailyDigest).toBe(true);
    await page.screenshot({ path: shotPath('mail'), fullPage: true });
    await context.close();
  });
});
