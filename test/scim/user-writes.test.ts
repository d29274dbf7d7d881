import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg, createPerson } from '../registry/world.ts';

/**
 * The write side of /scim/v2/Users: a SCIM client is a source of record. POST, PUT, PATCH and DELETE over HTTP, what
 * they leave in the registry (records, affiliations, audit rows, change-log entries), scope, If-Match and errors.
 */
let t: TestApp;
let writer: string;
let scopedWriter: string;
let reader: string;
let sci: number;
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const STEWARD = 'urn:ietf:params:scim:schemas:extension:steward:2.0:Person';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

beforeAll(async () => {
  t = await makeTestApp();
  sci = await addOrg(t, 'SCI');
  await addOrg(t, 'CHEM', sci);
  await addOrg(t, 'ARTS');
  writer = await t.tokenFor('okta', [{ role: 'scim-writer' }]);
  scopedWriter = await t.tokenFor('entra-sci', [{ role: 'scim-writer', orgId: sci }]);
  reader = await t.tokenFor('reader', [{ role: 'scim' }]);
});
afterAll(() => t.close());

type Json = Record<string, unknown>;
const send = (token: string | null, method: string, url: string, payload?: unknown, headers: Json = {}) =>
  t.call(token, {
    method: method as 'GET',
    url: `/scim/v2${url}`,
    headers: {
      ...(payload === undefined ? {} : { 'content-type': 'application/scim+json' }),
      ...(headers as Record<string, string>),
    },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  });
const user = (userName: string, extra: Json = {}): Json => ({
  schemas: [CORE],
  userName,
  name: { givenName: 'Given', familyName: `Family ${userName}` },
  ...extra,
});
const counts = async () => {
  const db = t.db();
  const n = async (table: 'people' | 'affiliations' | 'audit_log' | 'change_log' | 'source_records' | 'identifiers') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    people: await n('people'),
    affiliations: await n('affiliations'),
    audit: await n('audit_log'),
    changes: await n('change_log'),
    records: await n('source_records'),
    identifiers: await n('identifiers'),
  };
};
const created = async (token: string, body: Json) => {
  const r = await send(token, 'POST', '/Users', body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as Json & { id: string; meta: { version: string; location: string } };
};

describe('POST /Users', () => {
  it('creates a person as a record of the client source, answers 201 with Location and ETag, and GET agrees', async () => {
    const before = await counts();
    const r = await send(
      writer,
      'POST',
      '/Users',
      user('ada', {
        externalId: 'okta-ada',
        emails: [{ value: 'ada@example.org', type: 'work', primary: true }],
        [ENTERPRISE]: { employeeNumber: 'E-1' },
        [STEWARD]: { primaryOrgUnit: 'CHEM', affiliationKind: 'staff' },
      }),
    );
    expect(r.statusCode, r.body).toBe(201);
    const body = r.json();
    expect(r.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(r.headers.location).toBe(body.meta.location);
    expect(r.headers.etag).toBe(body.meta.version);
    expect(body).toMatchObject({
      userName: 'ada',
      active: true,
      name: { givenName: 'Given', familyName: 'Family ada' },
      emails: [{ value: 'ada@example.org', type: 'work', primary: true }],
      [ENTERPRISE]: { employeeNumber: 'E-1' },
      [STEWARD]: { primaryOrgUnit: 'CHEM', affiliations: [{ kind: 'staff', orgCode: 'CHEM' }] },
    });
    expect(body.externalId).toBe('okta-ada');
    expect((await send(writer, 'GET', `/Users/${body.id}`)).json()).toEqual(body);
    // externalId is the writing client's: other readers do not see it.
    const { externalId: _mine, ...forOthers } = body;
    expect((await send(reader, 'GET', `/Users/${body.id}`)).json()).toEqual(forOthers);
    const record = await t
      .db()
      .selectFrom('source_records')
      .selectAll()
      .where('person_id', '=', Number(body.id))
      .executeTakeFirstOrThrow();
    expect(record).toMatchObject({ source: 'scim-okta', record_key: 'okta-ada' });
    const source = await t
      .db()
      .selectFrom('sources')
      .selectAll()
      .where('name', '=', 'scim-okta')
      .executeTakeFirstOrThrow();
    expect(source).toMatchObject({ create_people: true, review_near_matches: true });
    const after = await counts();
    expect(after.people).toBe(before.people + 1);
    expect(after.affiliations).toBe(before.affiliations + 1);
    expect(after.audit).toBeGreaterThan(before.audit);
    expect(after.changes).toBeGreaterThan(before.changes);
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('target_id', '=', body.id)
      .where('target_type', '=', 'person')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['person.source.create', 'person.affiliation.add']),
    );
    expect(audit.filter((a) => a.actor !== 'okta')).toEqual([]);
  });

  it('refuses a duplicate userName with 409 uniqueness and writes nothing', async () => {
    await created(writer, user('dup', { [STEWARD]: { primaryOrgUnit: 'SCI' } }));
    const before = await counts();
    const r = await send(writer, 'POST', '/Users', user('DUP', { [STEWARD]: { primaryOrgUnit: 'SCI' } }));
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
    expect(await counts()).toEqual(before);
  });

  it('without a unit (the client has none and the request names none) is 400 naming primaryOrgUnit', async () => {
    const before = await counts();
    const r = await send(writer, 'POST', '/Users', user('nounit'));
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(r.json().detail).toContain(`${STEWARD}:primaryOrgUnit`);
    expect(await counts()).toEqual(before);
  });

  it('a scoped client lands in its own unit, and may not name one outside its subtree', async () => {
    const u = await created(scopedWriter, user('sci-one'));
    expect(u[STEWARD]).toMatchObject({ primaryOrgUnit: 'SCI' });
    const before = await counts();
    const r = await send(scopedWriter, 'POST', '/Users', user('sci-two', { [STEWARD]: { primaryOrgUnit: 'ARTS' } }));
    expect(r.statusCode).toBe(400);
    expect(r.json().detail).toContain('outside');
    expect(await counts()).toEqual(before);
  });

  it('a near-match goes to a match review and answers 409 naming it', async () => {
    await createPerson(t, { givenName: 'Grace', familyName: 'Hopper', emails: [{ address: 'grace@example.org' }] });
    const r = await send(
      writer,
      'POST',
      '/Users',
      user('ghopper', {
        name: { givenName: 'G', familyName: 'Hoper' },
        emails: [{ value: 'grace@example.org' }],
        [STEWARD]: { primaryOrgUnit: 'SCI' },
      }),
    );
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json()).toMatchObject({ scimType: 'uniqueness' });
    const review = await t.db().selectFrom('match_reviews').select(['id', 'source']).executeTakeFirstOrThrow();
    expect(r.json().detail).toContain(`match review ${review.id}`);
    expect(review.source).toBe('scim-okta');
  });
});

