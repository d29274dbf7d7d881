import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { addOrg, createPerson } from '../registry/world.ts';
import { createGuest, guest, type GuestWorld, history, makeGuestWorld, newPerson, on, sweep } from './world.ts';

/**
 * Issue 16, sponsorship done fully: when a guarantor or sponsor can no longer vouch, their guests go to the guest
 * managers of the host unit (or of the nearest unit above that has some), who hear of it with the guest and may take
 * over until a deadline; after it the lifecycle's rule applies.
 */
let t: TestApp;
let w: GuestWorld;
let lab: number;
const people = { mona: 0, olga: 0 };
const tokens = { mona: '', noah: '', outsider: '', olga: '' };

async function account(username: string, orgId: number, personId: number | null, email: string | null = null) {
  const user = await t.app.accounts.createUser(systemActor('test'), {
    username,
    displayName: username,
    password: 'correct horse battery',
    personId,
    email,
    roles: [{ role: 'orgadmin', orgId }],
  });
  return (await t.app.accounts.createToken(systemActor('test'), { name: 'test', userId: user.id })).token;
}

beforeAll(async () => {
  t = await makeTestApp({ start: '2027-01-04T09:00:00Z' });
  w = await makeGuestWorld(t);
  lab = await addOrg(t, 'LAB', w.physics);
  const staff = (givenName: string, email: string) =>
    createPerson(t, {
      givenName,
      familyName: 'Manager',
      emails: [{ address: email }],
      affiliation: { orgId: w.physics, kind: 'staff' },
    }).then((p) => p.id);
  people.mona = await staff('Mona', 'mona@uni.example');
  people.olga = await staff('Olga', 'olga@uni.example');
  // DEPTS has guest managers (Mona, and Noah whose account has no person); PHYS and LAB have none.
  tokens.mona = await account('mona', w.depts, people.mona);
  tokens.noah = await account('noah', w.depts, null, 'noah@uni.example');
  tokens.outsider = await account('outsider', w.outside, await staff('Otto', 'otto@uni.example'));
  tokens.olga = await account('olga', w.acme, people.olga);
});
afterAll(() => t.close());

async function endAffiliation(personId: number, validTo: string) {
  const [aff] = (await t.call(t.tokens.admin, { method: 'GET', url: `/people/${personId}/affiliations` })).json();
  const r = await t.call(t.tokens.admin, {
    method: 'PATCH',
    url: `/people/${personId}/affiliations/${aff.id}`,
    headers: { 'if-match': `"${aff.version}"` },
    payload: { validTo },
  });
  expect(r.statusCode, r.body).toBe(200);
}

const takeOver = (token: string, id: number, version: number | null, reason?: string) =>
  t.call(token, {
    method: 'POST',
    url: `/guests/${id}/take-over`,
    headers: version === null ? {} : { 'if-match': `"${version}"` },
    payload: reason ? { reason } : {},
  });

const mailOf = async (dedupePrefix: string) =>
  (
    await t
      .db()
      .selectFrom('outbox')
      .select(['event', 'recipient', 'subject'])
      .where('dedupe_key', 'like', `${dedupePrefix}%`)
      .orderBy('id')
      .execute()
  ).map((m) => `${m.event} ${m.recipient}`);

