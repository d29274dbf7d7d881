import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { application, assign, ok, person, resources, role, unit } from './world.ts';

/**
 * Decision clients (issue 13): a system administrator creates one and sees its secret once; the client asks the
 * decision point with HTTP Basic or with a client-credentials token, only about its own applications, and is refused
 * everywhere else; revoked clients and expired tokens are 401; the secret is never answered again nor audited.
 */
let t: TestApp;
let student: number;
let stranger: number;
let secret: string;
const basic = (id: string, s: string) => `Basic ${Buffer.from(`${id}:${s}`).toString('base64')}`;
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

beforeAll(async () => {
  t = await makeTestApp();
  const uni = await unit(t, 'UNI');
  for (const app of ['lms', 'hr']) {
    await application(t, app);
    await resources(t, app, [['course', null]]);
  }
  const reader = await role(t, 'lms', 'reader', [{ action: 'read', resource: 'course' }]);
  await role(t, 'hr', 'clerk', [{ action: 'read', resource: 'course' }]);
  student = await person(t, 'Stu', uni);
  stranger = await person(t, 'Stran', uni);
  await assign(t, { roleId: reader, subjects: [{ type: 'person', id: student }], scopes: [{ kind: 'everywhere' }] });
});
afterAll(async () => t.close());

const checkOf = (personId: number, app = 'lms') => ({
  subject: { type: 'person', id: personId },
  application: app,
  action: 'read',
  resource: 'course',
});
const ask = (authorization: string, payload: unknown, url = '/check') =>
  t.server.inject({ method: 'POST', url, headers: { authorization }, payload: payload as never });
const token = async (authorization: string | null, fields: Record<string, string>) =>
  t.server.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { ...FORM, ...(authorization ? { authorization } : {}) },
    payload: form(fields),
  });

