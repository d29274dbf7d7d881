import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { newPage, shotPath } from './browser.ts';
import type { E2EServer, Loose } from './server.ts';
import { signIn } from './session.ts';
import { e2eSuite } from './suite.ts';

// No directory listens here: a pass fails on connecting, before it touches any account.
const NOWHERE = 'ldap://127.0.0.1:1';

/** Records that a person's account was written to a target, with its DN and groups. */
async function written(server: E2EServer, target: string, personId: number, dn: string, groups: string[]) {
  const t = await server.ok('GET', `/provision/targets/${target}`);
  const value = JSON.stringify({ attributes: {}, groups });
  await sql`insert into provision_objects (target_id, object_type, object_id, remote_id, state, written, written_at)
    values (${t.id}, 'person', ${personId}, ${dn}, 'active', ${value}::jsonb, now())`.execute(server.running.app.db);
}

/** Queues a person for the target's next pass (due now, no error yet). */
async function due(server: E2EServer, target: string, personId: number) {
  const t = await server.ok('GET', `/provision/targets/${target}`);
  await sql`insert into provision_pending (target_id, object_type, object_id, since, attempts, next_at, state)
    values (${t.id}, 'person', ${personId}, now(), 0, now(), 'pending')
    on conflict (target_id, object_type, object_id) do update set next_at = now(), state = 'pending'`.execute(
    server.running.app.db,
  );
}

/** Puts an object in a target's error queue, as a pass that failed on it would. */
async function failing(server: E2EServer, target: string, personId: number, error: string): Promise<void> {
  const db = server.running.app.db;
  const t = await server.ok('GET', `/provision/targets/${target}`);
  await sql`insert into provision_pending (target_id, object_type, object_id, since, attempts, next_at, state, last_error)
    values (${t.id}, 'person', ${personId}, now(), 3, now() + interval '1 hour', 'retrying', ${error})
    on conflict (target_id, object_type, object_id)
    do update set attempts = 3, next_at = now() + interval '1 hour', state = 'retrying', last_error = ${error}`.execute(
    db,
  );
}

const queueRow = (page: Page, label: string) =>
  page.getByTestId('queue').locator('tbody tr').filter({ hasText: label });