describe('a guest whose guarantor leaves', () => {
  it('goes to the nearest unit above with guest managers, who hear of it with the guest, and one of them takes over', async () => {
    on(t, '2027-01-04');
    const lena = await createPerson(t, {
      givenName: 'Lena',
      familyName: 'Leaving',
      affiliation: { orgId: w.physics, kind: 'staff', validFrom: '2020-01-01' },
    });
    const g = await createGuest(t, {
      personId: await newPerson(t, 'Visiting'),
      type: 'Visitor',
      validFrom: '2027-01-04',
      validTo: '2027-06-30',
      hostOrgId: lab,
      guarantorId: lena.id,
      reason: 'Research visit',
    });
    expect((await sweep(t)).handovers).toEqual({ opened: 0, closed: 0 });
    await endAffiliation(lena.id, '2027-01-10');

    on(t, '2027-01-12');
    const swept = await sweep(t);
    expect(swept.handovers).toEqual({ opened: 1, closed: 0 });
    const seen = (await t.call(tokens.mona, { method: 'GET', url: `/guests/${g.id}` })).json();
    expect(seen).toMatchObject({
      state: 'active',
      guarantorId: lena.id,
      handover: { role: 'guarantor', voucherId: lena.id, orgId: w.depts, orgCode: 'DEPTS', since: '2027-01-12' },
    });
    expect(seen.handover.deadline).toBe('2027-01-26'); // the type's default of 14 days
    expect(seen.abilities.takeOver).toBe(true);
    const handover = seen.handover.id;
    expect(await mailOf(`guest-handover:${handover}:`)).toEqual([
      'guest-handover mona@uni.example',
      'guest-handover noah@uni.example',
      expect.stringMatching(/^guest-handed-over guest\d+@example\.org$/),
    ]);
    const manager = await t
      .db()
      .selectFrom('outbox')
      .select(['subject', 'text_body'])
      .where(
        'dedupe_key',
        '=',
        `guest-handover:${handover}:user-${(await t.db().selectFrom('users').select('id').where('username', '=', 'mona').executeTakeFirstOrThrow()).id}`,
      )
      .executeTakeFirstOrThrow();
    expect(manager.subject).toContain('needs a new guarantor by 2027-01-26');
    expect(manager.text_body).toContain('Lena Leaving');

    // In the report of guests nobody vouches for, with the unit and the deadline.
    const report = (await t.call(t.tokens.auditor, { method: 'GET', url: '/guests/reports/unvouched' })).json();
    expect(report.items).toEqual([
      expect.objectContaining({
        guestId: g.id,
        voucherLastDay: '2027-01-10',
        handover: { orgId: w.depts, orgCode: 'DEPTS', since: '2027-01-12', deadline: '2027-01-26' },
      }),
    ]);
    const csv = await t.call(t.tokens.auditor, { method: 'GET', url: '/guests/reports/unvouched?format=csv' });
    expect(csv.body).toContain('2027-01-10,DEPTS,2027-01-26');
    // A second sweep opens nothing more and sends nothing more.
    expect((await sweep(t)).handovers).toEqual({ opened: 0, closed: 0 });
    expect(await mailOf(`guest-handover:`)).toHaveLength(3);

    // Refused: a manager elsewhere (403), a manager whose account has no person (400), without If-Match (428).
    const before = await t
      .db()
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect((await takeOver(tokens.outsider, g.id, seen.version)).statusCode).toBe(403);
    expect((await t.call(tokens.outsider, { method: 'GET', url: `/guests/${g.id}` })).statusCode).toBe(403);
    const olga = (await t.call(tokens.olga, { method: 'GET', url: `/guests/${g.id}` })).statusCode;
    expect(olga).toBe(403);
    const noah = await takeOver(tokens.noah, g.id, seen.version);
    expect(noah.statusCode).toBe(400);
    expect(noah.json().errors).toEqual([expect.objectContaining({ rule: 'account-person' })]);
    expect((await takeOver(tokens.mona, g.id, null)).statusCode).toBe(428);
    expect((await takeOver(tokens.mona, g.id, seen.version + 5)).statusCode).toBe(412);
    const after = await t
      .db()
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect((await guest(t, g.id)).guarantorId).toBe(lena.id);

    // Mona takes over: she is the guarantor now, the handover is closed, audited and in the change log.
    const took = await takeOver(tokens.mona, g.id, seen.version, 'I host the visit from now on');
    expect(took.statusCode, took.body).toBe(200);
    expect(took.json()).toMatchObject({ guarantorId: people.mona, version: seen.version + 1 });
    const now = (await t.call(tokens.mona, { method: 'GET', url: `/guests/${g.id}` })).json();
    expect(now).toMatchObject({ handover: null, abilities: { takeOver: false } });
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'guest.take-over')
      .where('target_id', '=', String(g.id))
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: 'mona',
      reason: 'I host the visit from now on',
      before: { guarantorId: lena.id },
      after: { guarantorId: people.mona, handover },
    });
    const change = await t
      .db()
      .selectFrom('change_log')
      .selectAll()
      .where('entity_type', '=', 'guest')
      .where('entity_id', '=', String(g.id))
      .orderBy('position', 'desc')
      .executeTakeFirstOrThrow();
    expect(change).toMatchObject({ op: 'updated' });
    expect(change.data).toMatchObject({ guarantorId: people.mona, handover });
    const row = await t
      .db()
      .selectFrom('guest_handovers')
      .selectAll()
      .where('id', '=', handover)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ outcome: 'taken-over', taken_by: people.mona });
    // Taken over, it is vouched for again: out of the report, and a second take-over finds nothing to take.
    const again = (await t.call(t.tokens.auditor, { method: 'GET', url: '/guests/reports/unvouched' })).json();
    expect(again.items).toEqual([]);
    expect((await takeOver(tokens.mona, g.id, seen.version + 1)).statusCode).toBe(409);
    expect((await sweep(t)).handovers).toEqual({ opened: 0, closed: 0 });
  });
});

