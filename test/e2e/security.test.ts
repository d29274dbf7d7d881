import { describe, expect, it } from 'vitest';
import { newPage } from './browser.ts';
import { signIn } from './session.ts';
import { e2eSuite } from './suite.ts';

/**
 * Issue 13: the built web UI and the Swagger UI at /docs run under Steward's
 * Content-Security-Policy without a single violation, and the UI's own changes (made with
 * the session cookie) pass the cross-site check.
 */
describe('the web UI and /docs under the Content-Security-Policy', () => {
  const suite = e2eSuite();

  async function watchedPage() {
    const { context, page } = await newPage(suite.browser, suite.server.url);
    const violations: string[] = [];
    await context.exposeBinding('reportCspViolation', (_source, text: string) => void violations.push(text));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { reportCspViolation(t: string): void }).reportCspViolation(
          `${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`,
        ),
      );
    });
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
    });
    return { context, page, violations };
  }

  it('loads pages of the app, and makes changes with the session cookie, with no CSP violation', async () => {
    const { context, page, violations } = await watchedPage();
    const response = await page.goto('/ui/');
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await signIn(page, '/ui/people');
    for (const path of ['/ui/people', '/ui/orgs', '/ui/feeds', '/ui/guests/report', '/ui/access', '/ui/provisioning']) {
      await page.goto(path);
      await page.getByTestId('signed-in-user').waitFor();
      await page.getByRole('main').getByRole('heading').first().waitFor();
    }
    // A change from the app's own page carries its origin and passes; signing out (a POST with the cookie) works.
    const status = await page.evaluate(async () => {
      const res = await fetch('/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'from the page' }),
      });
      return res.status;
    });
    expect(status).toBe(201);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(violations).toEqual([]);
    await context.close();
  });

  it('renders the API documentation at /docs', async () => {
    const { context, page, violations } = await watchedPage();
    await page.goto('/docs');
    await page.locator('.swagger-ui .info .title').filter({ hasText: 'Steward API' }).waitFor();
    await page.locator('.opblock-summary-path').filter({ hasText: '/auth/login' }).first().waitFor();
    expect(violations).toEqual([]);
    await context.close();
  });
});
