import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { auditActions } from '../organisations/world.ts';

describe('systems of record', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await makeTestApp();
    admin = t.tokens.admin;
  });
  afterAll(() => t.close());

  const hr = {
    name: 'hr',
    label: 'Human Resources',
    description: 'Payroll and appointments',
    kinds: ['employee', 'faculty'],
  };

  it('registers a source with sensible defaults, audited and in the change log', async () => {
    const r = await t.call(admin, { method: 'POST', url: '/sources', payload: hr });
    expect(r.statusCode).toBe(201);
    expect(r.headers.etag).toBe('"1"');
    expect(r.json()).toMatchObject({
      ...hr,
      holdThreshold: 0.1,
      createPeople: true,
      reviewNearMatches: true,
      affiliations: 0,
      version: 1,
    });
    expect(await auditActions(t, 'source', 'hr')).toEqual(['source.create']);
    const changes = await t
      .db()
      .selectFrom('change_log')
      .select(['entity_type', 'op'])
      .where('entity_id', '=', 'hr')
      .execute();
    expect(changes).toEqual([{ entity_type: 'source', op: 'created' }]);
  });

  it('lists sources for anyone who may read the registry, with how many affiliations each has', async () => {
    const list = await t.call(t.tokens.auditor, { method: 'GET', url: '/sources' });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((s: { name: string }) => s.name)).toEqual(['hr']);
  });

  it('refuses a taken name, a bad name and a threshold outside (0, 1], naming the field and changing nothing', async () => {
    const again = await t.call(admin, { method: 'POST', url: '/sources', payload: { name: 'hr', label: 'Again' } });
    expect(again.json()).toMatchObject({ status: 409, errors: [{ field: '/name', rule: 'unique' }] });
    const badName = await t.call(admin, {
      method: 'POST',
      url: '/sources',
      payload: { name: 'Student Records', label: 'SIS' },
    });
    expect(badName.statusCode).toBe(400);
    expect(badName.json().errors[0].field).toBe('body/name');
    const badThreshold = await t.call(admin, {
      method: 'POST',
      url: '/sources',
      payload: { name: 'sis', label: 'Student records', holdThreshold: 1.5 },
    });
    expect(badThreshold.statusCode).toBe(400);
    expect(badThreshold.json().errors[0].field).toBe('body/holdThreshold');
    const names = (await t.call(admin, { method: 'GET', url: '/sources' })).json().map((s: { name: string }) => s.name);
    expect(names).toEqual(['hr']);
  });

  it('changes settings with If-Match; a stale version is refused and the audit keeps before and after', async () => {
    const current = await t.call(admin, { method: 'GET', url: '/sources/hr' });
    const etag = String(current.headers.etag);
    const r = await t.call(admin, {
      method: 'PUT',
      url: '/sources/hr',
      headers: { 'if-match': etag },
      payload: { label: 'HR', kinds: ['employee'], holdThreshold: 0.25, createPeople: false },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      label: 'HR',
      kinds: ['employee'],
      holdThreshold: 0.25,
      createPeople: false,
      description: '',
      version: 2,
    });
    const stale = await t.call(admin, {
      method: 'PUT',
      url: '/sources/hr',
      headers: { 'if-match': etag },
      payload: { label: 'Lost update' },
    });
    expect(stale.statusCode).toBe(412);
    expect((await t.call(admin, { method: 'GET', url: '/sources/hr' })).json().label).toBe('HR');
    const [row] = await t
      .db()
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('action', '=', 'source.update')
      .execute();
    expect(row.before).toMatchObject({ label: 'Human Resources', holdThreshold: 0.1 });
    expect(row.after).toMatchObject({ label: 'HR', holdThreshold: 0.25 });
  });

  it('is configuration: an organisation administrator may read sources but not register or change them', async () => {
    const unit = await t.call(admin, {
      method: 'POST',
      url: '/orgs',
      payload: { code: 'NU', kind: 'university', name: 'Northbridge University', parentId: null },
    });
    const orgadmin = await t.tokenFor('unit-admin', [{ role: 'orgadmin', orgId: unit.json().id }]);
    expect((await t.call(orgadmin, { method: 'GET', url: '/sources/hr' })).statusCode).toBe(200);
    expect(
      (await t.call(orgadmin, { method: 'POST', url: '/sources', payload: { name: 'housing', label: 'Housing' } }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await t.call(t.tokens.auditor, {
          method: 'POST',
          url: '/sources',
          payload: { name: 'housing', label: 'Housing' },
        })
      ).statusCode,
    ).toBe(403);
    expect((await t.call(admin, { method: 'GET', url: '/sources/housing' })).statusCode).toBe(404);
  });
});
