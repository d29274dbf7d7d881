import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/build-server.ts';
import { makeTestApp, type TestApp } from '../harness.ts';

describe('HTTP surface', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.close());

  it('answers /health with the database kind, without signing in', async () => {
    const response = await t.call(null, { method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', database: expect.stringMatching(/pglite|postgres/) });
  });

  it('answers /health 503 "starting" with Retry-After while the server still loads, then 200', async () => {
    let starting = true;
    const server = await buildServer(t.app, { starting: () => starting });
    try {
      const early = await server.inject({ method: 'GET', url: '/health' });
      expect(early.statusCode).toBe(503);
      expect(early.headers['retry-after']).toBe('1');
      expect(early.json()).toMatchObject({ status: 'starting' });
      starting = false;
      const ready = await server.inject({ method: 'GET', url: '/health' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ status: 'ok' });
    } finally {
      await server.close();
    }
  });

  it('serves Prometheus metrics including request durations', async () => {
    await t.call(null, { method: 'GET', url: '/health' });
    const response = await t.call(t.tokens.auditor, { method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('steward_http_request_duration_seconds_bucket');
    expect(response.body).toContain('route="/health"');
  });

  it('publishes an OpenAPI document and a browsable page', async () => {
    const doc = (await t.call(null, { method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/changes', '/audit/verify', '/auth/login']));
    const page = await t.call(null, { method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger');
  });

  it('explains validation failures as problem+json naming each field and rule', async () => {
    const response = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/users',
      payload: { username: 'x', displayName: '', roles: [{ role: 'wizard' }], shoeSize: 44 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem).toMatchObject({ status: 400, code: 'validation', type: expect.stringContaining('validation') });
    const rules = problem.errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`);
    expect(rules).toEqual(
      expect.arrayContaining(['body/username minLength', 'body/displayName minLength', 'body/shoeSize unknown-field']),
    );
  });

  it("compiles every route's schemas when asked to do it at start-up (they are compiled on first use otherwise)", async () => {
    const eager = await buildServer(t.app, { eagerSchemas: true });
    // ready() throws FST_ERR_SCH_VALIDATION_BUILD / _SERIALIZATION_BUILD naming a route whose schema cannot compile.
    await expect(eager.ready()).resolves.toBeDefined();
    const bad = await eager.inject({
      method: 'POST',
      url: '/users',
      headers: { authorization: `Bearer ${t.tokens.admin}` },
      payload: { username: 'x' },
    });
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toContain('body/username');
    await eager.close();
  });

  it('answers unknown routes with a problem document', async () => {
    const response = await t.call(t.tokens.admin, { method: 'GET', url: '/nowhere' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not-found', detail: 'no route for GET /nowhere' });
  });

  it('serves the web page at / without signing in', async () => {
    const response = await t.call(null, { method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });
});
