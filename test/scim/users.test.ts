import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg, createPerson } from '../registry/world.ts';

/** The SCIM read side over HTTP: authorisation, Users one and listed, filters, paging, projection, errors. */
let t: TestApp;
let reader: string;
let scoped: string;
const ids: Record<string, number> = {};
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

beforeAll(async () => {
  t = await makeTestApp();
  const sci = await addOrg(t, 'SCI');
  const chem = await addOrg(t, 'CHEM', sci);
  const arts = await addOrg(t, 'ARTS');
  reader = await t.tokenFor('idp', [{ role: 'scim' }]);
  scoped = await t.tokenFor('idp-sci', [{ role: 'scim', orgId: sci }]);
  const people: [string, Record<string, unknown>][] = [
    [
      'barbara',
      {
        givenName: 'Barbara',
        familyName: 'Jensen',
        middleName: 'Jane',
        emails: [
          { address: 'bjensen@example.com', label: 'work' },
          { address: 'babs@jensen.org', label: 'home' },
        ],
        phones: [{ number: '+1 555 555 5555', label: 'work' }],
        identifiers: [
          { kind: 'username', value: 'bjensen' },
          { kind: 'employee-number', value: '701984' },
        ],
        affiliation: { orgId: chem, kind: 'staff', title: 'Tour Guide' },
      },
    ],
    ['jim', { givenName: 'Jim', familyName: 'Smith', emails: [{ address: 'jim@example.org', label: 'work' }] }],
    ['ann', { givenName: 'Ann', familyName: 'Arts', affiliation: { orgId: arts, kind: 'staff' } }],
  ];
  for (const [key, body] of people) ids[key] = (await createPerson(t, body)).id;
});
afterAll(() => t.close());

const get = (token: string | null, url: string, headers: Record<string, string> = {}) =>
  t.call(token, { method: 'GET', url: `/scim/v2${url}`, headers });
const list = async (token: string, query: string) => {
  const r = await get(token, `/Users?${query}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as {
    totalResults: number;
    itemsPerPage: number;
    startIndex: number;
    Resources: Record<string, unknown>[];
  };
};

describe('authorisation', () => {
  it('refuses a caller without a token with 401 in the SCIM error shape', async () => {
    const r = await get(null, '/Users');
    expect(r.statusCode).toBe(401);
    expect(r.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(r.json()).toMatchObject({ schemas: [ERROR], status: '401' });
  });
  it('refuses an account without scim:read (an auditor) with 403', async () => {
    const r = await get(t.tokens.auditor, '/Users');
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ schemas: [ERROR], status: '403' });
  });
  it('lets a scim reader and a system administrator read everyone', async () => {
    expect((await list(reader, '')).totalResults).toBe(3);
    expect((await list(t.tokens.admin, '')).totalResults).toBe(3);
  });
  it('shows a reader scoped to a subtree only the people affiliated there', async () => {
    const page = await list(scoped, '');
    expect(page.Resources.map((u) => u.id)).toEqual([String(ids.barbara)]);
    expect((await get(scoped, `/Users/${ids.ann}`)).statusCode).toBe(404);
  });
});

describe('discovery', () => {
  it('describes the service, its resource types and schemas with the RFC attribute characteristics', async () => {
    const spc = (await get(reader, '/ServiceProviderConfig')).json();
    expect(spc).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      filter: { supported: true, maxResults: 200 },
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
      sort: { supported: true },
      etag: { supported: true },
    });
    const types = (await get(reader, '/ResourceTypes')).json();
    expect(types.Resources.map((r: { id: string }) => r.id)).toEqual(['User', 'Group']);
    const user = (await get(reader, '/ResourceTypes/User')).json();
    expect(user.schemaExtensions.map((e: { schema: string }) => e.schema)).toEqual([
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      'urn:ietf:params:scim:schemas:extension:steward:2.0:Person',
    ]);
    const schemas = (await get(reader, '/Schemas')).json();
    expect(schemas.totalResults).toBe(4);
    const core = (await get(reader, '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User')).json();
    const userName = core.attributes.find((a: { name: string }) => a.name === 'userName');
    expect(userName).toMatchObject({
      type: 'string',
      caseExact: false,
      uniqueness: 'server',
      returned: 'default',
      mutability: 'readWrite',
    });
    const enterprise = (
      await get(reader, '/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User')
    ).json();
    expect(enterprise.attributes.map((a: { name: string }) => a.name)).toEqual(
      expect.arrayContaining(['employeeNumber', 'department', 'manager', 'organization']),
    );
    const steward = (await get(reader, '/Schemas/urn:ietf:params:scim:schemas:extension:steward:2.0:Person')).json();
    expect(steward.attributes.map((a: { name: string }) => a.name)).toEqual([
      'statuses',
      'primaryOrgUnit',
      'affiliationKind',
      'affiliations',
      'identifiers',
    ]);
    expect((await get(reader, '/Schemas/urn:nope')).statusCode).toBe(404);
    const unknown = await get(reader, '/Schemas?page=2');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ scimType: 'invalidValue' });
  });
});

describe('a User', () => {
  it('maps the person to the core User, the enterprise and Steward extensions, with meta and an ETag', async () => {
    const r = await get(reader, `/Users/${ids.barbara}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/scim\+json/);
    const u = r.json();
    expect(u).toMatchObject({
      id: String(ids.barbara),
      userName: 'bjensen',
      name: { givenName: 'Barbara', familyName: 'Jensen', middleName: 'Jane', formatted: 'Barbara Jane Jensen' },
      displayName: 'Barbara Jensen',
      emails: [
        { value: 'bjensen@example.com', type: 'work', primary: true },
        { value: 'babs@jensen.org', type: 'home', primary: false },
      ],
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
        employeeNumber: '701984',
        department: 'Unit CHEM',
        organization: 'Unit SCI',
      },
      'urn:ietf:params:scim:schemas:extension:steward:2.0:Person': { primaryOrgUnit: 'CHEM' },
      meta: { resourceType: 'User', location: `http://localhost:80/scim/v2/Users/${ids.barbara}`, version: 'W/"1"' },
    });
    expect(u.schemas[0]).toBe('urn:ietf:params:scim:schemas:core:2.0:User');
    expect(r.headers.etag).toBe('W/"1"');
    const again = await get(reader, `/Users/${ids.barbara}`, { 'if-none-match': 'W/"1"' });
    expect(again.statusCode).toBe(304);
  });
  it('gives a person without a username identifier the stable userName person-<id>', async () => {
    expect((await get(reader, `/Users/${ids.jim}`)).json().userName).toBe(`person-${ids.jim}`);
  });
  it('answers 404 in the SCIM shape for an unknown or malformed id', async () => {
    for (const id of ['999999', 'abc']) {
      const r = await get(reader, `/Users/${id}`);
      expect(r.statusCode).toBe(404);
      expect(r.json()).toMatchObject({ schemas: [ERROR], status: '404' });
    }
  });
});

