import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { groupsApi } from '../groups/world.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg, createPerson } from '../registry/world.ts';

/** SCIM `/Me` (RFC 7644 §3.11) and the search from the service root, `POST /.search` (§3.4.3), over HTTP. */
let t: TestApp;
let reader: string;
let scoped: string;
let linked: string;
let scopedLinked: string;
const ids: Record<string, number> = {};
const groups: Record<string, number> = {};
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

async function linkedToken(username: string, personId: number, roles: { role: 'scim'; orgId?: number }[]) {
  const system = systemActor('test');
  const user = await t.app.accounts.createUser(system, { username, displayName: username, personId, roles });
  return (await t.app.accounts.createToken(system, { name: 'scim', userId: user.id })).token;
}

beforeAll(async () => {
  t = await makeTestApp();
  const sci = await addOrg(t, 'SCI');
  const arts = await addOrg(t, 'ARTS');
  reader = await t.tokenFor('idp', [{ role: 'scim' }]);
  scoped = await t.tokenFor('idp-sci', [{ role: 'scim', orgId: sci }]);
  const people: [string, Record<string, unknown>][] = [
    [
      'alma',
      {
        givenName: 'Alma',
        familyName: 'Apps',
        emails: [{ address: 'alma@example.com', label: 'work' }],
        identifiers: [{ kind: 'username', value: 'alma' }],
        affiliation: { orgId: sci, kind: 'staff' },
      },
    ],
    ['zed', { givenName: 'Zed', familyName: 'Zorn', affiliation: { orgId: arts, kind: 'staff' } }],
    ['amos', { givenName: 'Amos', familyName: 'Arts', affiliation: { orgId: arts, kind: 'staff' } }],
  ];
  for (const [key, body] of people) ids[key] = (await createPerson(t, body)).id;
  linked = await linkedToken('alma-idp', ids.alma!, [{ role: 'scim' }]);
  scopedLinked = await linkedToken('zed-idp', ids.zed!, [{ role: 'scim', orgId: sci }]);
  const api = groupsApi(t);
  const folder = await api.folder('apps');
  groups.staff = (await api.group(folder.id, 'staff')).id;
  groups.zoo = (await api.group(folder.id, 'zoo')).id;
  await api.add(groups.staff, { personId: ids.alma });
});
afterAll(() => t.close());

const get = (token: string | null, url: string, headers: Record<string, string> = {}) =>
  t.call(token, { method: 'GET', url: `/scim/v2${url}`, headers });
const search = (token: string, body: Record<string, unknown>) =>
  t.call(token, { method: 'POST', url: '/scim/v2/.search', payload: { schemas: [SEARCH], ...body } });
const found = async (token: string, body: Record<string, unknown>) => {
  const r = await search(token, body);
  expect(r.statusCode, r.body).toBe(200);
  const list = r.json() as { totalResults: number; itemsPerPage: number; Resources: Record<string, unknown>[] };
  return {
    ...list,
    names: list.Resources.map((x) => `${(x.meta as { resourceType: string }).resourceType}:${x.displayName}`),
  };
};

describe('/Me', () => {
  it("answers the token's own person as a User, with its permanent Location and ETag", async () => {
    const r = await get(linked, '/Me');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(r.headers.location).toMatch(new RegExp(`/scim/v2/Users/${ids.alma}$`));
    expect(r.json()).toMatchObject({ id: String(ids.alma), userName: 'alma', meta: { resourceType: 'User' } });
    expect((await get(linked, '/Me', { 'if-none-match': r.headers.etag as string })).statusCode).toBe(304);
    expect(Object.keys((await get(linked, '/Me?attributes=userName')).json()).sort()).toEqual([
      'id',
      'schemas',
      'userName',
    ]);
  });
  it("shows the subject's own User even outside the subtree its role reads", async () => {
    const r = await get(scopedLinked, '/Me');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().id).toBe(String(ids.zed));
    expect((await get(scopedLinked, `/Users/${ids.zed}`)).statusCode).toBe(404);
  });
  it('is 404 when the account has no person, 401 without a token, 403 without scim:read', async () => {
    const none = await get(reader, '/Me');
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ schemas: [ERROR], status: '404' });
    expect(none.json().detail).toMatch(/no User resource/);
    expect((await get(null, '/Me')).statusCode).toBe(401);
    expect((await get(t.tokens.auditor, '/Me')).statusCode).toBe(403);
  });
  it('refuses every write on /Me with 501 and writes nothing', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const r = await t.call(linked, { method, url: '/scim/v2/Me', payload: { schemas: [] } });
      expect(r.statusCode, method).toBe(501);
      expect(r.json()).toMatchObject({ schemas: [ERROR], status: '501' });
    }
    expect((await get(linked, '/Me')).json().userName).toBe('alma');
  });
});

describe('POST /.search from the service root', () => {
  it('finds Users and Groups with one filter, sorted and counted across both', async () => {
    const r = await found(reader, { filter: 'displayName sw "a"', sortBy: 'displayName' });
    expect(r.names).toEqual(['User:Alma Apps', 'User:Amos Arts', 'Group:apps:staff', 'Group:apps:zoo']);
    expect(r.totalResults).toBe(4);
    const down = await found(reader, { filter: 'displayName sw "a"', sortBy: 'displayName', sortOrder: 'descending' });
    expect(down.names).toEqual(['Group:apps:zoo', 'Group:apps:staff', 'User:Amos Arts', 'User:Alma Apps']);
  });
  it('pages across both resource types', async () => {
    const page = await found(reader, { filter: 'displayName sw "a"', sortBy: 'displayName', startIndex: 2, count: 2 });
    expect(page.names).toEqual(['User:Amos Arts', 'Group:apps:staff']);
    expect(page).toMatchObject({ totalResults: 4, itemsPerPage: 2, startIndex: 2 });
    expect((await found(reader, { filter: 'displayName sw "a"', count: 0 })).Resources).toEqual([]);
  });
  it('lets an attribute one type lacks match nothing there (absent: only ne and eq null)', async () => {
    expect((await found(reader, { filter: 'userName eq "alma"' })).names).toEqual(['User:Alma Apps']);
    expect((await found(reader, { filter: `members.value eq "${ids.alma}"` })).names).toEqual(['Group:apps:staff']);
    expect((await found(reader, { filter: 'meta.resourceType eq "Group"' })).totalResults).toBe(2);
    const notAlma = await found(reader, { filter: 'userName ne "alma" and displayName sw "a"' });
    expect(notAlma.names.sort()).toEqual(['Group:apps:staff', 'Group:apps:zoo', 'User:Amos Arts']);
  });
  it('keeps a scoped reader to its subtree for Users', async () => {
    const r = await found(scoped, { filter: 'displayName sw "a"', sortBy: 'displayName' });
    expect(r.names).toEqual(['User:Alma Apps', 'Group:apps:staff', 'Group:apps:zoo']);
  });
  it('refuses a filter neither type knows, a bad sortBy and a body without the SearchRequest schema', async () => {
    const bad = await search(reader, { filter: 'shoeSize eq 9' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ schemas: [ERROR], scimType: 'invalidFilter' });
    expect((await search(reader, { sortBy: 'shoeSize' })).json()).toMatchObject({ scimType: 'invalidValue' });
    const wrong = await t.call(reader, { method: 'POST', url: '/scim/v2/.search', payload: { schemas: ['x'] } });
    expect(wrong.json()).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    expect((await search(t.tokens.auditor, {})).statusCode).toBe(403);
  });
});
