import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, shotPath } from './browser.ts';
import { type E2EServer, startE2EServer } from './server.ts';
import { signIn } from './session.ts';

describe('audit trail and change log', () => {
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

  it('searches the audit trail by action and actor, verifies the chain, and shows the row someone edited', async () => {
    await server.ok('POST', '/users', {
      username: 'carol',
      displayName: 'Carol Auditor',
      roles: [{ role: 'auditor' }],
    });
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/audit');
    await page.getByRole('heading', { name: 'Audit trail' }).waitFor();

    await page.getByLabel('Action').fill('user.');
    await page.getByRole('button', { name: 'Search' }).click();
    const entries = page.getByTestId('history-entry');
    await entries.first().waitFor();
    expect(new URL(page.url()).search).toContain('action=user.');
    // The filtered answer replaces the unfiltered list when it arrives: wait for it.
    const actions = () => entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    await expect
      .poll(async () => {
        const a = await actions();
        return a.length > 0 && a.every((x) => x?.startsWith('user.'));
      })
      .toBe(true);
    await expect.poll(() => entries.first().textContent()).toContain('carol');

    await page.getByLabel('Actor').fill('nobody-at-all');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No audit entries match.').waitFor();

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByTestId('verify-result').getByText('OK').waitFor();
    await page.screenshot({ path: shotPath('audit'), fullPage: true });

    // Someone edits an audited row behind Steward's back: the chain names it.
    const row = await sql<{
      seq: number;
    }>`select min(seq)::int as seq from audit_log where action like 'user.%'`.execute(server.running.app.db);
    const seq = row.rows[0].seq;
    await sql`update audit_log set reason = 'rewritten' where seq = ${seq}`.execute(server.running.app.db);
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByText('The chain is broken').waitFor();
    expect(await page.getByTestId('verify-result').textContent()).toContain(`row #${seq}`);
    await context.close();
  });

  it('opens the change log at the newest positions, filters by entity and moves the cursor', async () => {
    const person = await server.ok('POST', '/people', { givenName: 'Ada', familyName: 'Change' });
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/changes');
    await page.getByRole('heading', { name: 'Change log' }).waitFor();
    await page.getByText(/the log's head is \d+/).waitFor();
    // The newest page holds the person just created (a scheduled job's own entry may have come after it).
    const newestRows = await page.getByTestId('changes').locator('tbody tr').allTextContents();
    expect(newestRows.slice(0, 5).some((row) => row.includes(`person ${person.id}`))).toBe(true);

    await page.getByLabel('Entity type').fill('person');
    await page.getByRole('button', { name: 'Read' }).click();
    await page.locator('[data-testid="changes"][data-entity-type="person"]').waitFor();
    expect(new URL(page.url()).search).toContain('entityType=person');
    // The filtered page replaces the unfiltered one when its answer arrives: wait for it.
    const entities = () => page.getByTestId('changes').locator('tbody tr td:nth-child(3)').allTextContents();
    await expect
      .poll(async () => {
        const e = await entities();
        return e.length > 0 && e.every((x) => x.startsWith('person '));
      })
      .toBe(true);
    await page.getByLabel('Entity type').fill('');
    await page.getByLabel('After position').fill('0');
    await page.getByRole('button', { name: 'Read' }).click();
    await page.getByText('Positions after 0').waitFor();
    expect(new URL(page.url()).search).toContain('after=0');
    await context.close();
  });
});
