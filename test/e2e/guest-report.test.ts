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

describe('guest report page', () => {
  const e2e = e2eSuite({ clock });

  it('shows guests per unit by state, the chart, the CSV link and the upcoming expiries', async () => {
    const { server, browser } = e2e;
    const uni = await makeUniversity(server);
    await server.ok('POST', '/guest-types', {
      name: 'Visitor',
      label: 'Visitor',
      lifecycle: 'visitor',
      requesterRequired: false,
      maxDays: 365,
      expiringDays: 14,
    });
    let n = 0;
    const guest = async (hostOrgId: number, validFrom: string, validTo: string) => {
      n += 1;
      const person = await makePerson(server, { givenName: `Visiting${n}`, familyName: `Scholar${n}` });
      return server.ok('POST', '/guests', { personId: person.id, type: 'Visitor', validFrom, validTo, hostOrgId });
    };
    await guest(uni.physics.id, day(0), day(90)); // active
    await guest(uni.physics.id, day(0), day(5)); // expiring, ends within 30 days
    await guest(uni.physics.id, day(10), day(100)); // pending
    await guest(uni.chemistry.id, day(0), day(20)); // active, ends within 30 days
    // A visitor whose guarantor left yesterday: nobody vouches for them.
    const leaver = await makePerson(server, {
      givenName: 'Lena',
      familyName: 'Leaver',
      affiliation: { orgId: uni.chemistry.id, kind: 'staff', validFrom: day(-400), validTo: day(-1) },
    });
    const orphanPerson = await makePerson(server, { givenName: 'Otto', familyName: 'Orphan' });
    const orphan = await server.ok('POST', '/guests', {
      personId: orphanPerson.id,
      type: 'Visitor',
      validFrom: day(0),
      validTo: day(60),
      hostOrgId: uni.chemistry.id,
      guarantorId: leaver.id,
    });
    await server.ok('POST', '/guests/sweep');

    const { context, page } = await newPage(browser, server.url, clock);
    await signIn(page, '/ui/people', 'admin', ADMIN_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Guests' }).click();
    const phys = page.locator('[data-testid="guest-counts"] tr[data-org="PHYS"]');
    await phys.waitFor();
    const cell = (row: typeof phys, state: string) => row.locator(`td[data-state="${state}"]`).textContent();
    expect([
      await cell(phys, 'pending'),
      await cell(phys, 'active'),
      await cell(phys, 'expiring'),
      await cell(phys, 'disabled'),
      await cell(phys, 'total'),
      await cell(phys, 'ending'),
    ]).toEqual(['1', '1', '1', '0', '3', '1']);
    const chem = page.locator('[data-testid="guest-counts"] tr[data-org="CHEM"]');
    expect([await cell(chem, 'active'), await cell(chem, 'ending')]).toEqual(['2', '1']);

    const chart = page.getByTestId('guest-chart');
    expect(await chart.getAttribute('aria-label')).toBe('Guests per organisation unit by state');
    expect(await chart.locator('g[data-org="PHYS"] rect').count()).toBe(3);
    expect(await chart.locator('g[data-org="CHEM"] rect[data-state="active"]').count()).toBe(1);

    const csvHref = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    expect(csvHref).toContain('format=csv');
    const csv = await page.evaluate(async (href) => (await fetch(href!)).text(), csvHref);
    expect(csv.split('\n')[0]).toBe('org_code,org_name,pending,active,expiring,disabled,total,ending_within_30_days');

    const expiries = page.locator('[data-testid="guest-expiries"] tbody tr');
    await expiries.first().waitFor();
    expect(await expiries.count()).toBe(2);
    expect(await expiries.first().textContent()).toContain(day(5));
    const unvouched = page.locator('[data-testid="guest-unvouched"] tbody tr');
    await unvouched.first().waitFor();
    expect(await unvouched.count()).toBe(1);
    expect(await unvouched.first().getAttribute('data-guest')).toBe(String(orphan.id));
    expect(await unvouched.first().textContent()).toContain(`Lena Leaver (guarantor)${day(-1)}`);
    await page.screenshot({ path: shotPath('guest-report'), fullPage: true });
    await context.close();
  });
});
