import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg, createPerson } from './world.ts';

/** The person's side of affiliations: add, change, end, and who may. */
let t: TestApp;
let faculty: number;
let dept: number;
let elsewhere: number;
let orgadmin: string;

beforeAll(async () => {
  t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
  faculty = await addOrg(t, 'ENG');
  dept = await addOrg(t, 'CIVIL', faculty);
  elsewhere = await addOrg(t, 'MED');
  orgadmin = await t.tokenFor('eng-admin', [{ role: 'orgadmin', orgId: faculty }]);
});
afterAll(() => t.close());

const affiliations = (id: number) => t.call(t.tokens.auditor, { method: 'GET', url: `/people/${id}/affiliations` });

describe('affiliations of a person', () => {
  it('adds, changes and ends an affiliation, current by the server clock', async () => {
    const p = await createPerson(t, {
      givenName: 'Ada',
      familyName: 'Civil',
      affiliation: { orgId: dept, kind: 'staff' },
    });
    const added = await t.call(orgadmin, {
      method: 'POST',
      url: `/people/${p.id}/affiliations`,
      payload: { orgId: faculty, kind: 'visitor', title: 'Guest lecturer', validFrom: '2026-10-01' },
    });
    expect(added.statusCode, added.body).toBe(201);
    const aff = added.json();
    expect(aff).toMatchObject({
      orgCode: 'ENG',
      orgName: 'Unit ENG',
      kind: 'visitor',
      title: 'Guest lecturer',
      validFrom: '2026-10-01',
      validTo: null,
      current: false,
      version: 1,
    });
    t.clock.set('2026-10-01T08:00:00Z');
    expect((await affiliations(p.id)).json().find((a: { id: number }) => a.id === aff.id).current).toBe(true);

    const url = `/people/${p.id}/affiliations/${aff.id}`;
    expect((await t.call(orgadmin, { method: 'PATCH', url, payload: { validTo: '2026-12-31' } })).statusCode).toBe(428);
    const ended = await t.call(orgadmin, {
      method: 'PATCH',
      url,
      headers: { 'if-match': '"1"' },
      payload: { validTo: '2026-12-31' },
    });
    expect(ended.json()).toMatchObject({ validTo: '2026-12-31', current: true, version: 2 });
    expect(
      (await t.call(orgadmin, { method: 'PATCH', url, headers: { 'if-match': '"1"' }, payload: { title: 'x' } }))
        .statusCode,
    ).toBe(412);
    t.clock.set('2027-01-01T08:00:00Z');
    expect((await affiliations(p.id)).json().find((a: { id: number }) => a.id === aff.id).current).toBe(false);

    const backwards = await t.call(orgadmin, {
      method: 'PATCH',
      url,
      headers: { 'if-match': '"2"' },
      payload: { validTo: '2026-01-01' },
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().errors).toEqual([
      { field: '/validTo', rule: 'after-valid-from', message: 'must not be before validFrom 2026-10-01' },
    ]);

    const history = (await t.call(t.tokens.auditor, { method: 'GET', url: `/people/${p.id}/history` })).json();
    expect(history.map((h: { action: string }) => h.action).slice(0, 2)).toEqual([
      'person.affiliation.end',
      'person.affiliation.add',
    ]);
    const changes = await t
      .db()
      .selectFrom('change_log')
      .select('op')
      .where('entity_type', '=', 'affiliation')
      .where('entity_id', '=', String(aff.id))
      .orderBy('position')
      .execute();
    expect(changes.map((c) => c.op)).toEqual(['created', 'ended']);
    t.clock.set('2026-09-01T09:00:00Z');
  });

  it('lets an organisation administrator affiliate only their own people to their own units', async () => {
    const mine = await createPerson(t, {
      givenName: 'Mo',
      familyName: 'Mine',
      affiliation: { orgId: dept, kind: 'student' },
    });
    const theirs = await createPerson(t, {
      givenName: 'Tess',
      familyName: 'Theirs',
      affiliation: { orgId: elsewhere, kind: 'student' },
    });
    const add = (id: number, orgId: number) =>
      t.call(orgadmin, { method: 'POST', url: `/people/${id}/affiliations`, payload: { orgId, kind: 'staff' } });
    expect((await add(mine.id, dept)).statusCode).toBe(201);
    expect((await add(mine.id, elsewhere)).statusCode).toBe(403);
    expect((await add(theirs.id, dept)).statusCode).toBe(403);
    const medAff = (await affiliations(theirs.id)).json()[0];
    const change = await t.call(orgadmin, {
      method: 'PATCH',
      url: `/people/${theirs.id}/affiliations/${medAff.id}`,
      headers: { 'if-match': `"${medAff.version}"` },
      payload: { validTo: '2026-09-30' },
    });
    expect(change.statusCode).toBe(403);
  });

  it('refuses unknown org units and unknown affiliations clearly', async () => {
    const p = await createPerson(t, { givenName: 'Una', familyName: 'Known' });
    const bad = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/people/${p.id}/affiliations`,
      payload: { orgId: 99999, kind: 'staff' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: '/orgId', rule: 'exists' });
    expect(
      (
        await t.call(t.tokens.admin, {
          method: 'PATCH',
          url: `/people/${p.id}/affiliations/99999`,
          headers: { 'if-match': '"1"' },
          payload: { title: 'x' },
        })
      ).statusCode,
    ).toBe(404);
  });
});
