import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { appendixA } from '../../src/status/appendix-a.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg, createPerson } from '../registry/world.ts';
import { addBarePerson, addType, feedAffiliation, refresh, statusesOf } from './world.ts';

/**
 * A person's statuses through the API as their affiliations come and go and the clock
 * moves: held and primary, pending, the 30 June / 1 July hand-over, history, "what was
 * their status before it ended", why each holds, holders on a day, and the change log.
 */
let t: TestApp;
let admin: string;
let physics: number;
beforeAll(async () => {
  t = await makeTestApp({ start: '2026-05-01T09:00:00Z' });
  admin = t.tokens.admin;
  physics = await addOrg(t, 'PHYS');
  await addType(t, { name: 'Staff', rank: 700, cardLabel: 'Employee', directory: 'Y', match: { kinds: ['staff'] } });
  await addType(t, { name: 'Faculty', rank: 750, cardLabel: 'Faculty', directory: 'Y', match: { kinds: ['faculty'] } });
  await addType(t, { name: 'Resident', rank: 150, category: 'resident', match: { kinds: ['resident'] } });
});
afterAll(() => t.close());

const names = (entries: { name: string }[]) => entries.map((e) => e.name);
const addAffiliation = async (personId: number, body: Record<string, unknown>) => {
  const r = await t.call(admin, {
    method: 'POST',
    url: `/people/${personId}/affiliations`,
    payload: { orgId: physics, ...body },
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: number; version: number };
};
const changeAffiliation = async (
  personId: number,
  aff: { id: number; version: number },
  patch: Record<string, unknown>,
) => {
  const r = await t.call(admin, {
    method: 'PATCH',
    url: `/people/${personId}/affiliations/${aff.id}`,
    headers: { 'if-match': `"${aff.version}"` },
    payload: patch,
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as { id: number; version: number };
};
const statusChanges = async (personId: number) => {
  const rows = await t
    .db()
    .selectFrom('change_log')
    .select(['op', 'data'])
    .where('entity_type', '=', 'person_status')
    .orderBy('position')
    .execute();
  return rows
    .filter((r) => (r.data as { personId: number }).personId === personId)
    .map((r) => ({ op: r.op, ...(r.data as { status: string; start: string | null; end: string | null }) }));
};

describe('statuses follow affiliations', () => {
  it('gives a status when an affiliation is added, hands over on 30 June / 1 July, and ends when the affiliations end', async () => {
    t.clock.set('2026-05-01T09:00:00Z');
    const p = await createPerson(t, {
      givenName: 'Grace',
      familyName: 'Hopper',
      affiliation: { orgId: physics, kind: 'staff', validFrom: '2024-09-01' },
    });
    let s = await statusesOf(t, p.id);
    expect(s).toMatchObject({
      personId: p.id,
      today: '2026-05-01',
      primary: {
        name: 'Staff',
        rank: 700,
        category: 'employee',
        cardLabel: 'Employee',
        directory: 'Y',
        start: '2024-09-01',
        end: null,
        bridgedTo: null,
      },
      pending: [],
      lastBefore: null,
    });
    expect(s.primary.because).toEqual([
      { affiliationId: expect.any(Number), source: 'manual', kind: 'staff', orgCode: 'PHYS' },
    ]);

    const staffAff = (await t.call(admin, { method: 'GET', url: `/people/${p.id}/affiliations` })).json()[0];
    const faculty = await addAffiliation(p.id, { kind: 'faculty', validFrom: '2026-07-01' });
    s = await statusesOf(t, p.id);
    expect(names(s.held)).toEqual(['Staff']);
    expect(s.pending).toMatchObject([{ name: 'Faculty', start: '2026-07-01', end: null }]);

    // HR ends the staff job on 30 June; the faculty appointment starts on 1 July.
    await changeAffiliation(p.id, staffAff, { validTo: '2026-06-30' });
    s = await statusesOf(t, p.id);
    expect(s.primary).toMatchObject({
      name: 'Staff',
      end: '2026-06-30',
      bridgedTo: {
        statusTypeId: s.pending[0].statusTypeId,
        name: 'Faculty',
        start: '2026-07-01',
        originalEnd: '2026-06-30',
      },
    });

    const housing = await addAffiliation(p.id, { kind: 'resident', validFrom: '2026-04-01', validTo: '2026-12-31' });
    s = await statusesOf(t, p.id);
    expect(names(s.held)).toEqual(['Staff', 'Resident']);
    expect(s.primary.name).toBe('Staff');

    t.clock.set('2026-07-01T08:00:00Z');
    s = await statusesOf(t, p.id);
    expect(s.primary.name).toBe('Faculty');
    expect(names(s.held)).toEqual(['Faculty', 'Resident']);
    expect(s.lastBefore).toMatchObject({ name: 'Staff', end: '2026-06-30', bridgedTo: { name: 'Faculty' } });
    const holders = (d: string) =>
      t.call(t.tokens.auditor, { method: 'GET', url: `/statuses/holders?type=faculty&on=${d}` }).then((r) => r.json());
    expect((await holders('2026-07-01')).items).toEqual([
      { personId: p.id, displayName: 'Grace Hopper', start: '2026-07-01', end: null, bridged: false },
    ]);
    expect((await holders('2026-06-30')).total).toBe(0);

    await changeAffiliation(p.id, faculty, { validTo: '2026-12-31' });
    await changeAffiliation(p.id, housing, { validTo: '2026-12-31' });
    t.clock.set('2027-01-04T08:00:00Z');
    s = await statusesOf(t, p.id);
    expect(s.held).toEqual([]);
    expect(s.primary).toBeNull();
    // Faculty and Resident both ended on 31 December: the one that was primary answers.
    expect(s.lastBefore).toMatchObject({ name: 'Faculty', start: '2026-07-01', end: '2026-12-31' });
    expect(
      s.history.map((h: { name: string; start: string; end: string }) => `${h.name} ${h.start}..${h.end}`),
    ).toEqual(['Staff 2024-09-01..2026-06-30', 'Resident 2026-04-01..2026-12-31', 'Faculty 2026-07-01..2026-12-31']);

    // Consumers of the change log saw each status open and change.
    const changes = await statusChanges(p.id);
    expect(changes.map((c) => `${c.op} ${c.status} ${c.start}..${c.end}`)).toEqual([
      'opened Staff 2024-09-01..null',
      'opened Faculty 2026-07-01..null',
      'updated Staff 2024-09-01..2026-06-30',
      'opened Resident 2026-04-01..2026-12-31',
      'updated Faculty 2026-07-01..2026-12-31',
    ]);
    expect(changes[2]).toMatchObject({
      personId: p.id,
      bridgedTo: { status: 'Faculty', start: '2026-07-01', originalEnd: '2026-06-30' },
    });
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .select(['action', 'actor', 'target_type'])
      .where('target_type', '=', 'person_status')
      .orderBy('seq')
      .execute();
    expect(audit.slice(0, 2)).toEqual([
      { action: 'status.open', actor: 'root', target_type: 'person_status' },
      { action: 'status.open', actor: 'root', target_type: 'person_status' },
    ]);
    t.clock.set('2026-05-01T09:00:00Z');
  });

  it('closes yesterday a status no affiliation gives any more, and deletes one that had not started', async () => {
    t.clock.set('2026-05-01T09:00:00Z');
    const p = await createPerson(t, {
      givenName: 'Alan',
      familyName: 'Kindchange',
      affiliation: { orgId: physics, kind: 'staff', validFrom: '2025-01-01' },
    });
    const later = await addAffiliation(p.id, { kind: 'faculty', validFrom: '2026-09-01' });
    const staffAff = (await t.call(admin, { method: 'GET', url: `/people/${p.id}/affiliations` }))
      .json()
      .find((a: { kind: string }) => a.kind === 'staff');
    await changeAffiliation(p.id, staffAff, { kind: 'visitor' });
    await changeAffiliation(p.id, later, { kind: 'visitor' });
    const s = await statusesOf(t, p.id);
    expect(s.held).toEqual([]);
    expect(s.history).toMatchObject([{ name: 'Staff', start: '2025-01-01', end: '2026-04-30' }]);
    expect(s.lastBefore).toMatchObject({ name: 'Staff', end: '2026-04-30' });
    const changes = await statusChanges(p.id);
    expect(changes.map((c) => `${c.op} ${c.status}`)).toEqual([
      'opened Staff',
      'opened Faculty',
      'closed Staff',
      'deleted Faculty',
    ]);
    const reasons = await t
      .db()
      .selectFrom('audit_log')
      .select(['action', 'reason'])
      .where('target_type', '=', 'person_status')
      .where('action', 'in', ['status.close', 'status.delete'])
      .orderBy('seq')
      .execute();
    expect(reasons.slice(-2)).toEqual([
      { action: 'status.close', reason: 'no affiliation gives this status any more' },
      { action: 'status.delete', reason: 'it had not started and no affiliation gives it any more' },
    ]);
  });

  it('answers 404 for a person who does not exist, and refreshes only for those who may change the person', async () => {
    expect((await t.call(admin, { method: 'GET', url: '/people/999999/statuses' })).statusCode).toBe(404);
    expect((await t.call(admin, { method: 'POST', url: '/people/999999/statuses/refresh' })).statusCode).toBe(404);
    const p = await createPerson(t, {
      givenName: 'Rita',
      familyName: 'Reader',
      affiliation: { orgId: physics, kind: 'staff' },
    });
    expect(
      (await t.call(t.tokens.auditor, { method: 'POST', url: `/people/${p.id}/statuses/refresh` })).statusCode,
    ).toBe(403);
    expect((await t.call(admin, { method: 'GET', url: '/statuses/holders?type=Nobody' })).json()).toMatchObject({
      status: 400,
      errors: [{ field: '/type', rule: 'exists' }],
    });
  });
});

describe('statuses from a source of record (Appendix A)', () => {
  let feed: TestApp;
  let org: number;
  beforeAll(async () => {
    feed = await makeTestApp({ start: '2026-06-15T09:00:00Z' });
    org = await addOrg(feed, 'ENG');
    for (const definition of appendixA) await feed.app.status.types.createType(systemActor('test'), definition);
  });
  afterAll(() => feed.close());

  it('an exempt job ending 30 June and a faculty appointment from 1 July: one unbroken employee status, the bridge visible, why each holds', async () => {
    const id = await addBarePerson(feed, 'Edsger', 'Dijkstra');
    const job = await feedAffiliation(feed, id, {
      orgId: org,
      codes: ['AE12'],
      validFrom: '2020-09-01',
      validTo: '2026-06-30',
    });
    const appointment = await feedAffiliation(feed, id, { orgId: org, codes: ['AF01'], validFrom: '2026-07-01' });
    const student = await feedAffiliation(feed, id, {
      orgId: org,
      source: 'sis',
      kind: 'student',
      codes: ['TE'],
      attributes: { level: 'GR' },
      validFrom: '2025-09-01',
      validTo: '2027-05-31',
    });
    const r = await refresh(feed, id);
    expect(r.counts).toEqual({ people: 1, opened: 3, updated: 0, closed: 0, deleted: 0 });
    const s = r.statuses;
    expect(names(s.held)).toEqual(['Exempt employee', 'Graduate, engineering']);
    expect(s.primary).toMatchObject({
      name: 'Exempt employee',
      rank: 750,
      cardLabel: 'Employee',
      directory: 'Y',
      end: '2026-06-30',
      because: [{ affiliationId: job, source: 'hr', kind: 'employee', orgCode: 'ENG' }],
    });
    expect(s.primary.bridgedTo).toEqual({
      statusTypeId: s.pending[0].statusTypeId,
      name: 'Faculty',
      start: '2026-07-01',
      originalEnd: '2026-06-30',
    });
    expect(s.pending).toMatchObject([
      { name: 'Faculty', cardLabel: 'Faculty', because: [{ affiliationId: appointment, source: 'hr' }] },
    ]);
    expect(s.held[1]).toMatchObject({
      category: 'student',
      because: [{ affiliationId: student, source: 'sis', kind: 'student' }],
    });

    feed.clock.set('2026-07-01T08:00:00Z');
    const july = await statusesOf(feed, id);
    expect(july.primary.name).toBe('Faculty');
    expect(july.lastBefore).toMatchObject({ name: 'Exempt employee', bridgedTo: { name: 'Faculty' } });
    expect((await refresh(feed, id)).counts).toEqual({ people: 1, opened: 0, updated: 0, closed: 0, deleted: 0 });
    feed.clock.set('2026-06-15T09:00:00Z');
  });

  it('bridges a gap up to the look-ahead window and not beyond; a new window applies on the next refresh', async () => {
    const id = await addBarePerson(feed, 'Barbara', 'Liskov');
    await feedAffiliation(feed, id, { orgId: org, codes: ['AN3'], validFrom: '2024-01-01', validTo: '2026-06-30' });
    await feedAffiliation(feed, id, { orgId: org, codes: ['AE1'], validFrom: '2026-07-21' });
    let s = (await refresh(feed, id)).statuses;
    expect(s.primary).toMatchObject({ name: 'Non-exempt employee', end: '2026-06-30', bridgedTo: null });

    const etag = (await feed.call(feed.tokens.admin, { method: 'GET', url: '/settings/status' })).headers
      .etag as string;
    expect(
      (
        await feed.call(feed.tokens.admin, {
          method: 'PUT',
          url: '/settings/status',
          headers: { 'if-match': etag },
          payload: { lookAheadDays: 30 },
        })
      ).statusCode,
    ).toBe(200);
    s = (await refresh(feed, id)).statuses;
    expect(s.primary).toMatchObject({
      name: 'Non-exempt employee',
      end: '2026-07-20',
      bridgedTo: { name: 'Exempt employee', start: '2026-07-21', originalEnd: '2026-06-30' },
    });
    feed.clock.set('2026-07-10T08:00:00Z');
    expect((await statusesOf(feed, id)).primary.name).toBe('Non-exempt employee');
    feed.clock.set('2026-06-15T09:00:00Z');
  });
});
