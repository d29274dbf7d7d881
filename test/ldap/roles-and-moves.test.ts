import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { application, assign, role } from '../access/world.ts';
import { startSlapd, type Slapd } from '../support/slapd.ts';
import { accounts, api, BASE, districtWorld, learner, ldapTarget, members, run } from './provision-world.ts';

// A role held through an assignment becomes a directory group (joined when assigned, left
// when the assignment is revoked), and a unit moved under another parent moves its OU and
// the accounts in it.

let t: TestApp;
let slapd: Slapd;
let world: Awaited<ReturnType<typeof districtWorld>>;

beforeAll(async () => {
  slapd = await startSlapd();
  t = await makeTestApp();
  world = await districtWorld(t);
});

afterAll(async () => {
  await t?.close();
  await slapd?.stop();
});

describe('roles and unit moves', () => {
  it('writes a role as a directory group of the people who hold it', async () => {
    await application(t, 'lms');
    const tutor = await role(t, 'lms', 'tutor', []);
    const cara = await learner(t, 'Cara', 'Diaz', 'cdiaz', world.org.hill);
    await learner(t, 'Dan', 'Ek', 'dek', world.org.hill);
    await ldapTarget(t, slapd, { groups: [{ role: 'lms/tutor', name: 'lms-tutors' }] });
    const [assignment] = await assign(t, {
      roleId: tutor,
      subjects: [{ type: 'person', id: cara }],
      scopes: [{ kind: 'everywhere' }],
    });
    expect((await run(t)).error).toBeNull();
    const caraDn = (await accounts(slapd)).get('cdiaz')!.dn.toLowerCase();
    expect(await members(slapd, 'lms-tutors')).toEqual([caraDn]);

    await api(t, 'DELETE', `/access/assignments/${assignment.id}`, undefined, {
      'if-match': `"${assignment.version}"`,
    });
    expect((await run(t)).error).toBeNull();
    expect(await members(slapd, 'lms-tutors')).toEqual([]);
  });

  it('moves the OU of a unit moved under another parent, with the accounts in it', async () => {
    const hill = await api(t, 'GET', `/orgs/${world.org.hill}`);
    await api(
      t,
      'POST',
      `/orgs/${world.org.hill}/move`,
      { parentId: world.org.river },
      { 'if-match': `"${hill.version}"` },
    );
    expect((await run(t)).error).toBeNull();
    const cara = (await accounts(slapd)).get('cdiaz')!;
    expect(cara.dn).toBe(`cn=Cara Diaz,ou=Unit HILL,ou=Unit RIVER,ou=Unit DIST,${BASE}`);
    expect(await slapd.search(`ou=Unit HILL,ou=Unit DIST,${BASE}`, '(objectClass=*)', ['1.1'])).toEqual([]);
  });
});

describe('a Steward group renamed', () => {
  it('renames its directory group and keeps its members; later moves leave and join by the new name', async () => {
    const folder = await api(t, 'POST', '/folders', { extension: 'clubs' });
    const chess = await api(t, 'POST', '/groups', { folderId: folder.id, extension: 'chess' });
    const eli = await learner(t, 'Eli', 'Fox', 'efox', world.org.river);
    await api(t, 'POST', `/groups/${chess.id}/members`, { personId: eli });
    const target = await api(t, 'GET', '/provision/targets/district-ad');
    const {
      id: _i,
      name: _n,
      secretsSet: _s,
      state: _st,
      cursor: _c,
      hold: _h,
      lastRunAt: _l,
      lastError: _e,
      counts: _cn,
      version: _v,
      ...rest
    } = target;
    await api(
      t,
      'PUT',
      '/provision/targets/district-ad',
      { ...rest, groups: [...target.groups, { group: 'clubs:chess' }] },
      { 'if-match': `"${target.version}"` },
    );
    expect((await run(t)).error).toBeNull();
    const dn = (await accounts(slapd)).get('efox')!.dn.toLowerCase();
    expect(await members(slapd, 'chess')).toEqual([dn]);

    await api(t, 'PATCH', `/groups/${chess.id}`, { extension: 'chess-club' }, { 'if-match': `"${chess.version}"` });
    expect((await run(t)).error).toBeNull();
    expect(await slapd.search(`cn=chess,ou=groups,${BASE}`, '(objectClass=*)', ['1.1'])).toEqual([]);
    expect(await members(slapd, 'chess-club')).toEqual([dn]);

    const [aff] = await api(t, 'GET', `/people/${eli}/affiliations`);
    await api(
      t,
      'PATCH',
      `/people/${eli}/affiliations/${aff.id}`,
      { validTo: '2026-08-31' },
      { 'if-match': `"${aff.version}"` },
    );
    const report = await run(t);
    expect(report).toMatchObject({ error: null, accounts: expect.objectContaining({ disable: 1, failed: 0 }) });
    expect(await members(slapd, 'chess-club')).toEqual([]);
  });
});