describe('a dependant whose sponsor leaves', () => {
  it('stays until the deadline; after it the sponsor-ended rule ends it, dated the day after the deadline', async () => {
    on(t, '2027-02-01');
    const sam = await createPerson(t, {
      givenName: 'Sam',
      familyName: 'Sponsor',
      emails: [{ address: 'sam@uni.example' }],
      affiliation: { orgId: w.physics, kind: 'staff', validFrom: '2020-01-01' },
    });
    const g = await createGuest(t, {
      personId: await newPerson(t, 'Spouse'),
      type: 'Spouse',
      sponsorId: sam.id,
      hostOrgId: w.physics,
    });
    await sweep(t);
    await endAffiliation(sam.id, '2027-02-10');
    on(t, '2027-02-11');
    const first = await sweep(t);
    expect(first.handovers.opened).toBe(1);
    expect(first.transitions).toEqual({});
    expect(await guest(t, g.id)).toMatchObject({
      state: 'active',
      handover: { role: 'sponsor', deadline: '2027-02-25' },
    });
    on(t, '2027-02-25');
    expect((await sweep(t)).transitions).toEqual({});
    expect((await guest(t, g.id)).state).toBe('active');
    // Nobody took over; the sweep runs two days after the deadline: the rule applies, dated by the deadline.
    on(t, '2027-02-28');
    expect((await sweep(t)).transitions).toEqual({ 'dependant/sponsor-ended': 1 });
    expect((await history(t, g.id)).at(-1)).toMatchObject({ transition: 'sponsor-ended', dueOn: '2027-02-26' });
    expect(await guest(t, g.id)).toMatchObject({ state: 'disabled', stateSince: '2027-02-26' });
    expect((await sweep(t)).moved).toBe(0);
  });

  it('closes the handover when the sponsor can vouch again, and opens none for a type without handover days', async () => {
    on(t, '2027-03-01');
    const ria = await createPerson(t, {
      givenName: 'Ria',
      familyName: 'Returning',
      affiliation: { orgId: w.physics, kind: 'staff', validFrom: '2020-01-01', validTo: '2027-03-05' },
    });
    const g = await createGuest(t, {
      personId: await newPerson(t, 'Spouse'),
      type: 'Spouse',
      sponsorId: ria.id,
      hostOrgId: w.physics,
    });
    await sweep(t);
    on(t, '2027-03-06');
    expect((await sweep(t)).handovers).toEqual({ opened: 1, closed: 0 });
    await endAffiliation(ria.id, '2027-12-31');
    const swept = await sweep(t);
    expect(swept.handovers).toEqual({ opened: 0, closed: 1 });
    expect(await guest(t, g.id)).toMatchObject({ state: 'active', handover: null });
    expect(
      await t
        .db()
        .selectFrom('guest_handovers')
        .select('outcome')
        .where('guest_id', '=', g.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ outcome: 'voucher-returned' });

    // A type that gives no handover days ends its dependants when the sponsor leaves, as before.
    const type = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/guest-types',
      payload: { name: 'Aide', label: 'Personal aide', lifecycle: 'dependant', sponsorRequired: true, handoverDays: 0 },
    });
    expect(type.statusCode, type.body).toBe(201);
    expect(type.json().handoverDays).toBe(0);
    const sol = await createPerson(t, {
      givenName: 'Sol',
      familyName: 'Short',
      affiliation: { orgId: w.physics, kind: 'staff', validFrom: '2020-01-01', validTo: '2027-03-07' },
    });
    const aide = await createGuest(t, {
      personId: await newPerson(t, 'Aide'),
      type: 'Aide',
      sponsorId: sol.id,
      hostOrgId: w.physics,
    });
    await sweep(t);
    on(t, '2027-03-08');
    const ended = await sweep(t);
    expect(ended.handovers.opened).toBe(0);
    expect((await guest(t, aide.id)).state).toBe('disabled');
  });
});
