import SCIMMY from 'scimmy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg, createPerson } from '../registry/world.ts';

/**
 * Every resource and message the service answers, checked by a SCIM implementation nobody here wrote: SCIMMY's
 * schema definitions of RFC 7643 (core User with the enterprise extension, Group) coerce each User and Group the
 * service returns, and SCIMMY's message classes read its ListResponse, PatchOp and Error bodies. A wrong type, a
 * missing required attribute or a malformed complex value in any answer fails here.
 */
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const STEWARD = 'urn:ietf:params:scim:schemas:extension:steward:2.0:Person';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
let t: TestApp;
let writer: string;

SCIMMY.Schemas.User.extend(
  SCIMMY.Schemas.EnterpriseUser as unknown as Parameters<typeof SCIMMY.Schemas.User.extend>[0],
);

beforeAll(async () => {
  t = await makeTestApp();
  const sci = await addOrg(t, 'SCI');
  writer = await t.tokenFor('entra', [{ role: 'scim-writer', orgId: sci }]);
  await createPerson(t, {
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
    affiliation: { orgId: sci, kind: 'staff', title: 'Tour Guide' },
  });
});
afterAll(() => t.close());

const call = (method: string, url: string, payload?: Record<string, unknown>) =>
  t.call(writer, { method: method as 'GET', url: `/scim/v2${url}`, ...(payload === undefined ? {} : { payload }) });

/** The resource as SCIMMY's RFC 7643 definitions coerce it (our own extension aside); throws on any violation. */
function coerced(resource: Record<string, unknown>) {
  const { [STEWARD]: ours, ...standard } = resource;
  const schemas = (standard.schemas as string[]).filter((s) => s !== STEWARD);
  const definition = schemas.includes(GROUP) ? SCIMMY.Schemas.Group.definition : SCIMMY.Schemas.User.definition;
  return { ours, out: definition.coerce({ ...standard, schemas }, 'out') as Record<string, unknown> };
}

describe('answers a third-party SCIM implementation accepts', () => {
  it('Users made and changed through the API, listed and read one by one, coerce under RFC 7643', async () => {
    const made = await call('POST', '/Users', {
      schemas: [CORE, ENTERPRISE],
      userName: 'ajones',
      externalId: 'E-7',
      name: { givenName: 'Alice', familyName: 'Jones' },
      emails: [{ value: 'ajones@example.com', type: 'work', primary: true }],
      phoneNumbers: [{ value: '+1 555 0100', type: 'mobile' }],
      active: true,
      [ENTERPRISE]: { employeeNumber: 'A-100' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const patched = await call('PATCH', `/Users/${made.json().id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const listed = await call('GET', '/Users?count=50');
    expect(listed.statusCode).toBe(200);
    const page = listed.json() as { Resources: Record<string, unknown>[]; totalResults: number };
    expect(page.totalResults).toBe(2);
    for (const user of [made.json(), patched.json(), ...page.Resources]) {
      const { out, ours } = coerced(user);
      expect(out.userName).toBe(user.userName);
      expect(out.id).toBe(user.id);
      expect((out.meta as { resourceType: string }).resourceType).toBe('User');
      expect(ours).toBeTypeOf('object');
    }
    const alice = coerced(patched.json()).out as { active: boolean; name: { familyName: string } };
    expect([alice.active, alice.name.familyName]).toEqual([false, 'Jones']);
    const barbara = coerced(page.Resources.find((u) => u.userName === 'bjensen')!).out as Record<string, unknown>;
    expect((barbara[ENTERPRISE] as { employeeNumber: string }).employeeNumber).toBe('701984');
  });

  it('Groups with members coerce under RFC 7643, and the list is a ListResponse SCIMMY reads', async () => {
    const users = (await call('GET', '/Users')).json().Resources as { id: string }[];
    const made = await call('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Tour Guides',
      members: users.map((u) => ({ value: u.id })),
    });
    expect(made.statusCode, made.body).toBe(201);
    const { out } = coerced(made.json());
    expect((out.members as unknown[]).length).toBe(users.length);
    const listed = (await call('GET', '/Groups')).json();
    const read = new SCIMMY.Messages.ListResponse(listed);
    expect(read.totalResults).toBe(1);
    for (const group of listed.Resources) expect(coerced(group).out.displayName).toBe('Tour Guides');
  });

  it('errors are RFC 7644 error bodies SCIMMY reads back with their status and scimType', async () => {
    const bad = await call('GET', '/Users?filter=userName%20zz%20%22x%22');
    expect(bad.statusCode).toBe(400);
    const body = bad.json();
    const error = new SCIMMY.Messages.Error({
      status: Number(body.status) as 400,
      scimType: body.scimType,
      detail: body.detail,
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual(body);
  });
});
