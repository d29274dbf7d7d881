import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { counts, createGuest, type GuestWorld, guest, history, makeGuestWorld, newPerson, on, sweep } from './world.ts';

/** The visitor path driven by the clock, a week of downtime, idempotence and renewal. */
let t: TestApp;
let w: GuestWorld;
beforeAll(async () => {
  t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
  w = await makeGuestWorld(t);
});
afterAll(() => t.close());

const visitor = async (validFrom: string, validTo: string) =>
  createGuest(t, {
    personId: await newPerson(t),
    type: 'Visitor',
    validFrom,
    validTo,
    hostOrgId: w.physics,
    guarantorId: w.guarantor,
    reason: 'Research visit',
    services: ['id-card'],
  });

describe('the visitor lifecycle', () => {
  it('goes pending → active at valid-from → expiring 14 days before valid-to → disabled after it → archived after the retention', async () => {
    on(t, '2026-09-01');
    const g = await visitor('2026-09-10', '2026-10-31');
    expect(g).toMatchObject({
      state: 'pending',
      stateSince: '2026-09-01',
      lifecycle: 'visitor',
      inDirectory: false,
      version: 1,
    });
    const steps: [string, string][] = [
      ['2026-09-09', 'pending'],
      ['2026-09-10', 'active'],
      ['2026-10-16', 'active'],
      ['2026-10-17', 'expiring'],
      ['2026-10-31', 'expiring'],
      ['2026-11-01', 'disabled'],
      ['2026-11-30', 'disabled'],
      ['2026-12-01', 'archived'],
    ];
    for (const [day, state] of steps) {
      on(t, day);
      await sweep(t);
      expect((await guest(t, g.id)).state, day).toBe(state);
    }
    const h = await history(t, g.id);
    expect(h.map((x) => [x.transition, x.from, x.to, x.dueOn])).toEqual([
      ['enter', '', 'pending', null],
      ['activate', 'pending', 'active', '2026-09-10'],
      ['expire-soon', 'active', 'expiring', '2026-10-17'],
      ['disable', 'expiring', 'disabled', '2026-11-01'],
      ['archive', 'disabled', 'archived', '2026-12-01'],
    ]);
    // The expiring reminder and the disabled notice go to the visitor and the guarantor.
    expect(h[2].notices).toEqual([
      {
        event: 'expiring-reminder',
        audience: 'guest',
        personId: g.personId,
        to: expect.stringMatching(/@example\.org$/),
        queued: true,
      },
      {
        event: 'expiring-reminder',
        audience: 'guarantor',
        personId: w.guarantor,
        to: 'gina@uni.example',
        queued: true,
      },
    ]);
    expect(h[3].notices).toHaveLength(2);
    // … queued in the outbox in the same transaction, once each.
    const mail = await t
      .db()
      .selectFrom('outbox')
      .select(['event', 'recipient', 'subject', 'text_body', 'dedupe_key'])
      .where('dedupe_key', 'like', 'guest-transition:%')
      .orderBy('id')
      .execute();
    expect(mail.map((m) => [m.event, m.recipient])).toEqual([
      ['expiring-reminder', expect.stringMatching(/@example\.org$/)],
      ['expiring-reminder', 'gina@uni.example'],
      ['disabled', expect.stringMatching(/@example\.org$/)],
      ['disabled', 'gina@uni.example'],
    ]);
    expect(mail[1].text_body).toContain('Hello Gina Guarantor');
    expect(mail[1].text_body).toContain('ends on 2026-10-31 (14 days from now)');
    // Every move is audited and in the change log.
    const audits = await t
      .db()
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('target_type', '=', 'guest')
      .where('target_id', '=', String(g.id))
      .orderBy('seq')
      .execute();
    expect(audits.map((a) => [a.action, (a.after as { state: string } | null)?.state])).toEqual([
      ['guest.create', 'pending'],
      ['guest.transition', 'active'],
      ['guest.transition', 'expiring'],
      ['guest.transition', 'disabled'],
      ['guest.transition', 'archived'],
    ]);
    const changes = await t
      .db()
      .selectFrom('change_log')
      .select('op')
      .where('entity_type', '=', 'guest')
      .where('entity_id', '=', String(g.id))
      .orderBy('position')
      .execute();
    expect(changes.map((c) => c.op)).toEqual([
      'created',
      'transitioned',
      'transitioned',
      'transitioned',
      'transitioned',
    ]);
  });

  it('after a week of downtime ends in the right state with each transition once, in order, dated when it was due', async () => {
    on(t, '2027-01-04');
    const g = await visitor('2027-01-06', '2027-01-15');
    on(t, '2027-01-25');
    const result = await sweep(t);
    expect(result.transitions).toMatchObject({ 'visitor/activate': 1, 'visitor/expire-soon': 1, 'visitor/disable': 1 });
    expect(await guest(t, g.id)).toMatchObject({ state: 'disabled', stateSince: '2027-01-16' });
    expect((await history(t, g.id)).map((x) => [x.transition, x.dueOn])).toEqual([
      ['enter', null],
      ['activate', '2027-01-06'],
      ['expire-soon', '2027-01-01'],
      ['disable', '2027-01-16'],
    ]);
    // The reminder fell due after the stay had ended: not sent, and the history says why; the ended notice goes.
    const [, , expiring, disabled] = await history(t, g.id);
    expect(expiring.notices).toEqual(
      ['guest', 'guarantor'].map((audience) =>
        expect.objectContaining({ audience, queued: false, skipped: expect.stringContaining('ended on 2027-01-15') }),
      ),
    );
    expect(disabled.notices).toEqual(
      ['guest', 'guarantor'].map((audience) => expect.objectContaining({ audience, queued: true })),
    );
    const events = await t
      .db()
      .selectFrom('outbox')
      .select('event')
      .where('dedupe_key', 'like', 'guest-transition:%')
      .where('person_id', '=', g.personId as number)
      .execute();
    expect(events.map((e) => e.event)).toEqual(['disabled']);
    // Archived 30 days after the day it was due to be disabled, not after the sweep that did it.
    on(t, '2027-02-15');
    await sweep(t);
    expect((await guest(t, g.id)).state).toBe('archived');
  });

  it('running the sweep twice writes nothing the second time', async () => {
    on(t, '2027-03-01');
    await visitor('2027-03-01', '2027-03-31');
    const first = await sweep(t);
    expect(first.moved).toBe(1);
    const before = await counts(t);
    const again = await sweep(t);
    expect(again).toMatchObject({ moved: 0, transitions: {}, notices: 0 });
    expect(await counts(t)).toEqual(before);
  });

  it('the scheduled job guest-lifecycle runs the sweep; a run that moves nobody is bookkeeping only', async () => {
    on(t, '2027-04-01');
    await sweep(t); // earlier tests' guests settle first
    const g = await visitor('2027-04-02', '2027-04-30');
    await t.app.schedule.tick(); // the scheduler sees its jobs for the first time: nothing is due yet
    t.clock.set('2027-04-02T00:10:00Z');
    const reports = await t.app.schedule.tick();
    expect(reports?.find((r) => r.job === 'guest-lifecycle')).toMatchObject({
      outcome: 'succeeded',
      summary: { moved: 1 },
    });
    expect((await guest(t, g.id)).state).toBe('active');
    const audited = async () =>
      (
        await t
          .db()
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', '=', 'schedule.run')
          .where('target_id', '=', 'guest-lifecycle')
          .executeTakeFirstOrThrow()
      ).n;
    const runs = await audited();
    t.clock.set('2027-04-02T01:10:00Z');
    expect((await t.app.schedule.tick())?.find((r) => r.job === 'guest-lifecycle')).toMatchObject({
      outcome: 'succeeded',
      summary: { moved: 0 },
    });
    expect(await audited()).toBe(runs);
  });

  it('renewal before expiry keeps the visitor active and moves the dates; an expiring visitor renewed is active again', async () => {
    on(t, '2027-05-01');
    const a = await visitor('2027-05-01', '2027-06-15');
    const b = await visitor('2027-05-01', '2027-06-10');
    await sweep(t);
    on(t, '2027-05-27');
    await sweep(t);
    expect((await guest(t, b.id)).state).toBe('expiring');
    expect((await guest(t, a.id)).state).toBe('active');
    const renew = async (id: number, validTo: string) => {
      const current = await guest(t, id);
      return t.call(t.tokens.admin, {
        method: 'POST',
        url: `/guests/${id}/renew`,
        headers: { 'if-match': `"${current.version}"` },
        payload: { validTo },
      });
    };
    const ra = await renew(a.id, '2027-12-31');
    expect(ra.statusCode, ra.body).toBe(200);
    expect(ra.json()).toMatchObject({ state: 'active', validTo: '2027-12-31' });
    const rb = await renew(b.id, '2027-09-30');
    expect(rb.json()).toMatchObject({ state: 'active', validTo: '2027-09-30' });
    expect((await history(t, b.id)).map((x) => x.transition)).toEqual(['enter', 'activate', 'expire-soon', 'renew']);
    on(t, '2027-06-20');
    await sweep(t);
    expect((await guest(t, a.id)).state).toBe('active');
    expect((await guest(t, b.id)).state).toBe('active');
    // The new end brings a new expiring reminder, due for the new date.
    on(t, '2027-09-16');
    await sweep(t);
    expect((await history(t, b.id)).filter((x) => x.transition === 'expire-soon').map((x) => x.dueOn)).toEqual([
      '2027-05-27',
      '2027-09-16',
    ]);
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', String(a.id))
      .where('target_type', '=', 'guest')
      .where('action', '=', 'guest.renew')
      .execute();
    expect(audit).toHaveLength(1);
  });
});
