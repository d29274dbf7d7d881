import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, shotPath } from './browser.ts';
import { makeUniversity } from './fixtures.ts';
import { type E2EServer, type Loose, startE2EServer } from './server.ts';
import { signIn } from './session.ts';

const HEADER = 'record_key,person_key,given_name,family_name,birth_date,kind,org_code,title,valid_from';
const NAMES = [
  'Hana Sato',
  'Olu Adeyemi',
  'Mira Kovac',
  'Tariq Haddad',
  'Elin Berg',
  'Rosa Mendes',
  'Ivo Petrov',
  'Noor Aziz',
  'Kai Larsen',
  'Zofia Nowak',
];

/** Ten HR records: one staff affiliation in Physics each. */
function firstSnapshot(): string[] {
  return NAMES.map((name, i) => {
    const [given, family] = name.split(' ');
    const n = String(i + 1).padStart(3, '0');
    return `hr-E${n},E${n},${given},${family},198${i % 10}-0${(i % 9) + 1}-1${i % 10},staff,PHYS,Technician,2020-01-01`;
  });
}

const csv = (rows: string[]) => `${HEADER}\n${rows.join('\n')}\n`;

describe('source snapshots and the safety valve', () => {
  let server: E2EServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startE2EServer();
    browser = await launchChromium();
    await makeUniversity(server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const send = (source: string, rows: string[], query = '') =>
    server.raw('POST', `/sources/${source}/snapshots${query}`, csv(rows), 'text/csv');

  it('a snapshot changing more than the threshold is held with its diff; Release applies it and the person page shows the new affiliation', async () => {
    await server.ok('POST', '/sources', {
      name: 'hr',
      label: 'Human resources',
      kinds: ['staff', 'faculty'],
      holdThreshold: 0.1,
    });
    const first = await send('hr', firstSnapshot());
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ state: 'applied', added: 10 });

    // Three of ten records differ (30 % > 10 %): Hana moves to Chemistry, Olu leaves, Pia arrives.
    const rows = firstSnapshot()
      .map((r) =>
        r.startsWith('hr-E001,') ? r.replace(',staff,PHYS,Technician,', ',staff,CHEM,Senior technician,') : r,
      )
      .filter((r) => !r.startsWith('hr-E002,'));
    rows.push('hr-E011,E011,Pia,Lindqvist,1990-10-10,faculty,PHYS,Lecturer,2026-01-01');
    const second = await send('hr', rows);
    expect(second.status).toBe(202);
    const held: Loose = second.body;
    expect(held).toMatchObject({ state: 'held', added: 1, changed: 1, removed: 1 });

    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/sources');
    // The list of sources points at the snapshot waiting for a decision.
    const heldCell = page.locator('[data-testid="sources"] tr[data-source="hr"] [data-testid="held"]');
    await heldCell.getByRole('link', { name: `#${held.id} held` }).waitFor();
    await page.getByRole('link', { name: 'hr', exact: true }).click();
    await page.getByRole('heading', { name: 'Human resources', level: 1 }).waitFor();
    expect(await page.getByTestId('affiliation-count').textContent()).toBe('10');
    const heldRow = page.locator(`[data-testid="snapshots"] tr[data-snapshot="${held.id}"]`);
    await heldRow.waitFor();
    expect(await heldRow.getByTestId('snapshot-state').textContent()).toBe('held');
    expect(
      await page
        .locator(`[data-testid="snapshots"] tr[data-snapshot="${first.body.id}"]`)
        .getByTestId('snapshot-state')
        .textContent(),
    ).toBe('applied');

    await heldRow.getByRole('link', { name: `#${held.id}` }).click();
    await page.getByRole('heading', { name: `Snapshot #${held.id} of hr`, level: 1 }).waitFor();
    expect(await page.getByTestId('snapshot-state').getAttribute('data-state')).toBe('held');
    const decision = await page.getByTestId('snapshot-decision').textContent();
    expect(decision).toMatch(/over this source's 10 % threshold/);
    expect(decision).toContain(held.decision);
    const counts = page.getByTestId('snapshot-counts');
    expect(await counts.locator('[data-count="added"]').textContent()).toBe('1');
    expect(await counts.locator('[data-count="changed"]').textContent()).toBe('1');
    expect(await counts.locator('[data-count="removed"]').textContent()).toBe('1');

    // The diff, one tab per kind of change.
    const diff = page.getByTestId('snapshot-diff');
    await diff.getByRole('tab', { name: /Added/ }).click();
    expect(await diff.getByRole('tab', { name: /Added/ }).getAttribute('aria-selected')).toBe('true');
    const added = diff.getByTestId('diff-added');
    await added.waitFor();
    expect(await added.textContent()).toContain('Pia Lindqvist');
    expect(await added.textContent()).toContain('hr-E011');

    await diff.getByRole('tab', { name: /Changed/ }).click();
    const changed = diff.getByTestId('diff-changed');
    await changed.waitFor();
    const orgRow = changed.locator('tr[data-field="orgCode"]');
    expect(await orgRow.locator('.before').textContent()).toBe('PHYS');
    expect(await orgRow.locator('.after').textContent()).toBe('CHEM');
    expect(await changed.locator('tr[data-field="title"] .after').textContent()).toBe('Senior technician');
    await page.screenshot({ path: shotPath('snapshot-held'), fullPage: true });

    // Keyboard: arrows move between the tabs.
    await diff.getByRole('tab', { name: /Changed/ }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await diff.getByRole('tab', { name: /Removed/ }).getAttribute('aria-selected')).toBe('true');
    const removed = diff.getByTestId('diff-removed');
    await removed.waitFor();
    expect(await removed.textContent()).toContain('Olu Adeyemi');

    // Release, confirmed in a dialog.
    await page.getByRole('button', { name: 'Release…' }).click();
    const dialog = page.getByRole('dialog', { name: `Release snapshot #${held.id}?` });
    expect(await dialog.textContent()).toContain('1 added, 1 changed and 1 removed');
    await dialog.getByRole('button', { name: 'Release and apply' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('snapshot-state').getAttribute('data-state')).toBe('applied');
    expect(await page.getByTestId('snapshot-decision').textContent()).toContain('released by admin');
    expect(await page.getByRole('button', { name: 'Release…' }).count()).toBe(0);
    expect(await page.getByTestId('snapshot-diff').count()).toBe(0);

    // Hana's page shows her affiliation in Chemistry, from hr.
    const [hana] = await server.ok('GET', '/people?q=Hana%20Sato');
    await page.goto(`/ui/people/${hana.person.id}`);
    const affiliations = page.getByTestId('affiliations');
    await affiliations.waitFor();
    const chem = affiliations.locator('tbody tr').filter({ hasText: 'Department of Chemistry' });
    expect(await chem.textContent()).toContain('Senior technician');
    expect(await chem.textContent()).toContain('hr');
    expect(await affiliations.textContent()).not.toContain('Department of Physics');
    await context.close();
  });

  it('a file sent from the source page as a dry run shows what would change, and Discard drops it', async () => {
    await server.ok('POST', '/sources', { name: 'housing', label: 'Housing office', kinds: ['resident'] });
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/sources/housing');
    await page.getByRole('heading', { name: 'Housing office', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'Send a snapshot' });
    await form.getByLabel('Snapshot file').setInputFiles({
      name: 'housing.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        csv([
          'h-1,H1,Ana,Ruiz,1999-01-01,resident,PHYS,Room 12,2025-09-01',
          'h-2,H2,Ben,Osei,1999-02-02,student,PHYS,Room 14,2025-09-01',
        ]),
      ),
    });
    await form.getByLabel('Dry run: only report what would change').check();
    await page.screenshot({ path: shotPath('source-upload'), fullPage: true });
    await form.getByRole('button', { name: 'Compare' }).click();
    await page.getByTestId('snapshot-page').waitFor();
    expect(await page.getByTestId('snapshot-state').getAttribute('data-state')).toBe('dry-run');
    // The second line's kind is not one housing delivers: reported by line.
    const errors = page.getByTestId('snapshot-errors');
    expect(await errors.textContent()).toContain('kind');
    expect(await errors.locator('tbody tr').first().locator('td').first().textContent()).toBe('3');
    expect(await page.getByTestId('diff-added').textContent()).toContain('Ana Ruiz');
    await page.screenshot({ path: shotPath('snapshot-dry-run'), fullPage: true });

    await page.getByRole('button', { name: 'Discard…' }).click();
    const dialog = page.getByRole('dialog', { name: /Discard snapshot/ });
    await dialog.getByLabel('Reason (optional)').fill('only trying the file');
    await dialog.getByRole('button', { name: 'Discard snapshot' }).click();
    await expect.poll(() => page.getByTestId('snapshot-state').getAttribute('data-state')).toBe('discarded');
    expect(await page.getByTestId('snapshot-decision').textContent()).toContain('only trying the file');
    expect((await server.ok('GET', '/people?q=Ana%20Ruiz')).length).toBe(0);
    await context.close();
  });
});
