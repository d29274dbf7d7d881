import { describe, expect, it } from 'vitest';
import { newPage, shotPath } from './browser.ts';
import { makeUniversity } from './fixtures.ts';
import { makePerson } from './people-fixtures.ts';
import { ADMIN_PASSWORD } from './server.ts';
import { signIn } from './session.ts';
import { e2eSuite } from './suite.ts';

describe('access pages', () => {
  const e2e = e2eSuite();

  it('shows an application and its roles, assigns a role in two units with the wizard, and checks access with reasons', async () => {
    const { server, browser } = e2e;
    const uni = await makeUniversity(server);
    await server.ok('POST', '/access/applications', {
      name: 'payroll',
      label: 'Payroll',
      implications: { write: ['read'] },
    });
    await server.ok('POST', '/access/applications/payroll/resources', { name: 'employees' });
    await server.ok('POST', '/access/applications/payroll/resources', { name: 'non-exempt', parent: 'employees' });
    const role = await server.ok('POST', '/access/applications/payroll/roles', {
      name: 'clerk',
      label: 'Payroll clerk',
    });
    await server.ok('POST', `/access/roles/${role.id}/permissions`, { action: 'write', resource: 'employees' });
    const marcus = await makePerson(server, { givenName: 'Marcus', familyName: 'Clerkson' });

    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/people', 'admin', ADMIN_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Access' }).click();
    await page.getByRole('link', { name: 'Payroll' }).click();
    const clerk = page.locator('[data-testid="roles"] li[data-role="clerk"]');
    await clerk.waitFor();
    expect(await clerk.textContent()).toContain('write on employees');

    await page.getByRole('link', { name: 'Assign roles…' }).click();
    await page.getByLabel('Role').selectOption({ label: 'Payroll clerk' });
    await page.getByLabel('People (ids, comma separated)').fill(String(marcus.id));
    await page.locator('input[data-unit="PHYS"]').check();
    await page.locator('input[data-unit="CHEM"]').check();
    await page.getByLabel('Reason').fill('new clerk');
    await page.getByRole('button', { name: 'Assign' }).click();
    const assigned = page.getByTestId('assigned');
    await assigned.waitFor();
    expect(await assigned.textContent()).toContain('2 assignments made');
    expect(await assigned.textContent()).toContain('PHYS');

    await page.goto(`${server.url}/ui/access/apps/payroll`);
    const counts = page.getByTestId('counts');
    await counts.waitFor();
    expect(await counts.locator('tbody tr').count()).toBe(2);

    await page.goto(`${server.url}/ui/access/check?app=payroll`);
    await page.getByLabel('Person (id)').fill(String(marcus.id));
    await page.getByLabel('Action').fill('read');
    await page.getByLabel('Resource').fill('non-exempt');
    await page.getByLabel('Scope (unit code or id, optional)').fill('PHYS');
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByTestId('decision').waitFor();
    expect(await page.getByTestId('decision-word').textContent()).toBe('Allowed');
    const reasons = await page.getByTestId('reasons').textContent();
    expect(reasons).toContain('employees contains non-exempt');
    expect(reasons).toContain('write implies read');
    await page.screenshot({ path: shotPath('access-check'), fullPage: true });

    await page.getByLabel('Scope (unit code or id, optional)').fill(String(uni.arts.id));
    await page.getByRole('button', { name: 'Check' }).click();
    await page.getByText('Denied').waitFor();
    expect(await page.getByTestId('reasons').textContent()).toContain('does not contain the asked unit');
    await context.close();
  });
});
