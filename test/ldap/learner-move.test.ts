import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { startSlapd, type Slapd } from '../support/slapd.ts';
import { groupsApi } from '../groups/world.ts';
import { accounts, api, districtWorld, learner, ldapTarget, members, run } from './provision-world.ts';

// The seed's learner story against a real OpenLDAP: an account in the OU of the school, a
// move to another school (new OU, old group left, new group joined), leaving (disabled, out
// of groups), returning (enabled again), deletion after the retention, and a school renamed.

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

describe('a learner provisioned into the district directory', () => {
  let ana: number;
  let hillGroup: { id: number; name: string };
  let riverGroup: { id: number; name: string };
  let anaHill: { id: number; version: number };

  it('creates the account in the OU of the school, with its AD attributes and groups', async () => {
    const g = groupsApi(t);
    const folder = await g.folder('schools');
    hillGroup = await g.group(folder.id, 'hill-learners');
    riverGroup = await g.group(folder.id, 'river-learners');
    ana = await learner(t, 'Ana', 'Silva', 'asilva', world.org.hill);
    await g.add(hillGroup.id, { personId: ana });
    await ldapTarget(t, slapd, { groups: [{ group: hillGroup.name }, { group: riverGroup.name }] });
    const report = await run(t);
    expect(report.error).toBeNull();
    const a = (await accounts(slapd)).get('asilva')!;
    expect(a.dn).toBe('cn=Ana Silva,ou=Unit HILL,ou=Unit DIST,ou=steward,dc=example,dc=edu');
    expect(a.attributes.samaccountname).toEqual(['asilva']);
    expect(a.attributes.useraccountcontrol).toEqual(['512']);
    expect(await members(slapd, 'hill-learners')).toEqual([a.dn.toLowerCase()]);
    expect(await members(slapd, 'river-learners')).toEqual([]);
    const affs = await api(t, 'GET', `/people/${ana}/affiliations`);
    anaHill = affs[0];
  });

  it('moves the account to the new school: new OU, old group left, new group joined', async () => {
    await api(
      t,
      'PATCH',
      `/people/${ana}/affiliations/${anaHill.id}`,
      { validTo: '2026-08-31' },
      { 'if-match': `"${anaHill.version}"` },
    );
    await api(t, 'POST', `/people/${ana}/affiliations`, {
      orgId: world.org.river,
      kind: 'learner',
      validFrom: '2026-09-01',
    });
    const g = groupsApi(t);
    const hillMembers = await api(t, 'GET', `/groups/${hillGroup.id}/members`);
    await g.ok(
      {
        method: 'DELETE',
        url: `/groups/${hillGroup.id}/members/${hillMembers[0].id}`,
        headers: { 'if-match': `"${hillMembers[0].version}"` },
      },
      204,
    );
    await g.add(riverGroup.id, { personId: ana });
    expect((await run(t)).error).toBeNull();
    const a = (await accounts(slapd)).get('asilva')!;
    expect(a.dn).toBe('cn=Ana Silva,ou=Unit RIVER,ou=Unit DIST,ou=steward,dc=example,dc=edu');
    expect(await members(slapd, 'hill-learners')).toEqual([]);
    expect(await members(slapd, 'river-learners')).toEqual([a.dn.toLowerCase()]);
    const panel = await api(t, 'GET', `/people/${ana}/provisioning`);
    expect(panel[0]).toMatchObject({ target: 'district-ad', provisioned: true, remoteId: a.dn });
    expect(panel[0].why).toContain('Learner');
  });
});
