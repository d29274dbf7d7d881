import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { csv, employees, jsonl, makeFeedWorld } from './feed-world.ts';

const upload = (t: TestApp, body: string, query = '', type = 'text/csv', source = 'hr') =>
  t.call(t.tokens.admin, {
    method: 'POST',
    url: `/sources/${source}/snapshots${query}`,
    headers: { 'content-type': type },
    payload: body,
  });

describe('snapshots over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
    await makeFeedWorld(t.app);
  });
  afterAll(() => t.close());

  it('takes a streamed CSV upload: 201 when applied', async () => {
    const r = await upload(t, csv(employees(20)));
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ state: 'applied', added: 20, peopleCreated: 20, errors: [], errorCount: 0 });
  });

  it('takes JSON lines (application/x-ndjson): 200 for a dry run, with the diff readable', async () => {
    const next = employees(21).map((r) => (r.recordKey === 'hr-E0002-1' ? { ...r, validTo: '2027-06-30' } : r));
    const r = await upload(t, jsonl(next), '?dryRun=true', 'application/x-ndjson');
    expect(r.statusCode).toBe(200);
    const s = r.json();
    expect(s).toMatchObject({ state: 'dry-run', format: 'jsonl', added: 1, changed: 1, unchanged: 19 });
    const diff = await t.call(t.tokens.auditor, { method: 'GET', url: `/snapshots/${s.id}/diff?change=changed` });
    expect(diff.statusCode).toBe(200);
    expect(diff.json()).toMatchObject({
      items: [
        {
          change: 'changed',
          recordKey: 'hr-E0002-1',
          record: { validTo: '2027-06-30' },
          previous: { recordKey: 'hr-E0002-1' },
        },
      ],
      next: null,
    });
    expect(diff.json().items[0].previous.validTo).toBeUndefined();
  });

  it('refuses other content types with 415', async () => {
    const r = await upload(t, 'record_key\n', '', 'text/plain');
    expect(r.statusCode).toBe(415);
  });

  it('reports bad lines by line, field and rule, holds the snapshot (202) and will not release it', async () => {
    const good = csv(employees(3));
    const [header, l2] = good.split('\n');
    const cells = (line: string) => line.split(',');
    const withCell = (line: string, column: string, value: string) => {
      const c = cells(line);
      c[cells(header).indexOf(column)] = value;
      return c.join(',');
    };
    const bad = [
      header,
      l2,
      withCell(withCell(l2, 'record_key', 'hr-X-3'), 'org_code', 'NOPE'),
      withCell(withCell(l2, 'record_key', 'hr-X-4'), 'valid_from', '2020-02-30'),
      l2,
      withCell(l2, 'record_key', ''),
      '',
    ].join('\n');
    const r = await upload(t, bad);
    expect(r.statusCode).toBe(202);
    const s = r.json();
    expect(s).toMatchObject({ state: 'held', reason: 'row-errors', errorLines: 4 });
    expect(s.errors.map((e: { line: number; field: string; rule: string }) => [e.line, e.field, e.rule])).toEqual([
      [3, 'org_code', 'unknown-org'],
      [4, 'valid_from', 'format:date'],
      [5, 'record_key', 'duplicate-key'],
      [6, 'record_key', 'required'],
    ]);
    expect(s.errors[2].message).toContain('already on line 2');
    const shown = await t.call(t.tokens.auditor, { method: 'GET', url: `/snapshots/${s.id}` });
    expect(shown.json().errors).toEqual(s.errors);
    const release = await t.call(t.tokens.admin, { method: 'POST', url: `/snapshots/${s.id}/release` });
    expect(release.statusCode).toBe(409);
    expect(release.json()).toMatchObject({ errors: [{ field: 'errors', rule: 'row-errors' }] });
    const discard = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/snapshots/${s.id}/discard`,
      payload: { reason: 'bad extract' },
    });
    expect(discard.statusCode).toBe(200);
    expect(discard.json()).toMatchObject({ state: 'discarded' });
    expect(
      (await t.call(t.tokens.auditor, { method: 'GET', url: '/snapshots?source=hr&state=discarded' }))
        .json()
        .map((x: { id: number }) => x.id),
    ).toEqual([s.id]);
  });

  it('reports a CSV header it cannot use on line 1, and holds the snapshot', async () => {
    const r = await upload(t, 'record_key,person_key,kind,org_code,shoe_size\nx,y,employee,CHEM,44\n');
    expect(r.statusCode).toBe(202);
    expect(r.json()).toMatchObject({
      state: 'held',
      errors: [{ line: 1, field: 'shoe_size', rule: 'unknown-column' }],
    });
    await t.call(t.tokens.admin, { method: 'POST', url: `/snapshots/${r.json().id}/discard` });
  });
});

describe('single-record updates and match reviews', () => {
  let t: TestApp;
  let ada: number;
  beforeAll(async () => {
    t = await makeTestApp();
    await makeFeedWorld(t.app);
    const r = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/people',
      payload: { givenName: 'Ada', familyName: 'Lovelace', identifiers: [{ kind: 'id-number', value: 'ID-1815' }] },
    });
    expect(r.statusCode).toBe(201);
    ada = r.json().id;
  });
  afterAll(() => t.close());

  const put = (key: string, body: object) =>
    t.call(t.tokens.admin, { method: 'PUT', url: `/sources/hr/records/${key}`, payload: body });
  const record = {
    personKey: 'E9',
    givenName: 'Charles',
    familyName: 'Babbage',
    kind: 'employee',
    orgCode: 'CHEM',
    title: 'Engineer',
    codes: ['X'],
    validFrom: '2026-01-01',
  };

  it('adds, keeps, changes and removes one record through the same apply as snapshots', async () => {
    const added = await put('hr-E9-1', record);
    expect(added.statusCode).toBe(200);
    expect(added.json()).toMatchObject({ change: 'added', recordKey: 'hr-E9-1', reviewId: null });
    const { personId, affiliationId } = added.json();
    const audits = (await t.db().selectFrom('audit_log').select('seq').execute()).length;
    expect((await put('hr-E9-1', record)).json()).toMatchObject({ change: 'unchanged', personId, affiliationId });
    expect((await t.db().selectFrom('audit_log').select('seq').execute()).length).toBe(audits);
    expect((await put('hr-E9-1', { ...record, title: 'Analytical Engineer' })).json()).toMatchObject({
      change: 'changed',
      personId,
      affiliationId,
    });
    const gone = await t.call(t.tokens.admin, { method: 'DELETE', url: '/sources/hr/records/hr-E9-1' });
    expect(gone.json()).toMatchObject({ change: 'removed', personId, affiliationId });
    expect(
      await t
        .db()
        .selectFrom('affiliations')
        .select(['title', 'valid_to'])
        .where('id', '=', affiliationId)
        .executeTakeFirst(),
    ).toEqual({ title: 'Analytical Engineer', valid_to: '2026-08-31' });
    expect((await t.call(t.tokens.admin, { method: 'DELETE', url: '/sources/hr/records/hr-E9-1' })).statusCode).toBe(
      404,
    );
  });

  it("refuses a record with an unknown org code, a bad date or a key that is not the URL's, naming the field", async () => {
    const bad = await put('hr-E9-2', { ...record, orgCode: 'NOPE', validFrom: '2026-13-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string; rule: string }) => [e.field, e.rule])).toEqual([
      ['/validFrom', 'format:date'],
    ]);
    const org = await put('hr-E9-2', { ...record, orgCode: 'NOPE' });
    expect(org.json().errors).toEqual([expect.objectContaining({ field: '/orgCode', rule: 'unknown-org' })]);
    const key = await put('hr-E9-2', { ...record, recordKey: 'hr-E9-3' });
    expect(key.json().errors).toEqual([expect.objectContaining({ field: '/recordKey', rule: 'matches-path' })]);
  });

  it('matches a person by ID number when the name agrees, and gives them the source key', async () => {
    const r = await put('hr-E1-1', {
      ...record,
      personKey: 'E1',
      givenName: 'Ada',
      familyName: 'Lovelace',
      idNumber: 'ID-1815',
    });
    expect(r.json()).toMatchObject({ change: 'added', personId: ada });
    const keys = await t
      .db()
      .selectFrom('identifiers')
      .select(['kind', 'scope', 'value'])
      .where('person_id', '=', ada)
      .orderBy('kind')
      .execute();
    expect(keys).toEqual([
      { kind: 'id-number', scope: '', value: 'ID-1815' },
      { kind: 'source-key', scope: 'hr', value: 'E1' },
    ]);
  });

  it('leaves a near-match for review instead of guessing, and applies it as the administrator decides', async () => {
    const people = (await t.db().selectFrom('people').select('id').execute()).length;
    const r = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/sources/hr/snapshots?force=true',
      headers: { 'content-type': 'application/x-ndjson' },
      payload: jsonl([
        {
          ...record,
          recordKey: 'hr-E1-1',
          personKey: 'E1',
          givenName: 'Ada',
          familyName: 'Lovelace',
          idNumber: 'ID-1815',
          attributes: {},
        },
        {
          ...record,
          recordKey: 'hr-E2-1',
          personKey: 'E2',
          givenName: 'Bob',
          familyName: 'Smith',
          idNumber: 'ID-1815',
          attributes: {},
        },
      ]),
    });
    expect(r.json()).toMatchObject({ state: 'applied', added: 1, unchanged: 1, reviews: 1, peopleCreated: 0 });
    expect((await t.db().selectFrom('people').select('id').execute()).length).toBe(people);
    expect(await t.db().selectFrom('affiliations').select('id').where('record_key', '=', 'hr-E2-1').execute()).toEqual(
      [],
    );
    const reviews = await t.call(t.tokens.auditor, { method: 'GET', url: '/sources/reviews?source=hr' });
    expect(reviews.statusCode).toBe(200);
    const [review] = reviews.json();
    expect(review).toMatchObject({
      recordKey: 'hr-E2-1',
      state: 'open',
      candidates: [{ personId: ada, name: 'Ada Lovelace' }],
    });
    expect(review.reason).toContain('not similar enough');
    expect(
      (
        await t.call(t.tokens.auditor, {
          method: 'POST',
          url: `/sources/reviews/${review.id}/resolve`,
          payload: { create: true },
        })
      ).statusCode,
    ).toBe(403);
    const resolved = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/sources/reviews/${review.id}/resolve`,
      payload: { create: true },
    });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ state: 'created', resolvedBy: 'root' });
    const [aff] = await t
      .db()
      .selectFrom('affiliations as a')
      .innerJoin('people as p', 'p.id', 'a.person_id')
      .select(['p.id', 'p.family_name'])
      .where('a.record_key', '=', 'hr-E2-1')
      .execute();
    expect(aff.family_name).toBe('Smith');
    expect(aff.id).not.toBe(ada);
    const again = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/sources/reviews/${review.id}/resolve`,
      payload: { dismiss: true },
    });
    expect(again.statusCode).toBe(409);
  });

  it('applies a reviewed record to the person the administrator chose', async () => {
    const r = await put('hr-E3-1', {
      ...record,
      personKey: 'E3',
      givenName: 'Augusta',
      familyName: 'King',
      idNumber: 'ID-1815',
    });
    expect(r.statusCode).toBe(202);
    expect(r.json()).toMatchObject({ change: 'review', personId: null });
    const resolved = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/sources/reviews/${r.json().reviewId}/resolve`,
      payload: { personId: ada },
    });
    expect(resolved.json()).toMatchObject({ state: 'matched' });
    expect(
      (
        await t
          .db()
          .selectFrom('affiliations')
          .select('person_id')
          .where('record_key', '=', 'hr-E3-1')
          .executeTakeFirstOrThrow()
      ).person_id,
    ).toBe(ada);
    expect(
      (
        await put('hr-E3-1', {
          ...record,
          personKey: 'E3',
          givenName: 'Augusta',
          familyName: 'King',
          idNumber: 'ID-1815',
        })
      ).json(),
    ).toMatchObject({ change: 'unchanged', personId: ada });
  });

  it('holds a record with the name and birth date of an existing guest, and no identifier in common, for review', async () => {
    const guest = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/people',
      payload: { givenName: 'Grace', familyName: 'Hopper', birthDate: '2001-12-09' },
    });
    expect(guest.statusCode, guest.body).toBe(201);
    const people = (await t.db().selectFrom('people').select('id').execute()).length;
    const r = await put('hr-E4-1', {
      ...record,
      personKey: 'E4',
      givenName: 'Grace',
      familyName: 'hopper',
      birthDate: '2001-12-09',
    });
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json()).toMatchObject({ change: 'review', personId: null });
    expect((await t.db().selectFrom('people').select('id').execute()).length).toBe(people);
    const reviews = await t.call(t.tokens.auditor, { method: 'GET', url: '/sources/reviews?source=hr' });
    const review = reviews.json().find((x: { id: number }) => x.id === r.json().reviewId);
    expect(review).toMatchObject({ recordKey: 'hr-E4-1', candidates: [{ personId: guest.json().id }] });
    expect(review.reason).toContain("the record's name and birth date");
    // Another birth date is another person.
    const other = await put('hr-E5-1', {
      ...record,
      personKey: 'E5',
      givenName: 'Grace',
      familyName: 'Hopper',
      birthDate: '1906-12-09',
    });
    expect(other.json()).toMatchObject({ change: 'added' });
    expect(other.json().personId).not.toBe(guest.json().id);
  });
});
