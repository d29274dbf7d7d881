import { describe, expect, it } from 'vitest';
import { application, assign, role } from '../access/world.ts';
import { accounts, api, BASE, changeTarget, ldapFile, learner, ldapTarget, members, run } from './provision-world.ts';

// A role held through an assignment becomes a directory group (joined when assigned, left
// when the assignment is revoked), and a unit moved under another parent moves its OU and
// the accounts in it.

const file = ldapFile();

describe('roles and unit moves', () => {
  it('writes a role as a directory group of the people who hold it', async () => {
    const { t, slapd, world } = file;
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
    const { t, slapd, world } = file;
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
    const { t, slapd, world } = file;
    const folder = await api(t, 'POST', '/folders', { extension: 'clubs' });
    const chess = await api(t, 'POST', '/groups', { folderId: folder.id, extension: 'chess' });
    const eli = await learner(t, 'Eli', 'Fox', 'efox', world.org.river);
    await api(t, 'POST', `/groups/${chess.id}/members`, { personId: eli });
    await changeTarget(t, (def) => ({ ...def, groups: [...def.groups, { group: 'clubs:chess' }] }));
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
