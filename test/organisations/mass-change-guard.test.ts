import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { makeTestApp, storageKind, type TestApp } from '../harness.ts';
import { addPerson, makeWorld, type World } from './world.ts';

/**
 * The mass-change guard on ending and moving units (issue 16): a dry run previews who loses which affiliation and
 * status and changes nothing; over the threshold the change is held with that preview, and releasing it applies
 * exactly that; discarding it leaves everything as it was.
 */
describe(`mass-change guard: ending and moving units (${storageKind})`, () => {
  let t: TestApp;
  let w: World;
  let admin: string;
  const chemists: number[] = [];
  let artist: number;
  beforeAll(async () => {
    t = await makeTestApp();
    admin = t.tokens.admin;
    w = await makeWorld(t);
    const type = await t.call(admin, {
      method: 'POST',
      url: '/status-types',
      payload: { name: 'Staff', rank: 100, category: 'employee', match: { kinds: ['staff'] } },
    });
    expect(type.statusCode, type.body).toBe(201);
    for (const [given, family] of [
      ['Ada', 'Lovelace'],
      ['Marie', 'Curie'],
      ['Rosalind', 'Franklin'],
      ['Dorothy', 'Hodgkin'],
    ])
      chemists.push(await addPerson(t, given, family, w.chem));
    artist = await addPerson(t, 'Frida', 'Kahlo', w.art);
    await t.app.status.recomputeAll(systemActor('test'));
    const put = await t.call(admin, {
      method: 'PUT',
      url: '/settings/mass-change',
      headers: { 'if-match': '"0"' },
      payload: { holdAbove: 3 },
    });
    expect(put.json()).toEqual({ holdAbove: 3, version: 1 });
  });
  afterAll(() => t.close());

  const etagOf = async (id: number) =>
    String((await t.call(admin, { method: 'GET', url: `/orgs/${id}` })).headers.etag);
  const end = async (id: number, payload: object, query = '', token = admin) =>
    t.call(token, {
      method: 'POST',
      url: `/orgs/${id}/end${query}`,
      headers: { 'if-match': await etagOf(id) },
      payload,
    });
  const move = async (id: number, parentId: number, query = '') =>
    t.call(admin, {
      method: 'POST',
      url: `/orgs/${id}/move${query}`,
      headers: { 'if-match': await etagOf(id) },
      payload: { parentId },
    });
  /** Everything the guarded routes change, and the change-log head. */
  const state = async () => ({
    head: (await t.call(admin, { method: 'GET', url: '/changes?after=0&limit=1' })).json().head as number,
    units: await t.db().selectFrom('org_units').select(['id', 'path', 'valid_to', 'version']).orderBy('id').execute(),
    affiliations: await t.db().selectFrom('affiliations').select(['id', 'valid_to', 'version']).orderBy('id').execute(),
    statuses: await t
      .db()
      .selectFrom('person_statuses')
      .select(['id', 'person_id', 'start_date', 'end_date'])
      .orderBy('id')
      .execute(),
  });
  const dataOf = async () => {
    const { head: _head, ...data } = await state();
    return data;
  };
  const endSci = { validTo: '2026-12-31', cascade: true, reason: 'faculty closes' };

  it('a dry run answers who loses which affiliation and status, and changes nothing (not even the change log)', async () => {
    const before = await state();
    const r = await end(w.sci, endSci, '?dryRun=true');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ dryRun: true, wouldBe: 'hold' });
    expect(body.message).toBe(
      'dry run: affects 4 people, over the threshold of 3 people; it would be held for an administrator',
    );
    expect(body.preview.counts).toEqual({ people: 4, gains: 0, losses: 8, changes: 0, units: 3 });
    expect(body.preview.people.map((p: { id: number; name: string }) => [p.id, p.name])).toEqual([
      [chemists[0], 'Ada Lovelace'],
      [chemists[1], 'Marie Curie'],
      [chemists[2], 'Rosalind Franklin'],
      [chemists[3], 'Dorothy Hodgkin'],
    ]);
    expect(body.preview.people[0].losses).toEqual([
      { kind: 'affiliation', name: 'staff at CHEM', detail: 'ends 2026-12-31' },
      { kind: 'status', name: 'Staff', detail: 'ends 2026-12-31' },
    ]);
    expect(await state()).toEqual(before);
    expect(await t.db().selectFrom('held_changes').selectAll().execute()).toEqual([]);
  });

  it('under the threshold it applies at once, as before', async () => {
    const lone = await t.app.orgs.createUnit(systemActor('test'), {
      code: 'ART-STUDIO',
      kind: 'department',
      name: 'Studio',
      parentId: w.art,
    });
    const painter = await addPerson(t, 'Georgia', 'OKeeffe', lone.id);
    const r = await end(lone.id, { validTo: '2026-10-31', cascade: true, reason: 'closed' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ code: 'ART-STUDIO', validTo: '2026-10-31', endedAffiliations: 1 });
    expect(await t.db().selectFrom('held_changes').selectAll().execute()).toEqual([]);
    const gone = await end(w.art, { validTo: '2026-11-30', cascade: true, reason: 'x' }, '?dryRun=true');
    expect(gone.json().preview.people.map((p: { id: number }) => p.id)).toEqual([artist]);
    const ended = await t.db().selectFrom('affiliations').select('valid_to').where('person_id', '=', painter).execute();
    expect(ended).toEqual([{ valid_to: '2026-10-31' }]);
  });

  it('over the threshold it is held (202 with its id and link); release applies exactly the preview', async () => {
    const before = await dataOf();
    const headBefore = (await state()).head;
    const r = await end(w.sci, endSci);
    expect(r.statusCode, r.body).toBe(202);
    const held = r.json();
    expect(held).toMatchObject({ held: true, link: `/held-changes/${held.id}` });
    expect(r.headers.location).toBe(`/held-changes/${held.id}`);
    expect(await dataOf()).toEqual(before);
    // The hold itself is audited and in the change log (one entry), nothing else.
    const after = await t.call(admin, { method: 'GET', url: `/changes?after=${headBefore}` });
    expect(after.json().changes.map((c: { entityType: string; op: string }) => `${c.entityType} ${c.op}`)).toEqual([
      'held_change held',
    ]);

    const listed = await t.call(t.tokens.auditor, { method: 'GET', url: '/held-changes?state=held' });
    expect(listed.json().map((h: { id: number }) => h.id)).toEqual([held.id]);
    const shown = (await t.call(admin, { method: 'GET', url: held.link })).json();
    expect(shown).toMatchObject({ kind: 'org.end', state: 'held', affected: 4, holdAbove: 3, requestedBy: 'root' });
    expect(shown.preview).toEqual(held.preview);

    // An auditor sees it but may not decide it.
    expect((await t.call(t.tokens.auditor, { method: 'POST', url: `${held.link}/release` })).statusCode).toBe(403);

    const released = await t.call(admin, { method: 'POST', url: `${held.link}/release` });
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toMatchObject({
      state: 'released',
      decidedBy: 'root',
      result: { endedUnits: 2, endedAffiliations: 4 },
    });
    const ended = await t
      .db()
      .selectFrom('affiliations')
      .select('person_id')
      .where('valid_to', '=', '2026-12-31')
      .orderBy('person_id')
      .execute();
    expect(ended.map((a) => a.person_id)).toEqual(held.preview.people.map((p: { id: number }) => p.id));
    const closed = await t
      .db()
      .selectFrom('person_statuses')
      .select('person_id')
      .where('end_date', '=', '2026-12-31')
      .orderBy('person_id')
      .execute();
    expect(closed.map((s) => s.person_id)).toEqual(chemists);
    const actions = await t
      .db()
      .selectFrom('audit_log')
      .select('action')
      .where('target_type', '=', 'held_change')
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['change.hold', 'change.release']);

    const again = await t.call(admin, { method: 'POST', url: `${held.link}/release` });
    expect(again.statusCode).toBe(409);
  });

  it('a move previews everyone whose affiliation moves; discarding the held move leaves everything', async () => {
    const lab = await addPerson(t, 'Alan', 'Turing', w.lab);
    const more = [await addPerson(t, 'Grace', 'Hopper', w.lab), await addPerson(t, 'Joan', 'Clarke', w.lab)];
    const before = await dataOf();
    const dry = await move(w.lab, w.art, '?dryRun=true');
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().preview.people.map((p: { id: number }) => p.id)).toEqual([lab, ...more]);
    expect(dry.json().preview.people[0].changes).toEqual([
      { kind: 'affiliation', name: 'staff at CHEM-LAB', detail: 'now under ART' },
    ]);
    expect(dry.json().wouldBe).toBe('apply');

    await t.call(admin, {
      method: 'PUT',
      url: '/settings/mass-change',
      headers: { 'if-match': '"1"' },
      payload: { holdAbove: 2 },
    });
    const held = await move(w.lab, w.art);
    expect(held.statusCode, held.body).toBe(202);
    expect(await dataOf()).toEqual(before);
    const discarded = await t.call(admin, {
      method: 'POST',
      url: `/held-changes/${held.json().id}/discard`,
      payload: { reason: 'not this term' },
    });
    expect(discarded.json()).toMatchObject({ state: 'discarded', decisionReason: 'not this term' });
    expect(await dataOf()).toEqual(before);
    expect((await t.call(admin, { method: 'POST', url: `/held-changes/${held.json().id}/release` })).statusCode).toBe(
      409,
    );

    // Held again, then released: the unit is under ART.
    const again = await move(w.lab, w.art);
    const released = await t.call(admin, { method: 'POST', url: `/held-changes/${again.json().id}/release` });
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json().result).toMatchObject({ id: w.lab, parentId: w.art });
  });

  it('a release after the unit changed is refused (412) and the change stays held', async () => {
    await t.call(admin, {
      method: 'PUT',
      url: '/settings/mass-change',
      headers: { 'if-match': '"2"' },
      payload: { holdAbove: 0 },
    });
    const held = await end(w.art, { validTo: '2027-01-31', cascade: true, reason: 'closing' });
    expect(held.statusCode, held.body).toBe(202);
    await t.call(admin, {
      method: 'PATCH',
      url: `/orgs/${w.art}`,
      headers: { 'if-match': await etagOf(w.art) },
      payload: { name: 'Faculty of Fine Arts' },
    });
    const r = await t.call(admin, { method: 'POST', url: `/held-changes/${held.json().id}/release` });
    expect(r.statusCode).toBe(412);
    expect((await t.call(admin, { method: 'GET', url: `/held-changes/${held.json().id}` })).json().state).toBe('held');
  });

  it('refuses bad input naming the field, and hides held changes from those who may not decide them', async () => {
    const bad = await end(w.art, endSci, '?dryRun=maybe');
    expect(bad.statusCode).toBe(400);
    const unknown = await end(w.art, endSci, '?dryrun=true');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'querystring/dryrun', rule: 'unknown-field' });
    expect((await t.call(admin, { method: 'GET', url: '/held-changes/999999' })).statusCode).toBe(404);
    const threshold = await t.call(admin, {
      method: 'PUT',
      url: '/settings/mass-change',
      headers: { 'if-match': '"3"' },
      payload: { holdAbove: -1 },
    });
    expect(threshold.statusCode).toBe(400);
    const sciAdmin = await t.tokenFor('sci-admin', [{ role: 'orgadmin', orgId: w.sci }]);
    const list = await t.call(sciAdmin, { method: 'GET', url: '/held-changes' });
    expect(list.statusCode).toBe(200);
    // The held end of ART is outside SCI: the organisation administrator of SCI neither sees nor decides it (they see
    // the decided changes inside SCI).
    expect(list.json().map((h: { kind: string; state: string }) => `${h.kind} ${h.state}`)).toEqual([
      'org.move released',
      'org.move discarded',
      'org.end released',
    ]);
    const art = (await t.call(admin, { method: 'GET', url: '/held-changes?state=held' })).json()[0];
    expect(
      (await t.call(sciAdmin, { method: 'POST', url: `/held-changes/${art.id}/discard`, payload: {} })).statusCode,
    ).toBe(404);
  });
});
