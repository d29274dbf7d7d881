import { describe, expect, it } from 'vitest';
import { newPage, shotPath } from './browser.ts';
import { makeUniversity } from './fixtures.ts';
import { ADMIN_PASSWORD } from './server.ts';
import { signIn } from './session.ts';
import { e2eSuite } from './suite.ts';

describe('temporary accounts page', () => {
  const e2e = e2eSuite();

  it('lends an account showing the one-time password, renews it, returns it and shows the history', async () => {
    const { server, browser } = e2e;
    const uni = await makeUniversity(server);
    await server.ok('POST', '/loans/accounts', { username: 'temp-phys-01', orgId: uni.physics.id });

    const { context, page } = await newPage(browser, server.url);
    await signIn(page, '/ui/people', 'admin', ADMIN_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Temporary accounts' }).click();
    await page.locator('[data-testid="pools"] tr[data-org="PHYS"]').getByRole('button', { name: 'Lend' }).click();

    const dialog = page.getByRole('dialog', { name: 'Lend a temporary account' });
    expect(await dialog.getByLabel('Department (code)').inputValue()).toBe('PHYS');
    await dialog.getByLabel('Borrower').fill('Vera Visitor');
    await dialog.getByLabel('Comment').fill('Seminar speaker, wifi');
    await dialog.getByLabel('Hours').fill('2');
    await dialog.getByRole('button', { name: 'Lend' }).click();
    const hoursError = dialog.locator('[data-field="hours"] .field-error');
    await hoursError.waitFor();
    expect(await hoursError.textContent()).toContain('(minimum:3h)');

    await dialog.getByLabel('Hours').fill('5');
    await dialog.getByRole('button', { name: 'Lend' }).click();
    const password = page.getByTestId('one-time-password');
    await password.waitFor();
    expect(await password.textContent()).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(await page.getByTestId('lend-result').textContent()).toContain('temp-phys-01 is lent to Vera Visitor');
    await page.screenshot({ path: shotPath('loans-lent'), fullPage: true });
    await page.getByRole('button', { name: 'Done' }).click();

    const row = page.locator('[data-testid="open-loans"] tr[data-account="temp-phys-01"]');
    await row.waitFor();
    const firstEnd = await row.locator('[data-field="until"] time').getAttribute('datetime');
    await row.getByRole('button', { name: 'Renew' }).click();
    const renew = page.getByRole('dialog', { name: 'Renew temp-phys-01' });
    await renew.getByLabel('Hours from now').fill('30');
    await renew.getByLabel('Comment').fill('talk moved to tomorrow');
    await renew.getByRole('button', { name: 'Renew' }).click();
    await page.waitForFunction((before) => {
      const time = document.querySelector(
        '[data-testid="open-loans"] tr[data-account="temp-phys-01"] [data-field="until"] time',
      );
      return time !== null && time.getAttribute('datetime') !== before;
    }, firstEnd);
    const renewedEnd = new Date((await row.locator('[data-field="until"] time').getAttribute('datetime'))!).getTime();
    expect(renewedEnd - new Date(firstEnd!).getTime()).toBeGreaterThan(24 * 3_600_000);

    const history = page.locator('[data-testid="loan-history"] tbody tr');
    await history.first().waitFor();
    expect(await history.first().textContent()).toContain('Vera Visitor');
    expect(await history.first().locator('[data-field="state"]').textContent()).toBe('on loan');

    await row.getByRole('button', { name: 'Return' }).click();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="loan-history"] tbody tr [data-field="state"]')?.textContent ===
        'returned',
    );
    expect(await page.locator('[data-testid="open-loans"]').count()).toBe(0);
    const filters = page.getByTestId('history-filter');
    await filters.getByLabel('Department').selectOption({ label: 'PHYS' });
    await filters.getByLabel('Account').selectOption({ label: 'temp-phys-01' });
    await filters.getByLabel('Borrower').fill('nobody of that name');
    await page.getByText('No loans yet.').waitFor();
    await filters.getByLabel('Borrower').fill('vera');
    await history.first().waitFor();
    expect(await history.count()).toBe(1);
    const loans = (await server.ok('GET', '/loans/history')) as {
      items: { username: string; renewals: { comment: string }[]; endReason: string }[];
    };
    expect(loans.items).toEqual([
      expect.objectContaining({
        username: 'temp-phys-01',
        endReason: 'returned',
        renewals: [expect.objectContaining({ comment: 'talk moved to tomorrow' })],
      }),
    ]);
    await page.screenshot({ path: shotPath('loans-history'), fullPage: true });
    await context.close();
  });
});
