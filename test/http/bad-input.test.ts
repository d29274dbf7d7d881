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
});
