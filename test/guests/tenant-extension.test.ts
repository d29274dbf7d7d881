import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { createGuest, type GuestWorld, guest, history, makeGuestWorld, newPerson, on, sweep } from './world.ts';

/** A tenant organisation whose end is pushed back: its expiring tenants are active again, and expire later, once. */
let t: TestApp;
let w: GuestWorld;
beforeAll(async () => {
  t = await makeTestApp({ start: '2027-01-04T09:00:00Z' });
  w = await makeGuestWorld(t);
});
afterAll(() => t.close());

async function endOrg(validTo: string) {
  const org = await t.call(t.tokens.admin, { method: 'GET', url: `/orgs/${w.acme}` });
  const r = await t.call(t.tokens.admin, {
    method: 'POST',
    url: `/orgs/${w.acme}/end`,
    headers: { 'if-match': String(org.headers.etag) },
    payload: { validTo, cascade: true, reason: 'lease' },
  });
  expect(r.statusCode, r.body).toBe(200);
}

describe('a tenant organisation extended while its tenants are expiring', () => {
  it('moves them back to active on the next sweep, and the later end runs the path again', async () => {
    on(t, '2027-01-04');
    const g = await createGuest(t, {
      personId: await newPerson(t, 'Tenant'),
      type: 'Tech Park',
      hostOrgId: w.acme,
      tenantOrgId: w.acme,
    });
    await endOrg('2027-03-31');
    on(t, '2027-03-26');
    await sweep(t);
    expect((await guest(t, g.id)).state).toBe('expiring');

    await endOrg('2027-12-31');
    const back = await sweep(t);
    expect(back.transitions).toEqual({ 'tenant/extended': 1 });
    expect((await guest(t, g.id)).state).toBe('active');
    expect((await sweep(t)).moved).toBe(0);

    on(t, '2027-04-01');
    await sweep(t);
    expect((await guest(t, g.id)).state).toBe('active');
    on(t, '2028-01-01');
    await sweep(t);
    expect((await history(t, g.id)).map((h) => [h.transition, h.dueOn])).toEqual([
      ['enter', null],
      ['activate', '2027-01-04'],
      ['expire-soon', '2027-03-24'],
      ['extended', '2027-03-26'],
      ['expire-soon', '2027-12-24'],
      ['disable', '2028-01-01'],
    ]);
    expect((await guest(t, g.id)).state).toBe('disabled');
  });
});
