import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg, createPerson } from '../registry/world.ts';
import { addType, countRows, statusesOf } from './world.ts';

/**
 * "Refreshing one person runs when their facts change": every use case that changes
 * someone's affiliations refreshes their statuses in its own transaction — creating a
 * person with an affiliation, the CSV importer, ending a unit with its affiliations,
 * merging two records, moving a unit (for org-subtree statuses) — and costs one query when
 * no status type exists.
 */
let t: TestApp;
let admin: string;
let root: number;
let eng: number;
let civil: number;
let sci: number;
beforeAll(async () => {
  t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
  admin = t.tokens.admin;
  root = await addOrg(t, 'UNI');
  eng = await addOrg(t, 'ENG', root);
  civil = await addOrg(t, 'CIVIL', eng);
  sci = await addOrg(t, 'SCI', root);
});
afterAll(() => t.close());

const etagOf = async (url: string) => String((await t.call(admin, { method: 'GET', url })).headers.etag);
const heldNames = async (personId: number) => (await statusesOf(t, personId)).held.map((h: { name: string }) => h.name);

describe('status refresh on every change of affiliations', () => {
  it('writes no status rows and no extra audit rows while no status type exists', async () => {
    const before = await countRows(t, 'audit_log');
    const p = await createPerson(t, {
      givenName: 'Nora',
      familyName: 'Notypes',
      affiliation: { orgId: eng, kind: 'staff' },
    });
    expect(await countRows(t, 'person_statuses')).toBe(0);
    expect(await countRows(t, 'audit_log')).toBe(before + 1);
    expect((await statusesOf(t, p.id)).held).toEqual([]);
  });

  it('gives statuses to people the CSV importer creates or affiliates, in the same batch', async () => {
    await addType(t, { name: 'Staff', rank: 700, match: { kinds: ['staff'] } });
    await addType(t, {
      name: 'Student',
      rank: 600,
      category: 'student',
      match: { sources: ['sis'], kinds: ['student'] },
    });
    const csv =
      'source_key,given_name,family_name,org_code,affiliation_kind\nS1,Sam,Student,SCI,student\nS2,Tia,Twice,SCI,student\n';
    const r = await t.call(admin, {
      method: 'POST',
      url: '/imports/people?source=sis',
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(r.json()).toMatchObject({ created: 2, failed: 0 });
    const sam = (
      await t.db().selectFrom('identifiers').select('person_id').where('value', '=', 'S1').executeTakeFirstOrThrow()
    ).person_id;
    expect((await statusesOf(t, sam)).primary).toMatchObject({
      name: 'Student',
      because: [{ source: 'sis', kind: 'student', orgCode: 'SCI' }],
    });
    const changes = await t
      .db()
      .selectFrom('change_log')
      .select('op')
      .where('entity_type', '=', 'person_status')
      .execute();
    expect(changes.length).toBe(2);
  });

  it('gives a status to a person created with an affiliation', async () => {
    const p = await createPerson(t, {
      givenName: 'Stan',
      familyName: 'Staff',
      affiliation: { orgId: civil, kind: 'staff' },
    });
    expect(await heldNames(p.id)).toEqual(['Staff']);
  });

  it("ends the statuses of people whose affiliations a unit's cascade ends", async () => {
    const unit = await addOrg(t, 'LAB', sci);
    const p = await createPerson(t, {
      givenName: 'Lara',
      familyName: 'Lab',
      affiliation: { orgId: unit, kind: 'staff', validFrom: '2025-01-01' },
    });
    const r = await t.call(admin, {
      method: 'POST',
      url: `/orgs/${unit}/end`,
      headers: { 'if-match': await etagOf(`/orgs/${unit}`) },
      payload: { validTo: '2026-09-30', reason: 'lab closes', cascade: true },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect((await statusesOf(t, p.id)).primary).toMatchObject({ name: 'Staff', end: '2026-09-30' });
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .select(['action', 'reason'])
      .where('target_type', '=', 'person_status')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'status.update', reason: 'lab closes (ending LAB)' });
  });

  it('joins the status histories of two merged records on the survivor', async () => {
    const survivor = await createPerson(t, {
      givenName: 'Mia',
      familyName: 'Merged',
      affiliation: { orgId: eng, kind: 'staff', validFrom: '2024-01-01' },
    });
    const loser = await createPerson(t, {
      givenName: 'Mia',
      familyName: 'Merged',
      affiliation: { orgId: sci, kind: 'staff', validFrom: '2025-01-01' },
    });
    const r = await t.call(admin, {
      method: 'POST',
      url: `/people/${survivor.id}/merge`,
      headers: { 'if-match': `"${survivor.version}"` },
      payload: { loserId: loser.id, reason: 'same human' },
    });
    expect(r.statusCode, r.body).toBe(200);
    const s = await statusesOf(t, survivor.id);
    expect(s.history).toHaveLength(1);
    expect(s.primary).toMatchObject({ name: 'Staff', start: '2024-01-01', end: null });
    expect(s.primary.because.map((b: { orgCode: string }) => b.orgCode).sort()).toEqual(['ENG', 'SCI']);
    expect((await statusesOf(t, loser.id)).history).toEqual([]);
  });

  it('refreshes the people of a moved unit when a status type matches on an org subtree', async () => {
    await addType(t, { name: 'Engineering', rank: 710, match: { orgPath: `/${root}/${eng}/` } });
    const p = await createPerson(t, {
      givenName: 'Mo',
      familyName: 'Mover',
      affiliation: { orgId: civil, kind: 'staff' },
    });
    expect(await heldNames(p.id)).toEqual(['Engineering', 'Staff']);
    const r = await t.call(admin, {
      method: 'POST',
      url: `/orgs/${civil}/move`,
      headers: { 'if-match': await etagOf(`/orgs/${civil}`) },
      payload: { parentId: sci },
    });
    expect(r.statusCode, r.body).toBe(200);
    const s = await statusesOf(t, p.id);
    expect(s.held.map((h: { name: string }) => h.name)).toEqual(['Staff']);
    // It held until the move: closed yesterday, kept as history.
    expect(s.history.find((h: { name: string }) => h.name === 'Engineering')).toMatchObject({
      start: null,
      end: '2026-08-31',
    });
  });

  it('refreshes them too when the org importer moves their unit back', async () => {
    const p = await createPerson(t, {
      givenName: 'Ida',
      familyName: 'Importer',
      affiliation: { orgId: civil, kind: 'staff' },
    });
    expect(await heldNames(p.id)).toEqual(['Staff']);
    const csv = 'code,parent_code,kind,name\nCIVIL,ENG,unit,Unit CIVIL\n';
    const r = await t.call(admin, {
      method: 'POST',
      url: '/imports/orgs',
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ updated: 1 });
    expect(await heldNames(p.id)).toEqual(['Engineering', 'Staff']);
  });

  it('keeps one row per status when the same person is refreshed by concurrent changes', async () => {
    const p = await createPerson(t, {
      givenName: 'Cora',
      familyName: 'Current',
      affiliation: { orgId: sci, kind: 'staff', validFrom: '2020-01-01' },
    });
    await Promise.all([
      ...Array.from({ length: 4 }, (_, i) =>
        t.call(admin, {
          method: 'POST',
          url: `/people/${p.id}/affiliations`,
          payload: { orgId: sci, kind: 'staff', validFrom: `202${i}-06-01` },
        }),
      ),
      ...Array.from({ length: 4 }, () => t.call(admin, { method: 'POST', url: `/people/${p.id}/statuses/refresh` })),
    ]);
    const s = await statusesOf(t, p.id);
    expect(s.history.map((h: { name: string; start: string }) => `${h.name} ${h.start}`)).toEqual(['Staff 2020-01-01']);
    expect(s.primary.because).toHaveLength(5);
  });
});
