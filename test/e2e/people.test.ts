import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, shotPath } from './browser.ts';
import { makeUniversity, type University } from './fixtures.ts';
import { makeFinkes, makePerson } from './people-fixtures.ts';
import { type E2EServer, type Loose, startE2EServer } from './server.ts';
import { signIn } from './session.ts';

describe('people', () => {
  let server: E2EServer;
  let browser: Browser;
  let uni: University;
  let jon: Loose;
  beforeAll(async () => {
    server = await startE2EServer();
    browser = await launchChromium();
    uni = await makeUniversity(server);
    ({ jon } = await makeFinkes(server, uni.physics.id));
    await makePerson(server, { givenName: 'Joan', familyName: 'Fisher', birthDate: '1975-01-30' });
    await makePerson(server, { givenName: 'Maria', familyName: 'Lopez' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('finds "Jon Finke" from the typo "Jon Fink", ranked first, and by an identifier', async () => {
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/people');
    await page.getByRole('searchbox', { name: /search people/i }).fill('Jon Fink');
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.getByTestId('search-results').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.first().textContent()).toContain('Jon Finke');
    expect(new URL(page.url()).search).toBe('?q=Jon+Fink');
    await page.screenshot({ path: shotPath('people-search'), fullPage: true });

    await page.getByRole('searchbox', { name: /search people/i }).fill('HR-0042');
    await page.getByRole('button', { name: 'Search' }).click();
    const byId = page.locator('[data-testid="search-results"][data-query="HR-0042"] tbody tr').first();
    await byId.waitFor();
    expect(await byId.textContent()).toContain('Jon Finke');
    expect(await byId.textContent()).toContain('identifier');

    await page.getByRole('searchbox', { name: /search people/i }).fill('Zebedee Quux');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No one matches “Zebedee Quux”.').waitFor();
    await context.close();
  });

  it('opens the person from the results: identifiers by kind, organisations with validity, history', async () => {
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/people?q=jon%20fink');
    await page.getByTestId('search-results').getByRole('link', { name: 'Jon Finke' }).click();
    await page.getByRole('heading', { name: 'Jon Finke', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/ui/people/${jon.id}`);

    const ids = await page.getByTestId('identifiers').textContent();
    expect(ids).toContain('ID numberA1234567');
    expect(ids).toContain('Usernamejfinke');
    expect(ids).toContain('Source keyHR-0042 (hr)');
    const affiliations = page.getByTestId('affiliations');
    expect(await affiliations.textContent()).toContain('Department of Physics');
    expect(await affiliations.textContent()).toContain('Lecturer in Optics');
    expect(await affiliations.textContent()).toContain('from 2015-09-01');
    const history = page.getByTestId('person-history');
    await history.getByTestId('history-entry').first().waitFor();
    expect(await history.textContent()).toContain('person.create');
    expect(await history.textContent()).toContain('admin');
    await page.screenshot({ path: shotPath('person'), fullPage: true });

    // The unit page counts and lists the people affiliated to it.
    await affiliations.getByRole('link', { name: 'Department of Physics' }).click();
    await page.getByRole('heading', { name: 'Department of Physics', level: 1 }).waitFor();
    expect(await page.getByTestId('people-count').textContent()).toContain('1 current');
    await page.getByTestId('unit-people').getByRole('link', { name: 'Jon Finke' }).waitFor();
    await context.close();
  });

  it('creating a person shows the likely duplicate first, then creates anyway with a reason', async () => {
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/people');
    await page.getByRole('link', { name: 'New person' }).click();
    await page.getByLabel('Given name').fill('John');
    await page.getByLabel('Family name').fill('Finke');
    await page.getByLabel('Birth date').fill('1980-04-12');
    await page.getByRole('button', { name: 'Add identifier' }).click();
    await page.getByLabel('Kind of identifier 1').selectOption('source-key');
    await page.getByLabel('Source of identifier 1').fill('hr');
    await page.getByLabel('Identifier 1', { exact: true }).fill('HR-0777');
    await page.getByRole('searchbox', { name: 'Organisation unit' }).fill('CHEM');
    await page.getByRole('searchbox', { name: 'Organisation unit' }).press('Enter');
    await page.getByRole('button', { name: 'Choose Department of Chemistry (CHEM)' }).click();
    await page.getByLabel('Title').fill('Research technician');
    await page.getByRole('button', { name: 'Check for duplicates and create' }).click();

    const duplicates = page.getByTestId('duplicates');
    await duplicates.waitFor();
    const first = duplicates.locator('tbody tr').first();
    expect(await first.textContent()).toContain('Jon Finke');
    expect(await first.textContent()).toMatch(/\d+%/);
    expect(await first.textContent()).toContain('same birth date');
    expect(await first.getByRole('link', { name: 'Jon Finke' }).getAttribute('href')).toBe(`/ui/people/${jon.id}`);
    await page.screenshot({ path: shotPath('duplicates'), fullPage: true });

    await page.getByLabel('Reason').fill('Twin brother of Jon; confirmed with HR');
    await page.getByRole('button', { name: 'Create anyway' }).click();
    await page.getByRole('heading', { name: 'John Finke', level: 1 }).waitFor();
    expect(await page.getByTestId('identifiers').textContent()).toContain('HR-0777 (hr)');
    expect(await page.getByTestId('affiliations').textContent()).toContain('Research technician');
    const history = page.getByTestId('person-history');
    await history.getByText('Twin brother of Jon; confirmed with HR').waitFor();
    await context.close();
  });

  it('shows server validation problems next to the field they name', async () => {
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/people/new');
    await page.getByLabel('Family name').fill('Nobody-Like-Them');
    await page.getByRole('button', { name: 'Add email' }).click();
    await page.getByLabel('Email 1', { exact: true }).fill('not-an-address');
    await page.getByRole('button', { name: 'Check for duplicates and create' }).click();
    const error = page.locator('[data-field="emails"] .field-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/format:email/);
    await context.close();
  });

  it('edits a person with If-Match, and the history shows before and after', async () => {
    const maria = (await server.ok('GET', '/people?q=Maria%20Lopez'))[0].person;
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, `/ui/people/${maria.id}`);
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Preferred name').fill('Mari');
    await page.getByLabel('Reason (optional)').fill('She asked to be called Mari');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Mari Lopez', level: 1 }).waitFor();
    // The newest entry is the edit: who, why, and the field before and after.
    const entry = page.getByTestId('person-history').getByTestId('history-entry').first();
    await entry.getByText('She asked to be called Mari').waitFor();
    const change = entry.locator('[data-field="preferredName"]');
    expect(await change.locator('.before').textContent()).toBe('—');
    expect(await change.locator('.after').textContent()).toBe('Mari');
    expect(await entry.getByTestId('actor').textContent()).toBe('admin');
    await context.close();
  });

  it('a stale edit gets "someone else changed this; reload"', async () => {
    const joan = (await server.ok('GET', '/people?q=Joan%20Fisher'))[0].person;
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, `/ui/people/${joan.id}/edit`);
    await page.getByLabel('Middle name').waitFor();
    const read = await server.api('GET', `/people/${joan.id}`);
    await server.ok('PATCH', `/people/${joan.id}`, { middleName: 'Ann' }, { 'if-match': read.etag! });

    await page.getByLabel('Preferred name').fill('Jo');
    await page.getByRole('button', { name: 'Save' }).click();
    const stale = page.getByTestId('stale');
    await stale.waitFor();
    expect(await stale.textContent()).toMatch(/someone else changed this.*reload/i);
    await stale.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => page.getByLabel('Middle name').inputValue()).toBe('Ann');
    await context.close();
  });

  it('mints a username and shows it among the identifiers', async () => {
    const joan = (await server.ok('GET', '/people?q=Joan%20Fisher'))[0].person;
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, `/ui/people/${joan.id}`);
    await page.getByRole('button', { name: 'Mint username' }).click();
    const notice = page.getByText(/^Minted /);
    await notice.waitFor();
    const value = /Minted (\S+);/.exec((await notice.textContent()) ?? '')![1];
    await expect.poll(() => page.getByTestId('identifiers').textContent()).toContain(value);
    await context.close();
  });

  it('an auditor reads the person and the audit trail but is offered no edit, merge or mint', async () => {
    await server.ok('POST', '/users', {
      username: 'aud',
      displayName: 'Avery Auditor',
      password: 'auditor password 1',
      roles: [{ role: 'auditor' }],
    });
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, `/ui/people/${jon.id}`, 'aud', 'auditor password 1');
    await page.getByRole('heading', { name: 'Jon Finke', level: 1 }).waitFor();
    await page.getByTestId('identifiers').waitFor();
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Mint/ }).count()).toBe(0);
    expect(await page.getByRole('link', { name: /Merge/ }).count()).toBe(0);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
    await page.getByTestId('audit-entries').waitFor();
    await context.close();
  });
});
