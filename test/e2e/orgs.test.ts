import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newPage, shotPath } from './browser.ts';
import { makeUniversity, type University } from './fixtures.ts';
import { makePerson } from './people-fixtures.ts';
import { type E2EServer, startE2EServer } from './server.ts';
import { signIn } from './session.ts';

describe('organisations', () => {
  let server: E2EServer;
  let browser: Browser;
  let uni: University;
  beforeAll(async () => {
    server = await startE2EServer();
    browser = await launchChromium();
    uni = await makeUniversity(server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const item = (page: Page, code: string) => page.locator(`[data-testid="tree-item"][data-code="${code}"]`).first();

  it('browses the tree: expands and collapses, shows kind, code and validity, greys ended units', async () => {
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/orgs');
    await item(page, 'UNI').waitFor();
    await item(page, 'SCI').waitFor();
    expect(await item(page, 'PHYS').count()).toBe(0);

    await page.getByRole('button', { name: 'Expand Faculty of Science' }).click();
    await item(page, 'PHYS').waitFor();
    await page.getByRole('button', { name: 'Expand Department of Physics' }).click();
    const old = item(page, 'PHYS-OLD');
    await old.waitFor();
    expect(await old.textContent()).toContain('1990-01-01 – 2010-12-31');
    expect(await old.locator('.tree-node').getAttribute('class')).toContain('ended');
    expect(await old.getByText('ended', { exact: true }).count()).toBe(1);
    expect(await item(page, 'PHYS').textContent()).toContain('department');
    await page.screenshot({ path: shotPath('org-tree'), fullPage: true });

    await page.getByLabel('Hide ended units').check();
    await expect.poll(() => item(page, 'PHYS-OLD').count()).toBe(0);
    await page.getByLabel('Hide ended units').uncheck();

    await page.getByRole('button', { name: 'Collapse Department of Physics' }).click();
    await expect.poll(() => item(page, 'PHYS-OPT').count()).toBe(0);

    // Keyboard: the disclosure buttons and links are reachable and work with Enter.
    await page.getByRole('button', { name: 'Expand Department of Physics' }).focus();
    await page.keyboard.press('Enter');
    await item(page, 'PHYS-OPT').waitFor();
    await context.close();
  });

  it('opens a unit and shows its facts, custom fields from the kind, children and people count', async () => {
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/orgs');
    await page.getByRole('button', { name: 'Expand Faculty of Science' }).click();
    await item(page, 'PHYS').getByRole('link', { name: 'Department of Physics' }).click();
    await page.getByRole('heading', { name: 'Department of Physics', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/ui/orgs/${uni.physics.id}`);
    const facts = await page.getByTestId('unit-page').textContent();
    expect(facts).toContain('PHYS');
    expect(facts).toContain('Phys');
    expect(facts).toContain('2001-09-01');
    const custom = page.getByTestId('custom-fields');
    expect(await custom.textContent()).toContain('Cost centre4410');
    expect(await custom.textContent()).toContain('BuildingNorth');
    expect(await custom.textContent()).toContain('Listed in the directoryyes');
    expect(await page.getByTestId('children').textContent()).toContain('Optics Group');
    expect(await page.getByTestId('people-count').textContent()).toContain('0 current');
    await page
      .getByRole('navigation', { name: 'Breadcrumb' })
      .getByRole('link', { name: 'Faculty of Science' })
      .click();
    await page.getByRole('heading', { name: 'Faculty of Science', level: 1 }).waitFor();
    await context.close();
  });

  it("shows a department's administrators and approvers inherited from its faculty, marked as inherited", async () => {
    const dean = await makePerson(server, { givenName: 'Grace', familyName: 'Okafor' });
    const officer = await makePerson(server, { givenName: 'Tomas', familyName: 'Berg' });
    const head = await makePerson(server, { givenName: 'Ines', familyName: 'Duarte' });
    await server.ok('POST', `/orgs/${uni.science.id}/officers`, {
      personId: dean.id,
      function: 'administrator',
      roleName: 'Faculty manager',
    });
    await server.ok('POST', `/orgs/${uni.science.id}/officers`, {
      personId: officer.id,
      function: 'approver',
      roleName: 'Research office',
    });
    await server.ok('POST', `/orgs/${uni.chemistry.id}/officers`, {
      personId: head.id,
      function: 'approver',
      roleName: 'Head of department',
    });

    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/orgs');
    await page.getByRole('button', { name: 'Expand Faculty of Science' }).click();
    await item(page, 'CHEM').getByRole('link', { name: 'Department of Chemistry' }).click();
    await page.getByRole('heading', { name: 'Department of Chemistry', level: 1 }).waitFor();

    const admins = page.getByTestId('administrators').getByTestId('officer');
    await admins.first().waitFor();
    expect(await admins.count()).toBe(1);
    expect(await admins.first().textContent()).toContain('Grace Okafor');
    expect(await admins.first().textContent()).toContain('inherited from Faculty of Science (SCI)');
    expect(await admins.first().getAttribute('data-inherited')).toBe('yes');

    // The department's own approver replaces the faculty's and is not marked inherited.
    const approvers = page.getByTestId('approvers').getByTestId('officer');
    expect(await approvers.count()).toBe(1);
    expect(await approvers.first().textContent()).toContain('Ines Duarte');
    expect(await approvers.first().textContent()).not.toContain('inherited');
    await page.screenshot({ path: shotPath('unit'), fullPage: true });

    await page.getByTestId('administrators').getByRole('link', { name: 'Faculty of Science' }).click();
    await page.getByRole('heading', { name: 'Faculty of Science', level: 1 }).waitFor();
    expect(await page.getByTestId('administrators').textContent()).not.toContain('inherited');
    await context.close();
  });

  it("appointing a unit's own administrator replaces the inherited one; removing it restores inheritance", async () => {
    const head = await makePerson(server, { givenName: 'Kwame', familyName: 'Mensah', birthDate: '1970-02-02' });
    const dean = await makePerson(server, { givenName: 'Lena', familyName: 'Vogel' });
    await server.ok('POST', `/orgs/${uni.root.id}/officers`, {
      personId: dean.id,
      function: 'administrator',
      roleName: 'Registrar',
    });
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, `/ui/orgs/${uni.arts.id}`);
    const admins = page.getByTestId('administrators');
    await admins.getByText('inherited from Example University (UNI)').waitFor();

    await page.getByRole('button', { name: 'Appoint officer' }).click();
    const dialog = page.getByRole('dialog', { name: /Appoint an officer/ });
    await dialog.getByRole('searchbox', { name: 'Person' }).fill('Kwame Mensah');
    await dialog.getByRole('button', { name: 'Find' }).click();
    await dialog.getByRole('button', { name: `Choose Kwame Mensah #${head.id}` }).click();
    await dialog.getByLabel('Function').selectOption('administrator');
    await dialog.getByLabel('Role name').fill('Head of faculty office');
    await dialog.getByRole('button', { name: 'Appoint', exact: true }).click();
    await admins.getByText('Kwame Mensah').waitFor();
    expect(await admins.textContent()).not.toContain('Lena Vogel');
    expect(await admins.getByTestId('officer').first().getAttribute('data-inherited')).toBe('no');

    await admins.getByRole('button', { name: 'Remove Kwame Mensah as Head of faculty office' }).click();
    await page
      .getByRole('dialog', { name: 'Remove administrator?' })
      .getByRole('button', { name: 'Remove', exact: true })
      .click();
    await admins.getByText('inherited from Example University (UNI)').waitFor();
    expect(await admins.textContent()).toContain('Lena Vogel');
    await context.close();
  });

  it('renames a unit; a custom value of the wrong type is shown beside its field', async () => {
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, `/ui/orgs/${uni.optics.id}`);
    await page.getByRole('button', { name: 'Edit or rename' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('Optics and Photonics Group');
    await dialog.getByLabel('Alternate names').fill('Photonics\nOptics Lab');
    await dialog.getByLabel('Seats (required)').fill('4.5');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const fieldError = dialog.locator('[data-field="custom/seats"] .field-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toMatch(/integer/);

    await dialog.getByLabel('Seats (required)').fill('14');
    await dialog.getByLabel('Biosafety level').selectOption('2');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Optics and Photonics Group', level: 1 }).waitFor();
    expect(await page.getByTestId('custom-fields').textContent()).toMatch(/Seats\W*14/);
    expect(await page.getByTestId('custom-fields').textContent()).toContain('Biosafety level2');
    expect(await page.getByTestId('unit-page').textContent()).toContain('Photonics, Optics Lab');
    await context.close();
  });

  it('moves a unit under another parent', async () => {
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, `/ui/orgs/${uni.chemistry.id}`);
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('searchbox', { name: 'New parent' }).fill('Arts');
    await dialog.getByRole('button', { name: 'Find' }).click();
    await dialog.getByRole('button', { name: 'Choose Faculty of Arts (ART)' }).click();
    await dialog.getByLabel('Reason (optional)').fill('Reorganisation');
    await dialog.getByRole('button', { name: 'Move', exact: true }).click();
    const breadcrumb = page.getByRole('navigation', { name: 'Breadcrumb' });
    await breadcrumb.getByRole('link', { name: 'Faculty of Arts' }).waitFor();
    expect(await breadcrumb.getByRole('link', { name: 'Faculty of Science' }).count()).toBe(0);
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    // The move is stored: the unit's parent is Arts, and Arts (not Science) lists it among its children.
    const moved = await server.ok('GET', `/orgs/${uni.chemistry.id}`);
    expect(moved.parentId).toBe(uni.arts.id);
    await page.goto(`/ui/orgs/${uni.arts.id}`);
    await page.getByRole('heading', { name: 'Faculty of Arts', level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId('children').textContent()).toContain('Department of Chemistry');
    await page.goto(`/ui/orgs/${uni.science.id}`);
    await page.getByRole('heading', { name: 'Faculty of Science', level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId('children').textContent()).toContain('Department of Physics');
    expect(await page.getByTestId('children').textContent()).not.toContain('Department of Chemistry');
    await context.close();
  });

  it('ending a unit with children asks about the cascade, lists what would end, and ends it all on confirmation', async () => {
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, `/ui/orgs/${uni.physics.id}`);
    await page.getByRole('button', { name: 'End unit…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Last valid day').fill('2030-06-30');
    await dialog.getByLabel('Reason').fill('Merged into the School of Natural Sciences');
    await dialog.getByRole('button', { name: 'End unit' }).click();
    const question = dialog.getByTestId('cascade-question');
    await question.waitFor();
    const listed = await dialog.getByTestId('cascade-items').textContent();
    expect(listed).toContain('Optics');
    expect(listed).toContain('PHYS-OPT');
    expect(listed).not.toContain('Old Acoustics Lab'); // it ended long ago
    await page.screenshot({ path: shotPath('org-cascade') });

    await dialog.getByRole('button', { name: 'End Department of Physics and all of these' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await expect.poll(() => page.getByTestId('unit-page').textContent()).toContain('2030-06-30');
    const optics = await server.ok('GET', `/orgs/${uni.optics.id}`);
    expect(optics.validTo).toBe('2030-06-30');
    await context.close();
  });

  it('a stale edit gets "someone else changed this; reload", and reload shows their change', async () => {
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, `/ui/orgs/${uni.arts.id}`);
    await page.getByRole('heading', { name: 'Faculty of Arts', level: 1 }).waitFor();
    // Someone else renames the unit after this page read it.
    const current = await server.api('GET', `/orgs/${uni.arts.id}`);
    await server.ok(
      'PATCH',
      `/orgs/${uni.arts.id}`,
      { name: 'Faculty of Arts and Humanities' },
      { 'if-match': current.etag! },
    );

    await page.getByRole('button', { name: 'Edit or rename' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Abbreviation').fill('FA');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const stale = dialog.getByTestId('stale');
    await stale.waitFor();
    expect(await stale.textContent()).toMatch(/someone else changed this.*reload/i);
    await stale.getByRole('button', { name: 'Reload' }).click();
    await page.getByRole('heading', { name: 'Faculty of Arts and Humanities', level: 1 }).waitFor();
    await context.close();
  });
});
