import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { newPage, shotPath } from './browser.ts';
import type { E2EServer } from './server.ts';
import { signIn } from './session.ts';
import { e2eSuite } from './suite.ts';

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** What a program does with the credentials: a client-credentials token, then a decision with it. */
async function tokenFor(server: E2EServer, id: string, secret: string): Promise<{ status: number; token: string }> {
  const res = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(id, secret) },
    body: 'grant_type=client_credentials',
  });
  const body = (await res.json()) as { access_token?: string };
  return { status: res.status, token: body.access_token ?? '' };
}

async function check(server: E2EServer, token: string, personId: number, application = 'lms') {
  const res = await fetch(`${server.url}/check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      subject: { type: 'person', id: personId },
      application,
      action: 'read',
      resource: 'course',
    }),
  });
  return { status: res.status, body: (await res.json()) as { decision?: string } };
}

const row = (page: Page, name: string) => page.getByTestId('decision-clients').locator(`tr[data-client="${name}"]`);

/** Confirms the row's action in the dialog that asks first. */
async function confirmed(page: Page, name: string, action: 'Rotate secret' | 'Revoke') {
  await row(page, name).getByRole('button', { name: action }).click();
  await page.getByRole('dialog').getByRole('button', { name: action }).click();
}

describe('decision clients page', () => {
  const e2e = e2eSuite();
  let student: number;
  beforeAll(async () => {
    const { server } = e2e;
    const root = await server.ok('POST', '/orgs', { code: 'UNI', kind: 'university', name: 'Uni', parentId: null });
    for (const name of ['lms', 'hr']) {
      await server.ok('POST', '/access/applications', { name, label: name.toUpperCase() });
      await server.ok('POST', `/access/applications/${name}/resources`, { name: 'course', parent: null });
    }
    const reader = await server.ok('POST', '/access/applications/lms/roles', { name: 'reader', label: 'Reader' });
    await server.ok('POST', `/access/roles/${reader.id}/permissions`, { action: 'read', resource: 'course' });
    student = (
      await server.ok('POST', '/people', {
        givenName: 'Stu',
        familyName: 'Dent',
        force: true,
        reason: 'e2e',
        affiliation: { orgId: root.id, kind: 'student', validFrom: '2020-01-01' },
      })
    ).id;
    await server.ok('POST', '/access/assignments', {
      roleId: reader.id,
      subjects: [{ type: 'person', id: student }],
      scopes: [{ kind: 'everywhere' }],
    });
    await server.ok('POST', '/users', {
      username: 'aud',
      displayName: 'Avery Auditor',
      password: 'auditor password 1',
      roles: [{ role: 'auditor' }],
    });
  });

  it('a system administrator creates a client, reads its secret once, rotates it and revokes it; the program sees each step', async () => {
    const { server, browser } = e2e;
    const { context, page } = await newPage(browser, server.url);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await signIn(page, '/ui/people');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Decision clients' }).click();
    await page.getByRole('heading', { name: 'Decision clients', level: 1 }).waitFor();
    await page.getByText('No decision client yet.').waitFor();

    await page.getByRole('button', { name: 'New client' }).click();
    const form = page.getByRole('form', { name: 'New decision client' });
    await form.getByLabel('Client id').fill('LMS gateway!');
    await form.getByLabel('Label', { exact: true }).fill('LMS gateway');
    await form.getByLabel('Only these:').check();
    await form.getByLabel('LMS lms').check();
    await form.getByRole('button', { name: 'Create client' }).click();
    const nameError = form.locator('[data-field="name"] .field-error');
    await nameError.waitFor();
    expect(await nameError.textContent()).toContain('(pattern)');
    await form.getByLabel('Client id').fill('lms-gw');
    await form.getByRole('button', { name: 'Create client' }).click();

    const shown = page.getByTestId('client-secret');
    await shown.waitFor();
    expect(await shown.textContent()).toContain('shown this once');
    const secret = (await page.getByTestId('secret-value').textContent()) ?? '';
    expect(secret).toMatch(/^scs_/);
    await shown.getByRole('button', { name: 'Copy secret' }).click();
    await shown.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    const created = row(page, 'lms-gw');
    expect(await created.locator('td').nth(1).textContent()).toBe('lms');
    expect(await created.textContent()).toContain('never');
    expect(await created.textContent()).toContain('active');
    await page.screenshot({ path: shotPath('decision-client-created'), fullPage: true });

    // The program: a token with the secret, then decisions (only about its own application).
    const first = await tokenFor(server, 'lms-gw', secret);
    expect(first.status).toBe(200);
    expect(await check(server, first.token, student)).toMatchObject({ status: 200, body: { decision: 'allow' } });
    expect((await check(server, first.token, student, 'hr')).status).toBe(403);

    // Shown once: after "I have copied it" and a reload, the secret is nowhere on the page; the last use shows.
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await page.reload();
    await row(page, 'lms-gw').waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(await row(page, 'lms-gw').textContent()).not.toContain('never');

    await confirmed(page, 'lms-gw', 'Rotate secret');
    await page.getByTestId('client-secret').getByText('New secret').waitFor();
    const rotated = (await page.getByTestId('secret-value').textContent()) ?? '';
    expect(rotated).toMatch(/^scs_/);
    expect(rotated).not.toBe(secret);
    expect((await check(server, first.token, student)).status).toBe(401);
    expect((await tokenFor(server, 'lms-gw', secret)).status).toBe(401);
    const second = await tokenFor(server, 'lms-gw', rotated);
    expect(await check(server, second.token, student)).toMatchObject({ status: 200, body: { decision: 'allow' } });

    await confirmed(page, 'lms-gw', 'Revoke');
    await row(page, 'lms-gw').getByText('revoked').waitFor();
    expect(await row(page, 'lms-gw').getByRole('button').count()).toBe(0);
    expect((await check(server, second.token, student)).status).toBe(401);
    expect((await tokenFor(server, 'lms-gw', rotated)).status).toBe(401);
    await context.close();
  });

  it('is not in the navigation of anyone but a system administrator', async () => {
    const { server, browser } = e2e;
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/people', 'aud', 'auditor password 1');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Audit' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Decision clients' }).count()).toBe(0);
    await page.goto('/ui/decision-clients');
    await page.getByText('Only system administrators manage decision clients.').waitFor();
    await context.close();
  });
});