describe('bad input writes nothing', () => {
  const cases: [string, unknown, string, string][] = [
    ['an unknown attribute', user('x1', { favouriteColour: 'blue' }), 'invalidValue', 'favouriteColour'],
    ['no userName', { schemas: [CORE], name: { familyName: 'X' } }, 'invalidValue', 'userName'],
    ['schemas without the core URN', { schemas: [ENTERPRISE], userName: 'x2' }, 'invalidSyntax', CORE],
    ['active as a number', user('x3', { active: 1 }), 'invalidValue', 'active'],
    ['emails not an array', user('x4', { emails: 'x@example.org' }), 'invalidValue', 'emails'],
    [
      'a bad email',
      user('x5', { emails: [{ value: 'nope' }], [STEWARD]: { primaryOrgUnit: 'SCI' } }),
      'invalidValue',
      'emails',
    ],
    ['an unknown org', user('x6', { [STEWARD]: { primaryOrgUnit: 'NOPE' } }), 'invalidValue', 'NOPE'],
  ];
  it.each(cases)('%s', async (_what, body, scimType, named) => {
    const before = await counts();
    const r = await send(writer, 'POST', '/Users', body);
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json()).toMatchObject({ schemas: [ERROR], status: '400', scimType });
    expect(r.json().detail).toContain(named);
    expect(await counts()).toEqual(before);
  });

  it('refuses writes without a token (401) and without scim:write (403)', async () => {
    expect((await send(null, 'POST', '/Users', user('y1'))).statusCode).toBe(401);
    const r = await send(reader, 'POST', '/Users', user('y1'));
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ schemas: [ERROR], status: '403' });
    expect((await send(reader, 'DELETE', '/Users/1')).statusCode).toBe(403);
  });
});

