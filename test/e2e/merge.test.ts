import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, shotPath } from './browser.ts';
import { makeUniversity } from './fixtures.ts';
import { makePerson } from './people-fixtures.ts';
import { type E2EServer, type Loose, startE2EServer } from './server.ts';
import { signIn } from './session.ts';

describe('merging two records of one human', () => {
  let server: E2EServer;
  let browser: Browser;
  let kept: Loose;
  let dup: Loose;
  beforeAll(async () => {
    server = await startE2EServer();
    browser = await launchChromium();
    const uni = await makeUniversity(server);
    kept = await makePerson(server, {
      givenName: 'Priya',
      familyName: 'Raman',
      birthDate: '1992-11-03',
      identifiers: [{ kind: 'username', value: 'praman' }],
      affiliation: { orgId: uni.chemistry.id, kind: 'student' },
    });
    dup = await makePerson(server, {
      givenName: 'Priya',
      familyName: 'Ramen',
      emails: [{ address: 'priya.r@example.org', label: 'home' }],
      identifiers: [{ kind: 'source-key', scope: 'sis', value: 'S-991' }],
      force: true,
      reason: 'entered from the student system before the check',
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('picks survivor and loser, compares them side by side, confirms with a reason, and leaves a tombstone', async () => {
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/people');
    await page.getByRole('link', { name: 'Merge two records' }).click();
    await page.getByRole('heading', { name: 'Merge two records of one person' }).waitFor();

    const survivor = page.getByTestId('merge-survivor');
    await survivor.getByRole('searchbox', { name: 'Find the survivor' }).fill('praman');
    await survivor.getByRole('button', { name: 'Find' }).click();
    await survivor.getByRole('button', { name: `Choose Priya Raman #${kept.id}` }).click();
    const loser = page.getByTestId('merge-loser');
    await loser.getByRole('searchbox', { name: 'Find the record to merge away' }).fill('S-991');
    await loser.getByRole('button', { name: 'Find' }).click();
    await loser.getByRole('button', { name: `Choose Priya Ramen #${dup.id}` }).click();

    // Side by side: each card shows its own record.
    await expect.poll(() => survivor.textContent()).toContain('praman');
    expect(await survivor.textContent()).toContain('student in Department of Chemistry');
    await expect.poll(() => loser.textContent()).toContain('priya.r@example.org');
    expect(await loser.textContent()).toContain('Source key: S-991 (sis)');
    expect(new URL(page.url()).search).toBe(`?survivor=${kept.id}&loser=${dup.id}`);

    await page.getByLabel('Reason').fill('Same student: birth date and address confirmed at the desk');
    await page.screenshot({ path: shotPath('merge'), fullPage: true });
    await page.getByRole('button', { name: 'Merge…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge these records?' });
    await dialog.getByText(`(#${dup.id}) will be merged into`).waitFor();
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();

    // The survivor's page says what happened and now holds the loser's facts.
    await page.getByTestId('merged-notice').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/ui/people/${kept.id}`);
    await expect.poll(() => page.getByTestId('identifiers').textContent()).toContain('S-991 (sis)');
    expect(await page.getByTestId('person-page').textContent()).toContain('priya.r@example.org');
    await page
      .getByTestId('person-history')
      .getByText('Same student: birth date and address confirmed at the desk')
      .first()
      .waitFor();

    // The loser is a tombstone that points at the survivor.
    await page
      .getByTestId('merged-notice')
      .getByRole('link', { name: `person #${dup.id}` })
      .click();
    const tombstone = page.getByTestId('tombstone');
    await tombstone.waitFor();
    expect(await tombstone.textContent()).toContain(`merged into person #${kept.id}`);
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    await tombstone.getByRole('link', { name: `person #${kept.id}` }).click();
    await page.getByRole('heading', { name: 'Priya Raman', level: 1 }).waitFor();
    await context.close();
  });

  it('refuses to merge a record into itself, with the reason from the server', async () => {
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, `/ui/people/merge?survivor=${kept.id}&loser=${kept.id}`);
    await page.getByLabel('Reason').fill('testing');
    await page.getByRole('button', { name: 'Merge…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Merge', exact: true }).click();
    const alert = page.locator('.alert-error');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/loserId.*(itself|differ|must)/i);
    await context.close();
  });
});
