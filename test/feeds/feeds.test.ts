import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { defineFeed, type FeedWorld, makeFeedWorld, outputOf } from './world.ts';

/**
 * Feeds through the API: selection by status, org subtree and stream value; each
 * format's exact output for a small world; bad definitions; If-Match and delete.
 */
let t: TestApp;
let w: FeedWorld;

beforeAll(async () => {
  t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
  w = await makeFeedWorld(t);
});
afterAll(() => t.close());

const idsOf = async (name: string) =>
  (await outputOf(t, name, t.tokens.admin)).body.trim().split('\n').slice(1).map(Number);

describe('selection', () => {
  it('selects holders of any of the statuses, or only those whose primary status is one of them', async () => {
    await defineFeed(t, { name: 'students', format: 'csv', selection: { statuses: ['student'] }, columns: ['id'] });
    expect(await idsOf('students')).toEqual([w.person.cy, w.person.dee]);
    await defineFeed(t, {
      name: 'primary-students',
      format: 'csv',
      selection: { statuses: ['Student'], primaryOnly: true },
      columns: ['id'],
    });
    expect(await idsOf('primary-students')).toEqual([w.person.cy]);
    await defineFeed(t, {
      name: 'patrons',
      format: 'csv',
      selection: { statuses: ['Faculty', 'Staff', 'Student'] },
      columns: ['id'],
    });
    expect(await idsOf('patrons')).toEqual([w.person.ada, w.person.bob, w.person.cy, w.person.dee]);
  });

  it('restricts to statuses held because of an affiliation in an org subtree', async () => {
    await defineFeed(t, {
      name: 'sci-faculty',
      format: 'csv',
      selection: { statuses: ['Faculty'], orgUnits: ['SCI'] },
      columns: ['id'],
    });
    expect(await idsOf('sci-faculty')).toEqual([w.person.ada]);
    await defineFeed(t, {
      name: 'sci-anyone',
      format: 'csv',
      selection: { statuses: ['Faculty', 'Student'], orgUnits: ['SCI'] },
      columns: ['id'],
    });
    expect(await idsOf('sci-anyone')).toEqual([w.person.ada, w.person.cy, w.person.dee]);
    await defineFeed(t, {
      name: 'art',
      format: 'csv',
      selection: { statuses: ['Faculty', 'Staff', 'Student'], orgUnits: ['ART'] },
      columns: ['id'],
    });
    expect(await idsOf('art')).toEqual([w.person.bob, w.person.dee]);
  });

  it('selects by stream value (set on the status type, or the default), alone or with statuses', async () => {
    await defineFeed(t, {
      name: 'lib-faculty',
      format: 'csv',
      selection: { streams: [{ stream: 'library', field: 'patron_type', value: 'faculty' }] },
      columns: ['id'],
    });
    expect(await idsOf('lib-faculty')).toEqual([w.person.ada, w.person.dee]);
    await defineFeed(t, {
      name: 'lib-none',
      format: 'csv',
      selection: { streams: [{ stream: 'library', field: 'patron_type', value: 'none' }] },
      columns: ['id'],
    });
    expect(await idsOf('lib-none')).toEqual([w.person.bob]);
    await defineFeed(t, {
      name: 'lib-both',
      format: 'csv',
      selection: { statuses: ['Student'], streams: [{ stream: 'library', field: 'patron_type', value: 'faculty' }] },
      columns: ['id'],
    });
    expect(await idsOf('lib-both')).toEqual([]);
  });
});

describe('formats', () => {
  it('writes CSV with a header and every column', async () => {
    await defineFeed(t, {
      name: 'full-csv',
      format: 'csv',
      selection: { statuses: ['Faculty', 'Student'] },
      columns: [
        'id',
        'username',
        'email',
        'displayName',
        'primaryStatus',
        'statuses',
        'category',
        'orgUnit',
        'title',
        'cardLabel',
        'directory',
        'stream:library.patron_type',
      ],
    });
    const out = await outputOf(t, 'full-csv');
    expect(out.type).toBe('text/csv; charset=utf-8');
    expect(out.body).toBe(
      [
        'id,username,email,displayName,primaryStatus,statuses,category,orgUnit,title,cardLabel,directory,stream:library.patron_type',
        `${w.person.ada},alovelace,ada@nu.edu,Ada Lovelace,Faculty,Faculty,employee,MATH,Professor,FACULTY,Y,faculty`,
        `${w.person.cy},cyoung,,Cy Young,Student,Student,student,SCI,,,O,student`,
        `${w.person.dee},dmuller,,Dee Müller,Faculty,Faculty;Student,employee,ART,,FACULTY,Y,faculty`,
        '',
      ].join('\n'),
    );
  });

  it('writes JSON lines', async () => {
    await defineFeed(t, {
      name: 'staff-jsonl',
      format: 'jsonl',
      selection: { statuses: ['Staff'] },
      columns: ['id', 'givenName', 'familyName', 'stream:library.patron_type'],
    });
    const out = await outputOf(t, 'staff-jsonl');
    expect(out.type).toBe('application/x-ndjson; charset=utf-8');
    expect(out.body).toBe(
      `{"id":"${w.person.bob}","givenName":"Bob","familyName":"Baker","stream:library.patron_type":"none"}\n`,
    );
  });

  it('writes LDIF with base64 for unsafe values and leaves out people without an RDN value', async () => {
    await defineFeed(t, {
      name: 'directory',
      format: 'ldif',
      selection: { statuses: ['Faculty', 'Staff'] },
      columns: ['username', 'givenName', 'familyName', 'email'],
      ldif: { baseDn: 'ou=people,dc=nu,dc=edu', objectClasses: ['inetOrgPerson'] },
    });
    const out = await outputOf(t, 'directory');
    expect(out.type).toBe('text/x-ldif; charset=utf-8');
    expect(out.body).toBe(
      [
        'version: 1',
        '',
        'dn: uid=alovelace,ou=people,dc=nu,dc=edu',
        'objectClass: inetOrgPerson',
        'uid: alovelace',
        'givenName: Ada',
        'sn: Lovelace',
        'mail: ada@nu.edu',
        '',
        'dn: uid=dmuller,ou=people,dc=nu,dc=edu',
        'objectClass: inetOrgPerson',
        'uid: dmuller',
        'givenName: Dee',
        `sn:: ${Buffer.from('Müller').toString('base64')}`,
        '',
        '',
      ].join('\n'),
    );
  });

  it('previews the first rows', async () => {
    const r = await t.call(t.tokens.auditor, { method: 'GET', url: '/feeds/patrons/preview?limit=2' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ columns: ['id'], rows: [{ id: String(w.person.ada) }, { id: String(w.person.bob) }] });
  });
});

