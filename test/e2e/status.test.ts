import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, shotPath } from './browser.ts';
import { makeUniversity, type University } from './fixtures.ts';
import { makePerson } from './people-fixtures.ts';
import { type E2EServer, startE2EServer } from './server.ts';
import { signIn } from './session.ts';

describe('ranked status on the person page', () => {
  let server: E2EServer;
  let browser: Browser;
  let uni: University;
  beforeAll(async () => {
    server = await startE2EServer();
    browser = await launchChromium();
    uni = await makeUniversity(server);
    const type = (body: Record<string, unknown>) => server.ok('POST', '/status-types', body);
    await type({
      name: 'Faculty',
      rank: 80,
      category: 'employee',
      cardLabel: 'FACULTY',
      directory: 'Y',
      match: { kinds: ['faculty'] },
    });
    await type({ name: 'Staff', rank: 50, category: 'employee', cardLabel: 'STAFF', match: { kinds: ['staff'] } });
    await type({ name: 'Emeritus', rank: 30, category: 'retired', match: { kinds: ['emeritus'] } });
    await type({ name: 'Library user', rank: 5, category: 'library', match: { kinds: ['staff', 'faculty'] } });
    await type({ name: 'Visitor', rank: 10, category: 'guest', match: { kinds: ['visitor'] } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the primary status, every status held and why, pending ones, and the history with the 30 June / 1 July bridge', async () => {
    const ada = await makePerson(server, {
      givenName: 'Ada',
      familyName: 'Quillfeather',
      birthDate: '1975-03-03',
      affiliation: {
        orgId: uni.chemistry.id,
        kind: 'staff',
        title: 'Technician',
        validFrom: '2019-09-01',
        validTo: '2024-06-30',
      },
    });
    const faculty = await server.ok('POST', `/people/${ada.id}/affiliations`, {
      orgId: uni.physics.id,
      kind: 'faculty',
      title: 'Lecturer',
      validFrom: '2024-07-01',
    });
    await server.ok('POST', `/people/${ada.id}/affiliations`, {
      orgId: uni.physics.id,
      kind: 'emeritus',
      validFrom: '2099-01-01',
    });
    const api = await server.ok('GET', `/people/${ada.id}/statuses`);
    expect(api.primary.name).toBe('Faculty');

    const { context, page } = await newPage(browser, server.url);
    await signIn(page, `/ui/people/${ada.id}`);
    const section = page.getByRole('region', { name: 'Status' });
    const primary = section.getByTestId('primary-status');
    await primary.waitFor();
    expect(await primary.textContent()).toContain('Faculty');
    expect(await primary.textContent()).toContain('FACULTY');
    expect(await primary.textContent()).toContain('since 2024-07-01');

    const held = section.getByTestId('held-statuses');
    expect(await held.locator('tbody tr').count()).toBe(2);
    const facultyRow = held.locator('tr[data-status="Faculty"]');
    expect(await facultyRow.textContent()).toContain('primary');
    const why = facultyRow.getByTestId('because');
    expect(await why.textContent()).toContain('faculty in Department of Physics');
    expect(await why.textContent()).toContain('PHYS');
    expect(await why.textContent()).toContain(faculty.source);
    const library = held.locator('tr[data-status="Library user"]');
    expect(await library.textContent()).not.toContain('primary');
    // Library user holds through both jobs; today only the faculty one makes it hold.
    const libraryWhy = library.getByTestId('because').locator('li');
    expect(await libraryWhy.filter({ hasText: 'Department of Physics' }).textContent()).not.toContain('ended');
    expect(await libraryWhy.filter({ hasText: 'Department of Chemistry' }).textContent()).toContain('ended 2024-06-30');

    const pending = section.getByTestId('pending-statuses');
    expect(await pending.textContent()).toContain('Emeritus');
    expect(await pending.textContent()).toContain('2099-01-01');

    const history = section.getByTestId('status-history');
    const staff = history.locator('tr[data-status="Staff"]');
    expect(await staff.textContent()).toContain('2019-09-01');
    expect(await staff.getAttribute('class')).toContain('ended');
    expect(await staff.getByTestId('bridge').textContent()).toBe(
      'bridged to Faculty from 1 July 2024; the staff affiliation ended 30 June 2024',
    );
    expect(await staff.getByTestId('because').textContent()).toContain('staff in Department of Chemistry');
    expect(await section.getByTestId('no-status').count()).toBe(0);
    await page.screenshot({ path: shotPath('person-status'), fullPage: true });
    await context.close();
  });

  it('when nothing is held, says so and what the status was before it ended', async () => {
    const vic = await makePerson(server, {
      givenName: 'Victor',
      familyName: 'Ormsby-Lane',
      birthDate: '1988-08-08',
      affiliation: { orgId: uni.arts.id, kind: 'visitor', validFrom: '2020-01-01', validTo: '2021-12-31' },
    });
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, `/ui/people/${vic.id}`);
    const section = page.getByRole('region', { name: 'Status' });
    const none = section.getByTestId('no-status');
    await none.waitFor();
    expect(await none.textContent()).toContain('Holds no status today');
    const before = section.getByTestId('last-before');
    expect(await before.textContent()).toContain('Status before it ended: Visitor (2020-01-01 – 2021-12-31)');
    expect(await before.textContent()).toContain('visitor in Faculty of Arts');
    expect(await section.getByTestId('primary-status').count()).toBe(0);
    expect(await section.getByTestId('status-history').textContent()).toContain('Visitor');
    await context.close();
  });
});
