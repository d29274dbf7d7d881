import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guest, history, on, sweep } from './world.ts';
import {
  makeRequestWorld,
  mailOf,
  ok,
  type RequestJson,
  type RequestWorld,
  submit,
  visitorRequest,
} from './request-world.ts';

/**
 * Issue 3, stories 1–3 through the API with the clock moved: a guarantor asks for a
 * visitor, the department's (inherited) approvers, the IT desk and the card desk approve in
 * turn, the IT desk's approval mints credentials, the final approval creates the guest,
 * and the sweep takes it pending → active → expiring (reminders) → renewed by a request of
 * its own → expiring → disabled → archived. Mail is read from the outbox.
 */
let w: RequestWorld;
beforeAll(async () => {
  w = await makeRequestWorld();
});
afterAll(() => w.t.close());

const inbox = async (token: string) =>
  ((await w.t.call(token, { method: 'GET', url: '/guests/inbox' })).json() as RequestJson[]).map((r) => r.id);

describe('a visitor request from submission to archive', () => {
  let req: RequestJson;

  it('is submitted by the guarantor and waits for the department approvers inherited from DEPTS', async () => {
    on(w.t, '2026-09-01');
    req = await submit(
      w,
      visitorRequest({
        givenName: 'Ada',
        familyName: 'Quist',
        email: 'ada.quist@visitor.example',
        services: ['it-account', 'id-card'],
        validFrom: '2026-09-10',
        validTo: '2026-10-31',
      }),
    );
    expect(req).toMatchObject({
      state: 'waiting',
      currentStep: 'department-approvers',
      guestId: null,
      personId: null,
      version: 1,
      visitorName: 'Ada Quist',
      guarantorName: 'Gina Guarantor',
      submittedBy: 'gina',
    });
    expect(req.steps.map((s) => [s.step, s.state])).toEqual([
      ['department-approvers', 'current'],
      ['it-desk', 'waiting'],
      ['card-desk', 'waiting'],
    ]);
    expect(req.steps[0].approvers).toEqual(['Dirk Deputy', 'Dora Dean']);
    expect((await mailOf(w, req.id)).map((m) => [m.event, m.recipient])).toEqual([
      ['request-received', 'gina@uni.example'],
      ['approval-needed', 'dirk@uni.example'],
      ['approval-needed', 'dora@uni.example'],
    ]);
    const received = (await mailOf(w, req.id))[0];
    expect(received.text_body).toContain('Ada Quist at Unit PHYS from 2026-09-10 to 2026-10-31');
    expect(received.text_body).toContain(`/ui/guests/requests/${req.id}`);
    const audit = await w.t
      .db()
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('target_type', '=', 'guest_request')
      .where('target_id', '=', String(req.id))
      .execute();
    expect(audit).toEqual([{ action: 'guest-request.submit', actor: 'gina' }]);
  });

  it('shows in the inbox of each department approver only, with everything they need', async () => {
    expect(await inbox(w.tokens.approver)).toEqual([req.id]);
    expect(await inbox(w.tokens.approver2)).toEqual([req.id]);
    expect(await inbox(w.tokens.colleague)).toEqual([]);
    expect(await inbox(w.tokens.itDesk)).toEqual([]);
    expect(await inbox(w.tokens.guarantor)).toEqual([]);
    const [item] = (await w.t.call(w.tokens.approver, { method: 'GET', url: '/guests/inbox' })).json();
    expect(item).toMatchObject({
      visitor: { givenName: 'Ada', familyName: 'Quist', email: 'ada.quist@visitor.example' },
      hostOrg: { code: 'PHYS' },
      reason: 'Research visit',
      services: ['it-account', 'id-card'],
      validFrom: '2026-09-10',
      validTo: '2026-10-31',
      typeLabel: 'Visitor',
    });
  });

  it('moves to the IT desk when one department approver approves, and tells the desk', async () => {
    req = await ok(w, w.tokens.approver, req.id, 1, 'approve', 'Welcome to physics');
    expect(req).toMatchObject({ state: 'waiting', currentStep: 'it-desk', version: 2 });
    expect(req.steps[0]).toMatchObject({
      state: 'approved',
      decision: { decision: 'approved', actor: 'dora', comment: 'Welcome to physics' },
    });
    expect(await inbox(w.tokens.approver2)).toEqual([]);
    expect(await inbox(w.tokens.itDesk)).toEqual([req.id]);
    expect((await mailOf(w, req.id)).slice(3).map((m) => [m.event, m.recipient])).toEqual([
      ['approval-needed', 'it-desk@uni.example'],
    ]);
  });

  it('mints a username and an email address on IT desk approval and mails them to the visitor', async () => {
    req = await ok(w, w.tokens.itDesk, req.id, 2, 'approve');
    expect(req).toMatchObject({
      currentStep: 'card-desk',
      minted: { username: 'aquist', email: 'ada.quist@example.edu' },
    });
    expect(req.personId).not.toBeNull();
    const ids = await w.t
      .db()
      .selectFrom('identifiers')
      .select(['kind', 'value'])
      .where('person_id', '=', req.personId!)
      .orderBy('kind')
      .execute();
    expect(ids).toEqual([
      { kind: 'email', value: 'ada.quist@example.edu' },
      { kind: 'username', value: 'aquist' },
    ]);
    const mail = (await mailOf(w, req.id)).slice(4);
    expect(mail.map((m) => [m.event, m.recipient])).toEqual([
      ['credentials-minted', 'ada.quist@visitor.example'],
      ['approval-needed', 'card-desk@uni.example'],
    ]);
    expect(mail[0].text_body).toContain('your username is aquist and your email address is ada.quist@example.edu');
    const person = (await w.t.call(w.t.tokens.admin, { method: 'GET', url: `/people/${req.personId}` })).json();
    expect(person).toMatchObject({
      givenName: 'Ada',
      familyName: 'Quist',
      emails: [{ address: 'ada.quist@visitor.example' }],
    });
  });

  it('creates the pending guest on the card desk approval and tells the guarantor', async () => {
    req = await ok(w, w.tokens.cardDesk, req.id, 3, 'approve', 'Card at the desk from the 10th');
    expect(req).toMatchObject({ state: 'approved', currentStep: null });
    const g = await guest(w.t, req.guestId!);
    expect(g).toMatchObject({
      state: 'pending',
      personId: req.personId,
      guarantorId: w.guarantor,
      hostOrgId: w.physics,
      validFrom: '2026-09-10',
      validTo: '2026-10-31',
      services: ['it-account', 'id-card'],
      reason: 'Research visit',
    });
    expect((await history(w.t, g.id)).map((h) => [h.transition, h.from, h.to])).toEqual([
      ['approve', 'requested', 'pending'],
    ]);
    const approved = (await mailOf(w, req.id)).slice(6);
    expect(approved.map((m) => [m.event, m.recipient])).toEqual([['approved', 'gina@uni.example']]);
    expect(approved[0].text_body).toContain('Comment: Card at the desk from the 10th');
    const actions = await w.t
      .db()
      .selectFrom('audit_log')
      .select('action')
      .where('target_type', 'in', ['guest_request', 'guest'])
      .where((eb) => eb.or([eb('target_id', '=', String(req.id)), eb('target_id', '=', String(g.id))]))
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'guest-request.submit',
      'guest-request.approve',
      'guest-request.approve',
      'guest.create',
      'guest-request.approve',
    ]);
    const changes = await w.t
      .db()
      .selectFrom('change_log')
      .select('op')
      .where('entity_type', '=', 'guest_request')
      .where('entity_id', '=', String(req.id))
      .orderBy('position')
      .execute();
    expect(changes.map((c) => c.op)).toEqual(['created', 'approved', 'approved', 'approved']);
  });

  it('goes active at valid-from, expiring 14 days before valid-to with reminders, and is renewed by a request of its own', async () => {
    const gid = req.guestId!;
    for (const [day, state] of [
      ['2026-09-09', 'pending'],
      ['2026-09-10', 'active'],
      ['2026-10-16', 'active'],
      ['2026-10-17', 'expiring'],
    ] as const) {
      on(w.t, day);
      await sweep(w.t);
      expect((await guest(w.t, gid)).state, day).toBe(state);
    }
    const reminders = await w.t
      .db()
      .selectFrom('outbox')
      .select(['event', 'recipient'])
      .where('event', '=', 'expiring-reminder')
      .orderBy('id')
      .execute();
    expect(reminders.map((m) => m.recipient)).toEqual(['ada.quist@visitor.example', 'gina@uni.example']);

    on(w.t, '2026-10-20');
    // The guarantor, who holds no role, follows the guest on its page; a colleague may not.
    const seen = await w.t.call(w.tokens.guarantor, { method: 'GET', url: `/guests/${gid}` });
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ id: gid, state: 'expiring', validTo: '2026-10-31' });
    const steps = await w.t.call(w.tokens.guarantor, { method: 'GET', url: `/guests/${gid}/transitions` });
    expect(steps.json().map((h: { to: string }) => h.to)).toEqual(['pending', 'active', 'expiring']);
    for (const url of [`/guests/${gid}`, `/guests/${gid}/transitions`, '/guests/999999']) {
      const refused = await w.t.call(w.tokens.colleague, { method: 'GET', url });
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().detail).toContain('guarantor and sponsor');
    }
    const asked = await w.t.call(w.tokens.guarantor, {
      method: 'POST',
      url: `/guests/${gid}/renewal-requests`,
      payload: { validTo: '2027-01-31' },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const renewal = asked.json() as RequestJson;
    expect(renewal).toMatchObject({
      kind: 'renewal',
      guestId: gid,
      personId: req.personId,
      currentStep: 'department-approvers',
      validTo: '2027-01-31',
    });
    expect(renewal.steps.map((s) => s.step)).toEqual(['department-approvers']);
    expect((await guest(w.t, gid)).validTo).toBe('2026-10-31'); // nothing moves before approval
    const done = await ok(w, w.tokens.approver2, renewal.id, 1, 'approve');
    expect(done.state).toBe('approved');
    expect(await guest(w.t, gid)).toMatchObject({ state: 'active', validTo: '2027-01-31' });
    expect((await history(w.t, gid)).map((h) => h.transition)).toEqual(['approve', 'activate', 'expire-soon', 'renew']);
    expect((await mailOf(w, renewal.id)).map((m) => [m.event, m.recipient])).toEqual([
      ['request-received', 'gina@uni.example'],
      ['approval-needed', 'dirk@uni.example'],
      ['approval-needed', 'dora@uni.example'],
      ['approved', 'gina@uni.example'],
      ['renewal', 'gina@uni.example'],
      ['renewal', 'ada.quist@visitor.example'],
    ]);
    expect((await mailOf(w, renewal.id))[4].text_body).toContain('was renewed until 2027-01-31');
  });

  it('after the renewed end is disabled, then archived after the retention', async () => {
    const gid = req.guestId!;
    for (const [day, state] of [
      ['2027-01-16', 'active'],
      ['2027-01-17', 'expiring'],
      ['2027-01-31', 'expiring'],
      ['2027-02-01', 'disabled'],
      ['2027-03-02', 'disabled'],
      ['2027-03-03', 'archived'],
    ] as const) {
      on(w.t, day);
      await sweep(w.t);
      expect((await guest(w.t, gid)).state, day).toBe(state);
    }
    const disabled = await w.t
      .db()
      .selectFrom('outbox')
      .select('recipient')
      .where('event', '=', 'disabled')
      .orderBy('id')
      .execute();
    expect(disabled.map((m) => m.recipient)).toEqual(['ada.quist@visitor.example', 'gina@uni.example']);
  });
});

