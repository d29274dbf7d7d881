import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { createPerson } from '../registry/world.ts';
import { createGuest, type GuestWorld, makeGuestWorld, newPerson, on, sweep } from './world.ts';

/**
 * Issue 16, sponsorship that never orphans: the report of guests whose guarantor or sponsor can no longer vouch.
 */
let t: TestApp;
let w: GuestWorld;
beforeAll(async () => {
  t = await makeTestApp({ start: '2027-05-01T09:00:00Z' });
  w = await makeGuestWorld(t);
});
afterAll(() => t.close());

const report = async (query = '') => {
  const r = await t.call(t.tokens.auditor, { method: 'GET', url: `/guests/reports/unvouched${query}` });
  expect(r.statusCode, r.body).toBe(200);
  return r;
};

describe('guests nobody vouches for', () => {
  it('lists a visitor whose guarantor left, with the day they left, and not the visitors of a guarantor still here', async () => {
    on(t, '2027-05-01');
    const leaving = await createPerson(t, {
      givenName: 'Lena',
      familyName: 'Leaving',
      affiliation: { orgId: w.physics, kind: 'staff', validFrom: '2020-01-01', validTo: '2027-05-20' },
    });
    const visitor = (guarantorId: number) =>
      newPerson(t, 'Visiting').then((personId) =>
        createGuest(t, {
          personId,
          type: 'Visitor',
          validFrom: '2027-05-01',
          validTo: '2027-08-31',
          hostOrgId: w.physics,
          guarantorId,
          reason: 'Research visit',
        }),
      );
    const orphan = await visitor(leaving.id);
    const kept = await visitor(w.guarantor);
    await sweep(t);
    expect((await report()).json().items).toEqual([]);

    on(t, '2027-05-25');
    const body = (await report()).json();
    expect(body.on).toBe('2027-05-25');
    expect(body.items).toEqual([
      expect.objectContaining({
        guestId: orphan.id,
        state: 'active',
        role: 'guarantor',
        voucherId: leaving.id,
        voucherName: 'Lena Leaving',
        voucherLastDay: '2027-05-20',
        validTo: '2027-08-31',
      }),
    ]);
    expect(body.items.map((i: { guestId: number }) => i.guestId)).not.toContain(kept.id);
    // As it was on a day the guarantor was still here, and as CSV.
    expect((await report('?on=2027-05-20')).json().items).toEqual([]);
    const csv = await report('?format=csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.trim().split('\n')).toHaveLength(2);
    expect(csv.body).toContain('Lena Leaving,2027-05-20');
  });

  it('refuses a query parameter it does not know', async () => {
    const r = await t.call(t.tokens.auditor, { method: 'GET', url: '/guests/reports/unvouched?within=3' });
    expect(r.statusCode).toBe(400);
  });
});
