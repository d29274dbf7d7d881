import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../src/platform/clock.ts';
import { addDays } from '../../src/platform/dates.ts';
import { newPage, shotPath } from './browser.ts';
import { makeUniversity } from './fixtures.ts';
import { makePerson } from './people-fixtures.ts';
import type { Loose } from './server.ts';
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

const PASSWORD = 'e2e guest page 1';

describe('guest page in the browser', () => {
  const e2e = e2eSuite({ clock });

  it("shows a guest's facts and history, refuses a renewal beyond the maximum beside its field, and lands a good one on its request", async () => {
    const { server, browser } = e2e;
    const uni = await makeUniversity(server);
    await server.ok('POST', '/guest-types', {
      name: 'Visitor',
      label: 'Research visitor',
      lifecycle: 'visitor',
      maxDays: 90,
      renewable: true,
      renewalWindowDays: 30,
      expiringDays: 14,
      orgSubtree: 'SCI',
      directory: 'P',
      services: [],
      reasons: ['Research visit'],
      approvalChain: [{ step: 'department-approvers' }],
    });
    const vera = await makePerson(server, {
      givenName: 'Vera',
      familyName: 'Visser',
      emails: [{ address: 'vera@lab.example' }],
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
    await server.ok('POST', `/orgs/${uni.science.id}/officers`, {
      personId: dana.id,
      function: 'approver',
      roleName: 'Dean',
    });
    await server.ok('POST', '/users', {
      username: 'olga',
      displayName: 'Olga Orgadmin',
      password: PASSWORD,
      roles: [{ role: 'orgadmin', orgId: uni.science.id }],
    });

    // A visitor who started a month ago and leaves in ten days: the sweep makes them active, then expiring.
    const guest = await server.ok('POST', '/guests', {
      personId: vera.id,
      type: 'Visitor',
      validFrom: day(-30),
      validTo: day(10),
      hostOrgId: uni.physics.id,
      guarantorId: greta.id,
      reason: 'Research visit',
    });
    await server.ok('POST', '/guests/sweep');
    const history: Loose[] = await server.ok('GET', `/guests/${guest.id}/transitions`);
    expect(history.map((t) => t.to)).toEqual(['pending', 'active', 'expiring']);

    const { context, page } = await newPage(browser, server.url, clock);
    await signIn(page, '/ui/guests/report', 'olga', PASSWORD);
    // The upcoming expiries link to the guest's page.
    await page
      .locator(`[data-testid="guest-expiries"] tr[data-guest="${guest.id}"]`)
      .getByRole('link', { name: 'Vera Visser' })
      .click();
    await page.getByTestId('guest-history').waitFor();
    expect(page.url()).toMatch(new RegExp(`/ui/guests/${guest.id}$`));
    await page.getByTestId('guest-person').getByText('Vera Visser').waitFor();
    expect(await page.getByTestId('guest-person').getAttribute('href')).toBe(`/ui/people/${vera.id}`);
    expect(await page.getByTestId('guest-state').textContent()).toBe('expiring');
    expect(await page.getByTestId('guest-type').textContent()).toBe('Research visitor');
    await page.getByTestId('guest-unit').getByText('PHYS — Department of Physics').waitFor();
    await page.getByTestId('guest-guarantor').getByText('Greta Garant').waitFor();
    expect(await page.getByTestId('guest-valid-from').textContent()).toBe(day(-30));
    expect(await page.getByTestId('guest-valid-to').textContent()).toBe(day(10));
    const rows = page.locator('[data-testid="guest-history"] tbody tr');
    expect(await rows.locator('td[data-col="states"]').allTextContents()).toEqual([
      '(new) → pending',
      'pending → active',
      'active → expiring',
    ]);
    expect(await rows.locator('td[data-col="actor"]').allTextContents()).toEqual(history.map((t) => t.actor));
    await page.screenshot({ path: shotPath('guest-page'), fullPage: true });

    // Beyond the type's 90 days from today: refused beside the field, nothing asked.
    const form = page.getByTestId('renewal-form');
    await form.getByLabel('New valid-to').fill(day(200));
    await form.getByRole('button', { name: 'Request renewal' }).click();
    const validToError = form.locator('[data-field="validTo"] .field-error');
    await validToError.waitFor();
    expect(await validToError.textContent()).toContain(`the latest valid-to is ${day(89)}`);
    expect(await validToError.textContent()).toContain('(maximum)');
    // Before today (so not later than the current valid-to): refused too.
    await form.getByLabel('New valid-to').fill(day(-1));
    await form.getByRole('button', { name: 'Request renewal' }).click();
    await form.locator('[data-field="validTo"] .field-error').getByText('(later)').waitFor();
    expect((await server.ok('GET', '/guests/requests?all=true')).length).toBe(0);

    // A good one lands on the new renewal request, waiting for the department.
    await form.getByLabel('New valid-to').fill(day(60));
    await form.getByRole('button', { name: 'Request renewal' }).click();
    await page.waitForURL(/\/ui\/guests\/requests\/\d+$/);
    await page.getByTestId('request-state').waitFor();
    expect(await page.getByTestId('request-state').textContent()).toBe('waiting');
    expect(await page.locator('dl.facts').textContent()).toContain('Research visitor — renewal');
    expect(await page.locator('dl.facts').textContent()).toContain(`${day(-30)} – ${day(60)}`);
    const steps = page.locator('[data-testid="request-steps"] tbody tr');
    expect(
      await steps.evaluateAll((trs) => trs.map((r) => [r.getAttribute('data-step'), r.getAttribute('data-state')])),
    ).toEqual([['department-approvers', 'current']]);
    expect(await steps.first().textContent()).toContain('Dana Dean');
    await page.getByText('Waiting for').waitFor();
    expect(await page.getByTestId('guest-link').getAttribute('href')).toBe(`/ui/guests/${guest.id}`);
    await page.screenshot({ path: shotPath('guest-renewal-requested'), fullPage: true });
    await context.close();
  });
});