describe('definitions', () => {
  it('refuses bad definitions with 400 naming field and rule, and changes nothing', async () => {
    const before = await t
      .db()
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ name: 'x1', format: 'xml', selection: { statuses: ['Faculty'] }, columns: ['id'] }, ['/format enum']],
      [
        { name: 'x2', format: 'csv', selection: { statuses: ['Dean'] }, columns: ['id', 'shoeSize'] },
        ['/selection/statuses/0 exists', '/columns/1 unknown-column'],
      ],
      [{ name: 'x3', format: 'csv', selection: { orgUnits: ['SCI'] }, columns: ['id'] }, ['/selection restricted']],
      [
        { name: 'x4', format: 'csv', selection: { statuses: ['Faculty'] }, columns: ['id'], schedule: 'nightly' },
        ['/schedule cron'],
      ],
      [
        { name: 'x5', format: 'ldif', selection: { statuses: ['Faculty'] }, columns: ['username'] },
        ['/ldif/baseDn required'],
      ],
      [
        {
          name: 'x6',
          format: 'csv',
          selection: { statuses: ['Faculty'], orgUnits: ['NOPE'] },
          columns: ['stream:parking.permit'],
        },
        ['/selection/orgUnits/0 exists', '/columns/0 exists'],
      ],
      [
        {
          name: 'x7',
          format: 'csv',
          selection: { streams: [{ stream: 'library', field: 'patron_type', value: 'dean' }] },
          columns: ['id'],
        },
        ['/selection/streams/0/value enum'],
      ],
    ];
    for (const [body, expected] of cases) {
      const r = await t.call(t.tokens.admin, { method: 'POST', url: '/feeds', payload: body });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.json().errors.map((e: { field: string; rule: string }) => `${e.field} ${e.rule}`)).toEqual(expected);
    }
    const after = await t
      .db()
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await t.db().selectFrom('feeds').select('name').where('name', 'like', 'x%').execute()).toEqual([]);
  });

  it('updates with If-Match, is read by the auditor but changed only by the administrator, and deletes with what it held', async () => {
    const got = await t.call(t.tokens.auditor, { method: 'GET', url: '/feeds/students' });
    expect(got.statusCode).toBe(200);
    const body = { format: 'jsonl', selection: { statuses: ['Student'] }, columns: ['id', 'username'] };
    expect((await t.call(t.tokens.admin, { method: 'PUT', url: '/feeds/students', payload: body })).statusCode).toBe(
      428,
    );
    expect(
      (
        await t.call(t.tokens.auditor, {
          method: 'PUT',
          url: '/feeds/students',
          headers: { 'if-match': String(got.headers.etag) },
          payload: body,
        })
      ).statusCode,
    ).toBe(403);
    const ok = await t.call(t.tokens.admin, {
      method: 'PUT',
      url: '/feeds/students',
      headers: { 'if-match': String(got.headers.etag) },
      payload: body,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ format: 'jsonl', columns: ['id', 'username'], version: 2 });
    expect(
      (
        await t.call(t.tokens.admin, {
          method: 'PUT',
          url: '/feeds/students',
          headers: { 'if-match': String(got.headers.etag) },
          payload: body,
        })
      ).statusCode,
    ).toBe(412);
    const orgadmin = await t.tokenFor('orgadmin', [{ role: 'orgadmin', orgId: w.org.sci }]);
    expect((await t.call(orgadmin, { method: 'GET', url: '/feeds' })).statusCode).toBe(403);
    expect((await t.call(t.tokens.admin, { method: 'DELETE', url: '/feeds/students' })).statusCode).toBe(204);
    expect((await t.call(t.tokens.admin, { method: 'GET', url: '/feeds/students' })).statusCode).toBe(404);
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .select('action')
      .where('target_type', '=', 'feed')
      .where('target_id', '=', 'students')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['feed.create', 'feed.update', 'feed.delete']);
    const changes = await t
      .db()
      .selectFrom('change_log')
      .select('op')
      .where('entity_type', '=', 'feed')
      .where('entity_id', '=', 'students')
      .orderBy('position')
      .execute();
    expect(changes.map((c) => c.op)).toEqual(['created', 'updated', 'deleted']);
  });
});
