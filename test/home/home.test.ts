import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountFor } from '../groups/world.ts';
import { addPolicy, expectStatus, governanceWorld, type GovernanceWorld } from '../governance/add-world.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { createGuest, type GuestWorld, makeGuestWorld, newPerson } from '../guests/world.ts';

/** Issue 17: the home page's "what needs me", one read for the signed-in person. */
describe('GET /me/home', () => {
  let t: TestApp;
  let gw: GovernanceWorld;
  let guests: GuestWorld;
  const home = (token: string) => expectStatus(t, token, { method: 'GET', url: '/me/home' }, 200);

  beforeAll(async () => {
    t = await makeTestApp({ start: '2027-05-01T09:00:00Z' });
    gw = await governanceWorld(t, 'HM');
    guests = await makeGuestWorld(t);
  });
  afterAll(() => t.close());

  it('counts the approvals waiting for the approver, and none for the one who asked', async () => {
    expect((await home(gw.tokens.mo)).approvals).toEqual({ count: 0 });
    await addPolicy(t, {
      name: 'hm-approvals',
      groupId: gw.groups.approve.id,
      stages: [{ approvers: [{ kind: 'manager' }] }],
    });
    await expectStatus(
      t,
      gw.tokens.bo,
      {
        method: 'POST',
        url: '/governance/requests',
        payload: { groupId: gw.groups.approve.id, personId: gw.people.ann, reason: 'month end', days: 10 },
      },
      201,
    );
    const mo = await home(gw.tokens.mo);
    expect(mo.approvals).toEqual({ count: 1 });
    expect(mo.reviews).toEqual({ count: 0, campaigns: [] });
    expect((await home(gw.tokens.bo)).approvals).toEqual({ count: 0 });
  });

  it('lists the guests the person vouches for whose stay ends within 30 days, soonest first, not ended ones', async () => {
    const gina = await accountFor(t, 'hm-gina', guests.guarantor);
    const visitor = async (validTo: string) =>
      createGuest(t, {
        personId: await newPerson(t, 'Home'),
        type: 'Visitor',
        validFrom: '2027-04-01',
        validTo,
        hostOrgId: guests.physics,
        guarantorId: guests.guarantor,
        reason: 'Research visit',
      });
    const late = await visitor('2027-05-30');
    const soon = await visitor('2027-05-10');
    await visitor('2027-06-15'); // beyond 30 days
    const withdrawn = await visitor('2027-05-05');
    const w = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/guests/${withdrawn.id}/transitions`,
      headers: { 'if-match': `"${withdrawn.version}"` },
      payload: { transition: 'withdraw' },
    });
    expect(w.statusCode, w.body).toBe(200);
    const mine = (await home(gina)).expiringGuests;
    expect(mine.count).toBe(2);
    expect(mine.within).toBe(30);
    expect(mine.items.map((i: { guestId: number }) => i.guestId)).toEqual([soon.id, late.id]);
    expect(mine.items[0]).toMatchObject({ validTo: '2027-05-10', state: soon.state });
    // Someone else vouches for none of them.
    expect((await home(gw.tokens.mo)).expiringGuests).toEqual({ count: 0, within: 30, items: [] });
  });

  it('gives operators the held snapshots and provisioning errors, and others null', async () => {
    const admin = await home(t.tokens.admin);
    expect(admin.heldSnapshots).toEqual({ count: 0 });
    expect(admin.provisioning).toEqual({ errors: 0, heldTargets: 0 });
    const mo = await home(gw.tokens.mo);
    expect([mo.heldSnapshots, mo.provisioning]).toEqual([null, null]);
  });

  it('answers an account that approves nothing (no person, no desk) with nothing waiting', async () => {
    const nobody = await t.tokenFor('hm-nobody', []);
    expect(await home(nobody)).toMatchObject({ approvals: { count: 0 }, heldSnapshots: null, provisioning: null });
  });

  it('refuses a query parameter it does not know, naming it', async () => {
    const r = await t.call(gw.tokens.mo, { method: 'GET', url: '/me/home?all=1' });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
  });
});
