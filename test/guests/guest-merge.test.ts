import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { createPerson } from '../registry/world.ts';
import { makeRequestWorld, ok, type RequestWorld, submit, visitorRequest } from './request-world.ts';
import { createGuest, type GuestWorld, guest, makeGuestWorld, newPerson, on } from './world.ts';

/**
 * Merging two records of one human keeps their guest records: the survivor is the guest, guarantor or sponsor from then
 * on.
 */
let t: TestApp;
let w: GuestWorld;
const tApp = () => t;
beforeAll(async () => {
  t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
  w = await makeGuestWorld(t);
});
afterAll(() => t.close());

async function mergeInto(survivorId: number, loserId: number, t: TestApp = tApp()) {
  const survivor = await t.call(t.tokens.admin, { method: 'GET', url: `/people/${survivorId}` });
  return t.call(t.tokens.admin, {
    method: 'POST',
    url: `/people/${survivorId}/merge`,
    headers: { 'if-match': String(survivor.headers.etag) },
    payload: { loserId, reason: 'same human' },
  });
}

describe('merging people who are in guest records', () => {
  it('moves the guest, guarantor and sponsor roles to the survivor and lists them in the merge', async () => {
    on(t, '2026-09-01');
    const visitor = await newPerson(t);
    const visitorAgain = await newPerson(t);
    const sponsorAgain = await newPerson(t, 'Sponsor');
    const visit = await createGuest(t, {
      personId: visitorAgain,
      type: 'Visitor',
      hostOrgId: w.physics,
      guarantorId: w.guarantor,
      reason: 'Conference',
      validFrom: '2026-09-01',
      validTo: '2026-10-01',
    });
    const spouse = await createGuest(t, {
      personId: await newPerson(t, 'Spouse'),
      type: 'Spouse',
      sponsorId: w.guarantor,
    });

    const first = await mergeInto(visitor, visitorAgain);
    expect(first.statusCode, first.body).toBe(200);
    expect(await guest(t, visit.id)).toMatchObject({ personId: visitor, version: visit.version + 1 });

    const guarantorMerge = await mergeInto(sponsorAgain, w.guarantor);
    expect(guarantorMerge.statusCode, guarantorMerge.body).toBe(200);
    expect(await guest(t, visit.id)).toMatchObject({ personId: visitor, guarantorId: sponsorAgain });
    expect(await guest(t, spouse.id)).toMatchObject({ sponsorId: sponsorAgain });

    const audit = await t
      .db()
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'person.merge')
      .where('target_id', '=', String(sponsorAgain))
      .executeTakeFirstOrThrow();
    expect((audit.after as { took: { guests: unknown } }).took.guests).toEqual({
      guest: [],
      guarantor: [visit.id],
      sponsor: [spouse.id],
      requester: [],
      requests: [],
    });
    const changes = await t
      .db()
      .selectFrom('change_log')
      .select(['entity_id'])
      .where('entity_type', '=', 'guest')
      .where('op', '=', 'updated')
      .execute();
    expect(changes.map((c) => Number(c.entity_id)).sort((a, b) => a - b)).toEqual(
      [visit.id, visit.id, spouse.id].sort((a, b) => a - b),
    );
  });
});

describe('merging people who are in guest requests', () => {
  let rw: RequestWorld;
  beforeAll(async () => {
    rw = await makeRequestWorld();
  });
  afterAll(() => rw.t.close());

  it('moves the guarantor and the approver who decided a step to the survivor', async () => {
    const request = await submit(rw, visitorRequest());
    const decided = await ok(rw, rw.tokens.approver, request.id, request.version, 'approve', 'welcome');
    const ginaAgain = (
      await createPerson(rw.t, {
        givenName: 'Gina',
        familyName: 'Guarantor-Again',
        emails: [{ address: 'gina2@uni.example' }],
      })
    ).id;
    const doraAgain = (
      await createPerson(rw.t, {
        givenName: 'Dora',
        familyName: 'Dean-Again',
        emails: [{ address: 'dora2@uni.example' }],
      })
    ).id;
    expect((await mergeInto(ginaAgain, rw.guarantor, rw.t)).statusCode).toBe(200);
    expect((await mergeInto(doraAgain, rw.approver, rw.t)).statusCode).toBe(200);

    const row = await rw.t
      .db()
      .selectFrom('guest_requests')
      .select(['guarantor_id', 'version'])
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(row.guarantor_id).toBe(ginaAgain);
    expect(row.version).toBe(decided.version + 1);
    const decision = await rw.t
      .db()
      .selectFrom('guest_request_decisions')
      .select('person_id')
      .where('request_id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(decision.person_id).toBe(doraAgain);
    const audits = await rw.t
      .db()
      .selectFrom('audit_log')
      .select(['target_id', 'after'])
      .where('action', '=', 'person.merge')
      .execute();
    expect(audits.map((a) => (a.after as { took: { guests: { requests: number[] } } }).took.guests.requests)).toEqual([
      [request.id],
      [request.id],
    ]);
  });
});
