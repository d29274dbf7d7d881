import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg, createPerson } from '../registry/world.ts';
import { addType } from '../status/world.ts';

/**
 * Auxiliary status streams through the API: the library defines patron types and borrow
 * days per status type; the library office sets them; anyone with a role asks "everyone
 * with library/patron_type/faculty" and "does person P have it"; the library office may
 * not touch the parking stream, an auditor only reads, bad values change nothing.
 */
let t: TestApp;
let admin: string;
let librarian: string;
const type: Record<string, number> = {};
const person: Record<string, number> = {};

beforeAll(async () => {
  t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
  admin = t.tokens.admin;
  const unit = await addOrg(t, 'LIB');
  type.faculty = (await addType(t, { name: 'Faculty', rank: 900, match: { kinds: ['faculty'] } })).id;
  type.staff = (await addType(t, { name: 'Staff', rank: 700, match: { kinds: ['staff'] } })).id;
  type.student = (
    await addType(t, { name: 'Student', rank: 500, category: 'student', match: { kinds: ['student'] } })
  ).id;
  person.ada = (
    await createPerson(t, {
      givenName: 'Ada',
      familyName: 'Lovelace',
      affiliation: { orgId: unit, kind: 'faculty', validFrom: '2020-01-01' },
    })
  ).id;
  person.bob = (
    await createPerson(t, {
      givenName: 'Bob',
      familyName: 'Baker',
      affiliation: { orgId: unit, kind: 'staff', validFrom: '2020-01-01' },
    })
  ).id;
  person.cy = (
    await createPerson(t, {
      givenName: 'Cy',
      familyName: 'Young',
      affiliation: { orgId: unit, kind: 'student', validFrom: '2025-09-01' },
    })
  ).id;
  person.dee = (
    await createPerson(t, {
      givenName: 'Dee',
      familyName: 'Emeritus',
      affiliation: { orgId: unit, kind: 'faculty', validFrom: '2010-01-01', validTo: '2026-07-31' },
    })
  ).id;
  librarian = await t.tokenFor('librarian', [{ role: 'office', office: 'library' }]);
});
afterAll(() => t.close());

const library = {
  name: 'library',
  label: 'Library',
  accessRole: 'library',
  description: 'Patron types and loan periods',
  fields: [
    {
      name: 'patron_type',
      label: 'Patron type',
      type: 'enum',
      options: ['faculty', 'staff', 'student'],
      length: 16,
      displayRank: 1,
    },
    { name: 'borrow_days', label: 'Borrow days', type: 'number', default: 28, displayRank: 2 },
  ],
};

async function valuesOf(token = admin) {
  const r = await t.call(token, { method: 'GET', url: '/streams/library/values' });
  expect(r.statusCode, r.body).toBe(200);
  return {
    etag: String(r.headers.etag),
    body: r.json() as {
      version: number;
      rows: { statusTypeId: number; values: Record<string, unknown>; set: string[] }[];
    },
  };
}
const rowOf = (body: { rows: { statusTypeId: number }[] }, id: number) => body.rows.find((r) => r.statusTypeId === id);
const putValues = async (
  token: string,
  etag: string,
  values: Record<string, Record<string, unknown>>,
  stream = 'library',
) =>
  t.call(token, {
    method: 'PUT',
    url: `/streams/${stream}/values`,
    headers: { 'if-match': etag },
    payload: { values },
  });