describe('a request naming an existing person, without IT access', () => {
  it('offers the existing person as a duplicate hint, uses them, and mints nothing; not renewed it is disabled after valid-to', async () => {
    on(w.t, '2027-04-01');
    const known = (
      await w.t.call(w.t.tokens.admin, {
        method: 'POST',
        url: '/people',
        payload: {
          givenName: 'Bruno',
          familyName: 'Lindqvist',
          birthDate: '1980-02-03',
          emails: [{ address: 'bruno@lab.example' }],
        },
      })
    ).json();
    const hints = await w.t.call(w.tokens.guarantor, {
      method: 'POST',
      url: '/guests/duplicate-hints',
      payload: { givenName: 'Bruno', familyName: 'Lindquist', email: 'bruno@lab.example' },
    });
    expect(hints.statusCode, hints.body).toBe(200);
    expect(hints.json()[0]).toMatchObject({
      personId: known.id,
      displayName: 'Bruno Lindqvist',
      birthYear: 1980,
      reasons: expect.arrayContaining(['same email bruno@lab.example']),
    });
    const r = await submit(w, {
      type: 'Visitor',
      personId: known.id,
      reason: 'Conference',
      services: ['id-card'],
      validFrom: '2027-04-05',
      validTo: '2027-04-20',
    });
    expect(r.steps.map((s) => s.step)).toEqual(['department-approvers', 'card-desk']);
    await ok(w, w.tokens.approver, r.id, 1, 'approve');
    const done = await ok(w, w.tokens.cardDesk, r.id, 2, 'approve');
    expect(done).toMatchObject({ state: 'approved', personId: known.id, minted: null });
    expect(
      await w.t
        .db()
        .selectFrom('identifiers')
        .select('kind')
        .where('person_id', '=', known.id)
        .where('kind', 'in', ['username', 'email'])
        .execute(),
    ).toEqual([]);
    for (const [day, state] of [
      ['2027-04-05', 'active'],
      ['2027-04-06', 'expiring'],
      ['2027-04-21', 'disabled'],
    ] as const) {
      on(w.t, day);
      await sweep(w.t);
      expect((await guest(w.t, done.guestId!)).state, day).toBe(state);
    }
  });
});

