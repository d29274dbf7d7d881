import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../src/platform/clock.ts';
import { addDays } from '../../src/platform/dates.ts';
import { newPage, shotPath } from './browser.ts';
import { makeUniversity } from './fixtures.ts';
import { makePerson } from './people-fixtures.ts';
import { ADMIN_PASSWORD, type E2EServer, type Loose } from './server.ts';
import { signIn } from './session.ts';
import { e2eSuite } from './suite.ts';

const PASSWORD = 'e2e access reviews 1';

/**
 * The clock the server and every page share: read once when the file loads and then still, so the test's "today"
 * is the server's and the page's, even across midnight.
 */
const clock = new ManualClock(systemClock.now());

/** Days from the clock's today, as YYYY-MM-DD (a datetime-local value adds the time). */
function day(offset: number): string {
  return addDays(clock.now().toISOString().slice(0, 10), offset);
}

/** The clock's instant, as a value SQL reads as a timestamp. */
const nowSql = () => sql`${clock.now().toISOString()}::timestamptz`;

async function as(browser: Browser, url: string, path: string, username: string, password = PASSWORD) {
  const { context, page } = await newPage(browser, url, clock);
  await signIn(page, path, username, password);
  return { context, page };
}

/** The rows of the worklist table. */
const rows = (page: Page) => page.locator('[data-testid="worklist"] > tbody > tr');
const row = (page: Page, person: string) => page.locator(`[data-testid="worklist"] tr[data-person="${person}"]`);
/** The row of a person once it is the current one. */
const current = (page: Page, person: string) =>
  page.locator(`[data-testid="worklist"] tr[data-person="${person}"][aria-current="true"]`);

/**
 * A payroll-like ledger group under a governance policy (so each member's facts are stored at grant): six Physics
 * employees and one in Chemistry; one Physics member's title changes after the grant. Rita (Head of Physics) and
 * Olga (the owner) can sign in.
 */
async function makeLedger(server: E2EServer) {
  const uni = await makeUniversity(server);
  const folder = await server.ok('POST', '/folders', { extension: 'fin' });
  const ledger = await server.ok('POST', '/groups', { folderId: folder.id, extension: 'ledger' });
  await server.ok('POST', '/governance/policies', { name: 'ledger', groupId: ledger.id, securityLevel: 'medium' });
  const person = (given: string, family: string, orgId: number, title: string) =>
    makePerson(server, { givenName: given, familyName: family, affiliation: { orgId, kind: 'employee', title } });
  const rita = await person('Rita', 'Reviewer', uni.physics.id, 'Head of Physics');
  const olga = await person('Olga', 'Owner', uni.root.id, 'Finance Director');
  const members: Record<string, Loose> = {};
  for (const [given, family, title] of [
    ['Ann', 'Alpha', 'Lab Manager'],
    ['Bob', 'Bravo', 'Lab Manager'],
    ['Dan', 'Delta', 'Technician'],
    ['Eve', 'Echo', 'Lecturer'],
    ['Fay', 'Foxtrot', 'Lecturer'],
    ['Gus', 'Golf', 'Student Assistant'],
  ])
    members[given] = await person(given, family, uni.physics.id, title);
  members.Cid = await person('Cid', 'Charlie', uni.chemistry.id, 'Chemist');
  for (const [given, m] of Object.entries(members))
    await server.ok('POST', `/groups/${ledger.id}/members`, { personId: m.id, reason: `${given} posts grants` });
  // After the grant, Bob leaves the lab for technician work: the worklist marks the title.
  const [aff] = await server.ok('GET', `/people/${members.Bob.id}/affiliations`);
  await server.ok(
    'PATCH',
    `/people/${members.Bob.id}/affiliations/${aff.id}`,
    { title: 'Technician' },
    { 'if-match': `"${aff.version}"` },
  );
  for (const [username, p] of [
    ['rita', rita],
    ['olga', olga],
  ] as const)
    await server.ok('POST', '/users', {
      username,
      displayName: `${p.givenName} ${p.familyName}`,
      password: PASSWORD,
      personId: p.id,
      roles: [],
    });
  return { uni, ledger, rita, olga, members };
}

