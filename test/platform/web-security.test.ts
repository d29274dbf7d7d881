import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';

/**
 * Issue 13: security headers, the cross-site check of changes made with the session cookie,
 * Secure cookies behind a TLS-terminating proxy, and private metrics.
 */
const METRICS_TOKEN = 'scraper-secret-0123456789';

describe('web and API hardening', () => {
  let t: TestApp;
  let proxied: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
    proxied = await makeTestApp({
      config: { trustProxy: true, publicUrl: 'https://steward.example.edu', metricsToken: METRICS_TOKEN },
    });
  });
  afterAll(async () => {
    await t.close();
    await proxied.close();
  });

  const login = (app: TestApp, headers: Record<string, string> = {}) =>
    app.call(null, {
      method: 'POST',
      url: '/auth/login',
      headers,
      payload: { username: 'root', password: 'correct horse battery' },
    });
  const sessionOf = async (app: TestApp) => (await login(app)).cookies.find((c) => c.name === 'steward_session')!.value;

  it('sends a strict CSP, nosniff, no framing and a referrer policy', async () => {
    for (const url of ['/', '/ui/people', '/health', '/docs/']) {
      const response = await t.call(null, { method: 'GET', url });
      const csp = String(response.headers['content-security-policy']);
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp.replace("style-src-elem 'self' 'unsafe-inline'", ''), url).not.toContain('unsafe-inline');
      if (!url.startsWith('/docs')) expect(csp, url).not.toContain('style-src-elem'); // only the Swagger UI's
      expect(response.headers['x-frame-options'], url).toBe('DENY');
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['referrer-policy'], url).toBe('strict-origin-when-cross-origin');
    }
  });

  it('refuses a change made with the session cookie from another origin or from nowhere', async () => {
    const session = await sessionOf(t);
    const make = (headers: Record<string, string>) =>
      t.call(null, {
        method: 'POST',
        url: '/tokens',
        headers,
        cookies: { steward_session: session },
        payload: { name: 'x' },
      });
    const foreign: Record<string, string>[] = [
      {},
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { referer: 'https://evil.example/page' },
      { origin: 'http://localhost:8081' },
    ];
    for (const headers of foreign) {
      const refused = await make(headers);
      expect(refused.statusCode, JSON.stringify(headers)).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json().errors[0]).toMatchObject({ rule: 'same-origin' });
    }
    // The server's own origin (inject() addresses localhost:80), by Origin or by Referer.
    expect((await make({ origin: 'http://localhost' })).statusCode).toBe(201);
    expect((await make({ referer: 'http://localhost/ui/tokens' })).statusCode).toBe(201);
    // Reads are not checked; nor are changes with a bearer token, whatever their origin.
    const read = await t.call(null, { method: 'GET', url: '/tokens', cookies: { steward_session: session } });
    expect(read.statusCode).toBe(200);
    const byToken = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/tokens',
      headers: { origin: 'https://evil.example' },
      payload: { name: 'y' },
    });
    expect(byToken.statusCode).toBe(201);
  });

  it('refuses signing in from another origin, and accepts the configured public URL', async () => {
    expect((await login(t, { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await login(t)).statusCode).toBe(200);
    const session = await sessionOf(proxied);
    const fromPublic = await proxied.call(null, {
      method: 'POST',
      url: '/tokens',
      headers: { origin: 'https://steward.example.edu' },
      cookies: { steward_session: session },
      payload: { name: 'z' },
    });
    expect(fromPublic.statusCode).toBe(201);
  });

  it('marks the session cookie Secure behind a trusted TLS proxy, and ignores X-Forwarded-Proto otherwise', async () => {
    const cookie = async (app: TestApp) =>
      (await login(app, { 'x-forwarded-proto': 'https' })).cookies.find((c) => c.name === 'steward_session')!;
    expect((await cookie(proxied)).secure).toBe(true);
    expect((await cookie(t)).secure).toBeFalsy();
  });

  it('keeps /metrics for system administrators and auditors, or the metrics token when one is set', async () => {
    expect((await t.call(null, { method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const nobody = await t.tokenFor('metrics-nobody', []);
    expect((await t.call(nobody, { method: 'GET', url: '/metrics' })).statusCode).toBe(403);
    expect((await t.call(t.tokens.auditor, { method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    expect((await t.call(METRICS_TOKEN, { method: 'GET', url: '/metrics' })).statusCode).toBe(401); // not set here
    const scraped = await proxied.call(METRICS_TOKEN, { method: 'GET', url: '/metrics' });
    expect(scraped.statusCode).toBe(200);
    expect(scraped.body).toContain('steward_http_request_duration_seconds');
    expect((await proxied.call(`${METRICS_TOKEN}x`, { method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await proxied.call(null, { method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await proxied.call(proxied.tokens.admin, { method: 'GET', url: '/metrics' })).statusCode).toBe(200);
  });
});
