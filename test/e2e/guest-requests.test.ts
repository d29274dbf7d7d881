import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../src/platform/clock.ts';
import { addDays } from '../../src/platform/dates.ts';
import { newPage, shotPath } from './browser.ts';
import { makeUniversity } from './fixtures.ts';
import { makePerson } from './people-fixtures.ts';
import { ADMIN_PASSWORD } from './server.ts';
import { signIn } from './session.ts';
import { e2eSuite } from './suite.ts';

/**
 * The server's clock: read once when the file loads and then still, so the test's "today" is the server's
 * even across midnight.
 */
const clock = new ManualClock(systemClock.now());

/** Days from the server's today, as YYYY-MM-DD. */
function day(offset: number): string {
  return addDays(clock.now().toISOString().slice(0, 10), offset);
}

const PASSWORD = 'e2e guest requests 1';

async function as(
  browser: Browser,
  url: string,
  username: string,
): Promise<{ page: Page; close: () => Promise<void> }> {
  const { context, page } = await newPage(browser, url, clock);
  await signIn(page, '/ui/guests/inbox', username, PASSWORD);
  return { page, close: () => context.close() };
}

/**
 * Fills the request form for a visitor at PHYS and submits it; returns the new request's id from the page it lands on.
 */
async function fillRequest(
  page: Page,
  visitor: { given: string; family: string; email: string },
  options: { samePerson?: string; service: string; reason: string },
): Promise<number> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Guest requests' }).click();
  await page.getByRole('link', { name: 'New request' }).click();
  await page.getByLabel('Given name').fill(visitor.given);
  await page.getByLabel('Family name').fill(visitor.family);
  await page.getByLabel('Email', { exact: true }).fill(visitor.email);
  if (options.samePerson) {
    const hints = page.getByTestId('duplicate-hints');
    await hints.getByText(options.samePerson).waitFor();
    await hints.getByRole('radio', { name: new RegExp(`same person: ${options.samePerson}`) }).check();
  }
  await page.getByLabel('Find a department').fill('phys');
  await page.getByLabel('Department visited').selectOption({ label: 'PHYS — Department of Physics' });
  await page.getByLabel('Reason').selectOption(options.reason);
  await page.getByLabel(options.service).check();
  await page.getByLabel('Valid from').fill(day(7));
  await page.getByLabel('Valid to').fill(day(60));
  await page.getByRole('button', { name: 'Submit request' }).click();
  await page.getByTestId('request-state').waitFor();
  const id = Number(/\/guests\/requests\/(\d+)/.exec(page.url())![1]);
  expect(await page.getByTestId('request-state').textContent()).toBe('waiting');
  return id;
}

