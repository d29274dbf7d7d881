import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg } from '../registry/world.ts';
import { autumn, institution, spring } from './calendar-fixtures.ts';

/**
 * Institution calendars over HTTP: defined by a system administrator (audited, in the change log), read by org readers,
 * refused whole when a rule is broken (overlapping terms: the field and the rule, nothing changed), and resolving a
 * duration on the calendar that applies to a unit: its own, the nearest up its tree, or the institution's.
 */
describe('calendars', () => {
  let t: TestApp;
  let faculty: number;
  let lab: number;
  let other: number;
  let id: number;
  beforeAll(async () => {
    t = await makeTestApp({ start: '2026-12-01T09:00:00Z' });
    faculty = await addOrg(t, 'FAC');
    lab = await addOrg(t, 'LAB', faculty);
    other = await addOrg(t, 'OTHER');
  });
  afterAll(() => t.close());

  const count = async () => (await t.db().selectFrom('calendars').select('id').execute()).length;

  it('adds the institution calendar, audited and in the change log', async () => {
    const r = await t.call(t.tokens.admin, { method: 'POST', url: '/calendars', payload: institution });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ name: 'institution', orgId: null, version: 1 });
    expect(r.headers.etag).toBe('"1"');
    id = r.json().id;
    const audit = await t.db().selectFrom('audit_log').select('action').where('target_type', '=', 'calendar').execute();
    expect(audit.map((a) => a.action)).toEqual(['calendar.create']);
    const changes = await t.db().selectFrom('change_log').select('op').where('entity_type', '=', 'calendar').execute();
    expect(changes.map((c) => c.op)).toEqual(['created']);
    const list = await t.call(t.tokens.auditor, { method: 'GET', url: '/calendars' });
    expect(list.json().map((c: { name: string }) => c.name)).toEqual(['institution']);
  });

  it('refuses overlapping terms, naming the field and the rule, and changes nothing', async () => {
    const winter = { name: 'Winter', start: '2026-12-01', end: '2027-01-15', breaks: [] };
    const bad = { ...institution, name: 'faculty', orgId: faculty };
    const r = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/calendars',
      payload: { ...bad, definition: { ...bad.definition, terms: [autumn, spring, winter] } },
    });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json().errors).toContainEqual(
      expect.objectContaining({ field: '/definition/terms/2/start', rule: 'no-overlap' }),
    );
    expect(await count()).toBe(1);
    const get = await t.call(t.tokens.admin, { method: 'GET', url: `/calendars/${id}` });
    const patch = await t.call(t.tokens.admin, {
      method: 'PATCH',
      url: `/calendars/${id}`,
      headers: { 'if-match': String(get.headers.etag) },
      payload: { definition: { ...institution.definition, terms: [autumn, winter] } },
    });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().errors[0]).toMatchObject({ field: '/definition/terms/1/start', rule: 'no-overlap' });
    expect((await t.call(t.tokens.admin, { method: 'GET', url: `/calendars/${id}` })).json().version).toBe(1);
  });

  it('refuses an unknown field, a second institution calendar and a non-administrator', async () => {
    const extra = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/calendars',
      payload: { ...institution, x: 1 },
    });
    expect(extra.statusCode).toBe(400);
    const again = { ...institution, name: 'second' };
    const r = await t.call(t.tokens.admin, { method: 'POST', url: '/calendars', payload: again });
    expect(r.statusCode).toBe(409);
    expect(r.json().errors[0]).toMatchObject({ field: '/orgId', rule: 'one-per-unit' });
    const auditor = await t.call(t.tokens.auditor, { method: 'POST', url: '/calendars', payload: again });
    expect(auditor.statusCode).toBe(403);
    expect(await count()).toBe(1);
  });

  it('resolves a duration on the calendar of a unit: its own, the nearest up the tree, else the institution', async () => {
    const faculty6 = {
      name: 'faculty',
      label: 'Faculty calendar (Saturday teaching)',
      orgId: faculty,
      definition: { workingDays: [1, 2, 3, 4, 5, 6], holidays: [], terms: [autumn] },
    };
    const created = await t.call(t.tokens.admin, { method: 'POST', url: '/calendars', payload: faculty6 });
    expect(created.statusCode, created.body).toBe(201);
    const resolve = (query: string) => t.call(t.tokens.auditor, { method: 'GET', url: `/calendars/resolve?${query}` });
    // Thursday 24 December 2026, one working day on: the faculty keeps no holidays, the institution has two.
    const q = 'from=2026-12-24&amount=1&unit=working-days';
    expect((await resolve(`${q}&orgUnit=${lab}`)).json()).toMatchObject({
      date: '2026-12-25',
      calendar: { name: 'faculty' },
    });
    expect((await resolve(`${q}&orgUnit=${other}`)).json()).toMatchObject({
      date: '2026-12-29',
      calendar: { name: 'institution' },
    });
    expect((await resolve(q)).json().date).toBe('2026-12-29');
    expect((await resolve('from=2026-12-24&amount=0&unit=end-of-term')).json().date).toBe('2027-03-26');
    const byId = await t.call(t.tokens.auditor, {
      method: 'GET',
      url: `/calendars/${id}/resolve?from=2026-10-01&amount=1&unit=end-of-term`,
    });
    expect(byId.json()).toMatchObject({ date: '2027-03-26', unit: 'end-of-term', amount: 1 });
    const past = await resolve('from=2027-06-01&amount=0&unit=end-of-term');
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0]).toMatchObject({ field: '/amount', rule: 'term-exists' });
    expect((await resolve(`${q}&orgUnit=999999`)).json().errors[0]).toMatchObject({
      field: '/orgUnit',
      rule: 'exists',
    });
    expect((await resolve(`${q}&bogus=1`)).statusCode).toBe(400);
    expect((await resolve('from=2026-12-24&amount=1&unit=fortnights')).statusCode).toBe(400);
  });

  it('changes and deletes a calendar with If-Match, audited', async () => {
    const get = await t.call(t.tokens.admin, { method: 'GET', url: `/calendars/${id}` });
    const holidays = [...institution.definition.holidays, { date: '2026-12-31', name: 'Closure day' }];
    const patch = await t.call(t.tokens.admin, {
      method: 'PATCH',
      url: `/calendars/${id}`,
      headers: { 'if-match': String(get.headers.etag) },
      payload: { definition: { ...institution.definition, holidays } },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json().version).toBe(2);
    const stale = await t.call(t.tokens.admin, {
      method: 'PATCH',
      url: `/calendars/${id}`,
      headers: { 'if-match': '"1"' },
      payload: { label: 'x' },
    });
    expect(stale.statusCode).toBe(412);
    const del = await t.call(t.tokens.admin, { method: 'DELETE', url: `/calendars/${id}` });
    expect(del.statusCode).toBe(204);
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .select('action')
      .where('target_type', '=', 'calendar')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'calendar.create',
      'calendar.create',
      'calendar.update',
      'calendar.delete',
    ]);
    expect((await t.call(t.tokens.admin, { method: 'GET', url: `/calendars/${id}` })).statusCode).toBe(404);
  });
});
