import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg } from '../registry/world.ts';

/**
 * Steward's conformance suite for the SCIM write side of Users, from the examples of RFC 7644: §3.3 (POST), §3.5.1
 * (PUT), §3.5.2 (PATCH: the add, remove and replace examples that apply to a User), §3.6 (DELETE) and §3.14 (ETags).
 * Each request is sent as the RFC shows it (with Steward's ids for the RFC's) by a client whose unit is EXA, and the
 * answer is checked against the RFC's response. Where Steward deliberately differs it says so: DELETE ends the
 * client's record and never erases the person, so GET still answers (active false) instead of 404.
 */
let t: TestApp;
let token: string;
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

beforeAll(async () => {
  t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
  const exa = await addOrg(t, 'EXA');
  token = await t.tokenFor('idp', [{ role: 'scim-writer', orgId: exa }]);
});
afterAll(() => t.close());

const send = (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  t.call(token, {
    method: method as 'GET',
    url: `/scim/v2${url}`,
    headers: {
      accept: 'application/scim+json',
      ...(payload === undefined ? {} : { 'content-type': 'application/scim+json' }),
      ...headers,
    },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });
const isoTime = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
const weak = expect.stringMatching(/^W\/"\d+"$/);

/** §3.3: the RFC's POST of bjensen. */
const bjensen = {
  schemas: [USER],
  userName: 'bjensen',
  externalId: 'bjensen',
  name: { formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara' },
};
let id = '';
let version = '';

describe('RFC 7644 §3.3: creating a User', () => {
  it('answers 201 with the resource, Location = meta.location and the ETag', async () => {
    const r = await send('POST', '/Users', bjensen);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.headers['content-type']).toMatch(/^application\/scim\+json/);
    const body = r.json();
    expect(body).toMatchObject({
      schemas: expect.arrayContaining([USER]),
      id: expect.any(String),
      externalId: 'bjensen',
      meta: {
        resourceType: 'User',
        created: isoTime,
        lastModified: isoTime,
        location: expect.stringMatching(new RegExp(`/scim/v2/Users/${body.id}$`)),
        version: weak,
      },
      name: { formatted: 'Barbara Jensen', familyName: 'Jensen', givenName: 'Barbara' },
      userName: 'bjensen',
    });
    expect(r.headers.location).toBe(body.meta.location);
    expect(r.headers.etag).toBe(body.meta.version);
    id = body.id;
    version = body.meta.version;
  });

  it('a second POST of the same userName is 409 uniqueness (§3.3, §3.12)', async () => {
    const r = await send('POST', '/Users', bjensen);
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
  });
});

describe('RFC 7644 §3.5.1: replacing a User with PUT', () => {
  it('replaces the resource (If-Match naming the current version) and answers 200 with a new version', async () => {
    const r = await send(
      'PUT',
      `/Users/${id}`,
      {
        schemas: [USER],
        id,
        userName: 'bjensen',
        externalId: 'bjensen',
        name: { formatted: 'Ms. Barbara J Jensen III', familyName: 'Jensen', givenName: 'Barbara', middleName: 'Jane' },
        roles: [],
        emails: [{ value: 'bjensen@example.com' }, { value: 'babs@jensen.org' }],
      },
      { 'if-match': version },
    );
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({
      id,
      userName: 'bjensen',
      externalId: 'bjensen',
      name: { familyName: 'Jensen', givenName: 'Barbara', middleName: 'Jane' },
      emails: [
        { value: 'bjensen@example.com', primary: true },
        { value: 'babs@jensen.org', primary: false },
      ],
      meta: { resourceType: 'User', version: weak },
    });
    expect(body.meta.version).not.toBe(version);
    expect(r.headers.etag).toBe(body.meta.version);
    version = body.meta.version;
  });
});

describe('RFC 7644 §3.5.2: modifying a User with PATCH', () => {
  const patch = async (...Operations: unknown[]) => {
    const r = await send('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };

  it('§3.5.2.1 add without a path: an email is added, nickname accepted (Steward keeps none)', async () => {
    const body = await patch({
      op: 'add',
      value: { emails: [{ value: 'babs@jensen.org', type: 'home' }], nickname: 'Babs' },
    });
    expect(body.emails).toEqual([
      { value: 'bjensen@example.com', primary: true },
      { value: 'babs@jensen.org', primary: false },
      { value: 'babs@jensen.org', type: 'home', primary: false },
    ]);
  });

  it('§3.5.2.2 remove with a value filter: the matching emails go', async () => {
    const body = await patch({ op: 'remove', path: 'emails[value ew "jensen.org"]' });
    expect(body.emails).toEqual([{ value: 'bjensen@example.com', primary: true }]);
  });

  it('§3.5.2.3 replace without a path: emails replaced', async () => {
    const body = await patch({
      op: 'replace',
      value: {
        emails: [
          { value: 'bjensen@example.com', type: 'work', primary: true },
          { value: 'babs@jensen.org', type: 'home' },
        ],
        nickname: 'Babs',
      },
    });
    expect(body.emails).toEqual([
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home', primary: false },
    ]);
  });

  it('§3.5.2.3 replace of the work address: Steward holds no addresses, so the filter matches none (noTarget)', async () => {
    const r = await send('PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        {
          op: 'replace',
          path: 'addresses[type eq "work"]',
          value: { type: 'work', streetAddress: '911 Universal City Plaza', locality: 'Hollywood', primary: true },
        },
      ],
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'noTarget' });
  });

  it('§3.5.2.3 replace of a sub-attribute through a filter that matches none adds it (accepted, not kept)', async () => {
    const body = await patch({
      op: 'replace',
      path: 'addresses[type eq "work"].streetAddress',
      value: '1010 Broadway Ave',
    });
    expect(body.addresses).toBeUndefined();
  });

  it('§3.5.2: a remove without a path is 400 noTarget; a read-only attribute is 400 mutability', async () => {
    const noPath = await send('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove' }] });
    expect(noPath.statusCode).toBe(400);
    expect(noPath.json()).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'noTarget' });
    const readOnly = await send('PATCH', `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'meta.created', value: '2011-08-01T21:32:44.882Z' }],
    });
    expect(readOnly.json()).toMatchObject({ status: '400', scimType: 'mutability' });
  });
});

describe('RFC 7644 §3.9: attributes on a write', () => {
  it('a PATCH with ?attributes=userName answers only id, schemas and userName', async () => {
    const r = await send('PATCH', `/Users/${id}?attributes=userName`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'name.givenName', value: 'Barbara' }],
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ schemas: expect.any(Array), id, userName: 'bjensen' });
  });
});

describe('RFC 7644 §3.14: versioning', () => {
  it('a write with If-Match naming an old version is 412 and changes nothing', async () => {
    const current = await send('GET', `/Users/${id}`);
    const r = await send('PUT', `/Users/${id}`, { ...bjensen, userName: 'changed' }, { 'if-match': version });
    expect(r.statusCode).toBe(412);
    expect(r.json()).toMatchObject({ schemas: [ERROR], status: '412' });
    expect(r.json().detail).toContain(current.headers.etag);
    expect((await send('GET', `/Users/${id}`)).json()).toEqual(current.json());
  });

  it('If-None-Match with the current version after a write is 304', async () => {
    const current = await send('GET', `/Users/${id}`);
    expect((await send('GET', `/Users/${id}`, undefined, { 'if-none-match': current.headers.etag! })).statusCode).toBe(
      304,
    );
  });
});

describe('RFC 7644 §3.6: deleting a User', () => {
  it('answers 204; Steward ends the client record and keeps the person (GET answers it, active false)', async () => {
    const r = await send('DELETE', `/Users/${id}`);
    expect(r.statusCode).toBe(204);
    const after = await send('GET', `/Users/${id}`);
    expect(after.statusCode).toBe(200);
    expect(after.json()).toMatchObject({ id, active: false });
  });

  it('a second DELETE is 404: the client has nothing left there', async () => {
    const r = await send('DELETE', `/Users/${id}`);
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ schemas: [ERROR], status: '404' });
  });
});
