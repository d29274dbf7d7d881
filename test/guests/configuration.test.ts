import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visitorLifecycle } from '../../src/guests/default-lifecycles.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { createGuest, type GuestWorld, history, makeGuestWorld, newPerson, on, visitorType } from './world.ts';

/** Lifecycles, guest types and settings as data: If-Match, audit, and clear refusals; sweeps racing each other. */
let t: TestApp;
let w: GuestWorld;
beforeAll(async () => {
  t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
  w = await makeGuestWorld(t);
});
afterAll(() => t.close());

const admin = () => t.tokens.admin;
const problems = (r: { json(): { errors?: { field: string; rule: string }[] } }) =>
  (r.json().errors ?? []).map((e) => `${e.field} ${e.rule}`);

describe('guest types', () => {
  it('are replaced with If-Match, audited, and refused when stale, duplicate, or pointing nowhere', async () => {
    const url = `/guest-types/${w.types.visitor}`;
    const read = await t.call(admin(), { method: 'GET', url });
    expect(read.headers.etag).toBe('"1"');
    const body = { ...read.json(), label: 'Visiting academic' };
    delete body.id;
    delete body.version;
    expect((await t.call(admin(), { method: 'PUT', url, payload: body })).statusCode).toBe(428);
    const ok = await t.call(admin(), { method: 'PUT', url, headers: { 'if-match': '"1"' }, payload: body });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ label: 'Visiting academic', version: 2 });
    expect(
      (await t.call(admin(), { method: 'PUT', url, headers: { 'if-match': '"1"' }, payload: body })).statusCode,
    ).toBe(412);
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .select('action')
      .where('target_type', '=', 'guest_type')
      .where('target_id', '=', String(w.types.visitor))
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['guest.type.create', 'guest.type.update']);

    const post = (payload: object) =>
      t.call(admin(), {
        method: 'POST',
        url: '/guest-types',
        payload: { name: 'New', label: 'New', lifecycle: 'visitor', ...payload },
      });
    const dup = await post({ name: 'visitor' });
    expect([dup.statusCode, problems(dup)]).toEqual([409, ['/name unique']]);
    expect(problems(await post({ lifecycle: 'nomad' }))).toEqual(['/lifecycle known-lifecycle']);
    expect(problems(await post({ orgSubtree: 'NOWHERE' }))).toEqual(['/orgSubtree known-unit']);
    expect(problems(await post({ renewalWindowDays: 30 }))).toEqual(['/renewalWindowDays renewable-only']);
    expect(
      problems(await post({ services: ['id-card'], approvalChain: [{ step: 'it-desk', ifService: 'it-account' }] })),
    ).toEqual(['/approvalChain/0/ifService offered']);
    expect(problems(await post({ directory: 'X' }))).toEqual(['body/directory enum']);
  });

  it('cannot be deleted while a guest has them', async () => {
    await createGuest(t, { personId: await newPerson(t), type: 'Tech Park', hostOrgId: w.acme });
    const r = await t.call(admin(), { method: 'DELETE', url: `/guest-types/${w.types.tenant}` });
    expect([r.statusCode, problems(r)]).toEqual([409, ['/id in-use']]);
  });
});

describe('lifecycles', () => {
  it('ship visitor, tenant and dependant; a new one is created with If-Match "0" and refused when invalid', async () => {
    const list = await t.call(t.tokens.auditor, { method: 'GET', url: '/guest-lifecycles' });
    expect(list.json().map((l: { name: string }) => l.name)).toEqual(['dependant', 'tenant', 'visitor']);
    const bad = {
      ...visitorLifecycle,
      name: 'short',
      transitions: visitorLifecycle.transitions.map((x) => (x.name === 'activate' ? { ...x, when: undefined } : x)),
    };
    const refused = await t.call(admin(), {
      method: 'PUT',
      url: '/guest-lifecycles/short',
      headers: { 'if-match': '"0"' },
      payload: bad,
    });
    expect([refused.statusCode, problems(refused)]).toEqual([400, ['/transitions/3/when required']]);
    const created = await t.call(admin(), {
      method: 'PUT',
      url: '/guest-lifecycles/short',
      headers: { 'if-match': '"0"' },
      payload: { ...visitorLifecycle, name: 'short' },
    });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.headers.etag).toBe('"1"');
  });

  it('refuses to drop a state guests are in', async () => {
    on(t, '2026-09-01');
    await createGuest(t, {
      personId: await newPerson(t),
      type: 'Visitor',
      validTo: '2026-10-01',
      hostOrgId: w.physics,
      reason: 'Conference',
    });
    const etag = String((await t.call(admin(), { method: 'GET', url: '/guest-lifecycles/visitor' })).headers.etag);
    const withoutPending = {
      ...visitorLifecycle,
      entry: 'active',
      states: visitorLifecycle.states.filter((s) => s.name !== 'pending'),
      transitions: visitorLifecycle.transitions
        .filter((x) => !['activate', 'approve'].includes(x.name))
        .map((x) => ({ ...x, from: x.from.filter((s) => s !== 'pending') })),
    };
    const r = await t.call(admin(), {
      method: 'PUT',
      url: '/guest-lifecycles/visitor',
      headers: { 'if-match': etag },
      payload: withoutPending,
    });
    expect([r.statusCode, problems(r)]).toEqual([409, ['/states in-use']]);
  });
});

