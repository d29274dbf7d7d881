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
let hillGroup: { id: number; name: string };
let riverGroup: { id: number; name: string };

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

describe('leaving, returning, and deletion after the retention', () => {
  let ben: number;
  let benAff: { id: number; version: number };

  it('disables the account of a learner who left and takes it out of its groups', async () => {
    ben = await learner(t, 'Ben', 'Okafor', 'bokafor', world.org.hill);
    await groupsApi(t).add(hillGroup.id, { personId: ben });
    expect((await run(t)).error).toBeNull();
    const before = (await accounts(slapd)).get('bokafor')!;
    expect(before.attributes.useraccountcontrol).toEqual(['512']);
    benAff = (await api(t, 'GET', `/people/${ben}/affiliations`))[0];
    await api(
      t,
      'PATCH',
      `/people/${ben}/affiliations/${benAff.id}`,
      { validTo: '2026-08-31' },
      { 'if-match': `"${benAff.version}"` },
    );
    const report = await run(t);
    expect(report.accounts.disable).toBe(1);
    const after = (await accounts(slapd)).get('bokafor')!;
    expect(after.dn).toBe(before.dn);
    expect(after.attributes.useraccountcontrol).toEqual(['514']);
    expect(await members(slapd, 'hill-learners')).not.toContain(before.dn.toLowerCase());
    const panel = await api(t, 'GET', `/people/${ben}/provisioning`);
    expect(panel[0]).toMatchObject({ provisioned: false, state: 'disabled' });
    expect(panel[0].why).toContain('not selected');
  });

  it('enables the same account when the learner returns', async () => {
    await api(t, 'POST', `/people/${ben}/affiliations`, {
      orgId: world.org.hill,
      kind: 'learner',
      validFrom: '2026-09-01',
    });
    const report = await run(t);
    expect(report.accounts.enable).toBe(1);
    expect((await accounts(slapd)).get('bokafor')!.attributes.useraccountcontrol).toEqual(['512']);
  });

  it('deletes a disabled account once the retention has passed, not before', async () => {
    const affs = (await api(t, 'GET', `/people/${ben}/affiliations`)) as {
      id: number;
      version: number;
      validTo: string | null;
    }[];
    for (const a of affs.filter((x) => x.validTo === null))
      await api(
        t,
        'PATCH',
        `/people/${ben}/affiliations/${a.id}`,
        { validTo: '2026-09-01' },
        { 'if-match': `"${a.version}"` },
      );
    t.clock.advanceDays(1);
    await run(t);
    expect((await accounts(slapd)).get('bokafor')!.attributes.useraccountcontrol).toEqual(['514']);
    t.clock.advanceDays(89);
    await run(t);
    expect((await accounts(slapd)).has('bokafor')).toBe(true);
    t.clock.advanceDays(2);
    const report = await run(t);
    expect(report.accounts.delete).toBe(1);
    expect((await accounts(slapd)).has('bokafor')).toBe(false);
    const panel = await api(t, 'GET', `/people/${ben}/provisioning`);
    expect(panel[0]).toMatchObject({ provisioned: false, remoteId: null });
  });
});

describe('a school renamed', () => {
  it('renames its OU; the accounts under it and their group values follow', async () => {
    const unit = await api(t, 'GET', `/orgs/${world.org.river}`);
    await api(
      t,
      'PATCH',
      `/orgs/${world.org.river}`,
      { name: 'Riverside Academy' },
      { 'if-match': `"${unit.version}"` },
    );
    expect((await run(t)).error).toBeNull();
    const ana = (await accounts(slapd)).get('asilva')!;
    expect(ana.dn).toBe('cn=Ana Silva,ou=Riverside Academy,ou=Unit DIST,ou=steward,dc=example,dc=edu');
    expect(await members(slapd, 'river-learners')).toEqual([ana.dn.toLowerCase()]);
    const old = await slapd.search('ou=steward,dc=example,dc=edu', '(ou=Unit RIVER)', ['ou']);
    expect(old).toEqual([]);
  });
});
