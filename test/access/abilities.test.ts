import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { application, assign, ok, person, resources, role, unit } from './world.ts';

/**
 * What the web is told the caller may do: the signed-in account's abilities (per permission, held somewhere), an
 * application's (configure, assign, where) and an assignment's (update, revoke), a stream's values (set them). The
 * browser shows or hides actions by these alone.
 */
let t: TestApp;
let uni: number;
let chemistry: number;
let physics: number;
let clerk: number;
let ada: number;
beforeAll(async () => {
  t = await makeTestApp();
  uni = await unit(t, 'UNI');
  chemistry = await unit(t, 'CHEM', uni);
  physics = await unit(t, 'PHYS', uni);
  await application(t, 'lab');
  await resources(t, 'lab', [['benches', null]]);
  clerk = await role(t, 'lab', 'booker', [{ action: 'book', resource: 'benches' }]);
  ada = await person(t, 'Ada', chemistry);
  await t.tokenFor('chem-admin', [{ role: 'orgadmin', orgId: chemistry }]);
  await t.tokenFor('librarian', [{ role: 'office', office: 'library' }]);
});
afterAll(async () => t.close());

async function signIn(username: string) {
  const login = await t.call(null, {
    method: 'POST',
    url: '/auth/login',
    payload: { username, password: 'correct horse battery' },
  });
  expect(login.statusCode, login.body).toBe(200);
  const cookie = login.cookies.find((c) => c.name === 'steward_session')!;
  const me = await t.call(null, { method: 'GET', url: '/auth/me', cookies: { steward_session: cookie.value } });
  expect(me.statusCode, me.body).toBe(200);
  return { login: login.json().user, me: me.json() };
}

describe('the signed-in account', () => {
  it('tells an organisation administrator they create people and change units, and neither audit nor merge', async () => {
    const { login, me } = await signIn('chem-admin');
    expect(me.abilities).toEqual(login.abilities);
    expect(me.abilities).toMatchObject({
      'people:create': true,
      'people:update': true,
      'orgs:write': true,
      'access:assign': true,
      'people:merge': false,
      'audit:read': false,
      'mail:read': false,
      'access:configure': false,
      'sources:configure': false,
    });
    expect(me).toMatchObject({ username: 'chem-admin', roles: [{ role: 'orgadmin', orgId: chemistry }] });
  });

  it('tells an office it manages streams and changes no record', async () => {
    const { me } = await signIn('librarian');
    expect(me.abilities).toMatchObject({ 'streams:manage': true, 'people:create': false, 'orgs:write': false });
  });

  it('describes the abilities in the OpenAPI document of /auth/me', async () => {
    const doc = (await t.call(null, { method: 'GET', url: '/openapi.json' })).json();
    const schema = doc.paths['/auth/me'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties.abilities.properties)).toEqual(
      expect.arrayContaining(['people:create', 'orgs:write', 'audit:read', 'mail:configure', 'sources:configure']),
    );
  });
});

describe('applications and assignments', () => {
  it('offers configuration to a system administrator and, to an organisation administrator, assigning in their unit', async () => {
    const asAdmin = await ok<{ abilities: unknown }>(t, 'GET', '/access/applications/lab');
    expect(asAdmin.abilities).toEqual({
      configure: true,
      assign: true,
      assignIn: { everywhere: true, affiliation: true, units: null },
    });
    const token = await t.tokenFor('chem-admin-2', [{ role: 'orgadmin', orgId: chemistry }]);
    const [listed] = await ok<{ name: string; abilities: unknown }[]>(
      t,
      'GET',
      '/access/applications',
      undefined,
      token,
    );
    expect(listed).toMatchObject({
      name: 'lab',
      abilities: {
        configure: false,
        assign: true,
        assignIn: { everywhere: false, affiliation: false, units: [chemistry] },
      },
    });
    const auditor = await ok<{ abilities: unknown }>(t, 'GET', '/access/applications/lab', undefined, t.tokens.auditor);
    expect(auditor.abilities).toMatchObject({ configure: false, assign: false, assignIn: { units: [] } });
  });

  it('offers changing and revoking an assignment to whoever may assign in its scope', async () => {
    const made = await assign(t, {
      roleId: clerk,
      subjects: [{ type: 'person', id: ada }],
      scopes: [{ kind: 'org', orgId: chemistry }, { kind: 'org', orgId: physics }, { kind: 'everywhere' }],
    });
    expect(made.map((a) => (a as { abilities?: unknown }).abilities)).toEqual([
      { update: true, revoke: true },
      { update: true, revoke: true },
      { update: true, revoke: true },
    ]);
    const token = await t.tokenFor('chem-admin-3', [{ role: 'orgadmin', orgId: chemistry }]);
    const seen = await ok<{ id: number; abilities: unknown }[]>(
      t,
      'GET',
      `/access/assignments?roleId=${clerk}`,
      undefined,
      token,
    );
    expect(seen).toEqual([expect.objectContaining({ id: made[0].id, abilities: { update: true, revoke: true } })]);
    const asAuditor = await ok<{ abilities: unknown }>(
      t,
      'GET',
      `/access/assignments/${made[0].id}`,
      undefined,
      t.tokens.auditor,
    );
    expect(asAuditor.abilities).toEqual({ update: false, revoke: false });
  });

  it('keeps the abilities out of the audit trail', async () => {
    const rows = await t
      .db()
      .selectFrom('audit_log')
      .select(['after'])
      .where('action', 'in', ['access.application.create', 'access.assign'])
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(JSON.stringify(r.after)).not.toContain('abilities');
  });
});

describe("a stream's values", () => {
  it('say whether the caller may set them: the stream’s office and a system administrator, not another office', async () => {
    await ok(t, 'POST', '/streams', {
      name: 'library',
      accessRole: 'library',
      fields: [{ name: 'borrow_days', type: 'number', default: 28 }],
    });
    const parking = await t.tokenFor('parking-desk', [{ role: 'office', office: 'parking' }]);
    const librarian = await t.tokenFor('librarian-2', [{ role: 'office', office: 'library' }]);
    const sets = async (token: string) =>
      (await ok<{ abilities: { setValues: boolean } }>(t, 'GET', '/streams/library/values', undefined, token)).abilities
        .setValues;
    expect([
      await sets(t.tokens.admin),
      await sets(librarian),
      await sets(parking),
      await sets(t.tokens.auditor),
    ]).toEqual([true, true, false, false]);
  });
});
