import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, shotPath } from './browser.ts';
import { type E2EServer, startE2EServer } from './server.ts';
import { signIn } from './session.ts';

describe('auxiliary status streams', () => {
  let server: E2EServer;
  let browser: Browser;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    server = await startE2EServer();
    browser = await launchChromium();
    const type = async (name: string, rank: number) =>
      (ids[name] = (
        await server.ok('POST', '/status-types', {
          name,
          rank,
          category: 'employee',
          match: { kinds: [name.toLowerCase()] },
        })
      ).id);
    await type('Faculty', 900);
    await type('Staff', 700);
    await server.ok('POST', '/streams', {
      name: 'library',
      label: 'Library',
      accessRole: 'library',
      fields: [
        {
          name: 'patron_type',
          label: 'Patron type',
          type: 'enum',
          options: ['faculty', 'staff', 'student'],
          displayRank: 1,
        },
        { name: 'borrow_days', label: 'Borrow days', type: 'number', default: 28, displayRank: 2 },
        { name: 'fines', label: 'Fines', type: 'boolean', default: true, displayRank: 3 },
      ],
    });
    await server.ok('POST', '/streams', {
      name: 'parking',
      accessRole: 'parking',
      fields: [{ name: 'permit', type: 'enum', options: ['A', 'B'] }],
    });
    await server.ok('POST', '/users', {
      username: 'librarian',
      displayName: 'Lee Librarian',
      password: 'librarian password 1',
      roles: [{ role: 'office', office: 'library' }],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the library office fills in the generated form; a bad value is refused beside its cell; saved values show', async () => {
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/people', 'librarian', 'librarian password 1');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Streams' }).click();
    await page.locator('[data-testid="streams"] tr[data-stream="library"]').waitFor();
    await page.getByRole('link', { name: 'library' }).click();
    await page.getByRole('heading', { name: 'Library', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'Values of Library' });

    await form.getByLabel('Patron type for Faculty').selectOption('faculty');
    await form.getByLabel('Borrow days for Faculty').fill('many');
    await form.getByLabel('Patron type for Staff').selectOption('staff');
    await form.getByLabel('Fines for Staff').selectOption('false');
    await form.getByRole('button', { name: 'Save values' }).click();
    const cellError = form.locator('tr[data-status-type="Faculty"] td[data-field="borrow_days"] .field-error');
    await cellError.waitFor();
    expect(await cellError.textContent()).toContain('must be a number');
    expect(await form.getByLabel('Borrow days for Faculty').getAttribute('aria-invalid')).toBe('true');
    expect((await server.ok('GET', '/streams/library/values')).version).toBe(1);
    await page.screenshot({ path: shotPath('stream-value-error'), fullPage: true });

    await form.getByLabel('Borrow days for Faculty').fill('120');
    await form.getByRole('button', { name: 'Save values' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const stored = await server.ok('GET', '/streams/library/values');
    const row = (name: string) => stored.rows.find((r: { statusType: string }) => r.statusType === name);
    expect(row('Faculty').values).toEqual({ patron_type: 'faculty', borrow_days: 120, fines: true });
    expect(row('Staff').values).toEqual({ patron_type: 'staff', borrow_days: 28, fines: false });
    expect(await form.getByLabel('Borrow days for Faculty').inputValue()).toBe('120');
    await page.screenshot({ path: shotPath('stream-values'), fullPage: true });

    await page.goto(`${server.url}/ui/streams/parking`);
    await page.getByRole('heading', { name: 'parking', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Save values' }).count()).toBe(0);
    expect(await page.getByLabel('permit for Faculty').isDisabled()).toBe(true);
    await context.close();
  });
});