describe('access reviews in the browser', () => {
  const e2e = e2eSuite({ clock });

  it('an admin starts a review of a group due for attestation, the reviewer works through it by keyboard, the owner closes it', async () => {
    const { server, browser } = e2e;
    const { uni, ledger, members } = await makeLedger(server);

    // The admin says the ledger is to be attested every 90 days; never attested, it is due at once.
    const admin = await as(browser, server.url, `/ui/groups/${ledger.id}`, 'admin', ADMIN_PASSWORD);
    const attest = admin.page.getByTestId('attestation');
    await attest.getByLabel('Attest every (days, 0: never)').fill('90');
    await attest.getByRole('button', { name: 'Save' }).click();
    await attest.getByText('Attested every 90 days').waitFor();
    expect(await attest.getByTestId('attestation-state').textContent()).toContain('last attested never');

    await admin.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Attestation' }).click();
    await admin.page.locator('[data-testid="attestation-due"] tr[data-group="fin:ledger"]').waitFor();
    await admin.page.getByRole('button', { name: 'Review fin:ledger' }).click();
    const form = admin.page.getByTestId('campaign-form');
    expect(await form.getByLabel('Group (full name)').inputValue()).toBe('fin:ledger');

    // Sent without a name: the problem shows beside the field.
    await form.getByRole('button', { name: 'Start review' }).click();
    await form.locator('[data-field="name"] .field-error').waitFor();
    await form.getByLabel('Name', { exact: true }).fill('ledger-2026');
    await form.getByLabel('Label').fill('Ledger access review');
    await form.getByLabel("By the member's department").check();
    await form.getByRole('button', { name: 'Add a unit' }).click();
    await form.getByLabel('Unit 1', { exact: true }).fill('PHYS');
    await form.getByRole('button', { name: `Choose PHYS — Department of Physics #${uni.physics.id}` }).click();
    await form.getByLabel('Reviewer of unit 1').fill('Rita');
    await form.getByRole('button', { name: /^Choose Rita Reviewer/ }).click();
    await form.getByLabel('Owner (empty: you)').fill('Olga');
    await form.getByRole('button', { name: /^Choose Olga Owner/ }).click();
    // A deadline in the past is refused beside the deadline.
    await form.getByLabel('Deadline', { exact: true }).fill(`${day(-1)}T12:00`);
    await form.getByRole('button', { name: 'Start review' }).click();
    const deadlineError = form.locator('[data-field="deadline"] .field-error');
    await deadlineError.waitFor();
    expect(await deadlineError.textContent()).toContain('future');
    await admin.page.screenshot({ path: shotPath('access-review-start'), fullPage: true });
    await form.getByLabel('Deadline', { exact: true }).fill(`${day(14)}T17:00`);
    await form.getByLabel('Undecided items at the deadline are').selectOption('keep');
    await form.getByRole('button', { name: 'Start review' }).click();
    await admin.page.waitForURL(/\/ui\/access-reviews\/\d+$/);
    const id = Number(/access-reviews\/(\d+)/.exec(admin.page.url())![1]);
    // The admin (not a person) sees everyone's items: six for Rita, Cid's for the owner.
    await expect.poll(() => rows(admin.page).count()).toBe(7);
    await admin.context.close();

    // Rita works through her six with the keyboard.
    const rita = await as(browser, server.url, '/ui/access-reviews', 'rita');
    const mine = rita.page.locator('[data-testid="campaigns"] tr[data-campaign="ledger-2026"] td[data-col="mine"]');
    expect(await mine.textContent()).toBe('6 of 6');
    await rita.page.getByRole('link', { name: 'Ledger access review' }).click();
    await expect.poll(() => rows(rita.page).count()).toBe(6);
    expect(await rita.page.getByTestId('key-help').textContent()).toContain('keep');
    await current(rita.page, 'Ann Alpha').waitFor();
    await rita.page.keyboard.press('y');
    await row(rita.page, 'Ann Alpha').getByTestId('decision').filter({ hasText: 'keep' }).waitFor();

    // Bob is next; his title changed since grant and is marked.
    const bob = row(rita.page, 'Bob Bravo');
    await current(rita.page, 'Bob Bravo').waitFor();
    const title = bob.locator('tr[data-fact="title"]');
    expect(await title.getAttribute('data-changed')).toBe('true');
    expect(await title.locator('mark').textContent()).toBe('Technician');
    expect(await title.locator('td').nth(1).textContent()).toBe('Lab Manager');
    // Removing needs a comment: the field takes focus, Enter sends it.
    await rita.page.keyboard.press('r');
    expect(await rita.page.getByTestId('pending-hint').textContent()).toContain('comment');
    expect(await rita.page.evaluate(() => document.activeElement?.id)).toBe('review-comment');
    await rita.page.keyboard.type('moved to technician work, no ledger needed');
    await rita.page.keyboard.press('Enter');
    await bob.getByTestId('decision').filter({ hasText: 'remove' }).waitFor();

    // Dan gets an end date: e focuses the date, Enter sets it.
    const dan = row(rita.page, 'Dan Delta');
    await current(rita.page, 'Dan Delta').waitFor();
    await rita.page.keyboard.press('e');
    expect(await rita.page.evaluate(() => document.activeElement?.id)).toBe('review-end-date');
    await rita.page.locator('#review-end-date').fill(day(20));
    await rita.page.keyboard.press('Enter');
    await dan
      .getByTestId('decision')
      .filter({ hasText: `end date ${day(20)}` })
      .waitFor();

    // Moving: up with k, down with the arrow.
    await current(rita.page, 'Eve Echo').waitFor();
    await rita.page.keyboard.press('k');
    await current(rita.page, 'Dan Delta').waitFor();
    await rita.page.keyboard.press('ArrowDown');
    await current(rita.page, 'Eve Echo').waitFor();

    // Filters: only Bob changed since grant; three are undecided, kept at once after the confirmation.
    await rita.page.getByLabel('Changed since grant').check();
    await expect.poll(() => rows(rita.page).count()).toBe(1);
    expect(await rows(rita.page).getAttribute('data-person')).toBe('Bob Bravo');
    await rita.page.getByLabel('Changed since grant').uncheck();
    await rita.page.getByLabel('Undecided only').check();
    await expect.poll(() => rows(rita.page).count()).toBe(3);
    await rita.page.getByRole('button', { name: 'Decide all 3 matching…' }).click();
    const bulk = rita.page.getByTestId('bulk-dialog');
    expect(await bulk.getByTestId('bulk-count').textContent()).toContain('This decides 3 items: your items, undecided');
    await rita.page.screenshot({ path: shotPath('access-review-bulk'), fullPage: true });
    await bulk.getByRole('button', { name: 'Keep 3 items' }).click();
    expect(await rita.page.getByTestId('bulk-done').textContent()).toBe('3 items decided.');
    await rita.page.getByText('No items match.').waitFor();
    await rita.page.getByLabel('Undecided only').uncheck();
    await expect.poll(() => rows(rita.page).count()).toBe(6);
    await rita.page.screenshot({ path: shotPath('access-review-worklist'), fullPage: true });
    await rita.context.close();

    // Olga reads the report, with the chart, and closes the review.
    const olga = await as(browser, server.url, `/ui/access-reviews/${id}/report`, 'olga');
    const ritaRow = olga.page.locator('[data-testid="report-reviewers"] tr[data-reviewer="Rita Reviewer"]');
    await ritaRow.waitFor();
    const cells = async (r: typeof ritaRow) =>
      Object.fromEntries(
        await Promise.all(
          ['total', 'decided', 'kept', 'removed', 'endDated', 'undecided'].map(
            async (k) => [k, Number(await r.locator(`td[data-col="${k}"]`).textContent())] as const,
          ),
        ),
      );
    expect(await cells(ritaRow)).toEqual({ total: 6, decided: 6, kept: 4, removed: 1, endDated: 1, undecided: 0 });
    expect(await cells(olga.page.locator('tr[data-reviewer="Olga Owner"]'))).toEqual({
      total: 1,
      decided: 0,
      kept: 0,
      removed: 0,
      endDated: 0,
      undecided: 1,
    });
    const chart = olga.page.locator('[data-testid="progress-chart"] g[data-reviewer="Rita Reviewer"]');
    expect(await chart.locator('rect[data-part="kept"]').getAttribute('data-count')).toBe('4');
    expect(await chart.locator('rect[data-part="removed"]').getAttribute('data-count')).toBe('1');
    expect(Number(await chart.locator('rect[data-part="kept"]').getAttribute('width'))).toBeGreaterThan(0);
    const csvHref = await olga.page.getByTestId('report-csv').getAttribute('href');
    const csv = await (await olga.context.request.get(`${server.url}${csvHref}`)).text();
    expect(csv).toContain('moved to technician work, no ledger needed');

    await olga.page.getByRole('button', { name: 'Close review' }).click();
    const dialog = olga.page.getByRole('dialog');
    expect(await dialog.getByTestId('close-confirm').textContent()).toContain('The 1 undecided item is kept');
    await dialog.getByRole('button', { name: 'Close review' }).click();
    expect(await olga.page.getByTestId('close-result').textContent()).toContain('5 kept, 1 removed, 1 end-dated');
    await olga.page.getByTestId('outcomes').filter({ hasText: 'Applied: 5 kept, 1 removed, 1 end-dated' }).waitFor();
    await olga.page.getByTestId('campaign-state').filter({ hasText: 'closed' }).waitFor();
    await olga.page.screenshot({ path: shotPath('access-review-report'), fullPage: true });
    await olga.context.close();

    // Bob no longer holds the membership (Dan still does, until his end date); the group has been attested.
    const holders = (await server.ok('GET', `/groups/${ledger.id}/members/effective`)).map((m: Loose) => m.personId);
    expect(holders).toContain(members.Dan.id);
    expect(holders).not.toContain(members.Bob.id);
    const after = await as(browser, server.url, `/ui/groups/${ledger.id}`, 'admin', ADMIN_PASSWORD);
    await after.page.getByTestId('direct-members').getByText('Bob Bravo').waitFor();
    expect(await after.page.getByTestId('direct-members').textContent()).toContain('Bob Bravo (not counting now)');
    const state = await after.page.getByTestId('attestation-state').textContent();
    expect(state).not.toContain('last attested never');
    expect(state).not.toContain('due now');
    await after.context.close();
  });
});

