import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addPerson, auditActions, makeWorld, type World } from './world.ts';

describe('officers: administrators and approvers, own and inherited', () => {
  let t: TestApp;
  let w: World;
  let admin: string;
  let dean: number;
  let registrar: number;
  let head: number;
  beforeAll(async () => {
    t = await makeTestApp();
    admin = t.tokens.admin;
    w = await makeWorld(t);
    dean = await addPerson(t, 'Marie', 'Curie', w.sci);
    registrar = await addPerson(t, 'Alan', 'Turing', w.uni);
    head = await addPerson(t, 'Linus', 'Pauling', w.chem);
  });
  afterAll(() => t.close());

  const appoint = (orgId: number, personId: number, fn: string, roleName: string, token = admin) =>
    t.call(token, { method: 'POST', url: `/orgs/${orgId}/officers`, payload: { personId, function: fn, roleName } });
  const officers = async (orgId: number) =>
    (await t.call(t.tokens.auditor, { method: 'GET', url: `/orgs/${orgId}/officers` })).json();

  it('appoints officers with role names, audited and in the change log', async () => {
    const r = await appoint(w.sci, dean, 'administrator', 'Faculty administrator');
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({
      orgId: w.sci,
      personId: dean,
      personName: 'Marie Curie',
      function: 'administrator',
      roleName: 'Faculty administrator',
    });
    expect(await auditActions(t, 'org_officer', r.json().id)).toEqual(['org.officer.add']);
    expect((await appoint(w.uni, registrar, 'approver', 'IT desk')).statusCode).toBe(201);
  });

  it("gives a unit without its own the nearest ancestor's officers per function, saying where they come from", async () => {
    const lab = await officers(w.lab);
    expect(lab.direct).toEqual([]);
    expect(
      lab.effective.map((o: { personId: number; function: string; inheritedFrom: { code: string } }) => [
        o.function,
        o.personId,
        o.inheritedFrom.code,
      ]),
    ).toEqual([
      ['administrator', dean, 'SCI'],
      ['approver', registrar, 'UNI'],
    ]);
    const detail = (await t.call(admin, { method: 'GET', url: `/orgs/${w.lab}` })).json();
    expect(detail.officers).toHaveLength(2);
  });

  it("uses a unit's own officers of a function in preference to inherited ones", async () => {
    await appoint(w.chem, head, 'approver', 'Head of department');
    const lab = await officers(w.lab);
    expect(lab.effective.find((o: { function: string }) => o.function === 'approver')).toMatchObject({
      personId: head,
      inheritedFrom: { code: 'CHEM' },
    });
    const chem = await officers(w.chem);
    expect(chem.effective.find((o: { function: string }) => o.function === 'approver')).toMatchObject({
      personId: head,
      inheritedFrom: null,
    });
  });

  it('follows a move: inheritance comes from the new ancestors', async () => {
    const etag = String((await t.call(admin, { method: 'GET', url: `/orgs/${w.lab}` })).headers.etag);
    await t.call(admin, {
      method: 'POST',
      url: `/orgs/${w.lab}/move`,
      headers: { 'if-match': etag },
      payload: { parentId: w.art },
    });
    const lab = await officers(w.lab);
    expect(lab.effective.map((o: { inheritedFrom: { code: string } }) => o.inheritedFrom.code)).toEqual(['UNI']);
  });

  it('refuses duplicates, unknown people and blank role names', async () => {
    expect((await appoint(w.chem, head, 'approver', 'Head of department')).json()).toMatchObject({
      status: 409,
      errors: [{ field: '/personId', rule: 'unique' }],
    });
    expect((await appoint(w.chem, 999999, 'approver', 'Ghost')).json()).toMatchObject({
      status: 400,
      errors: [{ field: '/personId', rule: 'exists' }],
    });
    expect((await appoint(w.chem, head, 'approver', '   ')).json()).toMatchObject({
      status: 400,
      errors: [{ field: '/roleName', rule: 'required' }],
    });
    expect((await appoint(w.chem, head, 'overlord', 'x')).statusCode).toBe(400);
  });

  it('removes an officer, audited, so inheritance applies again', async () => {
    const chem = await officers(w.chem);
    const own = chem.direct[0];
    const r = await t.call(admin, { method: 'DELETE', url: `/orgs/${w.chem}/officers/${own.id}` });
    expect(r.statusCode).toBe(204);
    expect(await auditActions(t, 'org_officer', own.id)).toEqual(['org.officer.add', 'org.officer.remove']);
    const after = await officers(w.chem);
    expect(after.effective.find((o: { function: string }) => o.function === 'approver').inheritedFrom.code).toBe('UNI');
    expect((await t.call(admin, { method: 'DELETE', url: `/orgs/${w.chem}/officers/${own.id}` })).statusCode).toBe(404);
  });

  it('lets an organisation administrator appoint in their subtree, scope unit included, and nowhere else', async () => {
    const token = await t.tokenFor('sci-admin', [{ role: 'orgadmin', orgId: w.sci }]);
    expect((await appoint(w.chem, head, 'administrator', 'Departmental administrator', token)).statusCode).toBe(201);
    expect((await appoint(w.sci, head, 'approver', 'Deputy dean', token)).statusCode).toBe(201);
    expect((await appoint(w.art, head, 'approver', 'Visitor', token)).statusCode).toBe(403);
  });
});
