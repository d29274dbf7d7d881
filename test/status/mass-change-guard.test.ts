import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { makeTestApp, storageKind, type TestApp } from '../harness.ts';
import { addPerson, makeWorld, type World } from '../organisations/world.ts';
import { addType } from './world.ts';

/**
 * The mass-change guard on status types and the full recompute (issue 16): changing a type's match recomputes
 * everyone at once, so a dry run previews who gains and loses which status and changes nothing; over the threshold
 * the change is held, and releasing it applies exactly the preview; discarding it leaves everything.
 */
describe(`mass-change guard: status types and the recompute (${storageKind})`, () => {
  let t: TestApp;
  let w: World;
  let admin: string;
  let staff: { id: number; version: number; name: string };
  const people: number[] = [];
  let student: number;
  beforeAll(async () => {
    t = await makeTestApp();
    admin = t.tokens.admin;
    w = await makeWorld(t);
    staff = await addType(t, { name: 'Staff', rank: 100, match: { kinds: ['staff'] } });
    for (const [given, family] of [
      ['Ada', 'Lovelace'],
      ['Marie', 'Curie'],
      ['Rosalind', 'Franklin'],
    ])
      people.push(await addPerson(t, given, family, w.chem));
    student = await addPerson(t, 'Emmy', 'Noether', w.art, { kind: 'student' });
    await t.app.status.recomputeAll(systemActor('test'));
    const put = await t.call(admin, {
      method: 'PUT',
      url: '/settings/mass-change',
      headers: { 'if-match': '"0"' },
      payload: { holdAbove: 2 },
    });
    expect(put.statusCode, put.body).toBe(200);
  });
  afterAll(() => t.close());

  const snapshot = async () => ({
    head: (await t.call(admin, { method: 'GET', url: '/changes?after=0&limit=1' })).json().head as number,
    types: await t.db().selectFrom('status_types').select(['id', 'match', 'version']).orderBy('id').execute(),
    statuses: await t
      .db()
      .selectFrom('person_statuses')
      .select(['id', 'person_id', 'status_type_id', 'start_date', 'end_date'])
      .orderBy('id')
      .execute(),
  });
  const putType = async (body: object, query = '') =>
    t.call(admin, {
      method: 'PUT',
      url: `/status-types/${staff.id}${query}`,
      headers: {
        'if-match': String((await t.call(admin, { method: 'GET', url: `/status-types/${staff.id}` })).headers.etag),
      },
      payload: { name: 'Staff', rank: 100, category: 'employee', ...body },
    });
  const holdersOf = async (typeId: number) =>
    (
      await t
        .db()
        .selectFrom('person_statuses')
        .select('person_id')
        .where('status_type_id', '=', typeId)
        .where('end_date', 'is', null)
        .orderBy('person_id')
        .execute()
    ).map((r) => r.person_id);

  it('a dry run of a new match previews who gains and loses the status, changing nothing', async () => {
    const before = await snapshot();
    const r = await putType({ match: { kinds: ['student'] } }, '?dryRun=true');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ dryRun: true, wouldBe: 'hold' });
    expect(body.preview.counts).toMatchObject({ people: 4, gains: 1 });
    expect(body.preview.counts.losses).toBe(3);
    const byId = new Map(
      body.preview.people.map((p: { id: number; name: string; gains: unknown[]; losses: unknown[] }) => [p.id, p]),
    );
    expect(byId.get(student)).toMatchObject({ name: 'Emmy Noether', gains: [{ kind: 'status', name: 'Staff' }] });
    expect(byId.get(people[0])).toMatchObject({ name: 'Ada Lovelace', losses: [{ kind: 'status', name: 'Staff' }] });
    expect(await snapshot()).toEqual(before);
  });

  it('a change that moves nobody applies at once', async () => {
    const r = await putType({ match: { kinds: ['staff'] }, description: 'people employed by the university' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ description: 'people employed by the university', holders: 3 });
  });

  it('over the threshold the type change is held; release applies it and the recompute exactly as previewed', async () => {
    const before = await snapshot();
    const r = await putType({ match: { kinds: ['student'] } });
    expect(r.statusCode, r.body).toBe(202);
    const held = r.json();
    const { head: _h, ...data } = await snapshot();
    const { head: _b, ...was } = before;
    expect(data).toEqual(was);
    expect(await holdersOf(staff.id)).toEqual(people);

    const released = await t.call(admin, { method: 'POST', url: `/held-changes/${held.id}/release` });
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toMatchObject({ state: 'released', result: { match: { kinds: ['student'] } } });
    expect(await holdersOf(staff.id)).toEqual([student]);
    const changed = await t
      .db()
      .selectFrom('audit_log')
      .select('after')
      .where('action', 'like', 'status.%')
      .where('target_type', '=', 'person_status')
      .orderBy('seq', 'desc')
      .limit(held.preview.counts.gains + held.preview.counts.losses + held.preview.counts.changes)
      .execute();
    const touched = [...new Set(changed.map((c) => (c.after as { personId: number }).personId))].sort((a, b) => a - b);
    expect(touched).toEqual(held.preview.people.map((p: { id: number }) => p.id));
  });

  it('the recompute: dry run previews, a held one discarded changes nothing, a released one applies', async () => {
    const visitor = await addType(t, { name: 'Visitor', rank: 10, category: 'visitor', match: { kinds: ['staff'] } });
    const before = await snapshot();
    const dry = await t.call(admin, { method: 'POST', url: '/statuses/recompute?dryRun=true', payload: {} });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().preview.counts).toMatchObject({ people: 3, gains: 3, losses: 0 });
    expect(dry.json().preview.people.map((p: { id: number }) => p.id)).toEqual(people);
    expect(await snapshot()).toEqual(before);

    const held = await t.call(admin, { method: 'POST', url: '/statuses/recompute', payload: { batchSize: 2 } });
    expect(held.statusCode, held.body).toBe(202);
    expect(held.json()).toMatchObject({ held: true });
    const discarded = await t.call(admin, {
      method: 'POST',
      url: `/held-changes/${held.json().id}/discard`,
      payload: {},
    });
    expect(discarded.json().state).toBe('discarded');
    expect(await holdersOf(visitor.id)).toEqual([]);

    const again = await t.call(admin, { method: 'POST', url: '/statuses/recompute?wait=false', payload: {} });
    expect(again.statusCode).toBe(202);
    expect(again.json().held).toBe(true);
    const released = await t.call(admin, { method: 'POST', url: `/held-changes/${again.json().id}/release` });
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toMatchObject({ state: 'released', result: { opened: 3, nextAfter: null } });
    expect(await holdersOf(visitor.id)).toEqual(people);

    // Nothing left to change: the recompute runs at once.
    const idle = await t.call(admin, { method: 'POST', url: '/statuses/recompute', payload: {} });
    expect(idle.statusCode).toBe(200);
    expect(idle.json()).toMatchObject({ opened: 0, closed: 0 });
  });

  it('refuses bad input, and those who may not configure statuses', async () => {
    expect((await putType({ match: { kinds: ['staff'] } }, '?dryRun=perhaps')).statusCode).toBe(400);
    expect((await putType({ match: { kinds: ['staff'] } }, '?dry=true')).statusCode).toBe(400);
    const badBody = await putType({ rank: 'high' }, '?dryRun=true');
    expect(badBody.statusCode).toBe(400);
    const recompute = await t.call(t.tokens.auditor, {
      method: 'POST',
      url: '/statuses/recompute?dryRun=true',
      payload: {},
    });
    expect(recompute.statusCode).toBe(403);
  });
});
