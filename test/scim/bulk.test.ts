import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupsApi } from '../groups/world.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg } from '../registry/world.ts';

/** SCIM /Bulk: operations run in order through the same routes, bulkId references resolved, limits enforced. */
let t: TestApp;
let writer: string;
let reader: string;
let partner: string;
const p: Record<string, number> = {};
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

beforeAll(async () => {
  t = await makeTestApp();
  const api = groupsApi(t);
  writer = await t.tokenFor('okta', [{ role: 'scim-writer' }]);
  partner = await t.tokenFor('partner', [{ role: 'scim-writer', orgId: await addOrg(t, 'BULK') }]);
  reader = await t.tokenFor('idp', [{ role: 'scim' }]);
  p.ann = await api.person('Ann');
  p.cy = await api.person('Cy');
});
afterAll(() => t.close());

const bulk = (token: string | null, Operations: unknown[], extra: Record<string, unknown> = {}) =>
  t.call(token, { method: 'POST', url: '/scim/v2/Bulk', payload: { schemas: [BULK], Operations, ...extra } });
const groupCount = async () =>
  Number(
    (
      await t
        .db()
        .selectFrom('groups')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const post = (bulkId: string, displayName: string, members: number[] = []) => ({
  method: 'POST',
  path: '/Groups',
  bulkId,
  data: { schemas: [CORE], displayName, members: members.map((id) => ({ value: String(id) })) },
});

describe('SCIM Bulk', () => {
  it('runs Groups operations in order, resolving bulkId references (forward ones too)', async () => {
    const r = await bulk(writer, [
      {
        method: 'PATCH',
        path: '/Groups/bulkId:eng',
        data: { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: String(p.cy) }] }] },
      },
      post('eng', 'Engineering', [p.ann]),
      post('ops', 'Operations'),
      { method: 'PUT', path: '/Groups/bulkId:ops', data: { schemas: [CORE], displayName: 'Ops' } },
      { method: 'DELETE', path: '/Groups/bulkId:ops' },
    ]);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:BulkResponse']);
    const ops = body.Operations as {
      method: string;
      bulkId?: string;
      status: string;
      location: string;
      version?: string;
    }[];
    expect(ops.map((o) => [o.method, o.bulkId, o.status])).toEqual([
      ['PATCH', undefined, '200'],
      ['POST', 'eng', '201'],
      ['POST', 'ops', '201'],
      ['PUT', undefined, '200'],
      ['DELETE', undefined, '204'],
    ]);
    const eng = ops[1]!.location.split('/').at(-1)!;
    expect(ops[0]!.location).toMatch(new RegExp(`/scim/v2/Groups/${eng}$`));
    expect(ops[1]!.version).toMatch(/^W\/"\d+"$/);
    const group = (await t.call(writer, { method: 'GET', url: `/scim/v2/Groups/${eng}` })).json();
    expect(group.members.map((m: { value: string }) => Number(m.value)).sort()).toEqual([p.ann, p.cy].sort());
    const ops2 = ops[2]!.location.split('/').at(-1)!;
    expect((await t.call(writer, { method: 'GET', url: `/scim/v2/Groups/${ops2}` })).statusCode).toBe(404);
  });

  it('answers each failed operation with its own error: circular and unknown references 409, the rest still run', async () => {
    const r = await bulk(writer, [
      { ...post('x', 'X'), data: { schemas: [CORE], displayName: 'X', members: [{ value: 'bulkId:y' }] } },
      { ...post('y', 'Y'), data: { schemas: [CORE], displayName: 'Y', members: [{ value: 'bulkId:x' }] } },
      { method: 'DELETE', path: '/Groups/bulkId:nowhere' },
      post('dup', 'Engineering'),
      post('fine', 'Fine'),
    ]);
    const ops = r.json().Operations;
    expect(ops.map((o: { status: string }) => o.status)).toEqual(['409', '409', '409', '409', '201']);
    expect(ops[0].response).toMatchObject({ status: '409', detail: expect.stringContaining('circular') });
    expect(ops[3].response).toMatchObject({ status: '409', scimType: 'uniqueness' });
  });

  it('stops after failOnErrors errors; operations using a bulkId whose POST failed are 409', async () => {
    const before = await groupCount();
    const r = await bulk(
      writer,
      [post('bad', 'Bad', [999999]), { method: 'DELETE', path: '/Groups/bulkId:bad' }, post('later', 'Later')],
      { failOnErrors: 2 },
    );
    const ops = r.json().Operations;
    expect(ops.map((o: { status: string }) => o.status)).toEqual(['400', '409']);
    expect(ops[0].response).toMatchObject({ scimType: 'invalidValue' });
    expect(await groupCount()).toBe(before);
  });

  it('refuses more than maxOperations or maxPayloadSize (413), running nothing; readers may not bulk', async () => {
    const before = await groupCount();
    const many = Array.from({ length: 1001 }, (_, i) => post(`g${i}`, `G${i}`));
    const tooMany = await bulk(writer, many);
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json()).toMatchObject({ status: '413', detail: expect.stringContaining('maxOperations') });
    const big = await bulk(writer, [
      { ...post('big', 'Big'), data: { schemas: [CORE], displayName: 'x'.repeat(1_100_000) } },
    ]);
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '413' });
    expect((await bulk(reader, [post('r', 'R')])).statusCode).toBe(403);
    expect((await bulk(null, [post('r', 'R')])).statusCode).toBe(401);
    expect(await groupCount()).toBe(before);
  });

  it('reports a Users operation with the status the route itself answers', async () => {
    const data = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], nickName: 'no userName' };
    const alone = await t.call(writer, { method: 'POST', url: '/scim/v2/Users', payload: data });
    const r = await bulk(writer, [{ method: 'POST', path: '/Users', bulkId: 'u', data }]);
    expect(alone.statusCode).toBeGreaterThanOrEqual(400);
    expect(r.json().Operations).toEqual([
      { method: 'POST', bulkId: 'u', status: String(alone.statusCode), response: alone.json() },
    ]);
  });

  it('creates a user and a group naming it by bulkId in one request (RFC 7644 §3.7.2), the user a record of the client', async () => {
    const r = await bulk(partner, [
      {
        method: 'POST',
        path: '/Groups',
        bulkId: 'team',
        data: { schemas: [CORE], displayName: 'Tour Guides', members: [{ type: 'User', value: 'bulkId:alice' }] },
      },
      {
        method: 'POST',
        path: '/Users',
        bulkId: 'alice',
        data: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'alice.bulk', externalId: 'A-1' },
      },
    ]);
    expect(r.statusCode, r.body).toBe(200);
    const ops = r.json().Operations as { bulkId: string; status: string; location: string }[];
    expect(
      ops.map((o) => [o.bulkId, o.status]),
      JSON.stringify(ops),
    ).toEqual([
      ['team', '201'],
      ['alice', '201'],
    ]);
    const alice = ops
      .find((o) => o.bulkId === 'alice')!
      .location.split('/')
      .at(-1)!;
    const team = ops
      .find((o) => o.bulkId === 'team')!
      .location.split('/')
      .at(-1)!;
    const group = (await t.call(partner, { method: 'GET', url: `/scim/v2/Groups/${team}` })).json();
    expect(group.members.map((m: { value: string }) => m.value)).toEqual([alice]);
    const record = await t
      .db()
      .selectFrom('source_records')
      .select(['source', 'person_id'])
      .where('source', '=', 'scim-partner')
      .executeTakeFirstOrThrow();
    expect(String(record.person_id)).toBe(alice);
  });
});
