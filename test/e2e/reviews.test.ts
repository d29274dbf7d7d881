import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, shotPath } from './browser.ts';
import { makeUniversity } from './fixtures.ts';
import { type E2EServer, type Loose, startE2EServer } from './server.ts';
import { signIn } from './session.ts';

const HEADER = 'record_key,person_key,given_name,family_name,birth_date,id_number,kind,org_code,title,valid_from';

describe('match reviews: near-matches flagged instead of guessed, settled in the UI', () => {
  let server: E2EServer;
  let browser: Browser;
  let ada: Loose;
  let grace: Loose;
  beforeAll(async () => {
    server = await startE2EServer();
    browser = await launchChromium();
    await makeUniversity(server);
    await server.ok('POST', '/sources', { name: 'hr', label: 'Human resources', kinds: ['staff'] });
    ada = await server.ok('POST', '/people', {
      givenName: 'Ada',
      familyName: 'Lovelace',
      birthDate: '1915-12-10',
      identifiers: [{ kind: 'id-number', value: 'ID-7001' }],
    });
    grace = await server.ok('POST', '/people', {
      givenName: 'Grace',
      familyName: 'Hopper',
      birthDate: '1906-12-09',
      identifiers: [{ kind: 'id-number', value: 'ID-7002' }],
    });
    // Two records carry someone's ID number under another name; the third is nobody yet.
    const rows = [
      'hr-E1-1,E1,Annabella,Milbanke,1992-05-17,ID-7001,staff,PHYS,Analyst,2024-01-01',
      'hr-E2-1,E2,Carla,Diaz,1990-03-03,ID-7002,staff,CHEM,Technician,2024-01-01',
      'hr-E3-1,E3,Pia,Lindqvist,1991-04-04,,staff,PHYS,Lecturer,2024-01-01',
    ];
    const snapshot = await server.raw('POST', '/sources/hr/snapshots', `${HEADER}\n${rows.join('\n')}\n`, 'text/csv');
    expect(snapshot.body).toMatchObject({ state: 'applied', added: 3, peopleCreated: 1, reviews: 2 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists the open reviews with their candidates; "same person" and "a new person" settle them, and a wrong number is refused', async () => {
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/sources');
    // The Sources list counts the records waiting and links to them.
    expect(await page.getByTestId('open-reviews').textContent()).toBe('2 open');
    await page
      .locator('[data-testid="sources"] tr[data-source="hr"] [data-testid="reviews"]')
      .getByRole('link', { name: '2 open' })
      .click();
    await page.getByRole('heading', { name: 'Match reviews', level: 1 }).waitFor();
    expect(new URL(page.url()).search).toBe('?source=hr');
    expect(
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Reviews' })
        .getAttribute('aria-current'),
    ).toBe('page');
    expect(await page.getByTestId('review-count').textContent()).toContain('2 records waiting');

    const first = page.locator('[data-testid="review"][data-record="hr-E1-1"]');
    expect(await first.getByTestId('review-reason').textContent()).toContain(
      `an identifier belongs to person ${ada.id}, whose name is not similar enough`,
    );
    const record = await first.getByTestId('review-record').textContent();
    expect(record).toContain('Annabella Milbanke');
    expect(record).toContain('ID-7001');
    const candidate = first.locator(`[data-testid="review-candidates"] tr[data-candidate="${ada.id}"]`);
    expect(await candidate.textContent()).toContain('ID number ID-7001');
    expect(await candidate.getByRole('link', { name: 'Ada Lovelace' }).getAttribute('href')).toBe(
      `/ui/people/${ada.id}`,
    );
    await page.screenshot({ path: shotPath('reviews-open'), fullPage: true });

    // Same person as Ada: confirmed in a dialog.
    await candidate.getByRole('button', { name: 'Same person as Ada Lovelace…' }).click();
    const same = page.getByRole('dialog', { name: 'Same person as Ada Lovelace?' });
    expect(await same.textContent()).toContain('they take the source’s key E1');
    await page.screenshot({ path: shotPath('review-confirm'), fullPage: true });
    await same.getByRole('button', { name: 'Yes, the same person' }).click();
    await same.waitFor({ state: 'hidden' });
    const outcome = page.getByTestId('review-outcome');
    await outcome.waitFor();
    expect(await outcome.getAttribute('data-state')).toBe('matched');
    expect(await outcome.getByRole('link', { name: 'Ada Lovelace' }).getAttribute('href')).toBe(`/ui/people/${ada.id}`);
    await first.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('review-count').textContent()).toContain('1 record waiting');
    const adas: Loose[] = await server.ok('GET', `/people/${ada.id}/affiliations`);
    expect(adas).toEqual([expect.objectContaining({ source: 'hr', title: 'Analyst' })]);
    const adaNow = await server.ok('GET', `/people/${ada.id}`);
    expect(adaNow.identifiers).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'source-key', scope: 'hr', value: 'E1' })]),
    );

    // Someone else, by a number nobody has: the API's problem shows beside the field.
    const second = page.locator('[data-testid="review"][data-record="hr-E2-1"]');
    expect(await second.locator(`tr[data-candidate="${grace.id}"]`).textContent()).toContain('Grace Hopper');
    await second.getByRole('button', { name: 'Someone else…' }).click();
    const other = page.getByRole('dialog', { name: 'Someone else?' });
    await other.getByLabel('Person number').fill('999999');
    await other.getByRole('button', { name: 'Yes, that person' }).click();
    const fieldError = other.locator('[data-field="personId"] .field-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toContain('no person has id 999999');
    expect(await other.getByRole('alert').first().textContent()).toBeTruthy();
    await other.getByRole('button', { name: 'Cancel' }).click();
    await other.waitFor({ state: 'hidden' });

    // A new person: Carla is not Grace.
    await second.getByRole('button', { name: 'A new person…' }).click();
    const create = page.getByRole('dialog', { name: 'A new person?' });
    expect(await create.textContent()).toContain('Carla Diaz');
    await create.getByRole('button', { name: 'Create a new person' }).click();
    await create.waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('review-outcome').getAttribute('data-state')).toBe('created');
    await page.getByText('No records are waiting for review from hr.').waitFor();
    const [carla] = await server.ok('GET', '/people?q=Carla%20Diaz');
    expect(carla.person).toMatchObject({ givenName: 'Carla', familyName: 'Diaz' });
    expect(carla.person.id).not.toBe(grace.id);
    expect(
      await page.getByTestId('review-outcome').getByRole('link', { name: 'Carla Diaz' }).getAttribute('href'),
    ).toBe(`/ui/people/${carla.person.id}`);
    const carlas: Loose[] = await server.ok('GET', `/people/${carla.person.id}/affiliations`);
    expect(carlas).toEqual([expect.objectContaining({ source: 'hr', title: 'Technician' })]);
    expect(await server.ok('GET', `/people/${grace.id}/affiliations`)).toEqual([]);
    expect(await server.ok('GET', '/sources/reviews')).toEqual([]);
    await page.screenshot({ path: shotPath('reviews-settled'), fullPage: true });

    // The Sources list no longer counts any.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sources' }).click();
    await page
      .locator('[data-testid="sources"] tr[data-source="hr"] [data-testid="reviews"]')
      .getByText('none')
      .waitFor();
    await context.close();
  });
});