describe('sweeps racing each other', () => {
  it('apply each due transition exactly once', async () => {
    on(t, '2026-09-01');
    const ids: number[] = [];
    for (let i = 0; i < 12; i += 1)
      ids.push(
        (
          await createGuest(t, {
            personId: await newPerson(t),
            type: 'Visitor',
            validFrom: '2026-09-02',
            validTo: '2026-09-30',
            hostOrgId: w.physics,
            reason: 'Conference',
          })
        ).id,
      );
    on(t, '2026-10-15');
    const timedRows = async () =>
      (
        await t
          .db()
          .selectFrom('guest_transitions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('due_on', 'is not', null)
          .executeTakeFirstOrThrow()
      ).n;
    const before = await timedRows();
    const actor = systemActor('scheduler');
    const results = await Promise.all([
      t.app.guests.sweepGuests(actor, undefined, { batchSize: 5 }),
      t.app.guests.sweepGuests(actor, undefined, { batchSize: 5 }),
    ]);
    expect(results[0].moved + results[1].moved).toBe((await timedRows()) - before);
    const rows = await t
      .db()
      .selectFrom('guest_transitions')
      .select(['guest_id', 'transition'])
      .where('guest_id', 'in', ids)
      .where('due_on', 'is not', null)
      .execute();
    expect(rows).toHaveLength(36);
    const states = await t.db().selectFrom('guests').select('state').where('id', 'in', ids).execute();
    expect(new Set(states.map((s) => s.state))).toEqual(new Set(['disabled']));
  });
});

describe('a sweep after downtime', () => {
  it('takes a guest through every due step even when each step is listed before the one that feeds it', async () => {
    // The visitor lifecycle with its timed transitions in reverse (archive, disable, expire-soon, activate) and
    // disable only from expiring: each step is fed by the one listed after it.
    const timed = visitorLifecycle.transitions
      .filter((x) => x.when)
      .map((x) => (x.name === 'disable' ? { ...x, from: ['expiring'] } : x));
    const backwards = {
      ...visitorLifecycle,
      name: 'backwards',
      transitions: [...visitorLifecycle.transitions.filter((x) => !x.when), ...timed.reverse()],
    };
    const put = await t.call(admin(), {
      method: 'PUT',
      url: '/guest-lifecycles/backwards',
      headers: { 'if-match': '"0"' },
      payload: backwards,
    });
    expect(put.statusCode, put.body).toBe(200);
    const type = await t.call(admin(), {
      method: 'POST',
      url: '/guest-types',
      payload: { ...visitorType, name: 'Backwards', label: 'Backwards visitor', lifecycle: 'backwards' },
    });
    expect(type.statusCode, type.body).toBe(201);
    on(t, '2026-11-02');
    const g = await createGuest(t, {
      personId: await newPerson(t),
      type: 'Backwards',
      validFrom: '2026-11-03',
      validTo: '2026-11-20',
      hostOrgId: w.physics,
      reason: 'Conference',
    });
    on(t, '2027-01-10');
    const result = await t.app.guests.sweepGuests(systemActor('scheduler'));
    expect(result.passes).toBe(4);
    expect(result.transitions).toMatchObject({
      'backwards/activate': 1,
      'backwards/expire-soon': 1,
      'backwards/disable': 1,
      'backwards/archive': 1,
    });
    expect((await history(t, g.id)).map((x) => [x.transition, x.dueOn])).toEqual([
      ['enter', null],
      ['activate', '2026-11-03'],
      ['expire-soon', '2026-11-06'],
      ['disable', '2026-11-21'],
      ['archive', '2026-12-21'],
    ]);
    // Nothing is left: a second sweep moves nobody.
    expect((await t.app.guests.sweepGuests(systemActor('scheduler'))).moved).toBe(0);
  });
});