describe('PUT /Users/:id', () => {
  it('replaces the client record and the person facts from the full resource; meta.version moves', async () => {
    const u = await created(writer, user('put1', { [STEWARD]: { primaryOrgUnit: 'SCI' } }));
    const r = await send(
      writer,
      'PUT',
      `/Users/${u.id}`,
      user('put1-renamed', {
        id: u.id,
        name: { givenName: 'New', middleName: 'M', familyName: 'Name' },
        emails: [{ value: 'new@example.org' }],
        [STEWARD]: { primaryOrgUnit: 'CHEM' },
      }),
    );
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({
      userName: 'put1-renamed',
      name: { givenName: 'New', middleName: 'M', familyName: 'Name' },
      emails: [{ value: 'new@example.org', primary: true }],
      [STEWARD]: { primaryOrgUnit: 'CHEM' },
    });
    expect(body.meta.version).not.toBe(u.meta.version);
    expect(r.headers.etag).toBe(body.meta.version);
    expect((await send(reader, 'GET', `/Users/${u.id}`)).json()).toEqual(body);
    const updates = await t
      .db()
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', u.id)
      .where('target_type', '=', 'person')
      .execute();
    expect(updates.map((a) => a.action)).toEqual(
      expect.arrayContaining(['person.update', 'person.affiliation.update', 'person.identifier.add']),
    );
  });

  it('refuses a changed id (mutability) and a stale If-Match (412), writing nothing', async () => {
    const u = await created(writer, user('put2', { [STEWARD]: { primaryOrgUnit: 'SCI' } }));
    const before = await counts();
    const moved = await send(writer, 'PUT', `/Users/${u.id}`, user('put2', { id: '999999' }));
    expect(moved.statusCode).toBe(400);
    expect(moved.json()).toMatchObject({ scimType: 'mutability' });
    const stale = await send(writer, 'PUT', `/Users/${u.id}`, user('put2-x'), { 'if-match': 'W/"0"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().detail).toContain(u.meta.version);
    expect(await counts()).toEqual(before);
    const star = await send(writer, 'PUT', `/Users/${u.id}`, user('put2-y'), { 'if-match': '*' });
    expect(star.statusCode, star.body).toBe(200);
    const current = await send(writer, 'PUT', `/Users/${u.id}`, user('put2-z'), { 'if-match': star.headers.etag });
    expect(current.statusCode, current.body).toBe(200);
  });

  it('takes over a person of its scope that it has no record of: a record of its source is attached', async () => {
    const p = await createPerson(t, { givenName: 'Hedy', familyName: 'Lamarr' });
    const r = await send(writer, 'PUT', `/Users/${p.id}`, user('hedy', { [STEWARD]: { primaryOrgUnit: 'ARTS' } }));
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ id: String(p.id), userName: 'hedy', active: true });
    const record = await t
      .db()
      .selectFrom('source_records')
      .select(['source', 'person_id'])
      .where('person_id', '=', p.id)
      .executeTakeFirstOrThrow();
    expect(record.source).toBe('scim-okta');
  });

  it('a scoped client cannot see (404) a person outside its subtree', async () => {
    const p = await createPerson(t, { givenName: 'Out', familyName: 'Side' });
    const r = await send(scopedWriter, 'PUT', `/Users/${p.id}`, user('outside'));
    expect(r.statusCode).toBe(404);
  });
});

