import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg } from './world.ts';

/** Creating, reading and correcting people over HTTP, with the duplicate check and concurrency guard. */
let t: TestApp;
let orgs: { faculty: number; dept: number; other: number };

beforeAll(async () => {
  t = await makeTestApp();
  const faculty = await addOrg(t, 'SCI');
  orgs = { faculty, dept: await addOrg(t, 'CHEM', faculty), other: await addOrg(t, 'ARTS') };
});
afterAll(() => t.close());

const post = (token: string, payload: object) => t.call(token, { method: 'POST', url: '/people', payload });

describe('creating people', () => {
  it('creates a person with cleaned contacts and identifiers, audited with the change log', async () => {
    const r = await post(t.tokens.admin, {
      givenName: ' Zoë ',
      familyName: 'Ødegård',
      birthDate: '1991-03-04',
      emails: [{ address: 'Zoe@Example.ORG', label: 'home' }],
      phones: [{ number: '+47 22 00 00 00' }],
      identifiers: [
        { kind: 'source-key', scope: 'hr', value: 'E100' },
        { kind: 'username', value: 'ZOEO' },
      ],
    });
    expect(r.statusCode).toBe(201);
    const p = r.json();
    expect(p).toMatchObject({
      givenName: 'Zoë',
      familyName: 'Ødegård',
      displayName: 'Zoë Ødegård',
      birthDate: '1991-03-04',
      emails: [{ address: 'zoe@example.org', label: 'home' }],
      state: 'active',
      mergedInto: null,
      version: 1,
    });
    expect(p.identifiers).toEqual([
      { kind: 'source-key', scope: 'hr', value: 'E100' },
      { kind: 'username', scope: '', value: 'zoeo' },
    ]);
    expect(r.headers.etag).toBe('"1"');
    const stored = await t
      .db()
      .selectFrom('people')
      .select('search_name')
      .where('id', '=', p.id)
      .executeTakeFirstOrThrow();
    expect(stored.search_name).toBe('zoe odegard');
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .selectAll()
      .where('target_type', '=', 'person')
      .where('target_id', '=', String(p.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['person.create']);
    const change = await t
      .db()
      .selectFrom('change_log')
      .selectAll()
      .where('entity_type', '=', 'person')
      .where('entity_id', '=', String(p.id))
      .execute();
    expect(change.map((c) => c.op)).toEqual(['created']);
    const reserved = await t
      .db()
      .selectFrom('reserved_identifiers')
      .selectAll()
      .where('value', '=', 'zoeo')
      .executeTakeFirstOrThrow();
    expect(reserved.person_id).toBe(p.id);
  });

  it('stops at likely duplicates with the candidates, and creates when forced with a reason', async () => {
    const first = (
      await post(t.tokens.admin, { givenName: 'Jon', familyName: 'Finke', birthDate: '1990-04-01' })
    ).json();
    const again = await post(t.tokens.admin, { givenName: 'Jon', familyName: 'Fink', birthDate: '1990-04-01' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'duplicate-suspected',
      candidates: [
        { person: { id: first.id, displayName: 'Jon Finke' }, reasons: ['similar name (0.73)', 'same birth date'] },
      ],
    });
    expect(again.json().candidates[0].score).toBeGreaterThan(0.6);
    const noReason = await post(t.tokens.admin, {
      givenName: 'Jon',
      familyName: 'Fink',
      birthDate: '1990-04-01',
      force: true,
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors).toEqual([
      { field: '/reason', rule: 'required-with-force', message: expect.any(String) },
    ]);
    const forced = await post(t.tokens.admin, {
      givenName: 'Jon',
      familyName: 'Fink',
      birthDate: '1990-04-01',
      force: true,
      reason: 'twin brother, checked passport',
    });
    expect(forced.statusCode).toBe(201);
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .selectAll()
      .where('target_id', '=', String(forced.json().id))
      .where('action', '=', 'person.create')
      .executeTakeFirstOrThrow();
    expect(audit.reason).toBe('twin brother, checked passport');
    expect(audit.after).toMatchObject({ duplicatesOverridden: [{ personId: first.id }] });
  });

  it('lists likely duplicates of a prospective person without creating anything', async () => {
    const before = await t
      .db()
      .selectFrom('people')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const r = await t.call(t.tokens.auditor, {
      method: 'POST',
      url: '/people/duplicates',
      payload: { givenName: 'Zoe', familyName: 'Odegard', emails: [{ address: 'zoe@example.org' }] },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()[0]).toMatchObject({
      person: { familyName: 'Ødegård' },
      reasons: ['same name', 'same email zoe@example.org'],
    });
    const after = await t
      .db()
      .selectFrom('people')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
  });

  it('names the field and rule of bad input and writes nothing', async () => {
    const bad = await post(t.tokens.admin, { givenName: 'A', familyName: 'B', birthDate: '2031-01-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { field: '/birthDate', rule: 'not-future', message: expect.stringContaining('2026-09-01') },
    ]);
    const badId = await post(t.tokens.admin, {
      givenName: 'A',
      familyName: 'B',
      identifiers: [{ kind: 'email', value: 'not-an-address' }],
    });
    expect(badId.json().errors[0]).toMatchObject({ field: '/identifiers/0/value', rule: 'format:email' });
    const schema = await post(t.tokens.admin, { givenName: 'A', familyName: '', shoeSize: 44 });
    expect(schema.statusCode).toBe(400);
    expect(schema.json().errors.map((e: { rule: string }) => e.rule)).toEqual(
      expect.arrayContaining(['unknown-field']),
    );
    await post(t.tokens.admin, {
      givenName: 'Ulla',
      familyName: 'Unique',
      identifiers: [{ kind: 'username', value: 'ullau' }],
    });
    // The shared username is itself a sign of a duplicate …
    const suspected = await post(t.tokens.admin, {
      givenName: 'Other',
      familyName: 'Person',
      identifiers: [{ kind: 'username', value: 'UllaU' }],
    });
    expect(suspected.json()).toMatchObject({
      code: 'duplicate-suspected',
      candidates: [{ reasons: ['same identifier username ullau'] }],
    });
    // … and forcing the create still cannot take someone else's username.
    const taken = await post(t.tokens.admin, {
      givenName: 'Other',
      familyName: 'Person',
      identifiers: [{ kind: 'username', value: 'ullau' }],
      force: true,
      reason: 'really someone else',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().errors[0]).toMatchObject({ field: '/identifiers/0/value', rule: 'unique' });
    expect(
      await t.db().selectFrom('people').select('id').where('given_name', '=', 'Other').executeTakeFirst(),
    ).toBeUndefined();
  });

  it('lets an organisation administrator create people only inside their subtree', async () => {
    const orgadmin = await t.tokenFor('sci-admin', [{ role: 'orgadmin', orgId: orgs.faculty }]);
    const inside = await post(orgadmin, {
      givenName: 'Ines',
      familyName: 'Inside',
      affiliation: { orgId: orgs.dept, kind: 'staff', title: 'Technician' },
    });
    expect(inside.statusCode).toBe(201);
    expect(inside.json().affiliations).toEqual([
      expect.objectContaining({ orgCode: 'CHEM', kind: 'staff', title: 'Technician', current: true, source: 'manual' }),
    ]);
    expect(
      (
        await post(orgadmin, {
          givenName: 'Otto',
          familyName: 'Outside',
          affiliation: { orgId: orgs.other, kind: 'staff' },
        })
      ).statusCode,
    ).toBe(403);
    expect((await post(orgadmin, { givenName: 'Nora', familyName: 'Nowhere' })).statusCode).toBe(403);
  });
});

describe('reading and correcting people', () => {
  it('updates with If-Match, refusing a missing (428) or stale (412) version', async () => {
    const p = (
      await post(t.tokens.admin, { givenName: 'Maria', familyName: 'Gonzales', birthDate: '1985-05-05' })
    ).json();
    const url = `/people/${p.id}`;
    expect(
      (await t.call(t.tokens.admin, { method: 'PATCH', url, payload: { familyName: 'González' } })).statusCode,
    ).toBe(428);
    const ok = await t.call(t.tokens.admin, {
      method: 'PATCH',
      url,
      headers: { 'if-match': '"1"' },
      payload: { familyName: 'González', middleName: 'Luisa', reason: 'spelling' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ familyName: 'González', middleName: 'Luisa', version: 2 });
    expect(ok.headers.etag).toBe('"2"');
    const stale = await t.call(t.tokens.admin, {
      method: 'PATCH',
      url,
      headers: { 'if-match': '"1"' },
      payload: { preferredName: 'Mary' },
    });
    expect(stale.statusCode).toBe(412);
    expect((await t.call(t.tokens.admin, { method: 'GET', url })).json()).toMatchObject({
      preferredName: null,
      version: 2,
    });
    const stored = await t
      .db()
      .selectFrom('people')
      .select('search_name')
      .where('id', '=', p.id)
      .executeTakeFirstOrThrow();
    expect(stored.search_name).toBe('maria gonzalez luisa');
    const history = (await t.call(t.tokens.auditor, { method: 'GET', url: `${url}/history` })).json();
    expect(history.map((h: { action: string }) => h.action)).toEqual(['person.update', 'person.create']);
    expect(history[0]).toMatchObject({
      actor: 'root',
      reason: 'spelling',
      before: { familyName: 'Gonzales' },
      after: { familyName: 'González' },
    });
  });

  it('answers 404 for an unknown person', async () => {
    const r = await t.call(t.tokens.admin, { method: 'GET', url: '/people/999999' });
    expect(r.statusCode).toBe(404);
    expect(r.json().code).toBe('not-found');
  });

  it('lets an organisation administrator change only people currently affiliated in their subtree', async () => {
    const orgadmin = await t.tokenFor('chem-admin', [{ role: 'orgadmin', orgId: orgs.dept }]);
    const mine = (
      await post(t.tokens.admin, {
        givenName: 'Carl',
        familyName: 'Chemist',
        affiliation: { orgId: orgs.dept, kind: 'staff' },
      })
    ).json();
    const former = (
      await post(t.tokens.admin, {
        givenName: 'Fay',
        familyName: 'Former',
        affiliation: { orgId: orgs.dept, kind: 'staff', validTo: '2026-06-30' },
      })
    ).json();
    const patch = (id: number) =>
      t.call(orgadmin, {
        method: 'PATCH',
        url: `/people/${id}`,
        headers: { 'if-match': '"1"' },
        payload: { preferredName: 'X' },
      });
    expect((await patch(mine.id)).statusCode).toBe(200);
    expect((await patch(former.id)).statusCode).toBe(403);
  });
});
