import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { application, assign, ok, person, resources, role, unit } from './world.ts';

/**
 * Decision clients (issue 13), what the administrators' page needs beyond create and revoke: when each client last
 * authenticated, and rotating its secret (If-Match), after which the old secret and the tokens issued before stop
 * working while the new secret works; a revoked client is not brought back by a rotation.
 */
let t: TestApp;
let student: number;
const basic = (id: string, s: string) => `Basic ${Buffer.from(`${id}:${s}`).toString('base64')}`;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const NAME = 'card-gate';
const URL = `/decision-clients/${NAME}/secret`;

beforeAll(async () => {
  t = await makeTestApp();
  const uni = await unit(t, 'UNI');
  await application(t, 'doors');
  await resources(t, 'doors', [['door', null]]);
  const opener = await role(t, 'doors', 'opener', [{ action: 'open', resource: 'door' }]);
  student = await person(t, 'Stu', uni);
  await assign(t, { roleId: opener, subjects: [{ type: 'person', id: student }], scopes: [{ kind: 'everywhere' }] });
});
afterAll(async () => t.close());

const check = (authorization: string) =>
  t.server.inject({
    method: 'POST',
    url: '/check',
    headers: { authorization },
    payload: { subject: { type: 'person', id: student }, application: 'doors', action: 'open', resource: 'door' },
  });
const tokenOf = async (secret: string) => {
  const r = await t.server.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: { ...FORM, authorization: basic(NAME, secret) },
    payload: 'grant_type=client_credentials',
  });
  return { status: r.statusCode, token: r.statusCode === 200 ? (r.json().access_token as string) : '' };
};
const listed = async () =>
  (
    await ok<{ name: string; lastUsedAt: string | null; version: number; revokedAt: string | null }[]>(
      t,
      'GET',
      '/decision-clients',
    )
  ).find((c) => c.name === NAME)!;

describe('decision clients: last use and rotation', () => {
  let secret = '';

  it('show when each client last authenticated, to the minute', async () => {
    const made = await ok<{ clientSecret: string }>(t, 'POST', '/decision-clients', { name: NAME, label: 'Doors' });
    secret = made.clientSecret;
    expect((await listed()).lastUsedAt).toBeNull();
    expect((await check(basic(NAME, secret))).statusCode).toBe(200);
    expect((await listed()).lastUsedAt).toBe('2026-09-01T09:00:00.000Z');
    t.clock.advance(30_000);
    const { token } = await tokenOf(secret);
    expect((await listed()).lastUsedAt).toBe('2026-09-01T09:00:00.000Z');
    t.clock.advance(60_000);
    expect((await check(`Bearer ${token}`)).statusCode).toBe(200);
    expect((await listed()).lastUsedAt).toBe('2026-09-01T09:01:30.000Z');
  });

  it('rotate the secret with If-Match: the new one is answered once and works, the old one and its tokens do not', async () => {
    const { token: before } = await tokenOf(secret);
    expect((await t.call(t.tokens.admin, { method: 'POST', url: URL, payload: {} })).statusCode).toBe(428);
    const wrongVersion = await t.call(t.tokens.admin, {
      method: 'POST',
      url: URL,
      payload: {},
      headers: { 'if-match': '"9"' },
    });
    expect(wrongVersion.statusCode).toBe(412);
    const refused = await t.call(t.tokens.auditor, {
      method: 'POST',
      url: URL,
      payload: {},
      headers: { 'if-match': '"1"' },
    });
    expect(refused.statusCode).toBe(403);
    const rotated = await t.call(t.tokens.admin, {
      method: 'POST',
      url: URL,
      payload: {},
      headers: { 'if-match': '"1"' },
    });
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect(rotated.headers['cache-control']).toBe('no-store');
    const fresh = rotated.json().clientSecret as string;
    expect(fresh).toMatch(/^scs_/);
    expect(fresh).not.toBe(secret);
    expect(rotated.json().client).toMatchObject({ name: NAME, version: 2, revokedAt: null });

    expect((await check(basic(NAME, secret))).statusCode).toBe(401);
    expect((await check(`Bearer ${before}`)).statusCode).toBe(401);
    expect((await tokenOf(secret)).status).toBe(401);
    expect((await check(basic(NAME, fresh))).json().decision).toBe('allow');
    const after = await tokenOf(fresh);
    expect(after.status).toBe(200);
    expect((await check(`Bearer ${after.token}`)).json().decision).toBe('allow');
    expect(JSON.stringify(await listed())).not.toContain(fresh);
    secret = fresh;
  });

  it('audit the rotation without the secret, and refuse to rotate a revoked client or one that does not exist', async () => {
    const audits = await t.db().selectFrom('audit_log').select(['action', 'after']).execute();
    expect(audits.map((a) => a.action)).toContain('decision-client.rotate');
    expect(JSON.stringify(audits)).not.toContain(secret);
    const changes = await t.db().selectFrom('change_log').select(['entity_type', 'op', 'data']).execute();
    expect(changes.filter((c) => c.entity_type === 'decision_client').map((c) => c.op)).toEqual(['created', 'updated']);
    expect(JSON.stringify(changes)).not.toContain(secret);

    const missing = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/decision-clients/no-such-client/secret',
      payload: {},
      headers: { 'if-match': '"1"' },
    });
    expect(missing.statusCode).toBe(404);
    await ok(t, 'DELETE', `/decision-clients/${NAME}`, undefined, t.tokens.admin, { 'if-match': '"2"' });
    const revoked = await t.call(t.tokens.admin, {
      method: 'POST',
      url: URL,
      payload: {},
      headers: { 'if-match': '"3"' },
    });
    expect(revoked.statusCode).toBe(409);
    expect((await check(basic(NAME, secret))).statusCode).toBe(401);
    expect((await listed()).revokedAt).not.toBeNull();
  });
});
