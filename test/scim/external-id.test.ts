import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userResolver } from '../../src/scim/scim-attributes.ts';
import { matchesFilter, sortRows } from '../../src/scim/scim-filter-eval.ts';
import { parseScimFilter } from '../../src/scim/scim-filter-rules.ts';
import type { ScimPersonRow } from '../../src/scim/scim-person-row.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg } from '../registry/world.ts';

/**
 * A SCIM client finds its users again by the externalId it gave them (how Okta, OneLogin and some Entra ID setups
 * look a user up): `externalId` filters and sorts as the client's own value, in SQL as in memory; another client
 * sees its own values only; a reader that writes nothing has no externalId at all.
 */
let t: TestApp;
let okta: string;
let onelogin: string;
let reader: string;
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
type Json = Record<string, unknown>;
const ids: Record<string, string> = {};

const send = (token: string, method: string, url: string, payload?: unknown) =>
  t.call(token, {
    method: method as 'GET',
    url: `/scim/v2${url}`,
    ...(payload === undefined
      ? {}
      : { headers: { 'content-type': 'application/scim+json' }, payload: JSON.stringify(payload) }),
  });
const post = async (token: string, userName: string, family: string, externalId?: string) => {
  const r = await send(token, 'POST', '/Users', {
    schemas: [CORE],
    userName,
    name: { givenName: userName, familyName: family },
    ...(externalId ? { externalId } : {}),
  });
  expect(r.statusCode, r.body).toBe(201);
  return (r.json() as { id: string }).id;
};
const found = async (token: string, filter: string, extra = '') => {
  const r = await send(token, 'GET', `/Users?filter=${encodeURIComponent(filter)}${extra}`);
  expect(r.statusCode, r.body).toBe(200);
  return (r.json() as { Resources: Json[] }).Resources;
};
const idsOf = async (token: string, filter: string) => (await found(token, filter)).map((u) => u.id).sort();

beforeAll(async () => {
  t = await makeTestApp();
  const unit = await addOrg(t, 'SCI');
  okta = await t.tokenFor('okta', [{ role: 'scim-writer', orgId: unit }]);
  onelogin = await t.tokenFor('onelogin', [{ role: 'scim-writer', orgId: unit }]);
  reader = await t.tokenFor('reader', [{ role: 'scim' }]);
  ids.a1 = await post(okta, 'alvarez', 'Alvarez', 'E-100');
  ids.a2 = await post(okta, 'brennan', 'Brennan', 'E-200');
  ids.a3 = await post(okta, 'castillo', 'Castillo');
  ids.b1 = await post(onelogin, 'dubois', 'Dubois', 'E-100');
});
afterAll(() => t.close());