describe('PATCH /Users/:id', () => {
  const patch = (id: string, ops: unknown[], headers: Json = {}) =>
    send(writer, 'PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: ops }, headers);

  it('active false ends the affiliation (reads back false), active true reopens it', async () => {
    const u = await created(writer, user('pa1', { [STEWARD]: { primaryOrgUnit: 'SCI' } }));
    const off = await patch(u.id, [{ op: 'replace', path: 'active', value: false }]);
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().active).toBe(false);
    const aff = await t
      .db()
      .selectFrom('affiliations')
      .select('valid_to')
      .where('person_id', '=', Number(u.id))
      .executeTakeFirstOrThrow();
    expect(String(aff.valid_to)).toBe('2026-08-31');
    const on = await patch(u.id, [{ op: 'replace', path: 'active', value: true }]);
    expect(on.json().active).toBe(true);
  });

  it('accepts the Entra ID shapes: "Replace", string booleans, value objects with dotted and URN keys', async () => {
    const u = await created(writer, user('entra1', { [STEWARD]: { primaryOrgUnit: 'SCI' } }));
    const r = await patch(u.id, [
      { op: 'Replace', path: 'active', value: 'False' },
      {
        op: 'Replace',
        value: {
          'name.givenName': 'Entra',
          [`${ENTERPRISE}:employeeNumber`]: 'E-77',
        },
      },
      { op: 'Add', path: 'emails[type eq "work"].value', value: 'entra@example.org' },
    ]);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      active: false,
      name: { givenName: 'Entra', familyName: 'Family entra1' },
      emails: [{ value: 'entra@example.org', type: 'work' }],
      [ENTERPRISE]: { employeeNumber: 'E-77' },
    });
    const replaced = await patch(u.id, [
      { op: 'replace', path: 'emails[type eq "work"].value', value: 'entra2@example.org' },
    ]);
    expect(replaced.json().emails).toEqual([{ value: 'entra2@example.org', type: 'work', primary: true }]);
  });

  it('refuses bad operations with the RFC scimType and writes nothing', async () => {
    const u = await created(writer, user('pa2', { [STEWARD]: { primaryOrgUnit: 'SCI' } }));
    const before = await counts();
    const bad: [unknown[], string][] = [
      [[{ op: 'replace', path: 'shoeSize', value: 1 }], 'invalidPath'],
      [[{ op: 'remove' }], 'noTarget'],
      [[{ op: 'replace', path: 'id', value: '5' }], 'mutability'],
      [[{ op: 'replace', path: 'meta.created', value: 'x' }], 'mutability'],
      [[{ op: 'replace', path: `${STEWARD}:statuses`, value: [] }], 'mutability'],
      [[{ op: 'replace', path: 'active', value: 'maybe' }], 'invalidValue'],
      [[{ op: 'replace', path: 'emails[type eq "work"', value: 'x' }], 'invalidPath'],
      [[{ op: 'frobnicate', path: 'active', value: true }], 'invalidSyntax'],
    ];
    for (const [ops, scimType] of bad) {
      const r = await patch(u.id, ops);
      expect(r.statusCode, `${JSON.stringify(ops)}: ${r.body}`).toBe(400);
      expect(r.json()).toMatchObject({ schemas: [ERROR], status: '400', scimType });
    }
    expect(await counts()).toEqual(before);
    const stale = await patch(u.id, [{ op: 'replace', path: 'active', value: false }], { 'if-match': 'W/"0"' });
    expect(stale.statusCode).toBe(412);
    expect(await counts()).toEqual(before);
  });
});

describe('DELETE /Users/:id', () => {
  it('ends the client record, keeps the person (GET answers, active false), 404 when it has no record', async () => {
    const u = await created(writer, user('del1', { [STEWARD]: { primaryOrgUnit: 'SCI' } }));
    const people = (await counts()).people;
    const r = await send(writer, 'DELETE', `/Users/${u.id}`);
    expect(r.statusCode, r.body).toBe(204);
    expect(r.body).toBe('');
    expect((await counts()).people).toBe(people);
    const got = await send(writer, 'GET', `/Users/${u.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ id: u.id, active: false });
    const ended = await t
      .db()
      .selectFrom('change_log')
      .select(['op'])
      .where('entity_type', '=', 'affiliation')
      .where(sql<boolean>`data->>'personId' = ${u.id}`)
      .execute();
    expect(ended.map((c) => c.op)).toContain('ended');
    expect((await send(writer, 'DELETE', `/Users/${u.id}`)).statusCode).toBe(404);
  });

  it('a scoped client still sees the people it wrote after it ended them', async () => {
    const u = await created(scopedWriter, user('del-sci'));
    expect((await send(scopedWriter, 'DELETE', `/Users/${u.id}`)).statusCode).toBe(204);
    const got = await send(scopedWriter, 'GET', `/Users/${u.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json().active).toBe(false);
  });

  it('refuses a stale If-Match with 412', async () => {
    const u = await created(writer, user('del2', { [STEWARD]: { primaryOrgUnit: 'SCI' } }));
    const r = await send(writer, 'DELETE', `/Users/${u.id}`, undefined, { 'if-match': 'W/"0"' });
    expect(r.statusCode).toBe(412);
    expect(r.json()).toMatchObject({ status: '412' });
    expect((await send(writer, 'GET', `/Users/${u.id}`)).json().active).toBe(true);
  });
});