describe('decision clients', () => {
  it('are created by a system administrator only, and the secret is answered once', async () => {
    const refused = await t.call(t.tokens.auditor, {
      method: 'POST',
      url: '/decision-clients',
      payload: { name: 'lms-gateway', label: 'LMS' },
    });
    expect(refused.statusCode).toBe(403);
    const unknownApp = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/decision-clients',
      payload: { name: 'lms-gateway', label: 'LMS', applications: ['lms', 'lms2'] },
    });
    expect(unknownApp.statusCode).toBe(400);
    expect(unknownApp.json().errors).toEqual([
      { field: '/applications/1', rule: 'exists', message: 'no application lms2' },
    ]);
    const made = await ok<{ clientId: string; clientSecret: string; client: { applications: string[] } }>(
      t,
      'POST',
      '/decision-clients',
      { name: 'lms-gateway', label: 'LMS gateway', applications: ['lms'] },
    );
    expect(made.clientId).toBe('lms-gateway');
    expect(made.clientSecret).toMatch(/^scs_/);
    expect(made.client.applications).toEqual(['lms']);
    secret = made.clientSecret;
    const list = await t.call(t.tokens.admin, { method: 'GET', url: '/decision-clients' });
    expect(list.json()).toMatchObject([{ name: 'lms-gateway', applications: ['lms'], revokedAt: null, version: 1 }]);
    expect(list.body).not.toContain(secret);
    const twice = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/decision-clients',
      payload: { name: 'lms-gateway', label: 'again' },
    });
    expect(twice.statusCode).toBe(409);
  });

  it('ask /check and /check/batch with HTTP Basic: allow and deny as for anyone', async () => {
    const auth = basic('lms-gateway', secret);
    const allow = await ask(auth, checkOf(student));
    expect(allow.statusCode, allow.body).toBe(200);
    expect(allow.json().decision).toBe('allow');
    expect((await ask(auth, checkOf(stranger))).json().decision).toBe('deny');
    const batch = await ask(auth, { checks: [checkOf(student), checkOf(stranger)] }, '/check/batch');
    expect(batch.json().results.map((r: { decision: string }) => r.decision)).toEqual(['allow', 'deny']);
    expect((await ask(basic('lms-gateway', `${secret}x`), checkOf(student))).statusCode).toBe(401);
    expect((await ask(basic('nobody-here', secret), checkOf(student))).statusCode).toBe(401);
  });

  it('are refused for an application not their own, naming it, and on every other route', async () => {
    const auth = basic('lms-gateway', secret);
    const other = await ask(auth, checkOf(student, 'hr'));
    expect(other.statusCode).toBe(403);
    expect(other.json().detail).toContain('hr');
    expect(other.json().errors).toEqual([
      expect.objectContaining({ field: '/application', rule: 'client-applications' }),
    ]);
    const batch = await ask(auth, { checks: [checkOf(student), checkOf(student, 'hr')] }, '/check/batch');
    expect(batch.statusCode).toBe(200);
    expect(batch.json().results[0].decision).toBe('allow');
    expect(batch.json().results[1].error).toMatchObject({
      status: 403,
      errors: [{ field: '/checks/1/application', rule: 'client-applications' }],
    });
    for (const url of ['/people', '/auth/me', '/decision-clients', '/access/applications', '/audit'])
      expect((await t.server.inject({ method: 'GET', url, headers: { authorization: auth } })).statusCode, url).toBe(
        403,
      );
    const who = `/access/who-can?application=lms&action=read&resource=course`;
    expect((await t.server.inject({ method: 'GET', url: who, headers: { authorization: auth } })).statusCode).toBe(403);
  });

  it('get a short-lived access token with client credentials (Basic or in the form), and it expires', async () => {
    const issued = await token(basic('lms-gateway', secret), { grant_type: 'client_credentials' });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.headers['cache-control']).toBe('no-store');
    const body = issued.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const bearer = `Bearer ${body.access_token}`;
    expect((await ask(bearer, checkOf(student))).json().decision).toBe('allow');
    expect((await ask(bearer, checkOf(stranger))).json().decision).toBe('deny');
    expect((await ask(bearer, checkOf(student, 'hr'))).statusCode).toBe(403);
    expect(
      (await t.server.inject({ method: 'GET', url: '/people', headers: { authorization: bearer } })).statusCode,
    ).toBe(403);
    const posted = await token(null, {
      grant_type: 'client_credentials',
      client_id: 'lms-gateway',
      client_secret: secret,
    });
    expect(posted.statusCode, posted.body).toBe(200);
    t.clock.advance(3600_000 - 1000);
    expect((await ask(bearer, checkOf(student))).statusCode).toBe(200);
    t.clock.advance(2000);
    expect((await ask(bearer, checkOf(student))).statusCode).toBe(401);
    expect((await ask(`Bearer ${posted.json().access_token}`, checkOf(student))).statusCode).toBe(401);
  });

  it('answer token errors as RFC 6749 JSON', async () => {
    const wrong = await token(basic('lms-gateway', 'nope'), { grant_type: 'client_credentials' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toBe('invalid_client');
    expect(wrong.headers['www-authenticate']).toContain('Basic');
    const grant = await token(basic('lms-gateway', secret), { grant_type: 'password' });
    expect(grant.statusCode).toBe(400);
    expect(grant.json().error).toBe('unsupported_grant_type');
    expect((await token(basic('lms-gateway', secret), {})).json().error).toBe('invalid_request');
    const json = await t.server.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { authorization: basic('lms-gateway', secret) },
      payload: { grant_type: 'client_credentials' },
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().error).toBe('invalid_request');
  });

  it('revoked (If-Match) stop working at once, Basic and tokens alike', async () => {
    const live = (await token(basic('lms-gateway', secret), { grant_type: 'client_credentials' })).json().access_token;
    const url = '/decision-clients/lms-gateway';
    expect((await t.call(t.tokens.admin, { method: 'DELETE', url })).statusCode).toBe(428);
    expect((await t.call(t.tokens.admin, { method: 'DELETE', url, headers: { 'if-match': '"7"' } })).statusCode).toBe(
      412,
    );
    const gone = await t.call(t.tokens.admin, { method: 'DELETE', url, headers: { 'if-match': '"1"' } });
    expect(gone.statusCode, gone.body).toBe(204);
    expect((await ask(basic('lms-gateway', secret), checkOf(student))).statusCode).toBe(401);
    expect((await ask(`Bearer ${live}`, checkOf(student))).statusCode).toBe(401);
    expect((await token(basic('lms-gateway', secret), { grant_type: 'client_credentials' })).statusCode).toBe(401);
    const list = (await t.call(t.tokens.admin, { method: 'GET', url: '/decision-clients' })).json();
    expect(list[0]).toMatchObject({ name: 'lms-gateway', version: 2 });
    expect(list[0].revokedAt).not.toBeNull();
  });

  it('never write the secret to the audit log or the change log; creation and revocation are both in each', async () => {
    const audits = await t.db().selectFrom('audit_log').select(['action', 'actor', 'before', 'after']).execute();
    const changes = await t.db().selectFrom('change_log').select(['entity_type', 'op', 'data']).execute();
    expect(JSON.stringify(audits)).not.toContain(secret);
    expect(JSON.stringify(changes)).not.toContain(secret);
    expect(JSON.stringify(audits)).not.toContain(secret.slice(4, 20));
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['decision-client.create', 'decision-client.revoke', 'decision-client.token']),
    );
    expect(audits.find((a) => a.action === 'decision-client.token')?.actor).toBe('client:lms-gateway');
    expect(changes.filter((c) => c.entity_type === 'decision_client').map((c) => c.op)).toEqual(['created', 'revoked']);
    const row = await t.db().selectFrom('decision_clients').selectAll().executeTakeFirstOrThrow();
    expect(row.secret_hash).toMatch(/^\$argon2id\$/);
  });
});