/**
 * A group of `size` employees made straight in the database (as the worklist benchmark does: the API would take
 * minutes), each with the facts at grant stored and a tenth with another title now, and a review of it giving every
 * item to one reviewer, who can sign in as `many`.
 */
async function makeLargeReview(server: E2EServer, size: number): Promise<number> {
  const db = server.running.app.db;
  const unit = await server.ok('POST', '/orgs', {
    code: 'BIG',
    kind: 'department',
    name: 'Big Department',
    parentId: null,
  });
  await sql`insert into people (given_name, family_name, search_name, emails, phones, created_at, updated_at)
    select 'Given' || i, 'Family' || lpad(i::text, 6, '0'), 'given' || i || ' family' || lpad(i::text, 6, '0'), '[]', '[]', ${nowSql()}, ${nowSql()}
    from generate_series(1, ${size}) i`.execute(db);
  await sql`insert into affiliations (person_id, org_id, kind, title, attributes, valid_from, created_at, updated_at)
    select id, ${unit.id}, 'employee', 'Title ' || (id % 7), '{}', '2020-01-01', ${nowSql()}, ${nowSql()} from people
    where family_name like 'Family%'`.execute(db);
  const reviewer = await makePerson(server, {
    givenName: 'Mona',
    familyName: 'Many',
    affiliation: { orgId: unit.id, kind: 'employee', title: 'Head' },
  });
  await server.ok('POST', '/users', {
    username: 'many',
    displayName: 'Mona Many',
    password: PASSWORD,
    personId: reviewer.id,
    roles: [],
  });
  const folder = await server.ok('POST', '/folders', { extension: 'big' });
  const group = await server.ok('POST', '/groups', { folderId: folder.id, extension: 'everyone' });
  const policy = await server.ok('POST', '/governance/policies', { name: 'big', groupId: group.id });
  await sql`insert into group_memberships (group_id, member_person_id, reason, added_by, added_at, updated_at)
    select ${group.id}, id, 'bulk', 'e2e', ${nowSql()} - interval '400 days', ${nowSql()} from people where family_name like 'Family%'`.execute(
    db,
  );
  await sql`insert into membership_facts (membership_id, policy_id, group_id, person_id, facts, recorded_at, recorded_by)
    select m.id, ${policy.id}, m.group_id, m.member_person_id,
           jsonb_build_object('statuses', '[]'::jsonb, 'department', 'BIG', 'supporting', '[]'::jsonb,
                              'title', case when m.member_person_id % 10 = 0 then 'Former title' else a.title end),
           ${nowSql()} - interval '400 days', 'e2e'
    from group_memberships m join affiliations a on a.person_id = m.member_person_id where m.group_id = ${group.id}`.execute(
    db,
  );
  const review = await server.ok('POST', '/reviews', {
    name: 'big-review',
    scope: { kind: 'group', id: group.id },
    reviewers: [{ personId: reviewer.id }],
    deadline: new Date(clock.now().getTime() + 30 * 86_400_000).toISOString(),
    ownerPersonId: reviewer.id,
  });
  return review.id;
}

