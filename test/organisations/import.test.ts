import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addPerson, auditActions, system } from './world.ts';

const FILE = `code,parent_code,kind,name,abbreviation,alt_names,valid_from,valid_to,custom.phone,custom.contact_email,custom.lease_ends
CHEM,SCI,department,Chemistry,CHEM,Chemical Sciences;Chem Dept,,,+44 1,,
SCI,UNI,faculty,Faculty of Science,FoS,,2001-08-01,,,,
UNI,,university,University of Testing,UoT,,,,,,
PARK,UNI,virtual,Science Park,,,,,,,
ACME,PARK,tenant,"Acme Widgets, Ltd",,,,,,ceo@acme.example,2028-03-31
`;

describe('importing org units from CSV', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await makeTestApp();
    admin = t.tokens.admin;
  });
  afterAll(() => t.close());

  const post = (csv: string, query = '') =>
    t.call(admin, {
      method: 'POST',
      url: `/imports/orgs${query}`,
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
  const unit = (code: string) => t.db().selectFrom('org_units').selectAll().where('code', '=', code).executeTakeFirst();

  it('reports what a dry run would do and writes nothing', async () => {
    const r = await post(FILE, '?dryRun=true');
    expect(r.json()).toEqual({ rows: 5, created: 5, updated: 0, unchanged: 0, failed: 0, dryRun: true, errors: [] });
    expect(await unit('UNI')).toBeUndefined();
  });

  it('creates units whose parents come later in the file, with paths, custom fields and audit', async () => {
    const r = await post(FILE);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ rows: 5, created: 5, failed: 0, errors: [] });
    const [uni, sci, chem, acme] = await Promise.all(['UNI', 'SCI', 'CHEM', 'ACME'].map(unit));
    expect(chem!.path).toBe(`/${uni!.id}/${sci!.id}/${chem!.id}/`);
    expect(chem).toMatchObject({
      abbreviation: 'CHEM',
      alt_names: ['Chemical Sciences', 'Chem Dept'],
      custom: { phone: '+44 1', directory_listed: true },
    });
    expect(sci!.valid_from).toBe('2001-08-01');
    expect(acme).toMatchObject({
      name: 'Acme Widgets, Ltd',
      custom: { contact_email: 'ceo@acme.example', lease_ends: '2028-03-31' },
    });
    expect(await auditActions(t, 'org', chem!.id)).toEqual(['org.create']);
    expect(await auditActions(t, 'import', 'orgs')).toEqual(['org.import']);
  });

  it('changes nothing when the same file is imported again', async () => {
    const head = await t
      .db()
      .selectFrom('chain_heads')
      .select('seq')
      .where('name', '=', 'audit')
      .executeTakeFirstOrThrow();
    const r = await post(FILE);
    expect(r.json()).toMatchObject({ rows: 5, created: 0, updated: 0, unchanged: 5, failed: 0 });
    const after = await t
      .db()
      .selectFrom('chain_heads')
      .select('seq')
      .where('name', '=', 'audit')
      .executeTakeFirstOrThrow();
    expect(after.seq).toBe(head.seq);
    expect((await unit('CHEM'))!.version).toBe(1);
  });

  it('updates and moves existing units, the subtree following, each change audited as its action', async () => {
    const r = await post(`code,parent_code,kind,name
ARTS,UNI,faculty,Faculty of Arts
SCI,ARTS,faculty,Faculty of Natural Science
`);
    expect(r.json()).toMatchObject({ created: 1, updated: 1, failed: 0 });
    const [arts, sci, chem] = await Promise.all(['ARTS', 'SCI', 'CHEM'].map(unit));
    expect(sci!.parent_id).toBe(arts!.id);
    expect(chem!.path).toBe(`${arts!.path}${sci!.id}/${chem!.id}/`);
    expect(sci!.abbreviation).toBe('FoS');
    expect(await auditActions(t, 'org', sci!.id)).toEqual(['org.create', 'org.rename', 'org.move']);
  });

  it('reports each bad line by line, field and rule, and applies the good lines', async () => {
    const r = await post(`code,parent_code,kind,name,valid_from,valid_to,custom.contact_email
GOOD,UNI,department,Good,,,
,UNI,department,No code,,,
WHEN,UNI,department,Bad date,2026-13-01,,
BACK,UNI,department,Backwards,2026-01-01,2025-01-01,
KIND,UNI,spaceship,Unknown kind,,,
LOST,NOWHERE,department,Unknown parent,,,
GOOD,UNI,department,Duplicate,,,
TEN,UNI,tenant,No contact,,,
LOOP1,LOOP2,department,Loop one,,,
LOOP2,LOOP1,department,Loop two,,,
CHILD,KIND,department,Child of a bad line,,,
`);
    const body = r.json();
    expect(body).toMatchObject({ rows: 11, created: 1, failed: 10 });
    expect(
      body.errors.map((e: { line: number; field: string; rule: string }) => `${e.line} ${e.field} ${e.rule}`),
    ).toEqual([
      '3 code required',
      '4 valid_from format:date',
      '5 valid_to after-valid-from',
      '6 kind exists',
      '7 parent_code exists',
      '8 code unique-in-file',
      '9 custom.contact_email required',
      '10 parent_code cycle',
      '11 parent_code cycle',
      '12 parent_code parent-failed',
    ]);
    expect(await unit('GOOD')).toBeDefined();
    expect(await unit('KIND')).toBeUndefined();
  });

  it('refuses an end that would strand living units or affiliations below', async () => {
    await addPerson(t, 'Ada', 'Lovelace', (await unit('CHEM'))!.id);
    const r = await post(`code,parent_code,kind,name,valid_to
SCI,ARTS,faculty,Faculty of Natural Science,2026-12-31
`);
    expect(r.json().errors).toEqual([
      expect.objectContaining({ line: 2, field: 'valid_to', rule: 'cascade-required' }),
    ]);
    expect((await unit('SCI'))!.valid_to).toBeNull();
  });

  it('rejects a header with missing or unknown columns, a non-CSV body and malformed CSV', async () => {
    const header = await post('code,kind,title\nX,faculty,X\n');
    expect(header.json().errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`)).toEqual([
      'title unknown-column',
      'name required-column',
    ]);
    const json = await t.call(admin, { method: 'POST', url: '/imports/orgs', payload: { code: 'X' } });
    expect(json.statusCode).toBe(415);
    const broken = await post('code,kind,name\n"unterminated,faculty,X\n');
    expect(broken.json()).toMatchObject({ status: 400, errors: [{ rule: 'csv' }] });
  });

  it('writes nothing at all when applying fails midway', async () => {
    await sql`create function refuse_boom() returns trigger language plpgsql as $$ begin if new.code = 'BOOM' then raise exception 'boom'; end if; return new; end $$`.execute(
      t.db(),
    );
    await sql`create trigger refuse_boom before insert on org_units for each row execute function refuse_boom()`.execute(
      t.db(),
    );
    const before = await t
      .db()
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const r = await post(`code,parent_code,kind,name
FIRST,UNI,department,First
BOOM,UNI,department,Boom
`);
    expect(r.statusCode).toBe(500);
    expect(await unit('FIRST')).toBeUndefined();
    const after = await t
      .db()
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    await sql`drop trigger refuse_boom on org_units`.execute(t.db());
  });

  it('is a function too, for the demo loader, and is for system administrators only', async () => {
    const report = await t.app.orgs.importOrgs(system, 'code,parent_code,kind,name\nDEMO,UNI,virtual,Demo unit\n');
    expect(report).toMatchObject({ created: 1, failed: 0 });
    const uni = (await unit('UNI'))!;
    const token = await t.tokenFor('uni-admin', [{ role: 'orgadmin', orgId: uni.id }]);
    expect(
      (
        await t.call(token, {
          method: 'POST',
          url: '/imports/orgs',
          headers: { 'content-type': 'text/csv' },
          payload: FILE,
        })
      ).statusCode,
    ).toBe(403);
  });
});