describe('externalId in a User filter', () => {
  it('finds the client its user by externalId eq, exactly (caseExact)', async () => {
    const hit = await found(okta, 'externalId eq "E-100"');
    expect(hit.map((u) => [u.id, u.externalId])).toEqual([[ids.a1, 'E-100']]);
    expect(await idsOf(okta, 'externalId eq "e-100"')).toEqual([]);
    expect(await idsOf(okta, `${CORE}:externalId eq "E-200"`)).toEqual([ids.a2]);
  });

  it('gives another client with the same values only its own', async () => {
    expect(await idsOf(onelogin, 'externalId eq "E-100"')).toEqual([ids.b1]);
    expect(await idsOf(onelogin, 'externalId eq "E-200"')).toEqual([]);
    expect(await idsOf(onelogin, 'externalId pr')).toEqual([ids.b1]);
  });

  it('is absent for a reader that writes nothing', async () => {
    expect(await idsOf(reader, 'externalId eq "E-100"')).toEqual([]);
    expect(await idsOf(reader, 'externalId pr')).toEqual([]);
    expect((await idsOf(reader, 'externalId ne "E-100"')).length).toBe(4);
    expect((await found(reader, 'userName eq "alvarez"'))[0]!.externalId).toBeUndefined();
  });

  it('takes every operator, in SQL as in memory', async () => {
    const all = await found(okta, 'id pr', '&count=200');
    const rows = all.map((u) => ({
      ...BASE,
      id: Number(u.id),
      userName: u.userName as string,
      externalId: (u.externalId as string) ?? null,
    }));
    const resolve = userResolver('scim-okta');
    const filters = [
      'externalId ne "E-100"',
      'externalId co "-1"',
      'externalId sw "E-"',
      'externalId ew "00"',
      'externalId gt "E-100"',
      'externalId le "E-100"',
      'externalId pr',
      'not (externalId pr)',
      'externalId eq null',
      'externalId eq "E-100" or userName eq "castillo"',
      'not (externalId eq "E-100")',
    ];
    for (const f of filters) {
      const inMemory = rows.filter((r) => matchesFilter(parseScimFilter(f), r, resolve)).map((r) => String(r.id));
      expect(await idsOf(okta, f), f).toEqual(inMemory.sort());
    }
    expect(await idsOf(okta, 'externalId co "-1"')).toEqual([ids.a1]);
    expect(await idsOf(okta, 'not (externalId pr)')).toEqual([ids.a3, ids.b1].sort());
  });

  it('sorts by externalId (absent last), as the in-memory order does', async () => {
    const page = await found(okta, 'id pr', '&sortBy=externalId&count=200');
    expect(page.slice(0, 2).map((u) => u.id)).toEqual([ids.a1, ids.a2]);
    const rows = page.map((u) => ({
      ...BASE,
      id: Number(u.id),
      userName: u.userName as string,
      externalId: (u.externalId as string) ?? null,
    }));
    const sorted = sortRows(rows, 'externalId', 'descending', userResolver('scim-okta'));
    const desc = await found(okta, 'id pr', '&sortBy=externalId&sortOrder=descending&count=200');
    expect(desc.map((u) => u.id)).toEqual(sorted.map((r) => String(r.id)));
  });

  it('filters a root search by the client its externalId', async () => {
    const r = await send(okta, 'POST', '/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'externalId eq "E-200"',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect((r.json() as { Resources: Json[] }).Resources.map((u) => u.id)).toEqual([ids.a2]);
  });
});

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const groupIds = async (token: string, filter: string) => {
  const r = await send(token, 'GET', `/Groups?filter=${encodeURIComponent(filter)}`);
  expect(r.statusCode, r.body).toBe(200);
  return (r.json() as { Resources: Json[] }).Resources.map((g) => g.id).sort();
};
const newGroup = async (token: string, displayName: string, externalId?: unknown) => {
  const r = await send(token, 'POST', '/Groups', {
    schemas: [GROUP],
    displayName,
    ...(externalId === undefined ? {} : { externalId }),
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as Json & { id: string; meta: { version: string } };
};
const patchGroup = (token: string, id: string, ...ops: unknown[]) =>
  send(token, 'PATCH', `/Groups/${id}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: ops,
  });

describe('externalId of a Group', () => {
  it('is kept for the client that wrote it, shown and filterable for it alone', async () => {
    const eng = await newGroup(okta, 'Engineering', 'G-1');
    expect(eng.externalId).toBe('G-1');
    const theirs = await newGroup(onelogin, 'Engineering', 'G-1');
    expect((await send(okta, 'GET', `/Groups/${eng.id}`)).json()).toMatchObject({ externalId: 'G-1' });
    expect((await send(reader, 'GET', `/Groups/${eng.id}`)).json()).not.toHaveProperty('externalId');
    expect((await send(onelogin, 'GET', `/Groups/${eng.id}`)).json()).not.toHaveProperty('externalId');
    expect(await groupIds(okta, 'externalId eq "G-1"')).toEqual([eng.id]);
    expect(await groupIds(onelogin, 'externalId eq "G-1"')).toEqual([theirs.id]);
    expect(await groupIds(okta, 'externalId eq "g-1"')).toEqual([]);
    expect(await groupIds(reader, 'externalId eq "G-1"')).toEqual([]);
    expect(await groupIds(reader, 'externalId pr')).toEqual([]);
  });

  it('changes with PUT and PATCH (moving the version), is forgotten by remove and by a PUT without it', async () => {
    const g = await newGroup(okta, 'Sales');
    expect(g).not.toHaveProperty('externalId');
    const set = await patchGroup(okta, g.id, { op: 'add', path: 'externalId', value: 'S-1' });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ externalId: 'S-1' });
    expect((set.json() as { meta: { version: string } }).meta.version).not.toBe(g.meta.version);
    const replaced = await patchGroup(okta, g.id, { op: 'replace', value: { externalId: 'S-2' } });
    expect(replaced.json()).toMatchObject({ externalId: 'S-2' });
    expect(await groupIds(okta, 'externalId eq "S-2"')).toEqual([g.id]);
    expect(await groupIds(okta, 'externalId eq "S-1"')).toEqual([]);
    const removed = await patchGroup(okta, g.id, { op: 'remove', path: 'externalId' });
    expect(removed.json()).not.toHaveProperty('externalId');
    const put = await send(okta, 'PUT', `/Groups/${g.id}`, {
      schemas: [GROUP],
      displayName: 'Sales',
      externalId: 'S-3',
    });
    expect(put.json()).toMatchObject({ externalId: 'S-3' });
    const cleared = await send(okta, 'PUT', `/Groups/${g.id}`, { schemas: [GROUP], displayName: 'Sales' });
    expect(cleared.json()).not.toHaveProperty('externalId');
    expect(await groupIds(okta, 'externalId pr and displayName eq "Sales"')).toEqual([]);
  });

  it('refuses an externalId that is no string, writing nothing; goes with its group', async () => {
    const r = await send(okta, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Bad', externalId: 5 });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ scimType: 'invalidValue', detail: expect.stringContaining('externalId') });
    expect(await groupIds(okta, 'displayName eq "Bad"')).toEqual([]);
    const g = await newGroup(okta, 'Short-lived', 'T-1');
    expect((await send(okta, 'DELETE', `/Groups/${g.id}`)).statusCode).toBe(204);
    const left = await t
      .db()
      .selectFrom('scim_group_external_ids')
      .selectAll()
      .where('external_id', '=', 'T-1')
      .execute();
    expect(left).toEqual([]);
  });
});

const BASE: ScimPersonRow = {
  id: 0,
  userName: '',
  givenName: '',
  middleName: null,
  familyName: '',
  preferredName: null,
  emails: [],
  phones: [],
  active: true,
  created: new Date(0),
  lastModified: new Date(0),
  version: 1,
  employeeNumber: null,
};