describe('a worklist of 10,000 items in the browser', () => {
  const e2e = e2eSuite({ clock });

  it('opens on its first page of 50, pages by key, and filters on the server', async () => {
    const { server, browser } = e2e;
    const id = await makeLargeReview(server, 10_000);
    const { context, page } = await newPage(browser, server.url, clock);
    await signIn(page, '/ui/access-reviews', 'many', PASSWORD);
    await page.goto(`/ui/access-reviews/${id}`);
    await page
      .getByTestId('page-range')
      .filter({ hasText: /^1–50 of 10000$/ })
      .waitFor();
    // Only the first page is in the page (the API's speed is the benchmark's: bench/benchmarks/review-worklist.ts).
    expect(await rows(page).count()).toBe(50);
    await current(page, 'Given1 Family000001').waitFor();
    await page.keyboard.press('n');
    await page
      .getByTestId('page-range')
      .filter({ hasText: /^51–100 of 10000$/ })
      .waitFor();
    expect(await rows(page).first().getAttribute('data-person')).toBe('Given51 Family000051');
    await page.getByLabel('Changed since grant').check();
    await page
      .getByTestId('page-range')
      .filter({ hasText: /^1–50 of 1000$/ })
      .waitFor();
    expect(await rows(page).count()).toBe(50);
    await context.close();
  });
});
