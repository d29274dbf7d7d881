import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';

/** Bad input of each kind is a 400 naming the field, never a 500 (issue 13). */
describe('bad input is refused by kind', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.close());

  const problemOf = (r: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) => {
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    return r.json() as { status: number; errors?: { field: string; rule: string }[] };
  };

  it('refuses path ids past the safe integers', async () => {
    for (const url of [
      '/people/99999999999999999999',
      '/people/9223372036854775808',
      '/orgs/99999999999999999999',
      '/groups/99999999999999999999',
    ]) {
      const r = await t.call(t.tokens.admin, { method: 'GET', url });
      expect(r.statusCode, `${url}: ${r.body}`).toBe(400);
      expect(problemOf(r).errors?.[0]?.rule).toBe('maximum');
    }
  });

  it('refuses an id past the safe integers in a body and a query', async () => {
    const body = JSON.stringify({ orgId: 9223372036854775808, kind: 'staff' }).replace(
      '9223372036854776000',
      '9223372036854775808',
    );
    const r = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/people/1/affiliations',
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    expect(r.statusCode, r.body).toBe(400);
    expect(problemOf(r).errors).toContainEqual(expect.objectContaining({ field: 'body/orgId', rule: 'maximum' }));
    const q = await t.call(t.tokens.admin, { method: 'GET', url: '/changes?after=99999999999999999999' });
    expect(q.statusCode, q.body).toBe(400);
    expect(problemOf(q).errors?.[0]?.field).toBe('querystring/after');
  });

  it('refuses a NUL character and a lone surrogate in any string, naming the field', async () => {
    const cases = [
      { value: 'a\u0000b', rule: 'no-control-characters' },
      { value: '\ud800', rule: 'well-formed-unicode' },
      { value: 'x\udc00y', rule: 'well-formed-unicode' },
    ];
    for (const { value, rule } of cases) {
      const r = await t.call(t.tokens.admin, {
        method: 'POST',
        url: '/people',
        payload: { givenName: 'Ann', familyName: value },
      });
      expect(r.statusCode, r.body).toBe(400);
      expect(problemOf(r).errors).toEqual([expect.objectContaining({ field: 'body/familyName', rule })]);
      const q = await t.call(t.tokens.admin, { method: 'GET', url: `/people?q=${encodeURIComponent('a\u0000b')}` });
      expect(q.statusCode, q.body).toBe(400);
      expect(problemOf(q).errors?.[0]).toMatchObject({ field: 'querystring/q', rule: 'no-control-characters' });
    }
    const nested = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/people',
      payload: { givenName: 'Ann', familyName: 'Ng', emails: [{ address: 'a@b.org', label: 'w\u0000' }] },
    });
    expect(problemOf(nested).errors?.[0]).toMatchObject({ field: 'body/emails/0/label' });
  });

  it('refuses a scope of -1e308 or too many digits on POST /check, naming the scope', async () => {
    for (const scope of [-1e308, 1e308, '99999999999999999999']) {
      const r = await t.call(t.tokens.admin, {
        method: 'POST',
        url: '/check',
        payload: { subject: { type: 'person', id: 1 }, application: 'x', action: 'read', resource: 'r', scope },
      });
      expect(r.statusCode, r.body).toBe(400);
      expect(
        problemOf(r)
          .errors?.map((e) => e.field)
          .join(' '),
      ).toMatch(/scope/);
    }
  });

  it('refuses a body nested deeper than the limit', async () => {
    const deep = '['.repeat(1000) + ']'.repeat(1000);
    const r = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/people',
      headers: { 'content-type': 'application/json' },
      payload: `{"givenName":"a","familyName":"b","emails":${deep}}`,
    });
    expect(r.statusCode, r.body).toBe(400);
    expect(problemOf(r).status).toBe(400);
  });

  it('answers a path that is not valid percent-encoded UTF-8 with a problem', async () => {
    const r = await t.call(t.tokens.admin, { method: 'GET', url: '/people/%ED%A0%80' });
    expect(r.statusCode).toBe(400);
    expect(problemOf(r).errors?.[0]).toMatchObject({ field: 'url', rule: 'well-formed-url' });
  });

  it('takes digits past the safe integers in an id-or-name reference as a name, not an id', async () => {
    const app = await t.call(t.tokens.admin, { method: 'GET', url: '/access/applications/99999999999999999999' });
    expect(app.statusCode, app.body).toBe(404);
    const roles = await t.call(t.tokens.admin, {
      method: 'GET',
      url: '/access/applications/9223372036854775808/roles',
    });
    expect(roles.statusCode, roles.body).toBe(404);
  });

  it('refuses an If-Match version past the safe integers as a stale precondition', async () => {
    const r = await t.call(t.tokens.admin, {
      method: 'PATCH',
      url: '/people/1',
      headers: { 'if-match': '"99999999999999999999"' },
      payload: { familyName: 'Ng' },
    });
    expect(r.statusCode, r.body).toBe(412);
    expect(problemOf(r).status).toBe(412);
  });

  it('refuses numbers that are not finite, in a query and in a body', async () => {
    for (const url of [
      '/loans/history?beforeId=Infinity',
      '/loans/history?beforeId=-Infinity',
      '/loans/history?limit=1e400',
    ]) {
      const r = await t.call(t.tokens.admin, { method: 'GET', url });
      expect(r.statusCode, `${url}: ${r.body}`).toBe(400);
    }
    const r = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/check',
      headers: { 'content-type': 'application/json' },
      payload: '{"subject":{"type":"person","id":1e400},"application":"x","action":"a","resource":"r"}',
    });
    expect(r.statusCode, r.body).toBe(400);
    expect(problemOf(r).errors?.[0]?.field).toMatch(/subject\/id/);
  });

  it('answers what the database refuses as the input it is: a missing reference, a day past the calendar', async () => {
    const user = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/users',
      payload: { username: 'u1', displayName: 'U', password: 'correct horse battery', personId: 999999, roles: [] },
    });
    expect(user.statusCode, user.body).toBe(400);
    expect(problemOf(user).errors?.[0]).toMatchObject({ field: '/personId', rule: 'exists' });
    const report = await t.call(t.tokens.admin, { method: 'GET', url: '/guests/reports/by-org?on=9999-12-31' });
    expect(report.statusCode, report.body).toBe(400);
  });

  it('refuses a query parameter on a route that takes none, and changes nothing', async () => {
    const folder = await t.call(t.tokens.admin, { method: 'POST', url: '/folders', payload: { extension: 'labs' } });
    expect(folder.statusCode, folder.body).toBe(201);
    const created = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/groups',
      payload: { folderId: (folder.json() as { id: number }).id, extension: 'helpers', description: 'Lab helpers' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json() as { id: number };
    const version = String(created.headers.etag);
    const patch = await t.call(t.tokens.admin, {
      method: 'PATCH',
      url: `/groups/${id}?dryRun=true`,
      headers: { 'if-match': version },
      payload: { description: 'Renamed' },
    });
    expect(patch.statusCode, patch.body).toBe(400);
    expect(problemOf(patch).errors).toContainEqual(
      expect.objectContaining({ field: 'querystring/dryRun', rule: 'unknown-field' }),
    );
    const after = await t.call(t.tokens.admin, { method: 'GET', url: `/groups/${id}` });
    expect((after.json() as { description: string }).description).toBe('Lab helpers');
    const list = await t.call(t.tokens.admin, { method: 'GET', url: '/people/1?verbose=1' });
    expect(list.statusCode, list.body).toBe(400);
  });
});
