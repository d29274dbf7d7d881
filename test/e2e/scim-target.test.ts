import { beforeAll, describe, expect, it } from 'vitest';
import { newPage } from './browser.ts';
import { signIn } from './session.ts';
import { e2eSuite } from './suite.ts';

// No SCIM application listens here: a full sync fails on connecting.
const NOWHERE = 'http://127.0.0.1:1/scim/v2';
const TOKEN = 'scim-bearer-5f1e9c2a7d';

describe('a SCIM target in the provisioning pages', () => {
  const e2e = e2eSuite();
  beforeAll(async () => {
    await e2e.server.ok('POST', '/status-types', {
      name: 'Staff',
      rank: 700,
      category: 'employee',
      match: { kinds: ['staff'] },
    });
  });

  it('is made through the form, edited, and after a reload is still a SCIM target with its token set and never shown', async () => {
    const { server, browser } = e2e;
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/provisioning/new');
    const form = page.getByRole('form', { name: 'Target definition' });
    await form.getByLabel('Kind', { exact: true }).selectOption({ label: 'SCIM application' });
    await form.getByLabel('Name', { exact: true }).fill('lms');
    await form.getByLabel('Label', { exact: true }).fill('Learning platform');
    await form.getByLabel('Base URL', { exact: true }).fill('not an address');
    await form.getByLabel('Bearer token', { exact: true }).fill(TOKEN);
    await form.getByLabel('Group folders', { exact: true }).fill('schools, clubs:chess');
    await form.getByLabel('Statuses', { exact: true }).fill('Staff');
    expect(await form.getByTestId('mappings').textContent()).toContain('userName, externalId');
    await form.getByRole('button', { name: 'Create target' }).click();
    const urlError = form.locator('[data-field="settings/url"] .field-error');
    await urlError.waitFor();
    expect(await urlError.textContent()).toContain('must be an address such as https://app.example.com/scim/v2');

    await form.getByLabel('Base URL', { exact: true }).fill(NOWHERE);
    await form.getByRole('button', { name: 'Create target' }).click();
    await page.getByRole('heading', { name: 'Learning platform', level: 1 }).waitFor();
    const facts = page.getByTestId('target-facts');
    const summary = page.getByTestId('target-summary');
    expect(await facts.textContent()).toContain('SCIM application');
    expect(await summary.textContent()).toContain('Bearer tokenset');
    expect(await summary.textContent()).toContain('Group foldersschools, clubs:chess');
    expect(await summary.textContent()).toContain('userName ← {username}');

    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Target definition' });
    expect(await edit.locator('[data-field="secrets/token"] .hint').textContent()).toBe('set — leave empty to keep');
    expect(await edit.getByLabel('Bearer token', { exact: true }).inputValue()).toBe('');
    expect(await edit.getByLabel('Group folders', { exact: true }).inputValue()).toBe('schools, clubs:chess');
    await edit.getByLabel('Label', { exact: true }).fill('Learning platform (Moodle)');
    await edit.getByRole('button', { name: 'Save target' }).click();
    await page.getByRole('heading', { name: 'Learning platform (Moodle)', level: 1 }).waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Learning platform (Moodle)', level: 1 }).waitFor();
    expect(await facts.textContent()).toContain('SCIM application');
    expect(await summary.textContent()).toContain('Bearer tokenset');
    expect(await summary.textContent()).toContain(NOWHERE);
    expect(await page.content()).not.toContain(TOKEN);
    const stored = await server.ok('GET', '/provision/targets/lms');
    expect(stored).toMatchObject({
      kind: 'scim',
      label: 'Learning platform (Moodle)',
      secretsSet: ['token'],
      settings: { url: NOWHERE, timeoutSeconds: 10, groupFolders: ['schools', 'clubs:chess'] },
      selection: { statuses: ['Staff'] },
    });

    const sync = page.getByTestId('full-sync');
    await sync.getByRole('button', { name: 'Dry run' }).click();
    const result = sync.getByTestId('sync-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('Dry run failed');

    await page.getByRole('link', { name: 'Provisioning' }).first().click();
    const row = page.locator('[data-testid="targets"] tr[data-target="lms"]');
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe('SCIM');
    await context.close();
  });
});