describe('provisioning pages', () => {
  const e2e = e2eSuite();
  let ada: Loose;
  let bob: Loose;
  /** People no status selects, as if they had left: with Bob, five accounts a pass would retire. */
  const leavers: Loose[] = [];
  beforeAll(async () => {
    const { server } = e2e;
    await server.ok('POST', '/status-types', {
      name: 'Staff',
      rank: 700,
      category: 'employee',
      match: { kinds: ['staff'] },
    });
    const root = await server.ok('POST', '/orgs', {
      code: 'UNI',
      kind: 'university',
      name: 'Example University',
      parentId: null,
    });
    const person = (given: string, family: string, kind: string) =>
      server.ok('POST', '/people', {
        givenName: given,
        familyName: family,
        force: true,
        reason: 'e2e',
        identifiers: [{ kind: 'username', value: given.toLowerCase() }],
        affiliation: { orgId: root.id, kind, validFrom: '2020-01-01' },
      });
    ada = await person('Ada', 'Lovelace', 'staff');
    bob = await person('Bob', 'Baker', 'visitor');
    for (const given of ['Cy', 'Di', 'Ed', 'Flo']) leavers.push(await person(given, 'Gone', 'visitor'));
    await server.ok('POST', '/users', {
      username: 'aud',
      displayName: 'Avery Auditor',
      password: 'auditor password 1',
      roles: [{ role: 'auditor' }],
    });
  });

  it('an administrator defines an LDAP target (problems beside the fields), runs it against a directory that is not there, edits and pauses it', async () => {
    const { server, browser } = e2e;
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/people');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Provisioning' }).click();
    await page.getByRole('heading', { name: 'Provisioning', level: 1 }).waitFor();
    await page.getByText('No provisioning target is defined yet.').waitFor();
    await page.getByRole('link', { name: 'New target' }).click();
    const form = page.getByRole('form', { name: 'Target definition' });
    await form.getByLabel('Name', { exact: true }).fill('campus-ad');
    await form.getByLabel('Label', { exact: true }).fill('Campus directory');
    await form.getByLabel('URL', { exact: true }).fill(NOWHERE);
    await form.getByLabel('Bind DN', { exact: true }).fill('not a dn');
    await form.getByLabel('Password', { exact: true }).fill('bind secret');
    await form.getByLabel('Base DN', { exact: true }).fill('ou=people,dc=example,dc=edu');
    await form.getByLabel('Groups DN', { exact: true }).fill('ou=groups,dc=example,dc=edu');
    await form.getByLabel('Statuses', { exact: true }).fill('Staff, Wizard');
    await form.getByRole('button', { name: 'Create target' }).click();
    const bindError = form.locator('[data-field="settings/bindDn"] .field-error');
    await bindError.waitFor();
    expect(await bindError.textContent()).toContain('must be a distinguished name');
    expect(await form.locator('[data-field="selection/statuses"] .field-error').textContent()).toContain(
      'there is no status type Wizard',
    );

    await form.getByLabel('Bind DN', { exact: true }).fill('cn=steward,dc=example,dc=edu');
    await form.getByLabel('Statuses', { exact: true }).fill('Staff');
    await form.getByRole('button', { name: 'Create target' }).click();
    await page.getByRole('heading', { name: 'Campus directory', level: 1 }).waitFor();
    const summary = page.getByTestId('target-summary');
    expect(await summary.textContent()).toContain(NOWHERE);
    expect(await summary.textContent()).toContain('Passwordset');
    expect(await summary.textContent()).not.toContain('bind secret');
    expect(await summary.textContent()).toContain('sAMAccountName ← {username}');

    await page.getByRole('button', { name: 'Run now' }).click();
    const report = page.getByTestId('pass-report');
    await report.waitFor();
    expect(await report.textContent()).toContain('The pass failed');
    expect(await report.textContent()).toContain('ECONNREFUSED');
    await page.getByTestId('last-error').filter({ hasText: 'ECONNREFUSED' }).waitFor();
    await page.screenshot({ path: shotPath('provision-target'), fullPage: true });

    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Target definition' });
    expect(await edit.locator('[data-field="secrets/password"] .hint').textContent()).toBe('set — leave empty to keep');
    expect(await edit.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await edit.getByLabel('Threshold (%)', { exact: true }).fill('25');
    await edit.getByRole('button', { name: 'Save target' }).click();
    await summary.filter({ hasText: '25 % of the accounts' }).waitFor();
    expect(await summary.textContent()).toContain('Passwordset');

    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    expect(await page.locator('.page-head .badge').first().textContent()).toBe('paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();

    await page.getByRole('link', { name: 'Provisioning' }).first().click();
    const row = page.locator('[data-testid="targets"] tr[data-target="campus-ad"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('LDAP');
    expect(await row.textContent()).toContain('active');
    expect(await row.textContent()).toContain('ECONNREFUSED');
    await context.close();
  });

  it('the error queue lists failing objects with their errors; Retry, Skip and Retry all failed change the rows', async () => {
    const { server, browser } = e2e;
    await failing(server, 'campus-ad', ada.id, 'sAMAccountName: the template {identifier:nonexistent} gave nothing');
    await failing(server, 'campus-ad', bob.id, 'constraint violation: mail');
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/provisioning/campus-ad');
    await queueRow(page, 'Ada Lovelace').waitFor();
    expect(await page.getByTestId('queue').locator('thead th').allTextContents()).toEqual([
      'Object',
      'State',
      'Attempts',
      'Next try',
      'Last error',
      'Actions',
    ]);
    const adaCells = await queueRow(page, 'Ada Lovelace').locator('td').allTextContents();
    expect(adaCells.slice(0, 3)).toEqual(['Ada Lovelace', 'retrying', '3']);
    expect(adaCells[4]).toContain('{identifier:nonexistent} gave nothing');

    await page.getByRole('button', { name: 'Retry Ada Lovelace' }).click();
    await page.getByText('1 object queued to try again.').waitFor();
    await queueRow(page, 'Ada Lovelace')
      .locator('td', { hasText: /^pending$/ })
      .waitFor();
    expect((await queueRow(page, 'Ada Lovelace').locator('td').allTextContents())[2]).toBe('0');

    await page.getByRole('button', { name: 'Skip Bob Baker' }).click();
    await page.getByText('1 object skipped.').waitFor();
    await queueRow(page, 'Bob Baker').waitFor({ state: 'detached' });
    expect(await page.getByTestId('queue').locator('tbody tr').count()).toBe(1);

    await failing(server, 'campus-ad', bob.id, 'constraint violation: mail');
    await page.reload();
    await queueRow(page, 'Bob Baker').waitFor();
    await page.getByRole('button', { name: 'Retry all failed' }).click();
    await page.getByText('2 objects queued to try again.').waitFor();
    await queueRow(page, 'Bob Baker')
      .locator('td', { hasText: /^pending$/ })
      .waitFor();
    await context.close();
  });

  it('the person page says per target whether and why someone is provisioned, with a pending change and its error', async () => {
    const { server, browser } = e2e;
    await failing(server, 'campus-ad', ada.id, 'connect ECONNREFUSED 127.0.0.1:1');
    await written(server, 'campus-ad', ada.id, 'cn=Ada Lovelace,ou=people,dc=example,dc=edu', ['all-staff']);
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, `/ui/people/${ada.id}`);
    const panel = page.getByTestId('person-provisioning').locator('[data-target="campus-ad"]');
    await panel.waitFor();
    expect(await panel.locator('h3').textContent()).toContain('Campus directory');
    expect(await panel.textContent()).toContain('Provisionedyes');
    expect(await panel.textContent()).toContain('selected: holds Staff');
    expect(await panel.textContent()).toContain('DNcn=Ada Lovelace,ou=people,dc=example,dc=edu');
    expect(await panel.textContent()).toContain('Groupsall-staff');
    expect(await panel.getByTestId('pending').textContent()).toContain('retrying, 3 attempts');
    expect(await panel.getByTestId('pending').textContent()).toContain('connect ECONNREFUSED 127.0.0.1:1');

    await page.goto(`/ui/people/${bob.id}`);
    const bobs = page.getByTestId('person-provisioning').locator('[data-target="campus-ad"]');
    await bobs.waitFor();
    expect(await bobs.textContent()).toContain('not selected: holds none of Staff');
    expect(await bobs.textContent()).toContain('Provisionedno');
    await context.close();
  });

  it('a pass that would retire too many accounts is held with its reason and released; the full sync reports that the directory cannot be read', async () => {
    const { server, browser } = e2e;
    for (const p of [bob, ...leavers]) {
      await written(server, 'campus-ad', p.id, `cn=${p.displayName},ou=people,dc=example,dc=edu`, []);
      await due(server, 'campus-ad', p.id);
    }
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/provisioning/campus-ad');
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.getByTestId('pass-report').filter({ hasText: 'The pass is held for release' }).waitFor();
    const banner = page.getByTestId('hold');
    await banner.waitFor();
    expect(await banner.textContent()).toContain(
      'would disable or delete 5 of 6 accounts (83.3 %), above the threshold of 25 %',
    );
    await page.getByRole('link', { name: 'Provisioning' }).first().click();
    const row = page.locator('[data-testid="targets"] tr[data-target="campus-ad"]');
    await row.waitFor();
    expect(await row.locator('.badge').allTextContents()).toEqual(['active', 'held']);
    await row.getByRole('link', { name: 'Campus directory' }).click();
    await banner.getByRole('button', { name: 'Release' }).click();
    await page.getByTestId('pass-report').filter({ hasText: 'ECONNREFUSED' }).waitFor();
    expect(await page.getByTestId('pass-report').textContent()).toContain('The pass failed');

    const sync = page.getByTestId('full-sync');
    await sync.getByText('No full sync has run yet.').waitFor();
    await sync.getByRole('button', { name: 'Dry run' }).click();
    const result = sync.getByTestId('sync-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('Dry run failed');
    expect(await result.textContent()).toContain('ECONNREFUSED');
    await sync.getByTestId('runs').locator('tbody tr').first().waitFor();
    expect(await sync.getByTestId('runs').locator('tbody tr td').nth(1).textContent()).toBe('dry-run');
    await context.close();
  });

  it('a webhook target made without a secret shows the secret Steward made once; dead deliveries are replayed', async () => {
    const { server, browser } = e2e;
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/provisioning/new');
    const form = page.getByRole('form', { name: 'Target definition' });
    await form.getByLabel('Kind', { exact: true }).selectOption('webhook');
    await form.getByLabel('Name', { exact: true }).fill('hr-hook');
    await form.getByLabel('Receiver URL', { exact: true }).fill('http://127.0.0.1:1/hook');
    await form.getByLabel('Events', { exact: true }).fill('person.*');
    expect(await form.getByLabel('Signing secret', { exact: true }).inputValue()).toBe('');
    await form.getByRole('button', { name: 'Create target' }).click();
    const shown = page.getByTestId('generated-secret');
    await shown.waitFor();
    expect(await shown.textContent()).toContain('Copy it now, it will not be shown again');
    expect(await shown.locator('code').textContent()).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(await page.getByTestId('target-summary').textContent()).toContain('Signing secretset');

    const t = await server.ok('GET', '/provision/targets/hr-hook');
    await sql`insert into webhook_deliveries (target_id, position, subject, event, state, attempts, next_at, last_error, created_at)
      values (${t.id}, 999999, ${`person/${ada.id}`}, '{"type":"person.updated"}'::jsonb, 'dead', 8, now(), 'HTTP 500', now())`.execute(
      server.running.app.db,
    );
    await page.reload();
    await page.getByTestId('target-summary').waitFor();
    expect(await page.getByTestId('generated-secret').count()).toBe(0);
    const deliveries = page.getByTestId('deliveries');
    await deliveries.getByLabel('Show').selectOption('dead');
    const dead = deliveries.locator('[data-testid="delivery-list"] tbody tr').filter({ hasText: 'HTTP 500' });
    await dead.waitFor();
    expect(await dead.locator('td').nth(2).textContent()).toBe('dead');
    await dead.getByRole('button', { name: 'Replay' }).click();
    await deliveries.getByText('No deliveries in state dead.').waitFor();
    await context.close();
  });

  it('an auditor sees the targets, the queue and the person panel but no action buttons', async () => {
    const { server, browser } = e2e;
    await failing(server, 'campus-ad', bob.id, 'constraint violation: mail');
    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/people', 'aud', 'auditor password 1');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Provisioning' }).click();
    await page.locator('[data-testid="targets"] tr[data-target="hr-hook"]').waitFor();
    expect(await page.getByRole('link', { name: 'New target' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Campus directory' }).click();
    await queueRow(page, 'Bob Baker').waitFor();
    await page.getByTestId('target-summary').waitFor();
    for (const name of ['Run now', 'Pause', 'Resume', 'Edit', 'Release', 'Retry all failed', 'Dry run', 'Full sync'])
      expect(await page.getByRole('button', { name, exact: true }).count(), name).toBe(0);
    expect(await page.getByRole('button', { name: /^(Retry|Skip) / }).count()).toBe(0);
    expect(await page.getByTestId('hold').textContent()).toContain('would disable or delete 5 of 6 accounts');
    await page.goto(`/ui/people/${bob.id}`);
    await page.getByTestId('person-provisioning').getByText('not selected: holds none of Staff').waitFor();
    await context.close();
  });
});
