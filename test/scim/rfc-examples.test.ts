import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg, createPerson } from '../registry/world.ts';

/**
 * Steward's own conformance suite for the SCIM read side, written from the examples of RFC 7644 §3.4.2 (filters,
 * paging, .search, attributes), §3.12 (errors) and RFC 7643 §8 (User representations): each request is sent as the
 * RFC shows it and the answer is checked in shape.
 */
let t: TestApp;
let token: string;
let bjensen: number;
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

beforeAll(async () => {
  t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
  token = await t.tokenFor('conformance', [{ role: 'scim' }]);
  const org = await addOrg(t, 'EXA');
  bjensen = (
    await createPerson(t, {
      givenName: 'Barbara',
      middleName: 'Jane',
      familyName: 'Jensen',
      emails: [
        { address: 'bjensen@example.com', label: 'work' },
        { address: 'babs@jensen.org', label: 'home' },
      ],
      phones: [{ number: '555-555-5555', label: 'work' }],
      identifiers: [
        { kind: 'username', value: 'bjensen' },
        { kind: 'employee-number', value: '701984' },
      ],
      affiliation: { orgId: org, kind: 'staff' },
    })
  ).id;
  await createPerson(t, { givenName: 'Kevin', familyName: "O'Malley", emails: [{ address: 'kom@example.org' }] });
  for (let i = 0; i < 12; i++) await createPerson(t, { givenName: `Jo${i}`, familyName: `Smith${i}` });
});
afterAll(() => t.close());

const get = (url: string) => t.call(token, { method: 'GET', url: `/scim/v2${url}` });
const listOf = async (query: string) => {
  const r = await get(`/Users?${query}`);
  expect(r.statusCode, `${query}: ${r.body}`).toBe(200);
  const body = r.json();
  expect(body.schemas, query).toEqual([LIST]);
  expect(body, query).toEqual(
    expect.objectContaining({ totalResults: expect.any(Number), startIndex: 1, itemsPerPage: expect.any(Number) }),
  );
  return body as { totalResults: number; Resources: { id: string; userName: string }[] };
};

describe('RFC 7644 §3.4.2.2: the example filters', () => {
  // Each example with the userNames Steward must answer (people hold no title, userType or ims: absent).
  const examples: [string, string[] | number][] = [
    ['userName eq "bjensen"', ['bjensen']],
    [`name.familyName co "O'Malley"`, 1],
    ['userName sw "J"', 0],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "b"', ['bjensen']],
    ['title pr', 0],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', 14],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', 14],
    ['meta.lastModified lt "2011-05-13T04:42:34Z"', 0],
    ['meta.lastModified le "2011-05-13T04:42:34Z"', 0],
    ['title pr and userType eq "Employee"', 0],
    ['title pr or userType eq "Intern"', 0],
    ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', 0],
    ['userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', 12],
    ['userType eq "Employee" and (emails.type eq "work")', 0],
    ['userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', 0],
    ['emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]', ['bjensen']],
  ];
  for (const [filter, expected] of examples)
    it(filter, async () => {
      const body = await listOf(`filter=${encodeURIComponent(filter)}`);
      if (typeof expected === 'number') expect(body.totalResults).toBe(expected);
      else expect(body.Resources.map((u) => u.userName)).toEqual(expected);
    });
});

describe('RFC 7644 §3.4.2.4 and §3.4.3: paging and .search', () => {
  it('GET /Users?startIndex=1&count=10 answers a page of 10 with the total', async () => {
    const body = await listOf('startIndex=1&count=10');
    expect(body).toMatchObject({ totalResults: 14, itemsPerPage: 10, startIndex: 1 });
    expect(body.Resources).toHaveLength(10);
  });
  it('POST /.search with the RFC request body', async () => {
    const r = await t.call(token, {
      method: 'POST',
      url: '/scim/v2/Users/.search',
      headers: { 'content-type': 'application/scim+json' },
      payload: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
        attributes: ['displayName', 'userName'],
        filter: 'displayName sw "smith"',
        startIndex: 1,
        count: 10,
      }),
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ schemas: [LIST], totalResults: 0, Resources: [] });
    const jo = await listOf('filter=displayName sw "jo1"&attributes=displayName,userName');
    for (const u of jo.Resources) expect(Object.keys(u).sort()).toEqual(['displayName', 'id', 'schemas', 'userName']);
  });
});

describe('RFC 7644 §3.9 and §3.12: attributes and errors', () => {
  it('GET /Users/{id}?attributes=userName answers schemas, id and userName', async () => {
    const r = await get(`/Users/${bjensen}?attributes=userName`);
    expect(r.json()).toEqual({ schemas: expect.arrayContaining([USER]), id: String(bjensen), userName: 'bjensen' });
  });
  it('an unknown resource is the 404 error of §3.12', async () => {
    const r = await get('/Users/2819c223-7f76-453a-919d-413861904646');
    expect(r.statusCode).toBe(404);
    expect(r.json()).toEqual({ schemas: [ERROR], status: '404', detail: expect.any(String) });
  });
  it('a filter the service cannot parse is 400 invalidFilter', async () => {
    const r = await get(`/Users?filter=${encodeURIComponent('userName eq "bjensen" and')}`);
    expect(r.json()).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidFilter' });
  });
});

/** RFC 7643 §8.2 and §8.3: the full and enterprise User examples, by attribute and JSON type. */
const fullUser = {
  schemas: [USER, ENTERPRISE],
  id: '2819c223-7f76-453a-919d-413861904646',
  userName: 'bjensen@example.com',
  name: { formatted: 'Ms. Barbara J Jensen, III', familyName: 'Jensen', givenName: 'Barbara', middleName: 'Jane' },
  displayName: 'Babs Jensen',
  emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
  phoneNumbers: [{ value: '555-555-5555', type: 'work', primary: true }],
  active: true,
  [ENTERPRISE]: {
    employeeNumber: '701984',
    costCenter: '4130',
    organization: 'Universal Studios',
    department: 'Tour Operations',
  },
  meta: {
    resourceType: 'User',
    created: '2010-01-23T04:56:22Z',
    lastModified: '2011-05-13T04:42:34Z',
    version: 'W/"3694e05e9dff591"',
    location: 'https://example.com/v2/Users/2819c223-7f76-453a-919d-413861904646',
  },
};

function sameShape(ours: unknown, theirs: unknown, path: string): void {
  if (Array.isArray(theirs)) {
    expect(Array.isArray(ours), path).toBe(true);
    for (const item of ours as unknown[]) sameShape(item, theirs[0], `${path}[]`);
  } else if (theirs && typeof theirs === 'object') {
    expect(typeof ours, path).toBe('object');
    for (const [k, v] of Object.entries(ours as object)) {
      expect(Object.keys(theirs), `${path}.${k} is in the RFC's example`).toContain(k);
      sameShape(v, (theirs as Record<string, unknown>)[k], `${path}.${k}`);
    }
  } else expect(typeof ours, path).toBe(typeof theirs);
}

describe('RFC 7643 §8: the User representation', () => {
  it('answers a User whose core and enterprise attributes have the names and types of the RFC example', async () => {
    const u = (await get(`/Users/${bjensen}`)).json();
    const { ['urn:ietf:params:scim:schemas:extension:steward:2.0:Person']: steward, schemas, ...core } = u;
    expect(schemas).toEqual([USER, ENTERPRISE, 'urn:ietf:params:scim:schemas:extension:steward:2.0:Person']);
    expect(steward).toBeDefined();
    sameShape(core, fullUser, 'User');
    expect(u.meta.version).toMatch(/^W\/".+"$/);
    expect(u.meta.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  });
});
