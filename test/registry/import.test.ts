import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg, createPerson } from './world.ts';

/** Importing people from CSV: matching, idempotence, per-line errors, dry runs, resuming, streaming. */
let t: TestApp;
const system = systemActor('test');
const upload = (csv: string, query = 'source=hr', token = t.tokens.admin) =>
  t.call(token, {
    method: 'POST',
    url: `/imports/people?${query}`,
    headers: { 'content-type': 'text/csv' },
    payload: csv,
  });
const count = async (table: 'people' | 'audit_log' | 'change_log' | 'affiliations') =>
  Number(
    (
      await t
        .db()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await makeTestApp();
  await addOrg(t, 'CHEM');
  await addOrg(t, 'MATH');
});
afterAll(() => t.close());

const header =
  'source_key,given_name,family_name,birth_date,email,phone,id_number,username,org_code,affiliation_kind,title';

describe('importing people', () => {
  it('creates, then finds re-runs unchanged, then applies only what changed', async () => {
    const csv = `${header}\nE1,Jon,Finke,1990-04-01,jon@mail.example,+1 555 0101,S9000001,jfinke,CHEM,staff,Technician\nE2,Zoë,Ødegård,1988-12-24,,,,,MATH,faculty,\n`;
    const first = await upload(csv);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({
      source: 'hr',
      dryRun: false,
      rows: 2,
      created: 2,
      updated: 0,
      unchanged: 0,
      failed: 0,
      errors: [],
      errorCount: 0,
    });
    const jon = (await t.call(t.tokens.admin, { method: 'GET', url: '/identifiers/source-key/E1?scope=hr' })).json()
      .person;
    const full = (await t.call(t.tokens.admin, { method: 'GET', url: `/people/${jon.id}` })).json();
    expect(full).toMatchObject({
      givenName: 'Jon',
      familyName: 'Finke',
      birthDate: '1990-04-01',
      emails: [{ address: 'jon@mail.example', label: 'hr' }],
      phones: [{ number: '+1 555 0101', label: 'hr' }],
    });
    expect(full.identifiers.map((i: { kind: string; value: string }) => `${i.kind}:${i.value}`)).toEqual([
      'id-number:S9000001',
      'source-key:E1',
      'username:jfinke',
    ]);
    expect(full.affiliations).toEqual([
      expect.objectContaining({ orgCode: 'CHEM', kind: 'staff', title: 'Technician', source: 'hr', current: true }),
    ]);

    const audits = await count('audit_log');
    const changes = await count('change_log');
    const again = await upload(csv);
    expect(again.json()).toMatchObject({ rows: 2, created: 0, updated: 0, unchanged: 2, failed: 0 });
    expect(await count('audit_log')).toBe(audits);
    expect(await count('change_log')).toBe(changes);

    const changed = await upload(
      `${header}\nE1,Jon,Finke,1990-04-01,jon.finke@mail.example,+1 555 0101,S9000001,jfinke,CHEM,staff,Senior Technician\nE2,Zoë,Ødegård,1988-12-24,,,,,MATH,faculty,\n`,
    );
    expect(changed.json()).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const after = (await t.call(t.tokens.admin, { method: 'GET', url: `/people/${jon.id}` })).json();
    expect(after.emails).toEqual([{ address: 'jon.finke@mail.example', label: 'hr' }]);
    expect(after.affiliations[0].title).toBe('Senior Technician');
    const history = (await t.call(t.tokens.auditor, { method: 'GET', url: `/people/${jon.id}/history` })).json();
    expect(history.map((h: { action: string }) => h.action)).toEqual(['person.import.update', 'person.import.create']);
    expect(history[0].reason).toBe('import from hr, line 2');
  });

  it('reports bad rows by line, column and rule and applies the good ones', async () => {
    await createPerson(t, {
      givenName: 'Gina',
      familyName: 'Holder',
      identifiers: [{ kind: 'username', value: 'gholder' }],
    });
    const people = await count('people');
    const csv = [
      header,
      'B1,Ann,Able,1970-01-01,ann@x.example,,,,,,',
      'B2,Bob,,1970-01-01,,,,,,,',
      'B3,Cy,Cole,1970-02-30,,,,,,,',
      'B4,Di,Dee,,not-an-email,,,,,,',
      'B5,Ed,Eve,,,,,,NOPE,staff,',
      'B1,Ann,Again,,,,,,,,',
      'B6,Fay,Fox,,,,,gholder,,,',
      'B7,Gil,Gray,,,,',
      'B8,Hal,Hope,1999-09-09,,,,,,,',
    ].join('\n');
    const r = (await upload(csv)).json();
    expect(r).toMatchObject({ rows: 9, created: 2, failed: 7, errorCount: 7 });
    expect(
      r.errors.map((e: { line: number; field: string; rule: string }) => `${e.line} ${e.field} ${e.rule}`),
    ).toEqual([
      '3 family_name required',
      '4 birth_date format:date',
      '5 email format:email',
      '7 source_key duplicate-key',
      '9 row column-count',
      '6 org_code unknown-org',
      '8 username identity-mismatch',
    ]);
    expect(await count('people')).toBe(people + 2);
  });

  it('refuses an unusable header, a non-CSV body and a caller without imports:run', async () => {
    const bad = await upload('given_name,colour\nA,blue\n');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`)).toEqual([
      'line 1: colour unknown-column',
      'line 1: source_key required-column',
      'line 1: family_name required-column',
    ]);
    const json = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/imports/people?source=hr',
      payload: { rows: [] },
    });
    expect(json.statusCode).toBe(415);
    expect((await upload(`${header}\n`, 'source=hr', t.tokens.auditor)).statusCode).toBe(403);
    expect((await upload('source_key,family_name\nX1,Lee\n', '')).json().errors[0]).toMatchObject({
      field: 'line 1: source',
      rule: 'required',
    });
  });

  it('writes nothing on a dry run but says what it would do', async () => {
    const people = await count('people');
    const audits = await count('audit_log');
    const r = (
      await upload(
        `${header}\nD1,Dry,Run,,,,,,,,\nE1,Jon,Finke,1990-04-01,jon.finke@mail.example,+1 555 0101,S9000001,jfinke,CHEM,staff,Chief\n`,
        'source=hr&dryRun=true',
      )
    ).json();
    expect(r).toMatchObject({ dryRun: true, rows: 2, created: 1, updated: 1, unchanged: 0 });
    expect(await count('people')).toBe(people);
    expect(await count('audit_log')).toBe(audits);
  });

  it('matches a person by ID number when the source key is new, and adds the key', async () => {
    const p = await createPerson(t, {
      givenName: 'Maya',
      familyName: 'Match',
      identifiers: [{ kind: 'id-number', value: 'S7777777' }],
    });
    const r = (
      await upload('source_key,given_name,family_name,id_number\nU55,Maya,Match,s7777777\n', 'source=sis')
    ).json();
    expect(r).toMatchObject({ created: 0, updated: 1 });
    expect(
      (await t.call(t.tokens.admin, { method: 'GET', url: '/identifiers/source-key/U55?scope=sis' })).json().personId,
    ).toBe(p.id);
    // Without its scope the key is not found, and the answer says where it is.
    const unscoped = await t.call(t.tokens.admin, { method: 'GET', url: '/identifiers/source-key/U55' });
    expect(unscoped.statusCode).toBe(404);
    expect(unscoped.json().detail).toBe(
      'identifier source-key U55 does not exist; it exists in scope sis: name the scope with ?scope=',
    );
    const nowhere = await t.call(t.tokens.admin, { method: 'GET', url: '/identifiers/source-key/NOBODY' });
    expect(nowhere.json().detail).toContain('source keys belong to a source: name it with ?scope=<source>');
  });

  it('takes the source from a source column, and accepts the affiliation alias', async () => {
    const r = (
      await upload(
        'source,source_key,given_name,family_name,org_code,affiliation\nsis,U1,Stu,Dent,MATH,student\nhr,E900,Em,Ployee,CHEM,staff\n',
        '',
      )
    ).json();
    expect(r).toMatchObject({ source: null, created: 2, failed: 0 });
    const stu = (await t.call(t.tokens.admin, { method: 'GET', url: '/identifiers/source-key/U1?scope=sis' })).json();
    expect(
      (await t.call(t.tokens.admin, { method: 'GET', url: `/people/${stu.personId}` })).json().affiliations[0],
    ).toMatchObject({ orgCode: 'MATH', kind: 'student', source: 'sis' });
  });
});

describe('importing at scale', () => {
  const bigCsv = (n: number) =>
    `source_key,given_name,family_name,birth_date,org_code,affiliation_kind\n${Array.from({ length: n }, (_, i) => `K${i},Given${i % 97},Family${i},1980-01-${String((i % 28) + 1).padStart(2, '0')},CHEM,student`).join('\n')}\n`;

  it('streams a file in batches, each with its audit rows and change-log entries', async () => {
    const people = await count('people');
    const audits = await count('audit_log');
    const changes = await count('change_log');
    const progress: number[] = [];
    const csv = bigCsv(2500);
    const chunks = csv.match(/[\s\S]{1,4096}/g)!;
    const r = await t.app.people.importPeople(system, Readable.from(chunks), {
      source: 'bulk',
      batchSize: 1000,
      onProgress: (n) => progress.push(n),
    });
    expect(r).toMatchObject({ rows: 2500, created: 2500, failed: 0 });
    expect(progress).toEqual([1000, 2000, 2500]);
    expect(await count('people')).toBe(people + 2500);
    expect(await count('audit_log')).toBe(audits + 2500);
    expect(await count('change_log')).toBe(changes + 5000);
  });

  it('finishes a killed import when it is run again', async () => {
    const csv = bigCsv(1200).replaceAll('K', 'R');
    const firstChunk = `${csv.split('\n').slice(0, 701).join('\n')}\n`;
    let committed: () => void = () => {};
    const firstBatchDone = new Promise<void>((resolve) => (committed = resolve));
    // Deliver ~700 rows, then fail like a dropped connection once the first batch is in.
    const dying = Readable.from(
      (async function* () {
        yield firstChunk;
        await firstBatchDone;
        throw new Error('connection reset');
      })(),
    );
    await expect(
      t.app.people.importPeople(system, dying, { source: 'bulk', batchSize: 500, onProgress: () => committed() }),
    ).rejects.toThrow('connection reset');
    const again = await t.app.people.importPeople(system, Readable.from([csv]), { source: 'bulk', batchSize: 500 });
    expect(again).toMatchObject({ rows: 1200, created: 700, unchanged: 500, failed: 0 });
    const third = await t.app.people.importPeople(system, Readable.from([csv]), { source: 'bulk', batchSize: 500 });
    expect(third).toMatchObject({ created: 0, updated: 0, unchanged: 1200 });
  });

  it('reports a CSV syntax error with its line and keeps what came before', async () => {
    const r = (await upload('source_key,family_name\nQ1,Quote\nQ2,"Unclosed\n')).json();
    expect(r.created).toBe(1);
    expect(r.errors.at(-1)).toMatchObject({ field: 'row', rule: 'csv-syntax' });
  });
});
