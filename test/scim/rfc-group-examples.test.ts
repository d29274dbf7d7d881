import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupsApi } from '../groups/world.ts';
import { makeTestApp, type TestApp } from '../harness.ts';

/**
 * RFC 7644's Group write examples (§3.5.2.1–§3.5.2.3 member PATCHes, §3.7 bulk), with Steward's ids for the RFC's
 * UUIDs and Groups for its Users where Steward takes no User writes here.
 */
let t: TestApp;
let token: string;
let babs: number;
let mandy: number;
let group: string;
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

beforeAll(async () => {
  t = await makeTestApp();
  const api = groupsApi(t);
  token = await t.tokenFor('example', [{ role: 'scim-writer' }]);
  babs = await api.person('Jensen');
  mandy = await api.person('Pepperidge');
  const r = await t.call(token, {
    method: 'POST',
    url: '/scim/v2/Groups',
    payload: { schemas: [CORE], displayName: 'Tour Guides' },
  });
  expect(r.statusCode, r.body).toBe(201);
  group = r.json().id;
});
afterAll(() => t.close());

const ref = (id: number, display: string) => ({
  display,
  $ref: `https://example.com/v2/Users/${id}`,
  value: String(id),
});
const patch = async (Operations: unknown[]) => {
  const r = await t.call(token, {
    method: 'PATCH',
    url: `/scim/v2/Groups/${group}`,
    payload: { schemas: [PATCH], Operations },
  });
  expect(r.statusCode, r.body).toBe(200);
  return (r.json().members ?? []).map((m: { value: string }) => Number(m.value)).sort((a: number, b: number) => a - b);
};

describe('RFC 7644 §3.5.2 Group PATCH examples', () => {
  it('§3.5.2.1 adds a member', async () => {
    expect(await patch([{ op: 'add', path: 'members', value: [ref(babs, 'Babs Jensen')] }])).toEqual([babs]);
  });
  it('§3.5.2.2 removes one member, removes all, and removes and adds in one request', async () => {
    await patch([{ op: 'add', path: 'members', value: [ref(mandy, 'Mandy Pepperidge')] }]);
    expect(await patch([{ op: 'remove', path: `members[value eq "${babs}"]` }])).toEqual([mandy]);
    expect(await patch([{ op: 'remove', path: 'members' }])).toEqual([]);
    await patch([{ op: 'add', path: 'members', value: [ref(babs, 'Babs Jensen')] }]);
    expect(
      await patch([
        { op: 'remove', path: `members[value eq "${babs}"]` },
        { op: 'add', path: 'members', value: [ref(mandy, 'Mandy Pepperidge')] },
      ]),
    ).toEqual([mandy]);
  });
  it('§3.5.2.3 replaces all members', async () => {
    expect(
      await patch([
        { op: 'replace', path: 'members', value: [ref(babs, 'Babs Jensen'), ref(mandy, 'Mandy Pepperidge')] },
      ]),
    ).toEqual([babs, mandy].sort((a, b) => a - b));
  });
  it('§3.5.2 refuses a remove without a path (noTarget) and an unknown path (invalidPath)', async () => {
    const go = (Operations: unknown[]) =>
      t.call(token, { method: 'PATCH', url: `/scim/v2/Groups/${group}`, payload: { schemas: [PATCH], Operations } });
    expect((await go([{ op: 'remove' }])).json()).toMatchObject({ status: '400', scimType: 'noTarget' });
    expect((await go([{ op: 'add', path: 'owners', value: [] }])).json()).toMatchObject({ scimType: 'invalidPath' });
  });
});

describe('RFC 7644 §3.7 bulk examples, with Groups', () => {
  it('§3.7.1 runs POST, PUT, PATCH and DELETE with versions; a stale version is that operation’s 412', async () => {
    const current = (await t.call(token, { method: 'GET', url: `/scim/v2/Groups/${group}` })).headers.etag as string;
    const r = await t.call(token, {
      method: 'POST',
      url: '/scim/v2/Bulk',
      payload: {
        schemas: [BULK],
        failOnErrors: 1,
        Operations: [
          { method: 'POST', path: '/Groups', bulkId: 'qwerty', data: { schemas: [CORE], displayName: 'Alice Group' } },
          {
            method: 'PUT',
            path: `/Groups/${group}`,
            version: current,
            data: { schemas: [CORE], displayName: 'Tour Guides', members: [ref(babs, 'Babs')] },
          },
          {
            method: 'PATCH',
            path: `/Groups/${group}`,
            version: current,
            data: { schemas: [PATCH], Operations: [{ op: 'remove', path: 'members' }] },
          },
          { method: 'DELETE', path: '/Groups/bulkId:qwerty' },
        ],
      },
    });
    expect(r.statusCode, r.body).toBe(200);
    // failOnErrors 1: the stale PATCH is the first error, so the DELETE after it is not run.
    expect(r.json().Operations.map((o: { method: string; status: string }) => `${o.method} ${o.status}`)).toEqual([
      'POST 201',
      'PUT 200',
      'PATCH 412',
    ]);
  });
  it('§3.7.2 resolves a bulkId used in a later operation; §3.7.3 a circular reference is 409 for each operation in it', async () => {
    const r = await t.call(token, {
      method: 'POST',
      url: '/scim/v2/Bulk',
      payload: {
        schemas: [BULK],
        Operations: [
          { method: 'POST', path: '/Groups', bulkId: 'qwerty', data: { schemas: [CORE], displayName: 'Group A' } },
          {
            method: 'PATCH',
            path: '/Groups/bulkId:qwerty',
            data: { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: String(babs) }] }] },
          },
          {
            method: 'POST',
            path: '/Groups',
            bulkId: 'ytrewq',
            data: { schemas: [CORE], displayName: 'Group B', members: [{ type: 'User', value: 'bulkId:abcdef' }] },
          },
          {
            method: 'POST',
            path: '/Groups',
            bulkId: 'abcdef',
            data: { schemas: [CORE], displayName: 'Group C', members: [{ type: 'User', value: 'bulkId:ytrewq' }] },
          },
        ],
      },
    });
    const ops = r.json().Operations;
    expect(ops.map((o: { status: string }) => o.status)).toEqual(['201', '200', '409', '409']);
    expect(ops[1].location).toBe(ops[0].location);
  });
});