describe('guest requests in the browser', () => {
  const e2e = e2eSuite({ clock });

  it('a guarantor asks (and is offered a duplicate), the department rejects one and approves another, the IT desk approves and the minted username shows', async () => {
    const { server, browser } = e2e;
    const uni = await makeUniversity(server);
    await server.ok('POST', '/guest-types', {
      name: 'Visitor',
      label: 'Visitor',
      lifecycle: 'visitor',
      maxDays: 365,
      renewable: true,
      renewalWindowDays: 30,
      orgSubtree: 'SCI',
      directory: 'P',
      services: ['id-card', 'it-account'],
      reasons: ['Research visit', 'Conference'],
      approvalChain: [
        { step: 'department-approvers' },
        { step: 'it-desk', ifService: 'it-account' },
        { step: 'card-desk', ifService: 'id-card' },
      ],
    });
    const greta = await makePerson(server, {
      givenName: 'Greta',
      familyName: 'Garant',
      emails: [{ address: 'greta@uni.example' }],
      affiliation: { orgId: uni.physics.id, kind: 'staff' },
    });
    const dana = await makePerson(server, {
      givenName: 'Dana',
      familyName: 'Dean',
      emails: [{ address: 'dana@uni.example' }],
      affiliation: { orgId: uni.science.id, kind: 'staff' },
    });
    await makePerson(server, {
      givenName: 'Bruno',
      familyName: 'Lindqvist',
      emails: [{ address: 'bruno@lab.example' }],
      birthDate: '1980-02-03',
    });
    await server.ok('POST', `/orgs/${uni.science.id}/officers`, {
      personId: dana.id,
      function: 'approver',
      roleName: 'Dean',
    });
    await server.ok('POST', '/users', {
      username: 'greta',
      displayName: 'Greta Garant',
      password: PASSWORD,
      personId: greta.id,
      roles: [],
    });
    await server.ok('POST', '/users', {
      username: 'dana',
      displayName: 'Dana Dean',
      password: PASSWORD,
      personId: dana.id,
      roles: [],
    });
    await server.ok('POST', '/users', {
      username: 'ivan',
      displayName: 'Ivan IT',
      email: 'it-desk@uni.example',
      password: PASSWORD,
      roles: [{ role: 'office', office: 'it-desk' }],
    });

    // The guarantor asks twice: once for someone the registry knows (picked from the hint), once for a new visitor.
    const g = await as(browser, server.url, 'greta');
    const known = await fillRequest(
      g.page,
      { given: 'Bruno', family: 'Lindquist', email: 'bruno@lab.example' },
      { samePerson: 'Bruno Lindqvist', service: 'ID card', reason: 'Conference' },
    );
    expect(await g.page.getByTestId('visitor').textContent()).toContain('Bruno Lindqvist');
    await g.page.screenshot({ path: shotPath('guest-request-submitted'), fullPage: true });
    const fresh = await fillRequest(
      g.page,
      { given: 'Ada', family: 'Quist', email: 'ada.quist@visitor.example' },
      { service: 'IT account (username and email)', reason: 'Research visit' },
    );
    expect(await g.page.getByTestId('visitor').textContent()).toContain('(new person)');

    // The guest report counts what waits for whom.
    const admin = await newPage(browser, server.url, clock);
    await signIn(admin.page, '/ui/guests/report', 'admin', ADMIN_PASSWORD);
    const waitingRow = admin.page.locator('[data-testid="waiting-by-approver"] tr[data-approver="Dana Dean"]');
    await waitingRow.waitFor();
    expect(await waitingRow.locator('td[data-col="waiting"]').textContent()).toBe('2');
    await admin.context.close();

    // The department approver rejects the first (a comment is required) and approves the second.
    const d = await as(browser, server.url, 'dana');
    const first = d.page.locator(`article[data-request="${known}"]`);
    await first.waitFor();
    expect(await first.textContent()).toContain('Department of Physics');
    await first.getByRole('button', { name: 'Reject' }).click();
    await first.getByText('(required)').waitFor();
    await first.getByLabel('Comment').fill('No conference budget this term');
    await first.getByRole('button', { name: 'Reject' }).click();
    await first.waitFor({ state: 'detached' });
    const second = d.page.locator(`article[data-request="${fresh}"]`);
    await second.getByLabel('Comment').fill('Welcome');
    await second.getByRole('button', { name: 'Approve' }).click();
    await second.waitFor({ state: 'detached' });
    await d.page.getByText('Nothing waits for your decision.').waitFor();

    // The IT desk approves; the minted username is on the request.
    const i = await as(browser, server.url, 'ivan');
    const desk = i.page.locator(`article[data-request="${fresh}"]`);
    await desk.getByRole('button', { name: 'Approve' }).click();
    await desk.waitFor({ state: 'detached' });

    await g.page.goto(`/ui/guests/requests/${fresh}`);
    await g.page.getByTestId('minted-username').waitFor();
    expect(await g.page.getByTestId('minted-username').textContent()).toBe('aquist');
    expect(await g.page.getByTestId('minted-email').textContent()).toBe('ada.quist@example.edu');
    expect(await g.page.getByTestId('request-state').textContent()).toBe('approved');
    const steps = g.page.locator('[data-testid="request-steps"] tbody tr');
    expect(
      await steps.evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-step'), r.getAttribute('data-state')])),
    ).toEqual([
      ['department-approvers', 'approved'],
      ['it-desk', 'approved'],
    ]);
    await g.page.screenshot({ path: shotPath('guest-request-approved'), fullPage: true });

    await g.page.goto(`/ui/guests/requests/${known}`);
    await g.page.getByTestId('request-steps').waitFor();
    expect(await g.page.getByTestId('request-state').textContent()).toBe('rejected');
    expect(await g.page.getByTestId('request-steps').textContent()).toContain('No conference budget this term');
    for (const s of [g, d, i]) await s.close();
  });
});
