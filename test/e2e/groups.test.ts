import { describe, expect, it } from 'vitest';
import { newPage, shotPath } from './browser.ts';
import { makePerson } from './people-fixtures.ts';
import { ADMIN_PASSWORD } from './server.ts';
import { signIn } from './session.ts';
import { e2eSuite } from './suite.ts';

describe('groups pages', () => {
  const e2e = e2eSuite();

  it('browses folders, creates a group, adds a member with dates and reason, and shows effective members with why', async () => {
    const { server, browser } = e2e;
    const uni = await server.ok('POST', '/folders', { extension: 'uni' });
    const apps = await server.ok('POST', '/folders', { extension: 'apps', parentId: uni.id });
    const clerks = await server.ok('POST', '/groups', { folderId: apps.id, extension: 'clerks' });
    const ann = await makePerson(server, { givenName: 'Annika', familyName: 'Clerkson' });
    const bert = await makePerson(server, { givenName: 'Bertil', familyName: 'Staffsson' });
    await server.ok('POST', `/groups/${clerks.id}/members`, { personId: ann.id, reason: 'payroll clerk' });

    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/people', 'admin', ADMIN_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' }).click();
    await page.locator('[data-folder="uni"] button').click();
    await page.locator('[data-folder="uni:apps"] button').click();
    await page.locator('[data-group="uni:apps:clerks"]').waitFor();

    // create a group here through the form, and see a bad extension refused beside its field
    const form = page.getByTestId('create-here');
    await form.getByLabel('Group').check();
    await form.getByLabel('Extension (one segment of the name)').fill('all:staff');
    await form.getByRole('button', { name: 'Create group' }).click();
    expect(await form.locator('[data-field="extension"] .field-error').textContent()).toContain('no-colon');
    await form.getByLabel('Extension (one segment of the name)').fill('all-staff');
    await form.getByRole('button', { name: 'Create group' }).click();
    await page.locator('[data-group="uni:apps:all-staff"] a').click();
    await page.getByTestId('group-name').filter({ hasText: 'uni:apps:all-staff' }).waitFor();

    // add a person by typing part of the name and picking the match
    const add = page.getByTestId('add-member');
    await add.getByLabel('Person (name, identifier or id)').fill('staffs');
    await add.getByRole('button', { name: `Choose Bertil Staffsson #${bert.id}` }).click();
    await add.getByRole('button', { name: 'Add member' }).click();
    const direct = page.getByTestId('direct-members');
    await direct.locator('tbody tr').first().waitFor();
    expect(await direct.textContent()).toContain('Bertil Staffsson');

    // add the clerks group as a member, picked by part of its name, with an end date and a reason
    await add.getByLabel('Group', { exact: true }).check();
    await add.getByLabel('Group (name in this folder, or id)').fill('cler');
    await add.getByRole('button', { name: `Choose uni:apps:clerks #${clerks.id}` }).click();
    await add.getByLabel('Reason').fill('clerks are staff');
    await add.getByLabel('Ticket').fill('HR-42');
    await add.getByLabel('Disabled at').fill('2099-12-31T17:00');
    await add.getByRole('button', { name: 'Add member' }).click();
    await direct.getByText('uni:apps:clerks').waitFor();
    expect(await direct.textContent()).toContain('Bertil Staffsson');
    expect(await direct.textContent()).toContain('clerks are staff [HR-42]');
    const why = page.getByTestId('effective-members').locator(`tr[data-person="${ann.id}"] [data-testid="why"]`);
    await why.waitFor();
    expect(await why.textContent()).toContain('(payroll clerk) via uni:apps:clerks → uni:apps:all-staff');
    expect(await page.getByTestId('effective-members').textContent()).toContain('2099');

    // a cycle is refused with the rule shown
    await page.goto(`${server.url}/ui/groups/${clerks.id}`);
    const addBack = page.getByTestId('add-member');
    await addBack.getByLabel('Group', { exact: true }).check();
    const allStaff = (await server.ok('GET', '/groups/by-name/uni:apps:all-staff')).id;
    await addBack.getByLabel('Group (name in this folder, or id)').fill(String(allStaff));
    await addBack.getByRole('button', { name: 'Add member' }).click();
    expect(await addBack.locator('[data-field="groupId"] .field-error').textContent()).toContain('cycle');

    // grant a privilege
    const grant = page.getByTestId('grant');
    await grant.getByLabel('Person id').fill(String(ann.id));
    await grant.getByLabel('Privilege').selectOption('optout');
    await grant.getByRole('button', { name: 'Grant' }).click();
    await page.getByTestId('privileges').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('privileges').textContent()).toContain('optout');
    await page.screenshot({ path: shotPath('group-page'), fullPage: true });
    await context.close();
  });
});
