import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addPerson, auditActions, makeWorld, type World } from './world.ts';

describe('org units: create and read', () => {
  let t: TestApp;
  let w: World;
  let admin: string;
  beforeAll(async () => {
    t = await makeTestApp();
    admin = t.tokens.admin;
    w = await makeWorld(t);
  });
  afterAll(() => t.close());

  it('creates a unit under a parent with its path, kind defaults applied, audited and in the change log', async () => {
    const r = await t.call(admin, {
      method: 'POST',
      url: '/orgs',
      payload: { code: 'PHYS', kind: 'department', name: 'Physics', parentId: w.sci, custom: { cost_centre: 'P100' } },
    });
    expect(r.statusCode).toBe(201);
    const unit = r.json();
    expect(unit).toMatchObject({
      code: 'PHYS',
      parentId: w.sci,
      path: `/${w.uni}/${w.sci}/${unit.id}/`,
      custom: { cost_centre: 'P100', directory_listed: true },
      version: 1,
      current: true,
    });
    expect(r.headers.etag).toBe('"1"');
    expect(await auditActions(t, 'org', unit.id)).toEqual(['org.create']);
    const change = await t
      .db()
      .selectFrom('change_log')
      .selectAll()
      .where('entity_type', '=', 'org')
      .where('entity_id', '=', String(unit.id))
      .executeTakeFirstOrThrow();
    expect(change).toMatchObject({ op: 'created', data: expect.objectContaining({ code: 'PHYS', parentCode: 'SCI' }) });
  });

  it('explains bad input field by field and writes nothing', async () => {
    const before = await t
      .db()
      .selectFrom('org_units')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const bad = await t.call(admin, {
      method: 'POST',
      url: '/orgs',
      payload: {
        code: 'ACME',
        kind: 'tenant',
        name: 'Acme',
        parentId: w.uni,
        custom: { contact_email: 'nope', lease_ends: '2027-02-30' },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`)).toEqual(
      expect.arrayContaining(['/custom/contact_email format:email', '/custom/lease_ends date-range']),
    );
    const kind = await t.call(admin, {
      method: 'POST',
      url: '/orgs',
      payload: { code: 'X1', kind: 'spaceship', name: 'X', parentId: w.uni },
    });
    expect(kind.json()).toMatchObject({ status: 400, errors: [{ field: '/kind', rule: 'exists' }] });
    const dates = await t.call(admin, {
      method: 'POST',
      url: '/orgs',
      payload: {
        code: 'X2',
        kind: 'faculty',
        name: 'X',
        parentId: w.uni,
        validFrom: '2026-01-01',
        validTo: '2025-01-01',
      },
    });
    expect(dates.json()).toMatchObject({ status: 400, errors: [{ field: '/validTo', rule: 'after-valid-from' }] });
    const code = await t.call(admin, {
      method: 'POST',
      url: '/orgs',
      payload: { code: 'has space', kind: 'faculty', name: 'X', parentId: w.uni },
    });
    expect(code.json()).toMatchObject({ status: 400, errors: [{ field: '/code', rule: 'pattern' }] });
    const taken = await t.call(admin, {
      method: 'POST',
      url: '/orgs',
      payload: { code: 'CHEM', kind: 'faculty', name: 'Again', parentId: w.uni },
    });
    expect(taken.json()).toMatchObject({ status: 409, errors: [{ field: '/code', rule: 'unique' }] });
    const after = await t
      .db()
      .selectFrom('org_units')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('shows a unit with its breadcrumb, children, subtree counts and an ETag', async () => {
    await addPerson(t, 'Rosalind', 'Franklin', w.chem);
    await addPerson(t, 'Dorothy', 'Hodgkin', w.lab);
    await addPerson(t, 'Gone', 'Already', w.chem, { validTo: '2025-12-31' });
    const r = await t.call(t.tokens.auditor, { method: 'GET', url: `/orgs/${w.sci}` });
    expect(r.statusCode).toBe(200);
    const sci = r.json();
    expect(sci.ancestors.map((a: { code: string }) => a.code)).toEqual(['UNI']);
    expect(sci.children.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['CHEM', 'PHYS']));
    expect(sci.counts).toMatchObject({ descendants: 3, currentAffiliations: 2, currentPeople: 2 });
    expect(r.headers.etag).toBe(`"${sci.version}"`);
  });

  it('searches by text in names, abbreviations and alternate names, by kind, subtree and validity date', async () => {
    const get = async (query: string) => (await t.call(admin, { method: 'GET', url: `/orgs?${query}` })).json();
    expect((await get('q=chemical')).items.map((u: { code: string }) => u.code)).toEqual(['CHEM']);
    expect((await get('q=fos')).items.map((u: { code: string }) => u.code)).toEqual(['SCI']);
    expect((await get('kind=faculty')).items.map((u: { code: string }) => u.code)).toEqual(['ART', 'SCI']);
    expect((await get(`under=${w.sci}&kind=department`)).total).toBe(2);
    expect((await get('code=CHEM-LAB')).items).toHaveLength(1);
    await t.call(admin, {
      method: 'POST',
      url: '/orgs',
      payload: {
        code: 'FUTURE',
        kind: 'faculty',
        name: 'Faculty of Tomorrow',
        parentId: w.uni,
        validFrom: '2027-01-01',
      },
    });
    expect((await get('q=tomorrow&validOn=2026-09-01')).total).toBe(0);
    expect((await get('q=tomorrow&validOn=2027-01-01')).total).toBe(1);
    expect((await get('q=100%25')).total).toBe(0);
  });

  it('browses the tree to a depth, with validity and whether each unit is valid today', async () => {
    const all = (await t.call(admin, { method: 'GET', url: '/orgs/tree' })).json();
    expect(all).toHaveLength(1);
    expect(all[0].code).toBe('UNI');
    const sci = all[0].children.find((c: { code: string }) => c.code === 'SCI');
    expect(sci.children.find((c: { code: string }) => c.code === 'CHEM').children[0]).toMatchObject({
      code: 'CHEM-LAB',
      childCount: 0,
      children: [],
    });
    const future = all[0].children.find((c: { code: string }) => c.code === 'FUTURE');
    expect(future).toMatchObject({ validFrom: '2027-01-01', current: false });
    const shallow = (await t.call(admin, { method: 'GET', url: `/orgs/tree?root=${w.sci}&depth=1` })).json();
    expect(shallow[0].children.map((c: { code: string }) => c.code).sort()).toEqual(['CHEM', 'PHYS']);
    expect(shallow[0].children.find((c: { code: string }) => c.code === 'CHEM')).toMatchObject({
      childCount: 1,
      children: [],
    });
    const current = (await t.call(admin, { method: 'GET', url: '/orgs/tree?currentOnly=true&depth=1' })).json();
    expect(current[0].children.map((c: { code: string }) => c.code)).not.toContain('FUTURE');
    t.clock.set('2027-01-02T00:00:00Z');
    const later = (await t.call(admin, { method: 'GET', url: '/orgs/tree?depth=1' })).json();
    expect(later[0].children.find((c: { code: string }) => c.code === 'FUTURE').current).toBe(true);
    t.clock.set('2026-09-01T09:00:00Z');
  });

  it('lists the people currently affiliated to a unit or its subtree, paged', async () => {
    const own = (await t.call(admin, { method: 'GET', url: `/orgs/${w.chem}/people` })).json();
    expect(own.items.map((p: { familyName: string }) => p.familyName)).toEqual(['Franklin']);
    const subtree = (await t.call(admin, { method: 'GET', url: `/orgs/${w.sci}/people?subtree=true&limit=1` })).json();
    expect(subtree.total).toBe(2);
    expect(subtree.items.map((p: { familyName: string }) => p.familyName)).toEqual(['Franklin']);
    const page2 = (
      await t.call(admin, { method: 'GET', url: `/orgs/${w.sci}/people?subtree=true&limit=1&offset=1` })
    ).json();
    expect(page2.items[0]).toMatchObject({
      familyName: 'Hodgkin',
      affiliations: [{ orgCode: 'CHEM-LAB', kind: 'staff' }],
    });
  });

  it('lets an organisation administrator create inside their subtree only, and never a root', async () => {
    const token = await t.tokenFor('sci-admin', [{ role: 'orgadmin', orgId: w.sci }]);
    const inside = await t.call(token, {
      method: 'POST',
      url: '/orgs',
      payload: { code: 'BIO', kind: 'department', name: 'Biology', parentId: w.sci },
    });
    expect(inside.statusCode).toBe(201);
    const outside = await t.call(token, {
      method: 'POST',
      url: '/orgs',
      payload: { code: 'MUSIC', kind: 'department', name: 'Music', parentId: w.art },
    });
    expect(outside.statusCode).toBe(403);
    const root = await t.call(token, {
      method: 'POST',
      url: '/orgs',
      payload: { code: 'UNI2', kind: 'university', name: 'Another', parentId: null },
    });
    expect(root.statusCode).toBe(403);
  });

  it('refuses a new unit under a unit that has already ended', async () => {
    const old = await t.call(admin, {
      method: 'POST',
      url: '/orgs',
      payload: { code: 'OLD', kind: 'faculty', name: 'Old', parentId: w.uni, validTo: '2020-01-01' },
    });
    const r = await t.call(admin, {
      method: 'POST',
      url: '/orgs',
      payload: { code: 'UNDER-OLD', kind: 'department', name: 'X', parentId: old.json().id },
    });
    expect(r.json()).toMatchObject({ status: 400, errors: [{ field: '/parentId', rule: 'parent-ended' }] });
  });
});
