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
