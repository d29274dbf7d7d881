import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, shotPath } from './browser.ts';
import { makeUniversity } from './fixtures.ts';
import { makePerson } from './people-fixtures.ts';
import { ADMIN_PASSWORD } from './server.ts';
import { signIn } from './session.ts';
import { e2eSuite } from './suite.ts';

const PASSWORD = 'e2e layout pass 1';
const GROUPS = [
  'People & organisations',
  'Sources & status',
  'Guests & accounts',
  'Groups & access',
  'Governance',
  'Operations & audit',
];
/** The one style of a moment: "7 Dec 2026, 14:05 UTC" (en-GB, the default institution zone). */
const MOMENT = /\b\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC\b/;
const ISO = /\d{4}-\d{2}-\d{2}/;

/** Every visible element of the header and the open menus lies inside the viewport (nothing cut off or scrolled). */
async function outside(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('header.topbar *'))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < 0 || r.right > width + 0.5)
        out.push(`${el.tagName} "${el.textContent?.slice(0, 30)}" ${r.left}–${r.right}`);
    }
    if (document.documentElement.scrollWidth > width)
      out.push(`page scrolls sideways: ${document.documentElement.scrollWidth}`);
    return out;
  });
}

describe('layout, home, dates and validation (issue 17)', () => {
  const suite = e2eSuite();

  const as = async (username: string, path: string, width = 1280) => {
    const { context, page } = await newPage(suite.browser, suite.server.url);
    await page.setViewportSize({ width, height: 900 });
    await signIn(page, path, username, username === 'admin' ? ADMIN_PASSWORD : PASSWORD);
    return { page, close: () => context.close() };
  };

  it('at 1280 px the grouped navigation fits, each menu opens by keyboard, and an auditor is offered no new request', async () => {
    const { page, close } = await as('admin', '/ui/people');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    for (const g of GROUPS) {
      const button = nav.getByRole('button', { name: g });
      await button.focus();
      await page.keyboard.press('Enter');
      expect(await button.getAttribute('aria-expanded')).toBe('true');
      expect(await outside(page), g).toEqual([]);
      // Tab reaches the first link of the open menu; Escape closes it and gives the focus back to its button.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('A');
      await page.keyboard.press('Escape');
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      expect(await button.evaluate((b) => b === document.activeElement)).toBe(true);
    }
    await page.screenshot({ path: shotPath('layout-1280') });
    // A link from a menu: the page, its title and its breadcrumb.
    await nav.getByRole('button', { name: 'Operations & audit' }).click();
    await nav.getByRole('link', { name: 'Audit', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /Audit/ }).waitFor();
    expect(await page.title()).toMatch(/Audit.* · Steward$/);
    const crumbs = page.getByRole('navigation', { name: 'You are here' });
    expect(await crumbs.textContent()).toContain('Operations & audit');
    await close();

    await suite.server.ok('POST', '/users', {
      username: 'audrey',
      displayName: 'Audrey Auditor',
      password: PASSWORD,
      roles: [{ role: 'auditor' }],
    });
    const auditor = await as('audrey', '/ui/guests/inbox');
    const auditorNav = auditor.page.getByRole('navigation', { name: 'Main' });
    await auditor.page.getByRole('heading', { level: 1, name: 'Guest requests' }).waitFor();
    expect(await auditor.page.getByRole('link', { name: 'New request' }).count()).toBe(0);
    expect(await auditorNav.getByRole('link', { name: 'New guest request', includeHidden: true }).count()).toBe(0);
    expect(await auditorNav.getByRole('link', { name: 'Audit', exact: true, includeHidden: true }).count()).toBe(1);
    await auditor.close();
  });

  it('at 390 px the navigation opens from a Menu button, by keyboard, in one column inside the screen', async () => {
    const { page, close } = await as('admin', '/ui/people', 390);
    const menu = page.getByRole('button', { name: 'Menu' });
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('button', { name: 'Governance' }).isVisible()).toBe(false);
    await menu.focus();
    await page.keyboard.press('Enter');
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    const lefts = new Set<number>();
    for (const g of GROUPS) {
      const box = await nav.getByRole('button', { name: g }).boundingBox();
      expect(box, g).not.toBeNull();
      lefts.add(Math.round(box!.x));
    }
    expect(lefts.size).toBe(1); // one column
    const group = nav.getByRole('button', { name: 'Groups & access' });
    await group.focus();
    await page.keyboard.press('Enter');
    expect(await group.getAttribute('aria-expanded')).toBe('true');
    expect(await outside(page)).toEqual([]);
    await page.screenshot({ path: shotPath('layout-390') });
    await nav.getByRole('link', { name: 'Groups', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Groups' }).waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await close();
  });

  it('home shows the approval waiting for an approver, with its count and link, and dates in one style', async () => {
    const uni = await makeUniversity(suite.server);
    const person = (given: string, orgId: number, title: string) =>
      makePerson(suite.server, {
        givenName: given,
        familyName: 'Home',
        emails: [{ address: `${given.toLowerCase()}@home.example` }],
        affiliation: { orgId, kind: 'faculty', title, validFrom: '2020-01-01' },
      });
    const dean = await person('Dean', uni.science.id, 'Dean');
    const mia = await person('Mia', uni.physics.id, 'Lecturer');
    await suite.server.ok('POST', `/orgs/${uni.science.id}/officers`, {
      personId: dean.id,
      function: 'approver',
      roleName: 'Dean',
    });
    await suite.server.ok('POST', '/users', {
      username: 'dean',
      displayName: 'Dean Home',
      password: PASSWORD,
      personId: dean.id,
      roles: [],
    });
    const folder = await suite.server.ok('POST', '/folders', { parentId: null, extension: 'home' });
    const lab = await suite.server.ok('POST', '/groups', { folderId: folder.id, extension: 'lab' });
    await suite.server.ok('POST', '/governance/policies', {
      name: 'home-lab',
      groupId: lab.id,
      stages: [{ approvers: [{ kind: 'manager' }] }],
    });
    await suite.server.ok('POST', '/governance/requests', {
      groupId: lab.id,
      personId: mia.id,
      reason: 'lab work',
      days: 30,
    });

    const { page, close } = await as('dean', '/ui/');
    const approvals = page.locator('[data-need="approvals"]');
    await approvals.waitFor();
    expect(await page.getByTestId('count-approvals').textContent()).toBe('1');
    expect(await page.getByTestId('count-access reviews').textContent()).toBe('0');
    expect(await page.title()).toBe('Home · Steward');
    await approvals.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    const item = page.locator('[data-inbox-item^="membership-request-"]');
    await item.waitFor();
    const when = await item.locator('h3 .muted').textContent();
    expect(when).toMatch(MOMENT);
    expect(await page.locator('main').textContent()).not.toMatch(ISO);
    await page.screenshot({ path: shotPath('home-inbox') });
    await close();
  });

  it('the empty visitor request form shows a message beside each required field at once, in words', async () => {
    const { page, close } = await as('admin', '/ui/guests/requests/new');
    await page.getByRole('heading', { level: 1, name: 'New guest request' }).waitFor();
    await page.getByRole('button', { name: 'Submit request' }).click();
    for (const field of ['givenName', 'familyName', 'email', 'hostOrgId', 'validTo']) {
      const message = page.locator(`[data-field="${field}"] .field-error`);
      await message.waitFor();
      const text = (await message.textContent()) ?? '';
      expect(text, field).toMatch(/^[A-Z].*\.$/);
      expect(text, field).not.toMatch(/must|fewer than|\(required\)/);
    }
    expect(await page.getByLabel('Given name').getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toContain('/guests/requests/new');
    await page.screenshot({ path: shotPath('request-form-empty') });
    await close();
  });
});