describe('defining streams', () => {
  it('defines a stream with its fields, audited, and refuses others than system administrators', async () => {
    const r = await t.call(admin, { method: 'POST', url: '/streams', payload: library });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.headers.etag).toBe('"1"');
    expect(r.json()).toMatchObject({
      name: 'library',
      accessRole: 'library',
      fields: [
        { name: 'patron_type', type: 'enum', default: null },
        { name: 'borrow_days', type: 'number', default: 28, length: null },
      ],
    });
    const parking = await t.call(admin, {
      method: 'POST',
      url: '/streams',
      payload: {
        name: 'parking',
        accessRole: 'parking',
        fields: [{ name: 'permit', type: 'enum', options: ['A', 'B'] }],
      },
    });
    expect(parking.statusCode, parking.body).toBe(201);

    for (const token of [librarian, t.tokens.auditor]) {
      expect(
        (await t.call(token, { method: 'POST', url: '/streams', payload: { name: 'other', accessRole: 'library' } }))
          .statusCode,
      ).toBe(403);
    }
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('action', 'like', 'stream.%')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => `${a.action} ${a.target_id}`)).toEqual([
      'stream.create library',
      'stream.field.create library/patron_type',
      'stream.field.create library/borrow_days',
      'stream.create parking',
      'stream.field.create parking/permit',
    ]);
  });

  it('refuses bad field definitions naming the field and rule, and a second stream of one name', async () => {
    const bad = await t.call(admin, {
      method: 'POST',
      url: '/streams',
      payload: { name: 'pcstore', accessRole: 'pcstore', fields: [{ name: 'ok', type: 'enum', options: [] }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: '/fields/0/options', rule: 'not-empty' })]);
    const badDefault = await t.call(admin, {
      method: 'POST',
      url: '/streams',
      payload: { name: 'pcstore', accessRole: 'pcstore', fields: [{ name: 'days', type: 'number', default: 'many' }] },
    });
    expect(badDefault.json().errors).toEqual([expect.objectContaining({ field: '/fields/0/default', rule: 'type' })]);
    expect((await t.call(admin, { method: 'GET', url: '/streams/pcstore' })).statusCode).toBe(404);
    expect((await t.call(admin, { method: 'POST', url: '/streams', payload: library })).statusCode).toBe(409);
  });

  it('adds, changes and removes fields with If-Match', async () => {
    const add = (etag?: string) =>
      t.call(admin, {
        method: 'POST',
        url: '/streams/parking/fields',
        headers: etag ? { 'if-match': etag } : {},
        payload: { name: 'note', type: 'text', length: 10 },
      });
    expect((await add()).statusCode).toBe(428);
    expect((await add('"7"')).statusCode).toBe(412);
    const added = await add('"1"');
    expect(added.statusCode, added.body).toBe(201);
    expect(added.headers.etag).toBe('"2"');
    const changed = await t.call(admin, {
      method: 'PUT',
      url: '/streams/parking/fields/note',
      headers: { 'if-match': '"2"' },
      payload: { type: 'text', length: 20, label: 'Note' },
    });
    expect(changed.json().fields.find((f: { name: string }) => f.name === 'note')).toMatchObject({
      label: 'Note',
      length: 20,
    });
    const removed = await t.call(admin, {
      method: 'DELETE',
      url: '/streams/parking/fields/note',
      headers: { 'if-match': '"3"' },
    });
    expect(removed.json().fields.map((f: { name: string }) => f.name)).toEqual(['permit']);
  });
});

