import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { counts, createGuest, type GuestWorld, guest, makeGuestWorld, newPerson, on, sweep } from './world.ts';

/** Bad input changes nothing and says which field broke which rule; who may trigger what. */
let t: TestApp;
let w: GuestWorld;
beforeAll(async () => {
  t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
  w = await makeGuestWorld(t);
});
afterAll(() => t.close());

const post = (payload: object, token = t.tokens.admin) => t.call(token, { method: 'POST', url: '/guests', payload });
const base = async () => ({
  personId: await newPerson(t),
  type: 'Visitor',
  validFrom: '2026-09-01',
  validTo: '2026-12-31',
  hostOrgId: w.physics,
  guarantorId: w.guarantor,
  reason: 'Conference',
});
const problems = (r: { json(): { errors?: { field: string; rule: string }[] } }) =>
  (r.json().errors ?? []).map((e) => `${e.field} ${e.rule}`);

/** An account whose registry person is `personId`, with roles. */
async function userFor(
  username: string,
  personId: number | null,
  roles: { role: 'office' | 'orgadmin'; office?: string; orgId?: number }[] = [],
): Promise<string> {
  const system = systemActor('test');
  const user = await t.app.accounts.createUser(system, {
    username,
    displayName: username,
    password: 'correct horse battery',
    roles,
    personId,
  });
  return (await t.app.accounts.createToken(system, { name: 'test', userId: user.id })).token;
}

describe('registering guests', () => {
  it('fills in the type defaults: from today, the default duration, the directory default', async () => {
    on(t, '2026-09-01');
    const g = await createGuest(t, {
      personId: await newPerson(t),
      type: 'visitor',
      hostOrgId: w.physics,
      reason: 'Conference',
    });
    expect(g).toMatchObject({
      type: 'Visitor',
      state: 'pending',
      validFrom: '2026-09-01',
      validTo: '2026-11-29',
      inDirectory: false,
      services: [],
    });
  });

  it('refuses bad input with 400 naming field and rule, and changes nothing', async () => {
    const before = await counts(t);
    const cases: [object, string[]][] = [
      [{ validTo: '2027-09-01' }, ['/validTo maximum']],
      [{ validFrom: '2026-10-01', validTo: '2026-09-30' }, ['/validTo after-valid-from']],
      [{ hostOrgId: w.outside }, ['/hostOrgId org-subtree']],
      [{ hostOrgId: null }, ['/hostOrgId required']],
      [{ reason: 'Sightseeing' }, ['/reason one-of']],
      [{ services: ['email'] }, ['/services/0 offered']],
      [{ inDirectory: true, type: 'Spouse', sponsorId: w.guarantor, reason: null }, ['/inDirectory directory-fixed']],
      [{ type: 'Spouse', reason: null, hostOrgId: null }, ['/sponsorId required']],
      [{ type: 'Nobody' }, ['/type known-type']],
      [{ hostOrgId: 999999 }, ['/hostOrgId known-unit']],
      [{ guarantorId: 999999 }, ['/guarantorId known-person']],
      [{ validTo: 'soon' }, ['body/validTo format:date']],
    ];
    for (const [change, expected] of cases) {
      const r = await post({ ...(await base()), ...change });
      expect(r.statusCode, JSON.stringify(change)).toBe(400);
      expect(problems(r), JSON.stringify(change)).toEqual(expected);
    }
    const personsAdded = cases.length;
    const after = await counts(t);
    expect(after.guests).toBe(before.guests);
    expect(after.transitions).toBe(before.transitions);
    // Only the people the cases created were audited; no guest row, no guest audit.
    expect(after.audit - before.audit).toBe(personsAdded);
  });

  it('asks for an ID number when the type requires one', async () => {
    const type = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/guest-types',
      payload: {
        name: 'Visiting Faculty',
        label: 'Visiting faculty',
        lifecycle: 'visitor',
        idNumberRequired: true,
        maxDays: 120,
        directory: 'O',
        orgSubtree: 'DEPTS',
      },
    });
    expect(type.statusCode, type.body).toBe(201);
    const r = await post({
      personId: await newPerson(t),
      type: 'Visiting Faculty',
      validTo: '2026-10-01',
      hostOrgId: w.physics,
    });
    expect(problems(r)).toEqual(['/personId id-number-required']);
  });

  it('lists guests by state, type and org subtree, paged', async () => {
    const r = await t.call(t.tokens.auditor, {
      method: 'GET',
      url: `/guests?state=pending&orgId=${w.depts}&type=visitor&limit=1`,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items).toHaveLength(1);
    expect(r.json().items[0]).toMatchObject({ state: 'pending', type: 'Visitor', hostOrgId: w.physics });
    expect(r.json().next).toBe(null);
    expect((await t.call(t.tokens.auditor, { method: 'GET', url: `/guests?orgId=${w.tenants}` })).json().items).toEqual(
      [],
    );
  });
});

