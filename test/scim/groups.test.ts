import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupsApi } from '../groups/world.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg } from '../registry/world.ts';

/** SCIM Groups: full names, effective members as Users, filters on displayName and members.value, paging, scope. */
let t: TestApp;
let reader: string;
let scoped: string;
const g: Record<string, { id: number; name: string }> = {};
const p: Record<string, number> = {};

beforeAll(async () => {
  t = await makeTestApp();
  const api = groupsApi(t);
  const sci = await addOrg(t, 'SCI');
  const arts = await addOrg(t, 'ARTS');
  reader = await t.tokenFor('idp', [{ role: 'scim' }]);
  scoped = await t.tokenFor('idp-sci', [{ role: 'scim', orgId: sci }]);
  const folder = await api.folder('apps');
  g.staff = await api.group(folder.id, 'staff');
  g.chemists = await api.group(folder.id, 'chemists');
  g.empty = await api.group(folder.id, 'empty');
  p.ann = await api.person('Sci', { orgId: sci, kind: 'staff' });
  p.bob = await api.person('Arts', { orgId: arts, kind: 'staff' });
  await api.add(g.chemists.id, { personId: p.ann });
  await api.add(g.staff.id, { personId: p.bob });
  await api.add(g.staff.id, { groupId: g.chemists.id });
});
afterAll(() => t.close());

const get = (token: string, url: string, headers: Record<string, string> = {}) =>
  t.call(token, { method: 'GET', url: `/scim/v2${url}`, headers });

describe('SCIM Groups', () => {
  it('shows a group by its full name with its effective members (nesting flattened) as Users', async () => {
    const r = await get(reader, `/Groups/${g.staff.id}`);
    expect(r.statusCode, r.body).toBe(200);
    const group = r.json();
    expect(group).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      id: String(g.staff.id),
      displayName: 'apps:staff',
      meta: { resourceType: 'Group', version: expect.stringMatching(/^W\/"\d+"$/) },
    });
    expect(group.members.map((m: { value: string }) => m.value).sort()).toEqual([String(p.ann), String(p.bob)].sort());
    expect(group.members[0]).toMatchObject({ type: 'User', $ref: expect.stringContaining('/scim/v2/Users/') });
    expect((await get(reader, `/Groups/${g.staff.id}`, { 'if-none-match': r.headers.etag as string })).statusCode).toBe(
      304,
    );
  });
  it('filters on displayName and members.value, and pages', async () => {
    const names = async (q: string) => {
      const r = await get(reader, `/Groups?${q}`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json().Resources.map((x: { displayName: string }) => x.displayName);
    };
    expect(await names('filter=DISPLAYNAME sw "APPS:C"')).toEqual(['apps:chemists']);
    expect(await names(`filter=members.value eq "${p.ann}"&sortBy=displayName`)).toEqual([
      'apps:chemists',
      'apps:staff',
    ]);
    expect(await names(`filter=members[value eq "${p.bob}"]`)).toEqual(['apps:staff']);
    expect(await names('filter=not (members pr)')).toEqual(['apps:empty']);
    const page = (await get(reader, '/Groups?sortBy=displayName&sortOrder=descending&startIndex=2&count=1')).json();
    expect(page).toMatchObject({
      totalResults: 3,
      itemsPerPage: 1,
      startIndex: 2,
      Resources: [{ displayName: 'apps:empty' }],
    });
    const bad = await get(reader, '/Groups?filter=owner eq "x"');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ scimType: 'invalidFilter', status: '400' });
  });
  it('shows a reader scoped to a subtree only the members it may see, and filters on those only', async () => {
    const staff = (await get(scoped, `/Groups/${g.staff.id}?attributes=members`)).json();
    expect(staff).toEqual({
      schemas: expect.any(Array),
      id: String(g.staff.id),
      members: [expect.objectContaining({ value: String(p.ann) })],
    });
    const r = await get(scoped, `/Groups?filter=members.value eq "${p.bob}"`);
    expect(r.json().totalResults).toBe(0);
  });
});
