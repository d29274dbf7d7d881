import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg, createPerson } from '../registry/world.ts';

/**
 * How an identity provider's provisioning client (Entra ID here) drives /scim/v2/Users: create with everything it
 * sends, find by filter, PATCH in its own shapes, disable; and adopting a person the registry already held.
 */
let t: TestApp;
let writer: string;
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const STEWARD = 'urn:ietf:params:scim:schemas:extension:steward:2.0:Person';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

beforeAll(async () => {
  t = await makeTestApp();
  const sci = await addOrg(t, 'SCI');
  await addOrg(t, 'CHEM', sci);
  writer = await t.tokenFor('entra', [{ role: 'scim-writer' }]);
});
afterAll(() => t.close());

type Json = Record<string, unknown>;
const send = (token: string, method: string, url: string, payload?: unknown) =>
  t.call(token, {
    method: method as 'GET',
    url: `/scim/v2${url}`,
    headers: payload === undefined ? {} : { 'content-type': 'application/scim+json' },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });
const created = async (token: string, body: Json) => {
  const r = await send(token, 'POST', '/Users', body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as Json & { id: string };
};

describe('an Entra ID provisioning cycle', () => {
  it('POSTs a full Entra user, finds it by filter, patches it the Entra way and disables it', async () => {
    const posted = await created(writer, {
      schemas: [CORE, ENTERPRISE],
      externalId: '6f1a-entra-object-id',
      userName: 'lin',
      active: true,
      displayName: 'Lin Chen',
      title: 'Engineer',
      preferredLanguage: 'en-GB',
      emails: [{ primary: true, type: 'work', value: 'lin@example.org' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'Lin Chen', familyName: 'Chen', givenName: 'Lin' },
      addresses: [{ type: 'work', country: 'GB', primary: false }],
      roles: [],
      [ENTERPRISE]: { employeeNumber: '4711', department: 'Physics', manager: { value: '12' } },
      [STEWARD]: { primaryOrgUnit: 'SCI' },
    });
    const found = await send(writer, 'GET', `/Users?filter=${encodeURIComponent('userName eq "lin"')}`);
    expect(found.json().Resources.map((u: Json) => u.id)).toEqual([posted.id]);
    const patched = await send(writer, 'PATCH', `/Users/${posted.id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'Replace', path: 'name.familyName', value: 'Chen-Wu' },
        { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+44 20 7946 0000' },
        { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Chemistry' },
      ],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      name: { familyName: 'Chen-Wu', givenName: 'Lin' },
      phoneNumbers: [{ value: '+44 20 7946 0000', type: 'mobile', primary: true }],
      [ENTERPRISE]: { employeeNumber: '4711' },
    });
    const disabled = await send(writer, 'PATCH', `/Users/${posted.id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    });
    expect(disabled.json().active).toBe(false);
    const inactive = await send(
      writer,
      'GET',
      `/Users?filter=${encodeURIComponent('active eq false and userName eq "lin"')}`,
    );
    expect(inactive.json().totalResults).toBe(1);
  });

  it('PATCH takes over a person the client has no record of, in its scope (active as the PATCH leaves it)', async () => {
    const p = await createPerson(t, { givenName: 'Ida', familyName: 'Noddack' });
    const r = await send(writer, 'PATCH', `/Users/${p.id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'replace', path: 'userName', value: 'inoddack' },
        { op: 'add', path: `${STEWARD}:primaryOrgUnit`, value: 'CHEM' },
        // The person read inactive (no status, no current affiliation): PATCH keeps what it does not change.
        { op: 'replace', path: 'active', value: true },
      ],
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ userName: 'inoddack', active: true, [STEWARD]: { primaryOrgUnit: 'CHEM' } });
  });
});
