import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { launchChromium, newPage, shotPath } from './browser.ts';
import { makeUniversity, type University } from './fixtures.ts';
import { makePerson } from './people-fixtures.ts';
import { ADMIN_PASSWORD, type E2EServer, type Loose, startE2EServer } from './server.ts';
import { signIn } from './session.ts';

const PASSWORD = 'e2e governance 1';
const DAY = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Membership governance in the browser: an administrator writes a policy (the high grace table shown); a department
 * administrator fills the request form, sees a failing check before submitting, fixes it and submits; the approver
 * finds it in the shared inbox and approves it, while an approval that would break separation of duties is refused
 * naming the check; the member's title changes, the clock moves, the reconcile runs, and the group page shows the
 * grace badge and the "why"; a mass loss of eligibility is held and released.
 */
describe('membership governance in the browser', () => {
  const clock = new ManualClock(new Date());
  let server: E2EServer;
  let browser: Browser;
  let uni: University;
  const people: Record<string, Loose> = {};
  const groups: Record<string, Loose> = {};

  const person = async (given: string, orgId: number, kind: string, title: string) =>
    makePerson(server, {
      givenName: given,
      familyName: 'Gov',
      emails: [{ address: `${given.toLowerCase()}@gov.example` }],
      affiliation: { orgId, kind, title, validFrom: '2020-01-01' },
    });
  const account = (username: string, personId: number, roles: unknown[] = []) =>
    server.ok('POST', '/users', { username, displayName: username, password: PASSWORD, personId, roles });
  const as = async (username: string, path: string): Promise<{ page: Page; close: () => Promise<void> }> => {
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, path, username, username === 'admin' ? ADMIN_PASSWORD : PASSWORD);
    return { page, close: () => context.close() };
  };
  const retitle = async (personId: number, title: string) => {
    const [a] = await server.ok('GET', `/people/${personId}/affiliations`);
    await server.ok('PATCH', `/people/${personId}/affiliations/${a.id}`, { title }, { 'if-match': `"${a.version}"` });
  };

  beforeAll(async () => {
    server = await startE2EServer({ sessionTtlHours: 720 }, { clock });
    browser = await launchChromium();
    uni = await makeUniversity(server);
    people.dana = await person('Dana', uni.science.id, 'faculty', 'Dean');
    people.rita = await person('Rita', uni.physics.id, 'employee', 'Administrator');
    people.mia = await person('Mia', uni.physics.id, 'faculty', 'Lecturer');
    people.noor = await person('Noor', uni.physics.id, 'faculty', 'Lecturer');
    await server.ok('POST', `/orgs/${uni.science.id}/officers`, {
      personId: people.dana.id,
      function: 'approver',
      roleName: 'Dean',
    });
    await account('dana', people.dana.id);
    await account('rita', people.rita.id, [{ role: 'orgadmin', orgId: uni.physics.id }]);
    const lab = await server.ok('POST', '/folders', { parentId: null, extension: 'lab' });
    groups.cleanroom = await server.ok('POST', '/groups', { folderId: lab.id, extension: 'cleanroom' });
    groups.payments = await server.ok('POST', '/groups', { folderId: lab.id, extension: 'payments' });
    groups.keys = await server.ok('POST', '/groups', { folderId: lab.id, extension: 'keys' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an administrator creates a policy on a group, with the high security grace table shown', async () => {
    const { page, close } = await as('admin', '/ui/governance/policies');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Governance' }).click();
    await page.getByRole('link', { name: 'New policy' }).click();
    const form = page.getByTestId('policy-form');
    await form.getByLabel('Name', { exact: true }).fill('cleanroom-policy');
    await form.getByLabel('Label', { exact: true }).fill('Clean room badge access');
    await form.getByLabel('Group id').fill(String(groups.cleanroom.id));
    const grace = form.getByTestId('grace-table');
    expect(await grace.locator('tr[data-kind="job"] [data-testid="grace-job"]').textContent()).toBe('14');
    expect(await grace.locator('tr[data-kind="department"] [data-testid="grace-department"]').textContent()).toBe('5');
    expect(await grace.locator('tr[data-kind="leaving"] [data-testid="grace-leaving"]').textContent()).toBe('0');
    await form.getByLabel('Security level', { exact: true }).selectOption('medium');
    expect(await grace.locator('[data-testid="grace-department"]').textContent()).toBe('30');
    await form.getByLabel('Security level', { exact: true }).selectOption('custom');
    await form.getByLabel('Grace days: Job change, same department').fill('-3');
    await form.getByLabel('Longest membership (days)').fill('90');
    await form.getByRole('button', { name: 'Create policy' }).click();
    // a negative grace is refused beside its field, and nothing is made
    await form.locator('[data-testid="grace-table"] .field-error').getByText('cannot be negative').waitFor();
    await form.getByLabel('Security level', { exact: true }).selectOption('high');
    await form.getByRole('button', { name: 'Create policy' }).click();
    await page.getByRole('heading', { name: 'Policy cleanroom-policy' }).waitFor();
    const facts = await page.getByTestId('policy-facts').textContent();
    expect(facts).toContain('lab:cleanroom');
    expect(facts).toContain("the member's manager");
    expect(facts).toContain('at most 90 days');
    expect(await page.getByTestId('policy-grace').locator('tr[data-kind="department"]').textContent()).toContain(
      '5 days',
    );
    await page.screenshot({ path: shotPath('governance-policy'), fullPage: true });
    await close();
  });

  it('a department administrator sees a failing check before submitting, fixes it, and submits', async () => {
    const { page, close } = await as('rita', '/ui/inbox');
    await page.getByRole('link', { name: 'Request membership' }).first().click();
    const form = page.getByTestId('request-form');
    await form.getByLabel('Group', { exact: true }).fill(String(groups.cleanroom.id));
    await form.getByLabel('Member').fill('Mia');
    await form.getByRole('button', { name: `Choose Mia Gov #${people.mia.id}` }).click();
    await form.getByLabel('Reason').fill('Thin-film project');
    await form.getByLabel('Days', { exact: true }).fill('400');
    const expiry = form.locator('[data-testid="request-checks"] li[data-check="expiry"]');
    await form.locator('[data-testid="request-checks"] li[data-check="expiry"][data-passed="no"]').waitFor();
    expect(await expiry.textContent()).toContain('at most 90 days');
    expect(await form.getByTestId('checks-summary').textContent()).toContain('fix them to submit');
    expect(await form.getByRole('button', { name: 'Submit request' }).isDisabled()).toBe(true);
    await page.screenshot({ path: shotPath('governance-request-failing'), fullPage: true });
    await form.getByLabel('Days', { exact: true }).fill('30');
    await form.locator('[data-testid="request-checks"] li[data-check="expiry"][data-passed="yes"]').waitFor();
    expect(await form.getByTestId('checks-summary').textContent()).toContain('All');
    await form.getByRole('button', { name: 'Submit request' }).click();
    await page.getByTestId('membership-request-state').waitFor();
    expect(await page.getByTestId('membership-request-state').textContent()).toBe('pending');
    expect(await page.getByTestId('membership-request-stages').textContent()).toContain("the member's manager");
    await close();
  });

  it('the approver finds it in the inbox and approves; an approval that breaks separation of duties is refused', async () => {
    // Noor's request is asked through the API, then Noor joins a group the clean room excludes.
    const noorRequest = await server.ok('POST', '/governance/requests', {
      groupId: groups.cleanroom.id,
      personId: people.noor.id,
      ticket: 'LAB-7',
      days: 30,
    });
    await server.ok('POST', `/groups/${groups.payments.id}/members`, { personId: people.noor.id });
    await server.ok('POST', '/governance/exclusions', {
      leftGroupId: groups.cleanroom.id,
      rightGroupId: groups.payments.id,
      reason: 'who pays does not build',
    });
    const { page, close } = await as('dana', '/ui/people');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    const inbox = page.getByTestId('inbox');
    await inbox.waitFor();
    const noor = inbox.locator(`[data-inbox-item="membership-request-${noorRequest.id}"]`);
    await noor.getByRole('button', { name: 'Approve' }).click();
    const refusal = noor.locator('[data-problem="conflict"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('separation-of-duties');
    expect(await refusal.textContent()).toContain('lab:payments');
    const mia = inbox.locator('article', { hasText: 'Mia Gov' });
    await mia.getByLabel('Comment').fill('Fine for the project');
    await mia.getByRole('button', { name: 'Approve' }).click();
    await mia.waitFor({ state: 'detached' });
    expect(await inbox.locator('article').count()).toBe(1);
    await page.screenshot({ path: shotPath('governance-inbox'), fullPage: true });
    // the refused one is denied with a comment the requester reads
    await noor.getByLabel('Comment').fill('Holds lab:payments: separation of duties');
    await noor.getByRole('button', { name: 'Deny' }).click();
    await page.getByText('Nothing waits for your decision.').waitFor();
    const denied = await server.ok('GET', `/governance/requests/${noorRequest.id}`);
    expect(denied.state).toBe('denied');
    expect(denied.stages[0].decision).toMatchObject({
      decision: 'deny',
      comment: 'Holds lab:payments: separation of duties',
    });
    await close();
    const members = await server.ok('GET', `/groups/${groups.cleanroom.id}/members`);
    expect(members.map((m: Loose) => m.personName)).toEqual(['Mia Gov']);
  });

  it('refuses to make two groups exclusive while someone holds both, naming who', async () => {
    await server.ok('POST', `/groups/${groups.keys.id}/members`, { personId: people.mia.id });
    const { page, close } = await as('admin', '/ui/governance/exclusions');
    const form = page.getByTestId('exclusion-form');
    await form.getByLabel('Group (id)', { exact: true }).fill(String(groups.cleanroom.id));
    await form.getByLabel('Excludes group (id)').fill(String(groups.keys.id));
    await form.getByRole('button', { name: 'Add pair' }).click();
    const who = form.getByTestId('held-by-both');
    await who.waitFor();
    expect(await who.textContent()).toContain('Mia Gov');
    expect(await page.getByTestId('exclusions').locator('tr[data-exclusion]').count()).toBe(1);
    await close();
    await server.ok(
      'DELETE',
      `/groups/${groups.keys.id}/members/${(await server.ok('GET', `/groups/${groups.keys.id}/members`))[0].id}`,
    );
  });

  it('shows the grace badge and the why after a change of title, a day later and a reconcile', async () => {
    clock.advance(DAY);
    await retitle(people.mia.id, 'Senior Lecturer');
    clock.advance(DAY);
    const run = await server.ok('POST', '/governance/reconcile', { mode: 'full' });
    expect(run).toMatchObject({ started: 1, held: 0 });
    const end = new Date(clock.now().getTime() + 14 * DAY);
    const { page, close } = await as('admin', `/ui/groups/${groups.cleanroom.id}`);
    expect(await page.getByTestId('governed-note').textContent()).toContain('cleanroom-policy');
    const row = page.getByTestId('direct-members').locator('tr', { hasText: 'Mia Gov' });
    const badge = row.getByTestId('grace-badge');
    await badge.waitFor();
    expect(await badge.textContent()).toBe(`ends ${end.getUTCDate()} ${MONTHS[end.getUTCMonth()]} — job change`);
    await row.getByRole('button', { name: /^Why\?/ }).click();
    const panel = page.getByTestId('why-panel');
    await panel.waitFor();
    expect(await panel.getByTestId('why-change').textContent()).toBe('job title: Lecturer → Senior Lecturer');
    expect(await panel.getByTestId('why-rule').textContent()).toContain('high level, job change: 14 days');
    expect(await panel.locator('[data-testid="why-facts"] tr[data-fact="title"]').getAttribute('class')).toBe(
      'changed',
    );
    expect(await panel.getByTestId('why-notices').textContent()).toContain('Mia Gov');
    expect(await panel.getByTestId('why-summary').textContent()).toContain('Senior Lecturer');
    await page.screenshot({ path: shotPath('governance-why'), fullPage: true });
    await close();
  });

  it('holds a mass loss of eligibility and applies it once released', async () => {
    const crew = await server.ok('POST', '/groups', {
      folderId: groups.cleanroom.folderId,
      extension: 'crew',
    });
    await server.ok('POST', '/governance/policies', {
      name: 'crew-policy',
      groupId: crew.id,
      securityLevel: 'medium',
      directAdders: [{ kind: 'privilege', privilege: 'admin' }],
      massLossPercent: 20,
    });
    const technicians: Loose[] = [];
    for (const given of ['Ana', 'Ben', 'Cai', 'Dov', 'Eli'])
      technicians.push(await person(given, uni.chemistry.id, 'faculty', 'Technician'));
    for (const t of technicians) await server.ok('POST', `/groups/${crew.id}/members`, { personId: t.id });
    for (const t of technicians) await retitle(t.id, 'Lab manager');
    const run = await server.ok('POST', '/governance/reconcile', { mode: 'full' });
    expect(run).toMatchObject({ held: 5, started: 0 });

    const { page, close } = await as('admin', '/ui/governance/holds');
    const hold = page.locator(`[data-hold="${run.holds[0]}"]`);
    await hold.waitFor();
    expect(await hold.textContent()).toContain('5 of 5 governed members would start grace');
    await hold.getByRole('button', { name: 'Release…' }).click();
    await page.getByLabel('Reason').fill('the titles changed for real');
    await page.getByRole('dialog').getByRole('button', { name: 'Release' }).click();
    await page.getByText('No hold.').waitFor();
    await page.getByLabel('Show').selectOption('released');
    expect(await page.locator(`[data-hold="${run.holds[0]}"] [data-testid="hold-state"]`).textContent()).toBe(
      'released',
    );
    await close();
    const applied = await server.ok('POST', '/governance/reconcile', { mode: 'incremental' });
    expect(applied.started).toBe(5);
  });
});