describe('values per status type', () => {
  it('shows every status type with each field set or its default', async () => {
    const { etag, body } = await valuesOf(t.tokens.auditor);
    expect(etag).toBe('"1"');
    expect(body.rows.map((r) => r.statusTypeId)).toEqual([type.faculty, type.staff, type.student]);
    expect(rowOf(body, type.staff)).toMatchObject({ values: { patron_type: null, borrow_days: 28 }, set: [] });
  });

  it('lets the library office set the library values, audited per status type', async () => {
    const { etag } = await valuesOf(librarian);
    const r = await putValues(librarian, etag, {
      [type.faculty]: { patron_type: 'faculty', borrow_days: 120 },
      [type.staff]: { patron_type: 'staff' },
      [type.student]: { patron_type: 'student', borrow_days: 14 },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers.etag).toBe('"2"');
    const body = r.json();
    expect(rowOf(body, type.staff)).toMatchObject({
      values: { patron_type: 'staff', borrow_days: 28 },
      set: ['patron_type'],
    });
    expect(rowOf(body, type.faculty)).toMatchObject({ values: { patron_type: 'faculty', borrow_days: 120 } });
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .select(['action', 'actor', 'target_id', 'after'])
      .where('action', '=', 'stream.values.set')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => [a.actor, a.target_id])).toEqual([
      ['librarian', `library/${type.faculty}`],
      ['librarian', `library/${type.staff}`],
      ['librarian', `library/${type.student}`],
    ]);
    expect(audit[0].after).toMatchObject({ values: { patron_type: 'faculty', borrow_days: 120 } });
    const changes = await t
      .db()
      .selectFrom('change_log')
      .select('op')
      .where('entity_type', '=', 'stream_values')
      .execute();
    expect(changes).toHaveLength(3);
  });

  it('refuses the library office the parking stream and an auditor every write', async () => {
    const parkingEtag = String((await t.call(admin, { method: 'GET', url: '/streams/parking/values' })).headers.etag);
    const r = await putValues(librarian, parkingEtag, { [type.staff]: { permit: 'A' } }, 'parking');
    expect(r.statusCode).toBe(403);
    expect(r.json().detail).toMatch(/parking/);
    const { etag } = await valuesOf();
    expect((await putValues(t.tokens.auditor, etag, { [type.staff]: { borrow_days: 1 } })).statusCode).toBe(403);
    expect(
      (
        await t.call(librarian, {
          method: 'PUT',
          url: '/streams/library',
          headers: { 'if-match': etag },
          payload: { accessRole: 'parking' },
        })
      ).statusCode,
    ).toBe(403);
    const admin_ = await putValues(admin, parkingEtag, { [type.staff]: { permit: 'A' } }, 'parking');
    expect(admin_.statusCode, admin_.body).toBe(200);
  });

  it('refuses bad values naming /values/<statusTypeId>/<field> and changes nothing', async () => {
    const before = await valuesOf();
    const auditBefore = await t
      .db()
      .selectFrom('audit_log')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    const r = await putValues(librarian, before.etag, {
      [type.staff]: { patron_type: 'alumni', borrow_days: 'many' },
      [type.student]: { borrow_days: 7, shelf: 'x' },
      999999: { borrow_days: 1 },
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(
      r
        .json()
        .errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`)
        .sort(),
    ).toEqual(
      [
        '/values/999999 exists',
        `/values/${type.staff}/borrow_days type`,
        `/values/${type.staff}/patron_type enum`,
        `/values/${type.student}/shelf unknown-field`,
      ].sort(),
    );
    const after = await valuesOf();
    expect(after).toEqual(before);
    const auditAfter = await t
      .db()
      .selectFrom('audit_log')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(auditAfter.n).toBe(auditBefore.n);
    expect((await putValues(librarian, '"1"', { [type.staff]: { borrow_days: 30 } })).statusCode).toBe(412);
  });

  it('clears a value back to the default with null', async () => {
    const { etag } = await valuesOf();
    const r = await putValues(librarian, etag, { [type.student]: { borrow_days: null } });
    expect(rowOf(r.json(), type.student)).toMatchObject({
      values: { patron_type: 'student', borrow_days: 28 },
      set: ['patron_type'],
    });
    const again = await putValues(librarian, String(r.headers.etag), { [type.student]: { borrow_days: 14 } });
    expect(again.statusCode).toBe(200);
  });
});

describe('asking the streams', () => {
  const who = async (query: string, token = t.tokens.auditor) => {
    const r = await t.call(token, { method: 'GET', url: `/streams/library/people?${query}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as {
      total: number;
      items: { personId: number; displayName: string; because: { statusType: string }[] }[];
    };
  };

  it('lists everyone with library/patron_type/faculty today, and on a day before Dee left', async () => {
    const today = await who('field=patron_type&value=faculty');
    expect(today.total).toBe(1);
    expect(today.items).toEqual([
      expect.objectContaining({ personId: person.ada, because: [expect.objectContaining({ statusType: 'Faculty' })] }),
    ]);
    const july = await who('field=patron_type&value=faculty&on=2026-07-15');
    expect(july.items.map((i) => i.personId)).toEqual([person.dee, person.ada]);
    const paged = await who('field=patron_type&value=faculty&on=2026-07-15&limit=1&offset=1');
    expect(paged).toMatchObject({ total: 2, items: [{ personId: person.ada }] });
  });

  it('counts defaults: the staff type has no borrow_days set, so its holders have 28', async () => {
    const r = await who('field=borrow_days&value=28', librarian);
    expect(r.items.map((i) => i.personId)).toEqual([person.bob]);
    expect((await who('field=borrow_days&value=14')).items.map((i) => i.personId)).toEqual([person.cy]);
  });

  it('answers whether a person has a stream/field/value and why', async () => {
    const ask = (id: number, q: string) =>
      t.call(t.tokens.auditor, { method: 'GET', url: `/people/${id}/streams/library?${q}` });
    const ada = await ask(person.ada, 'field=patron_type&value=faculty');
    expect(ada.json()).toMatchObject({
      has: true,
      value: 'faculty',
      because: [{ statusTypeId: type.faculty, statusType: 'Faculty', start: '2020-01-01', end: null }],
    });
    expect((await ask(person.bob, 'field=patron_type&value=faculty')).json()).toMatchObject({
      has: false,
      because: [],
    });
    expect((await ask(person.dee, 'field=patron_type&value=faculty&on=2026-07-01')).json()).toMatchObject({
      has: true,
    });
    expect((await ask(person.ada, 'field=borrow_days&value=120')).json()).toMatchObject({ has: true, value: 120 });
  });

  it('refuses questions about unknown fields or values that cannot be', async () => {
    const bad = await t.call(admin, { method: 'GET', url: '/streams/library/people?field=patron_type&value=alumni' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: '/value', rule: 'enum' })]);
    const unknown = await t.call(admin, {
      method: 'GET',
      url: `/people/${person.ada}/streams/library?field=shelf&value=x`,
    });
    expect(unknown.json().errors).toEqual([expect.objectContaining({ field: '/field', rule: 'exists' })]);
    const nobody = await t.tokenFor('nobody', []);
    expect(
      (await t.call(nobody, { method: 'GET', url: '/streams/library/people?field=patron_type&value=faculty' }))
        .statusCode,
    ).toBe(403);
  });
});

describe('office roles', () => {
  it('shows the office on the account and requires it exactly for office roles', async () => {
    const created = await t.call(admin, {
      method: 'POST',
      url: '/users',
      payload: { username: 'parker', displayName: 'Parking office', roles: [{ role: 'office', office: 'parking' }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().roles).toEqual([{ role: 'office', orgId: null, office: 'parking' }]);
    const missing = await t.call(admin, {
      method: 'POST',
      url: '/users',
      payload: { username: 'nooffice', displayName: 'x', roles: [{ role: 'office' }] },
    });
    expect(missing.json().errors).toEqual([
      expect.objectContaining({ field: '/roles/0/office', rule: 'required-for-office' }),
    ]);
    const stray = await t.call(admin, {
      method: 'POST',
      url: '/users',
      payload: { username: 'stray', displayName: 'x', roles: [{ role: 'auditor', office: 'library' }] },
    });
    expect(stray.statusCode).toBe(400);
  });

  it('is guarded by the table as well', async () => {
    const { id } = await t
      .db()
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'parker')
      .executeTakeFirstOrThrow();
    await expect(
      t
        .db()
        .insertInto('user_roles')
        .values({ user_id: id, role: 'office', org_id: null, created_at: t.clock.now() })
        .execute(),
    ).rejects.toThrow(/check/);
    await expect(
      t
        .db()
        .insertInto('user_roles')
        .values({ user_id: id, role: 'office', org_id: null, office: 'parking', created_at: t.clock.now() })
        .execute(),
    ).rejects.toThrow(/unique|duplicate/);
  });
});