describe('manual transitions', () => {
  it('are allowed to the roles the lifecycle names, only from their states, at the version read', async () => {
    on(t, '2026-09-01');
    const g = await createGuest(t, await base());
    const guarantorToken = await userFor('gina', w.guarantor);
    const strangerToken = await userFor('stranger', await newPerson(t));
    const deskToken = await userFor('desk', null, [{ role: 'office', office: 'card-desk' }]);
    const call = (token: string, transition: string, version = 1) =>
      t.call(token, {
        method: 'POST',
        url: `/guests/${g.id}/transitions`,
        headers: { 'if-match': `"${version}"` },
        payload: { transition, reason: 'test' },
      });

    expect((await call(strangerToken, 'withdraw')).statusCode).toBe(403);
    expect((await call(guarantorToken, 'approve')).statusCode).toBe(403);
    const timed = await call(t.tokens.admin, 'activate');
    expect([timed.statusCode, problems(timed)]).toEqual([400, ['/transition manual']]);
    const unknown = await call(t.tokens.admin, 'teleport');
    expect([unknown.statusCode, problems(unknown)]).toEqual([400, ['/transition known-transition']]);
    const wrongState = await call(t.tokens.admin, 'renew');
    expect([wrongState.statusCode, problems(wrongState)]).toEqual([409, ['/transition from-state']]);
    expect((await call(deskToken, 'end-now', 7)).statusCode).toBe(412);
    expect(
      (
        await t.call(t.tokens.admin, {
          method: 'POST',
          url: `/guests/${g.id}/transitions`,
          payload: { transition: 'withdraw' },
        })
      ).statusCode,
    ).toBe(428);
    expect(await guest(t, g.id)).toMatchObject({ state: 'pending', version: 1 });

    const ok = await call(guarantorToken, 'withdraw');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'withdrawn', version: 2 });
    const again = await call(deskToken, 'end-now', 2);
    expect([again.statusCode, problems(again)]).toEqual([409, ['/transition from-state']]);
  });

  it('the card desk ends a tenant now; the sweep leaves a manual move alone', async () => {
    on(t, '2026-09-01');
    const g = await createGuest(t, {
      personId: await newPerson(t),
      type: 'Tech Park',
      hostOrgId: w.acme,
      tenantOrgId: w.acme,
    });
    await sweep(t);
    const deskToken = await userFor('desk2', null, [{ role: 'office', office: 'card-desk' }]);
    const r = await t.call(deskToken, {
      method: 'POST',
      url: `/guests/${g.id}/transitions`,
      headers: { 'if-match': '"2"' },
      payload: { transition: 'end-now' },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ state: 'disabled', stateSince: '2026-09-01' });
    expect((await sweep(t)).moved).toBe(0);
  });
});

describe('dates', () => {
  it('renewal is refused beyond the maximum, before the window opens, for a type that is not renewable, and when stale', async () => {
    on(t, '2026-09-01');
    const g = await createGuest(t, { ...(await base()), validTo: '2026-12-31' });
    const renew = (validTo: string, version = 1, id = g.id) =>
      t.call(t.tokens.admin, {
        method: 'POST',
        url: `/guests/${id}/renew`,
        headers: { 'if-match': `"${version}"` },
        payload: { validTo },
      });
    expect(problems(await renew('2027-03-01'))).toEqual(['/validTo renewal-window']);
    on(t, '2026-12-10');
    expect(problems(await renew('2027-12-11'))).toEqual(['/validTo maximum']);
    expect(problems(await renew('2026-12-01'))).toEqual(['/validTo later']);
    expect((await renew('2027-03-01', 5)).statusCode).toBe(412);
    expect((await renew('2027-12-09')).json()).toMatchObject({ validTo: '2027-12-09', version: 2 });
    const tenant = await createGuest(t, {
      personId: await newPerson(t),
      type: 'Tech Park',
      hostOrgId: w.acme,
      validTo: '2026-12-20',
    });
    expect(problems(await renew('2027-01-31', 1, tenant.id))).toEqual(['/type renewable']);
  });

  it('valid-to is refused before valid-from and beyond the maximum', async () => {
    on(t, '2026-09-01');
    const g = await createGuest(t, await base());
    const put = (validTo: string) =>
      t.call(t.tokens.admin, {
        method: 'PUT',
        url: `/guests/${g.id}/valid-to`,
        headers: { 'if-match': '"1"' },
        payload: { validTo },
      });
    expect(problems(await put('2026-08-01'))).toEqual(['/validTo after-valid-from']);
    expect(problems(await put('2027-09-01'))).toEqual(['/validTo maximum']);
    expect((await guest(t, g.id)).validTo).toBe('2026-12-31');
  });
});