describe('listing Users', () => {
  it('filters with case-insensitive names and values, complex filters, and sorts', async () => {
    const names = async (q: string) => (await list(reader, q)).Resources.map((u) => u.displayName);
    expect(await names('filter=USERNAME eq "BJENSEN"')).toEqual(['Barbara Jensen']);
    expect(await names('filter=emails[type eq "work" and value co "@example.org"]')).toEqual(['Jim Smith']);
    expect(await names('filter=emails co "example"&sortBy=name.familyName&sortOrder=descending')).toEqual([
      'Jim Smith',
      'Barbara Jensen',
    ]);
    expect(await names(`filter=not (emails pr)`)).toEqual(['Ann Arts']);
    expect(await names(`filter=meta.lastModified gt "2000-01-01T00:00:00Z" and name.givenName sw "a"`)).toEqual([
      'Ann Arts',
    ]);
  });
  it('pages with startIndex (1-based, below 1 read as 1) and count (0: only the total)', async () => {
    const first = await list(reader, 'sortBy=userName&startIndex=0&count=2');
    expect(first).toMatchObject({ totalResults: 3, itemsPerPage: 2, startIndex: 1 });
    const second = await list(reader, 'sortBy=userName&startIndex=3&count=2');
    expect(second).toMatchObject({ totalResults: 3, itemsPerPage: 1, startIndex: 3 });
    const beyond = await list(reader, 'startIndex=99999999999999999999&count=100000');
    expect(beyond).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
    const none = await list(reader, 'count=0');
    expect(none).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
  });
  it('returns only the asked attributes, always with id and schemas; or all but the excluded', async () => {
    const page = await list(reader, `filter=id eq "${ids.barbara}"&attributes=userName,name.familyName`);
    expect(page.Resources[0]).toEqual({
      schemas: expect.any(Array),
      id: String(ids.barbara),
      userName: 'bjensen',
      name: { familyName: 'Jensen' },
    });
    const without = await list(
      reader,
      `filter=id eq "${ids.barbara}"&excludedAttributes=emails,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`,
    );
    const u = without.Resources[0]!;
    expect(u.emails).toBeUndefined();
    expect(u['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']).toEqual({
      employeeNumber: '701984',
      organization: 'Unit SCI',
    });
  });
  it('refuses bad filters, unknown attributes and unknown parameters with the right scimType', async () => {
    const cases: [string, string][] = [
      ['filter=userName eq', 'invalidFilter'],
      ['filter=shoeSize eq "9"', 'invalidFilter'],
      ['filter=active gt true', 'invalidFilter'],
      ['filter=meta.created gt "yesterday"', 'invalidFilter'],
      ['colour=blue', 'invalidValue'],
      ['sortOrder=sideways', 'invalidValue'],
      ['count=many', 'invalidValue'],
    ];
    for (const [q, scimType] of cases) {
      const r = await get(reader, `/Users?${q}`);
      expect(r.statusCode, q).toBe(400);
      expect(r.json(), q).toMatchObject({ schemas: [ERROR], status: '400', scimType });
    }
  });
  it('answers POST /Users/.search like the query, taking application/scim+json', async () => {
    const r = await t.call(reader, {
      method: 'POST',
      url: '/scim/v2/Users/.search',
      headers: { 'content-type': 'application/scim+json' },
      payload: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        attributes: ['displayName', 'userName'],
        filter: 'displayName sw "barb"',
        startIndex: 1,
        count: 10,
      }),
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 1,
      Resources: [{ userName: 'bjensen', displayName: 'Barbara Jensen' }],
    });
  });
});
