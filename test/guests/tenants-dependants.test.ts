import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { createPerson } from '../registry/world.ts';
import { createGuest, type GuestWorld, guest, history, makeGuestWorld, newPerson, on, sweep } from './world.ts';

/** Tenants follow their organisation's end (and their own leaving date); dependants end with their sponsor. */
let t: TestApp;
let w: GuestWorld;
beforeAll(async () => {
  t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
  w = await makeGuestWorld(t);
});
afterAll(() => t.close());

const admin = () => t.tokens.admin;

describe('tenants', () => {
  it('live as long as their organisation: when it ends they become expiring and then disabled, without reminder mail', async () => {
    on(t, '2026-09-01');
    const a = await createGuest(t, {
      personId: await newPerson(t, 'Tenant'),
      type: 'Tech Park',
      hostOrgId: w.acme,
      tenantOrgId: w.acme,
    });
    const b = await createGuest(t, {
      personId: await newPerson(t, 'Tenant'),
      type: 'Tech Park',
      hostOrgId: w.acme,
      tenantOrgId: w.acme,
    });
    expect(a).toMatchObject({ state: 'pending', validTo: null, lifecycle: 'tenant' });
    await sweep(t);
    expect((await guest(t, a.id)).state).toBe('active');
    on(t, '2027-06-01');
    await sweep(t);
    expect((await guest(t, a.id)).state).toBe('active');

    // The organisation's validity ends on 2027-06-30.
    const org = await t.call(admin(), { method: 'GET', url: `/orgs/${w.acme}` });
    const end = await t.call(admin(), {
      method: 'POST',
      url: `/orgs/${w.acme}/end`,
      headers: { 'if-match': String(org.headers.etag) },
      payload: { validTo: '2027-06-30', cascade: true, reason: 'lease ends' },
    });
    expect(end.statusCode, end.body).toBe(200);
    on(t, '2027-06-22');
    await sweep(t);
    expect((await guest(t, a.id)).state).toBe('active');
    on(t, '2027-06-23');
    await sweep(t);
    expect((await guest(t, a.id)).state).toBe('expiring');
    expect((await guest(t, b.id)).state).toBe('expiring');
    on(t, '2027-07-01');
    await sweep(t);
    const h = await history(t, a.id);
    expect(h.map((x) => [x.transition, x.dueOn])).toEqual([
      ['enter', null],
      ['activate', '2026-09-01'],
      ['expire-soon', '2027-06-23'],
      ['disable', '2027-07-01'],
    ]);
    expect(h.every((x) => x.notices.length === 0)).toBe(true);
    expect((await guest(t, b.id)).state).toBe('disabled');
  });

  it('a tenant who leaves gets a valid-to, which starts the same path', async () => {
    on(t, '2027-01-04');
    const techPark = await t.call(admin(), {
      method: 'POST',
      url: '/orgs',
      payload: { code: 'NEWCO', kind: 'unit', name: 'NewCo', parentId: w.tenants },
    });
    expect(techPark.statusCode, techPark.body).toBe(201);
    const g = await createGuest(t, {
      personId: await newPerson(t, 'Leaver'),
      type: 'Tech Park',
      hostOrgId: techPark.json().id,
      tenantOrgId: techPark.json().id,
    });
    await sweep(t);
    const current = await guest(t, g.id);
    const r = await t.call(admin(), {
      method: 'PUT',
      url: `/guests/${g.id}/valid-to`,
      headers: { 'if-match': `"${current.version}"` },
      payload: { validTo: '2027-01-20', reason: 'left the company' },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ state: 'active', validTo: '2027-01-20' });
    on(t, '2027-01-13');
    await sweep(t);
    expect((await guest(t, g.id)).state).toBe('expiring');
    on(t, '2027-01-21');
    await sweep(t);
    expect((await guest(t, g.id)).state).toBe('disabled');
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .select(['action', 'reason'])
      .where('target_type', '=', 'guest')
      .where('target_id', '=', String(g.id))
      .where('action', '=', 'guest.valid-to')
      .executeTakeFirstOrThrow();
    expect(audit.reason).toBe('left the company');
  });
});

