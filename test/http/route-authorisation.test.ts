import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCases } from './route-cases/index.ts';
import { makeRouteFixture, type RouteFixture } from './route-fixture.ts';
import { requestBuilder } from './route-requests.ts';

/** The decision point: the only routes a decision client may call. */
const decisionRoutes = new Set(['POST /check', 'POST /check/batch']);
const selfService = new Set([
  'GET /auth/me',
  'GET /calendars/resolve',
  'POST /auth/password',
  'GET /tokens',
  'GET /mail/preferences',
  'PUT /mail/preferences',
  // Anyone may review or administer a group: each sees the campaigns and groups that are theirs (none at all: []).
  'GET /reviews',
  'GET /reviews/attestation/due',
]);

describe('every private route is authorised', () => {
  let fx: RouteFixture;
  let privateRoutes: string[];
  let build: ReturnType<typeof requestBuilder>;
  beforeAll(async () => {
    fx = await makeRouteFixture();
    build = requestBuilder(fx);
    const openapi = (await fx.t.server.inject({ method: 'GET', url: '/openapi.json' })).json();
    privateRoutes = [];
    for (const [path, methods] of Object.entries(
      openapi.paths as Record<string, Record<string, { security?: unknown[] }>>,
    )) {
      for (const [method, op] of Object.entries(methods)) {
        if (Array.isArray(op.security) && op.security.length === 0) continue;
        privateRoutes.push(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
      }
    }
  });
  afterAll(() => fx.t.close());

  it('has a case for every private route in the OpenAPI document', () => {
    const covered = new Set(allCases.map((c) => c.route));
    expect(privateRoutes.filter((r) => !covered.has(r))).toEqual([]);
    expect(privateRoutes.length).toBeGreaterThan(10);
  });

  it('refuses every private route without credentials', async () => {
    for (const c of allCases) {
      // Answered before the handler: the request need not bring fresh rows.
      const options = await build(c, 'nobody', 'early');
      const response = await fx.t.call(null, options);
      expect(response.statusCode, `${c.route} without credentials`).toBe(401);
    }
  });

  it('refuses a decision client on every private route but the decision point', async () => {
    for (const c of allCases) {
      const response = await fx.call(
        'client',
        await build(c, 'client', decisionRoutes.has(c.route) ? 'fresh' : 'early'),
      );
      if (decisionRoutes.has(c.route)) expect(response.statusCode, `${c.route}: ${response.body}`).toBe(200);
      else expect(response.statusCode, `${c.route} as a decision client: ${response.body}`).toBe(403);
    }
  });

  for (const c of allCases) {
    it(`${c.route}: ${c.allowed} may${selfService.has(c.route) ? ' (every signed-in account may)' : `, ${c.denied} may not`}`, async () => {
      const ok = await fx.call(c.allowed, await build(c, c.allowed, 'fresh'));
      expect(ok.statusCode, `${c.route} as ${c.allowed}: ${ok.body}`).toBeLessThan(300);
      if (selfService.has(c.route)) return;
      const no = await fx.call(c.denied, await build(c, c.denied, 'fresh'));
      expect(no.statusCode, `${c.route} as ${c.denied}: ${no.body}`).toBe(403);
      expect(no.headers['content-type']).toContain('application/problem+json');
    });
  }
});