describe('approvers who chose the daily digest', () => {
  it('get approval-needed held for the digest, the others at once', async () => {
    const pref = await w.t.call(w.tokens.approver2, {
      method: 'PUT',
      url: '/mail/preferences',
      payload: { dailyDigest: true },
      headers: { 'if-match': '"0"' },
    });
    expect(pref.statusCode, pref.body).toBe(200);
    const r = await submit(w, visitorRequest({ validFrom: '2027-04-25', validTo: '2027-05-20' }));
    const mail = (await mailOf(w, r.id)).filter((m) => m.event === 'approval-needed');
    expect(mail.map((m) => [m.recipient, m.state])).toEqual([
      ['dirk@uni.example', 'held'],
      ['dora@uni.example', 'queued'],
    ]);
  });
});

describe('a type that requires an ID number', () => {
  it('gives the new person one from the counter when the guest is created', async () => {
    on(w.t, '2027-05-01');
    const made = await w.t.call(w.t.tokens.admin, {
      method: 'POST',
      url: '/guest-types',
      payload: {
        name: 'Badge Visitor',
        label: 'Badge visitor',
        lifecycle: 'visitor',
        idNumberRequired: true,
        maxDays: 30,
        orgSubtree: 'DEPTS',
      },
    });
    expect(made.statusCode, made.body).toBe(201);
    const r = await submit(w, {
      type: 'Badge Visitor',
      givenName: 'Ida',
      familyName: 'Numbered',
      email: 'ida@visitor.example',
      validFrom: '2027-05-02',
      validTo: '2027-05-20',
    });
    expect(r.steps.map((s) => s.step)).toEqual(['department-approvers']);
    const done = await ok(w, w.tokens.approver, r.id, 1, 'approve');
    const ids = await w.t
      .db()
      .selectFrom('identifiers')
      .select(['kind', 'value'])
      .where('person_id', '=', done.personId!)
      .execute();
    expect(ids).toEqual([{ kind: 'id-number', value: expect.stringMatching(/^S\d{8}$/) }]);
    expect(await guest(w.t, done.guestId!)).toMatchObject({ state: 'pending', type: 'Badge Visitor' });
  });
});
