import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { auditActions, makeWorld, type World } from './world.ts';

describe('org kinds: configuration with custom-field schemas', () => {
  let t: TestApp;
  let w: World;
  let admin: string;
  beforeAll(async () => {
    t = await makeTestApp();
    admin = t.tokens.admin;
    w = await makeWorld(t);
  });
  afterAll(() => t.close());

  const kind = async (k: string) => {
    const r = await t.call(admin, { method: 'GET', url: `/org-kinds/${k}` });
    return { body: r.json(), etag: String(r.headers.etag) };
  };

  it('ships a default set of kinds, with a tenant company needing a contact email', async () => {
    const kinds = (await t.call(t.tokens.auditor, { method: 'GET', url: '/org-kinds' })).json();
    expect(kinds.map((k: { kind: string }) => k.kind)).toEqual([
      'department',
      'faculty',
      'partner',
      'service',
      'tenant',
      'university',
      'virtual',
    ]);
    const tenant = kinds.find((k: { kind: string }) => k.kind === 'tenant');
    expect(tenant.fields.find((f: { name: string }) => f.name === 'contact_email')).toMatchObject({
      type: 'email',
      required: true,
    });
    expect(kinds.find((k: { kind: string }) => k.kind === 'department').units).toBe(1);
  });

  it('adds a kind, audited; refuses a bad key, a taken key and a bad field list', async () => {
    const r = await t.call(admin, {
      method: 'POST',
      url: '/org-kinds',
      payload: {
        kind: 'lab',
        label: 'Laboratory',
        fields: [{ name: 'hazard', type: 'enum', options: ['low', 'high'], default: 'low' }],
      },
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ kind: 'lab', units: 0, version: 1 });
    expect(await auditActions(t, 'org_kind', 'lab')).toEqual(['org.kind.create']);
    const unit = await t.call(admin, {
      method: 'POST',
      url: '/orgs',
      payload: { code: 'LAB1', kind: 'lab', name: 'Lab 1', parentId: w.chem },
    });
    expect(unit.json().custom).toEqual({ hazard: 'low' });
    expect(
      (await t.call(admin, { method: 'POST', url: '/org-kinds', payload: { kind: 'lab', label: 'Again', fields: [] } }))
        .statusCode,
    ).toBe(409);
    expect(
      (
        await t.call(admin, {
          method: 'POST',
          url: '/org-kinds',
          payload: { kind: 'Bad Kind', label: 'x', fields: [] },
        })
      ).statusCode,
    ).toBe(400);
    const fields = await t.call(admin, {
      method: 'POST',
      url: '/org-kinds',
      payload: { kind: 'odd', label: 'x', fields: [{ name: 'level', type: 'enum' }] },
    });
    expect(fields.json()).toMatchObject({
      status: 400,
      errors: [{ field: '/fields/0/options', rule: 'required-for-enum' }],
    });
  });

  it("replaces a kind's fields with If-Match; a newly required field is filled from its default in existing units", async () => {
    const { body, etag } = await kind('department');
    const fields = [...body.fields, { name: 'safety_rating', type: 'integer', required: true, default: 3 }];
    const r = await t.call(admin, {
      method: 'PUT',
      url: '/org-kinds/department',
      headers: { 'if-match': etag },
      payload: { label: 'Academic department', fields },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ label: 'Academic department', version: body.version + 1 });
    const chem = (await t.call(admin, { method: 'GET', url: `/orgs/${w.chem}` })).json();
    expect(chem.custom).toMatchObject({ safety_rating: 3, phone: '+44 1509 222000' });
    expect(await auditActions(t, 'org', w.chem)).toEqual(['org.create', 'org.update']);
    const stale = await t.call(admin, {
      method: 'PUT',
      url: '/org-kinds/department',
      headers: { 'if-match': etag },
      payload: { label: 'x', fields },
    });
    expect(stale.statusCode).toBe(412);
  });

  it('refuses to make a field required without a default while units lack it', async () => {
    const { body, etag } = await kind('faculty');
    const r = await t.call(admin, {
      method: 'PUT',
      url: '/org-kinds/faculty',
      headers: { 'if-match': etag },
      payload: { label: body.label, fields: [{ name: 'dean', type: 'string', required: true }] },
    });
    expect(r.json()).toMatchObject({
      status: 409,
      errors: [{ field: '/fields/0/default', rule: 'required-needs-default' }],
    });
    expect((await kind('faculty')).body.version).toBe(body.version);
  });

  it('is configuration: an organisation administrator may read kinds but not change them', async () => {
    const token = await t.tokenFor('sci-admin', [{ role: 'orgadmin', orgId: w.sci }]);
    expect((await t.call(token, { method: 'GET', url: '/org-kinds/tenant' })).statusCode).toBe(200);
    const { etag } = await kind('tenant');
    expect(
      (
        await t.call(token, {
          method: 'PUT',
          url: '/org-kinds/tenant',
          headers: { 'if-match': etag },
          payload: { label: 'x', fields: [] },
        })
      ).statusCode,
    ).toBe(403);
  });
});
