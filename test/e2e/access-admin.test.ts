import { describe, expect, it } from 'vitest';
import { newPage, shotPath } from './browser.ts';
import { makePerson } from './people-fixtures.ts';
import { ADMIN_PASSWORD } from './server.ts';
import { signIn } from './session.ts';
import { e2eSuite } from './suite.ts';

describe('access configuration forms', () => {
  const e2e = e2eSuite();

  it('a system administrator creates an application, resources under one another, a role and a permission that covers the child', async () => {
    const { server, browser } = e2e;
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/access', 'admin', ADMIN_PASSWORD);

    const appForm = page.getByTestId('app-form');
    await appForm.getByLabel('Name', { exact: true }).fill('lab booking');
    await appForm.getByLabel('Label', { exact: true }).fill('Lab booking');
    await appForm.getByLabel('Time zone').fill('Europe/London');
    await appForm.getByLabel('Implied actions').fill('book=view');
    await appForm.getByRole('button', { name: 'Register application' }).click();
    const nameError = appForm.locator('[data-field="name"] .field-error');
    await nameError.waitFor();
    expect(await nameError.textContent()).toContain('format:name');

    await appForm.getByLabel('Name', { exact: true }).fill('labs');
    await appForm.getByRole('button', { name: 'Register application' }).click();
    await page.getByRole('heading', { name: 'Lab booking', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/ui/access/apps/labs');

    const resourceForm = page.getByTestId('resource-form');
    await resourceForm.getByLabel('Name', { exact: true }).fill('chemistry');
    await resourceForm.getByRole('button', { name: 'Add resource' }).click();
    const resources = page.getByTestId('resources');
    await resources.getByText('chemistry', { exact: true }).waitFor();
    await resourceForm.getByLabel('Name', { exact: true }).fill('fume-hoods');
    await resourceForm.getByLabel('Parent').selectOption('chemistry');
    await resourceForm.getByRole('button', { name: 'Add resource' }).click();
    await resources.getByText('fume-hoods', { exact: true }).waitFor();
    expect(await resources.locator('li').allTextContents()).toEqual([
      expect.stringContaining('chemistry'),
      expect.stringContaining('fume-hoods'),
    ]);

    const roleForm = page.getByTestId('role-form');
    await roleForm.getByLabel('Name', { exact: true }).fill('booker');
    await roleForm.getByLabel('Label', { exact: true }).fill('Lab booker');
    await roleForm.getByRole('button', { name: 'Add role' }).click();
    const booker = page.locator('[data-testid="roles"] li[data-role="booker"]');
    await booker.waitFor();
    expect(await booker.textContent()).toContain('Lab booker');

    await booker.locator('summary', { hasText: 'Add permission' }).click();
    const permissionForm = booker.getByTestId('permission-form');
    await permissionForm.getByLabel('Action').fill('book');
    await permissionForm.getByLabel('On resource').selectOption('chemistry');
    await permissionForm.getByLabel('Hours (optional)').fill('25:00-18:00');
    await permissionForm.getByRole('button', { name: 'Add permission' }).click();
    const hoursError = permissionForm.locator('[data-field="limits/0"] .field-error');
    await hoursError.waitFor();
    expect(await hoursError.textContent()).toContain('format:time');
    await permissionForm.getByLabel('Hours (optional)').fill('');
    await permissionForm.getByRole('button', { name: 'Add permission' }).click();
    await booker.getByTestId('permissions').getByText('book on chemistry').waitFor();
    await page.screenshot({ path: shotPath('access-admin'), fullPage: true });

    const roles = await server.ok('GET', '/access/applications/labs/roles');
    const role = roles.find((r: { name: string }) => r.name === 'booker');
    const ada = await makePerson(server, { givenName: 'Ada', familyName: 'Hoodsworth' });
    await server.ok('POST', '/access/assignments', {
      roleId: role.id,
      subjects: [{ type: 'person', id: ada.id }],
      scopes: [{ kind: 'everywhere' }],
    });

    await page.goto(`${server.url}/ui/access/check?app=labs`);
    await page.getByLabel('Person (id)').fill(String(ada.id));
    await page.getByLabel('Action').fill('view');
    await page.getByLabel('Resource').fill('fume-hoods');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByTestId('decision').waitFor();
    expect(await page.getByTestId('decision-word').textContent()).toBe('Allowed');
    const reasons = await page.getByTestId('reasons').textContent();
    expect(reasons).toContain('chemistry contains fume-hoods');
    expect(reasons).toContain('book implies view');
    await context.close();
  });

  it('an auditor sees the applications and roles but no form to create them', async () => {
    const { server, browser } = e2e;
    await server.ok('POST', '/access/applications', { name: 'printing', label: 'Printing' });
    await server.ok('POST', '/access/applications/printing/resources', { name: 'queues' });
    await server.ok('POST', '/access/applications/printing/roles', { name: 'operator', label: 'Print operator' });
    await server.ok('POST', '/users', {
      username: 'aud',
      displayName: 'Avery Auditor',
      password: 'auditor password 1',
      roles: [{ role: 'auditor' }],
    });
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/access', 'aud', 'auditor password 1');
    await page.getByRole('link', { name: 'Printing' }).waitFor();
    expect(await page.getByTestId('app-form').count()).toBe(0);
    await page.getByRole('link', { name: 'Printing' }).click();
    await page.locator('[data-testid="roles"] li[data-role="operator"]').waitFor();
    await page.getByTestId('resources').getByText('queues').waitFor();
    for (const form of ['resource-form', 'role-form', 'permission-form'])
      expect(await page.getByTestId(form).count()).toBe(0);
    expect(await page.getByText('Add permission').count()).toBe(0);
    await context.close();
  });
});
