import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addAffiliation, addPerson, auditActions, makeWorld, type World } from './world.ts';

describe('org units: rename, edit, move and end', () => {
  let t: TestApp;
  let w: World;
  let admin: string;
  beforeAll(async () => {
    t = await makeTestApp();
    admin = t.tokens.admin;
    w = await makeWorld(t);
  });
  afterAll(() => t.close());

  const read = async (id: number) => {
    const r = await t.call(admin, { method: 'GET', url: `/orgs/${id}` });
    return { unit: r.json(), etag: String(r.headers.etag) };
  };
  const patch = async (id: number, payload: object, token = admin) =>
    t.call(token, { method: 'PATCH', url: `/orgs/${id}`, headers: { 'if-match': (await read(id)).etag }, payload });
  const move = async (id: number, parentId: number, token = admin) =>
    t.call(token, {
      method: 'POST',
      url: `/orgs/${id}/move`,
      headers: { 'if-match': (await read(id)).etag },
      payload: { parentId },
    });
  const end = async (id: number, payload: object, token = admin) =>
    t.call(token, { method: 'POST', url: `/orgs/${id}/end`, headers: { 'if-match': (await read(id)).etag }, payload });

  describe('PATCH', () => {
    it('audits a name change as org.rename and anything else as org.update, with before and after', async () => {
      const renamed = await patch(w.chem, {
        name: 'Chemical Sciences',
        abbreviation: 'ChemSci',
        reason: 'faculty restructure',
      });
      expect(renamed.statusCode).toBe(200);
      expect(renamed.json()).toMatchObject({ name: 'Chemical Sciences', abbreviation: 'ChemSci', version: 2 });
      expect(renamed.headers.etag).toBe('"2"');
      const edited = await patch(w.chem, { custom: { building: 'Block C', phone: null }, validFrom: '1990-01-01' });
      expect(edited.json().custom).toEqual({ building: 'Block C', directory_listed: true });
      expect(await auditActions(t, 'org', w.chem)).toEqual(['org.create', 'org.rename', 'org.update']);
      const rename = await t
        .db()
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'org.rename')
        .executeTakeFirstOrThrow();
      expect(rename).toMatchObject({
        before: { name: 'Chemistry', abbreviation: null },
        after: { name: 'Chemical Sciences', abbreviation: 'ChemSci' },
        reason: 'faculty restructure',
      });
    });

    it('changes nothing, and does not bump the version, when nothing differs', async () => {
      const { unit } = await read(w.chem);
      const same = await patch(w.chem, { name: unit.name });
      expect(same.json().version).toBe(unit.version);
    });

    it('needs If-Match, and refuses a stale one', async () => {
      const none = await t.call(admin, { method: 'PATCH', url: `/orgs/${w.chem}`, payload: { name: 'X' } });
      expect(none.statusCode).toBe(428);
      const stale = await t.call(admin, {
        method: 'PATCH',
        url: `/orgs/${w.chem}`,
        headers: { 'if-match': '"1"' },
        payload: { name: 'X' },
      });
      expect(stale.statusCode).toBe(412);
      expect((await read(w.chem)).unit.name).toBe('Chemical Sciences');
    });

    it('checks custom fields against the kind and refuses a start after the end', async () => {
      const r = await patch(w.chem, { custom: { directory_listed: 'sometimes', shoe: 1 } });
      expect(r.statusCode).toBe(400);
      expect(r.json().errors.map((e: { field: string }) => e.field)).toContain('/custom/shoe');
      const old = (
        await t.call(admin, {
          method: 'POST',
          url: '/orgs',
          payload: { code: 'SHORT', kind: 'faculty', name: 'Short-lived', parentId: w.uni, validTo: '2027-01-01' },
        })
      ).json();
      expect((await patch(old.id, { validFrom: '2028-01-01' })).json()).toMatchObject({
        status: 400,
        errors: [{ field: '/validFrom', rule: 'before-valid-to' }],
      });
    });
  });

  describe('move', () => {
    it('moves a unit and its whole subtree, audited with the old and new parent', async () => {
      const r = await move(w.chem, w.art);
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ parentId: w.art, path: `/${w.uni}/${w.art}/${w.chem}/` });
      const lab = (await read(w.lab)).unit;
      expect(lab.path).toBe(`/${w.uni}/${w.art}/${w.chem}/${w.lab}/`);
      expect(lab.ancestors.map((a: { code: string }) => a.code)).toEqual(['UNI', 'ART', 'CHEM']);
      const audit = await t
        .db()
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'org.move')
        .executeTakeFirstOrThrow();
      expect(audit).toMatchObject({
        before: { parentId: w.sci, parentCode: 'SCI' },
        after: { parentId: w.art, parentCode: 'ART', subtreeSize: 2 },
      });
      const sciPeople = (await t.call(admin, { method: 'GET', url: `/orgs?under=${w.art}&code=CHEM-LAB` })).json();
      expect(sciPeople.total).toBe(1);
      await move(w.chem, w.sci);
    });

    it('refuses to move a unit under itself or its own descendant', async () => {
      const self = await move(w.sci, w.sci);
      expect(self.json()).toMatchObject({ status: 400, errors: [{ field: '/parentId', rule: 'cycle' }] });
      const below = await move(w.sci, w.lab);
      expect(below.json()).toMatchObject({ status: 400, errors: [{ field: '/parentId', rule: 'cycle' }] });
      expect((await read(w.sci)).unit.parentId).toBe(w.uni);
    });

    it('lets only one of two simultaneous crossing moves through, so no cycle can form', async () => {
      const a = (
        await t.call(admin, {
          method: 'POST',
          url: '/orgs',
          payload: { code: 'CROSS-A', kind: 'virtual', name: 'A', parentId: w.uni },
        })
      ).json();
      const b = (
        await t.call(admin, {
          method: 'POST',
          url: '/orgs',
          payload: { code: 'CROSS-B', kind: 'virtual', name: 'B', parentId: w.uni },
        })
      ).json();
      const [ab, ba] = await Promise.all([
        t.call(admin, {
          method: 'POST',
          url: `/orgs/${a.id}/move`,
          headers: { 'if-match': '"1"' },
          payload: { parentId: b.id },
        }),
        t.call(admin, {
          method: 'POST',
          url: `/orgs/${b.id}/move`,
          headers: { 'if-match': '"1"' },
          payload: { parentId: a.id },
        }),
      ]);
      expect([ab.statusCode, ba.statusCode].sort()).toEqual([200, 400]);
      expect([ab, ba].find((r) => r.statusCode === 400)!.json().errors[0].rule).toBe('cycle');
    });

    it('lets an organisation administrator move within their subtree, but not their scope root nor out of the subtree', async () => {
      const token = await t.tokenFor('sci-admin', [{ role: 'orgadmin', orgId: w.sci }]);
      const bio = (
        await t.call(token, {
          method: 'POST',
          url: '/orgs',
          payload: { code: 'BIO', kind: 'department', name: 'Biology', parentId: w.sci },
        })
      ).json();
      expect((await move(w.lab, bio.id, token)).statusCode).toBe(200);
      expect((await move(w.lab, w.art, token)).statusCode).toBe(403);
      const root = await move(w.sci, w.art, token);
      expect(root.statusCode).toBe(403);
      expect(root.json().detail).toContain('root of their scope');
      expect((await patch(w.sci, { name: 'Mine now' }, token)).statusCode).toBe(403);
      expect((await end(w.sci, { validTo: '2027-01-01', reason: 'x' }, token)).statusCode).toBe(403);
      expect((await patch(bio.id, { name: 'Biological Sciences' }, token)).statusCode).toBe(200);
      await move(w.lab, w.chem);
    });
  });

  describe('end', () => {
    let fac: number;
    let dept: number;
    let sub: number;
    let person: number;
    beforeEach(async () => {
      const n = Math.random().toString(36).slice(2, 7);
      const make = async (code: string, kind: string, parentId: number, extra = {}) =>
        (
          await t.call(admin, {
            method: 'POST',
            url: '/orgs',
            payload: { code: `${code}-${n}`, kind, name: code, parentId, ...extra },
          })
        ).json().id;
      fac = await make('FAC', 'faculty', w.uni, { validFrom: '2000-01-01' });
      dept = await make('DEPT', 'department', fac);
      sub = await make('SUB', 'virtual', dept, { validTo: '2026-10-01' });
      person = await addPerson(t, 'Ada', `Lovelace-${n}`, dept);
    });

    it('ends a unit with nothing living below it at once', async () => {
      const r = await end(sub, { validTo: '2026-09-15', reason: 'project over' });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ validTo: '2026-09-15', current: true, endedUnits: 0, endedAffiliations: 0 });
      expect(await auditActions(t, 'org', sub)).toEqual(['org.create', 'org.end']);
    });

    it('asks for an explicit cascade when units or affiliations below outlive the date, listing counts and the first of each', async () => {
      const later = await end(fac, { validTo: '2026-12-31', reason: 'merged into ART' });
      expect(later.json()).toMatchObject({
        counts: { units: 1, affiliations: 1 },
        affected: { units: [{ id: dept }] },
      });
      const r = await end(fac, { validTo: '2026-09-20', reason: 'merged into ART' });
      expect(r.statusCode).toBe(409);
      expect(r.json()).toMatchObject({
        code: 'cascade-required',
        counts: { units: 2, affiliations: 1 },
        affected: {
          units: [
            { id: dept, validTo: null },
            { id: sub, validTo: '2026-10-01' },
          ],
          affiliations: [{ personId: person, orgId: dept }],
        },
      });
      expect((await read(fac)).unit.validTo).toBeNull();
    });

    it('with the cascade, ends every living unit and affiliation below on the same date in one go, each audited', async () => {
      const gone = await addAffiliation(t, person, sub, { validTo: '2026-11-30' });
      const past = await addAffiliation(t, person, dept, { validFrom: '2020-01-01', validTo: '2021-01-01' });
      const head = (
        await t.db().selectFrom('chain_heads').select('seq').where('name', '=', 'changes').executeTakeFirstOrThrow()
      ).seq;
      const r = await end(fac, { validTo: '2026-09-30', cascade: true, reason: 'merged into ART' });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ validTo: '2026-09-30', endedUnits: 2, endedAffiliations: 2 });
      const units = await t
        .db()
        .selectFrom('org_units')
        .select(['id', 'valid_to'])
        .where('id', 'in', [fac, dept, sub])
        .execute();
      expect(units.map((u) => u.valid_to)).toEqual(['2026-09-30', '2026-09-30', '2026-09-30']);
      const affs = await t
        .db()
        .selectFrom('affiliations')
        .select(['id', 'valid_to'])
        .where('person_id', '=', person)
        .orderBy('id')
        .execute();
      expect(affs.find((a) => a.id === gone)!.valid_to).toBe('2026-09-30');
      expect(affs.find((a) => a.id === past)!.valid_to).toBe('2021-01-01');
      expect(await auditActions(t, 'affiliation', gone)).toEqual(['affiliation.end']);
      expect(await auditActions(t, 'org', dept)).toEqual(['org.create', 'org.end']);
      const changes = await t
        .db()
        .selectFrom('change_log')
        .select(['entity_type', 'op'])
        .where('position', '>', head)
        .execute();
      expect(changes.filter((c) => c.op === 'ended')).toHaveLength(5);
      t.clock.set('2026-10-01T08:00:00Z');
      expect((await read(fac)).unit).toMatchObject({ current: false, counts: { currentAffiliations: 0 } });
      t.clock.set('2026-09-01T09:00:00Z');
    });

    it('refuses an end before the unit starts, and a cascade over something that starts after the end', async () => {
      expect((await end(fac, { validTo: '1999-12-31', reason: 'x' })).json()).toMatchObject({
        status: 400,
        errors: [{ field: '/validTo', rule: 'after-valid-from' }],
      });
      await addAffiliation(t, person, dept, { validFrom: '2027-03-01' });
      const r = await end(fac, { validTo: '2027-01-31', cascade: true, reason: 'x' });
      expect(r.json()).toMatchObject({ status: 409, errors: [{ field: '/validTo', rule: 'starts-after-end' }] });
      expect((await read(dept)).unit.validTo).toBeNull();
    });

    it('needs a reason', async () => {
      const r = await end(sub, { validTo: '2026-09-15' });
      expect(r.json()).toMatchObject({ status: 400, errors: [{ field: 'body/reason', rule: 'required' }] });
    });
  });
});
