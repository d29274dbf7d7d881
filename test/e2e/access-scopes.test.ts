import { beforeAll, describe, expect, it } from 'vitest';
import { newPage, shotPath } from './browser.ts';
import { makeUniversity, type University } from './fixtures.ts';
import { makePerson } from './people-fixtures.ts';
import { ADMIN_PASSWORD } from './server.ts';
import { signIn } from './session.ts';
import { e2eSuite } from './suite.ts';

describe('access scopes in the wizard', () => {
  const e2e = e2eSuite();
  let uni: University;
  beforeAll(async () => {
    uni = await makeUniversity(e2e.server);
  });

  it('assigns a role everywhere from a start date, shows the scope and dates, marks a future start, and the check allows after the start', async () => {
    const { server, browser } = e2e;
    await server.ok('POST', '/access/applications', { name: 'library', label: 'Library' });
    await server.ok('POST', '/access/applications/library/resources', { name: 'loans' });
    const role = await server.ok('POST', '/access/applications/library/roles', { name: 'desk', label: 'Loan desk' });
    await server.ok('POST', `/access/roles/${role.id}/permissions`, { action: 'lend', resource: 'loans' });
    const ada = await makePerson(server, { givenName: 'Ada', familyName: 'Deskworth' });
    const ben = await makePerson(server, { givenName: 'Ben', familyName: 'Laterby' });

    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/access/assign?app=library', 'admin', ADMIN_PASSWORD);
    await page.getByLabel('Role').selectOption({ label: 'Loan desk' });
    await page.getByLabel('People (ids, comma separated)').fill(String(ada.id));
    await page.getByLabel('Scope', { exact: true }).selectOption({ label: 'Everywhere' });
    expect(await page.getByTestId('scopes').count()).toBe(0);
    await page.getByLabel('Valid from (optional)').fill('2020-06-15T12:00');
    await page.getByLabel('Reason').fill('desk cover');
    await page.getByRole('button', { name: 'Assign' }).click();
    const assigned = page.getByTestId('assigned');
    await assigned.waitFor();
    const made = await assigned.textContent();
    expect(made).toContain('1 assignment made');
    expect(made).toContain(`person ${ada.id} in everywhere from 2020-06-15`);
    expect(made).not.toContain('starts in the future');

    await page.getByLabel('People (ids, comma separated)').fill(String(ben.id));
    await page.getByLabel('Valid from (optional)').fill('2099-06-15T12:00');
    await page.getByLabel('Enabled until (optional)').fill('2099-12-15T12:00');
    await page.getByRole('button', { name: 'Assign' }).click();
    await page.getByText(`person ${ben.id} in everywhere`).waitFor();
    const later = await assigned.textContent();
    expect(later).toContain('from 2099-06-15');
    expect(later).toContain('(starts in the future)');
    expect(later).toContain('until 2099-12-15');
    await page.screenshot({ path: shotPath('access-scopes-wizard'), fullPage: true });

    const list = await server.ok('GET', `/access/assignments?roleId=${role.id}`);
    expect(
      list.map((a: { scope: { kind: string }; enabledFrom: string | null }) => [
        a.scope.kind,
        a.enabledFrom?.slice(0, 4),
      ]),
    ).toEqual([
      ['everywhere', '2020'],
      ['everywhere', '2099'],
    ]);

    await page.goto(`${server.url}/ui/access/apps/library`);
    const counts = page.getByTestId('counts');
    await counts.waitFor();
    expect(await counts.textContent()).toContain('everywhere');

    await page.goto(`${server.url}/ui/access/check?app=library`);
    await page.getByLabel('Person (id)').fill(String(ada.id));
    await page.getByLabel('Action').fill('lend');
    await page.getByLabel('Resource').fill('loans');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByTestId('decision').waitFor();
    expect(await page.getByTestId('decision-word').textContent()).toBe('Allowed');
    expect(await page.getByTestId('reasons').textContent()).toContain('everywhere, from 2020-06-15');

    await page.getByLabel('At (optional, default now)').fill('2019-01-01T12:00');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('Denied').waitFor();
    await page.getByText('counts only, from 2020-06-15').waitFor();

    await page.getByLabel('At (optional, default now)').fill('');
    await page.getByLabel('Scope (unit code or id, optional)').fill('PHYS');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('Allowed').waitFor();

    await page.getByLabel('Person (id)').fill(String(ben.id));
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('Denied').waitFor();
    await page.getByText('counts only, from 2099-06-15').waitFor();
    await context.close();
  });

  it('an organisation administrator asking for "everywhere" is refused beside the Scope field, and nothing is assigned', async () => {
    const { server, browser } = e2e;
    await server.ok('POST', '/access/applications', { name: 'labs', label: 'Labs' });
    await server.ok('POST', '/access/applications/labs/resources', { name: 'benches' });
    const role = await server.ok('POST', '/access/applications/labs/roles', { name: 'tech', label: 'Lab technician' });
    await server.ok('POST', `/access/roles/${role.id}/permissions`, { action: 'book', resource: 'benches' });
    const cy = await makePerson(server, { givenName: 'Cy', familyName: 'Benchley' });
    await server.ok('POST', '/users', {
      username: 'oscar',
      displayName: 'Oscar Orgadmin',
      password: 'e2e scopes orgadmin',
      roles: [{ role: 'orgadmin', orgId: uni.science.id }],
    });

    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/access/assign?app=labs', 'oscar', 'e2e scopes orgadmin');
    await page.getByLabel('Role').selectOption({ label: 'Lab technician' });
    await page.getByLabel('People (ids, comma separated)').fill(String(cy.id));
    await page.getByLabel('Scope', { exact: true }).selectOption({ label: 'Everywhere' });
    await page.getByLabel('Reason').fill('bench cover');
    await page.getByRole('button', { name: 'Assign' }).click();
    const beside = page.locator('[data-field="scopes"] .field-error');
    await beside.waitFor();
    expect(await beside.textContent()).toContain('only system administrators assign a role everywhere');
    expect(await beside.textContent()).toContain('(sysadmin-only)');
    expect(await page.getByTestId('assigned').count()).toBe(0);
    expect(await server.ok('GET', `/access/assignments?roleId=${role.id}`)).toEqual([]);
    await context.close();
  });
});