describe('dependants', () => {
  it('end when the sponsor no longer has a current affiliation (no sponsoring status types configured)', async () => {
    on(t, '2027-02-01');
    const sponsor = await createPerson(t, {
      givenName: 'Sam',
      familyName: 'Sponsor',
      emails: [{ address: 'sam@uni.example' }],
      affiliation: { orgId: w.physics, kind: 'staff' },
    });
    const g = await createGuest(t, { personId: await newPerson(t, 'Spouse'), type: 'Spouse', sponsorId: sponsor.id });
    expect(g).toMatchObject({ state: 'pending', hostOrgId: null, sponsorId: sponsor.id, validTo: null });
    await sweep(t);
    expect((await guest(t, g.id)).state).toBe('active');

    const [aff] = (await t.call(admin(), { method: 'GET', url: `/people/${sponsor.id}/affiliations` })).json();
    const ended = await t.call(admin(), {
      method: 'PATCH',
      url: `/people/${sponsor.id}/affiliations/${aff.id}`,
      headers: { 'if-match': `"${aff.version}"` },
      payload: { validTo: '2027-02-10' },
    });
    expect(ended.statusCode, ended.body).toBe(200);
    on(t, '2027-02-10');
    await sweep(t);
    expect((await guest(t, g.id)).state).toBe('active');
    // The sweep runs three days late: the dependant's access ended the day after the sponsor's, not the sweep's day.
    on(t, '2027-02-14');
    const result = await sweep(t);
    expect(result.transitions).toEqual({ 'dependant/sponsor-ended': 1 });
    const h = await history(t, g.id);
    expect(h.at(-1)).toMatchObject({
      transition: 'sponsor-ended',
      from: 'active',
      to: 'disabled',
      dueOn: '2027-02-11',
    });
    expect(await guest(t, g.id)).toMatchObject({ state: 'disabled', stateSince: '2027-02-11' });
    expect(h.at(-1)!.notices).toEqual([
      expect.objectContaining({ event: 'disabled', audience: 'guest', queued: true }),
      expect.objectContaining({ event: 'disabled', audience: 'sponsor', to: 'sam@uni.example', queued: true }),
    ]);
    expect((await sweep(t)).moved).toBe(0);
  });

  it('end when the sponsor loses the status allowed to sponsor, once status types are configured', async () => {
    on(t, '2027-03-01');
    const staff = await t.call(admin(), {
      method: 'POST',
      url: '/status-types',
      payload: { name: 'Staff', rank: 700, category: 'employee', match: { kinds: ['staff'] } },
    });
    expect(staff.statusCode, staff.body).toBe(201);
    const settings = await t.call(admin(), { method: 'GET', url: '/settings/guests' });
    const put = await t.call(admin(), {
      method: 'PUT',
      url: '/settings/guests',
      headers: { 'if-match': String(settings.headers.etag) },
      payload: { sponsorStatusTypes: ['staff'] },
    });
    expect(put.statusCode, put.body).toBe(200);

    const student = await createPerson(t, {
      givenName: 'Stu',
      familyName: 'Dent',
      affiliation: { orgId: w.physics, kind: 'student' },
    });
    const refused = await t.call(admin(), {
      method: 'POST',
      url: '/guests',
      payload: { personId: await newPerson(t, 'Spouse'), type: 'Spouse', sponsorId: student.id },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: '/sponsorId', rule: 'may-sponsor' })]);

    const sponsor = await createPerson(t, {
      givenName: 'Stella',
      familyName: 'Staffer',
      affiliation: { orgId: w.physics, kind: 'staff', validTo: '2027-03-15' },
    });
    const g = await createGuest(t, { personId: await newPerson(t, 'Spouse'), type: 'Spouse', sponsorId: sponsor.id });
    await sweep(t);
    expect((await guest(t, g.id)).state).toBe('active');
    on(t, '2027-03-16');
    await sweep(t);
    expect((await guest(t, g.id)).state).toBe('disabled');
  });
});
