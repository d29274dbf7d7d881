import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sameDn } from '../../src/provision/ldap/dn.ts';
import { accountDisabled, groupObjectClasses, personObjectClasses } from '../../src/provision/ldap/ldap-classes.ts';
import { openLdapDirectory } from '../../src/provision/ldap/ldap-connector.ts';
import type { LdapDirectory, LdapOp } from '../../src/provision/ldap/ldap-ops.ts';
import { type Slapd, startSlapd } from '../support/slapd.ts';

// Every op against a real OpenLDAP, each applied twice (a pass cut short and run again),
// and every outcome read back through ldapsearch, a client other than the connector.

const base = 'ou=steward,dc=example,dc=edu';
const groups = `ou=groups,${base}`;
let slapd: Slapd;
let directory: LdapDirectory;

beforeAll(async () => {
  slapd = await startSlapd();
  directory = openLdapDirectory(
    { url: slapd.url, bindDn: slapd.bindDn, baseDn: base, groupsDn: groups, timeoutSeconds: 5 },
    slapd.password,
  );
});

afterAll(async () => {
  await directory?.close();
  await slapd?.stop();
});

async function applyTwice(ops: LdapOp[]): Promise<void> {
  await directory.apply(ops);
  await directory.apply(ops);
}

async function one(dn: string): Promise<Record<string, string[]> | undefined> {
  const found = await slapd.search(dn, '(objectClass=*)', ['*']);
  return found.find((entry) => sameDn(entry.dn, dn))?.attributes;
}

async function dnsUnder(dn: string, filter = '(objectClass=*)'): Promise<string[]> {
  return (await slapd.search(dn, filter, ['1.1'])).map((entry) => entry.dn).sort();
}

function person(uid: string, ou: string, extra: Record<string, string[]> = {}): LdapOp {
  return {
    op: 'add',
    dn: `uid=${uid},${ou}`,
    attributes: { objectClass: ['inetOrgPerson'], uid: [uid], cn: [`Person ${uid}`], sn: [uid], ...extra },
  };
}

describe('ensureOu', () => {
  it('creates the base DN and every missing parent as organizational units, once', async () => {
    const leaf = `ou=Physics,ou=Science,ou=University,${base}`;
    await applyTwice([
      { op: 'ensureOu', dn: leaf },
      { op: 'ensureOu', dn: groups },
    ]);
    expect(await dnsUnder(base, '(objectClass=organizationalUnit)')).toEqual(
      [base, groups, `ou=University,${base}`, `ou=Science,ou=University,${base}`, leaf].sort(),
    );
    expect(await one(leaf)).toMatchObject({ objectclass: ['organizationalUnit'], ou: ['Physics'] });
  });

  it('creates an OU whose name needs escaping', async () => {
    const dn = `ou=Arts\\, Humanities,${base}`;
    await applyTwice([{ op: 'ensureOu', dn }]);
    expect((await one(dn))?.ou).toEqual(['Arts, Humanities']);
  });
});

describe('add and modify', () => {
  const ou = `ou=People,${base}`;

  it('writes the AD-shaped and eduPerson attributes beside inetOrgPerson', async () => {
    const attributes = {
      objectClass: personObjectClasses,
      uid: ['jdoe'],
      cn: ['Jane Doe'],
      sn: ['Doe'],
      givenName: ['Jane'],
      mail: ['jane.doe@example.edu'],
      sAMAccountName: ['jdoe'],
      userPrincipalName: ['jdoe@example.edu'],
      userAccountControl: [accountDisabled],
      employeeID: ['E-000123'],
      eduPersonAffiliation: ['staff', 'member', 'employee'],
      eduPersonPrimaryAffiliation: ['staff'],
      eduPersonPrincipalName: ['jdoe@example.edu'],
      eduPersonEntitlement: ['urn:mace:dir:entitlement:common-lib-terms', 'urn:example:edu:wiki'],
    };
    await applyTwice([
      { op: 'ensureOu', dn: ou },
      { op: 'add', dn: `uid=jdoe,${ou}`, attributes },
    ]);
    const read = await one(`uid=jdoe,${ou}`);
    expect(read).toMatchObject({
      objectclass: ['inetOrgPerson', 'stewardADUser', 'eduPerson'],
      samaccountname: ['jdoe'],
      userprincipalname: ['jdoe@example.edu'],
      useraccountcontrol: ['514'],
      employeeid: ['E-000123'],
      edupersonprimaryaffiliation: ['staff'],
      edupersonprincipalname: ['jdoe@example.edu'],
    });
    expect(read?.edupersonaffiliation.sort()).toEqual(['employee', 'member', 'staff']);
    expect(read?.edupersonentitlement.sort()).toEqual(attributes.eduPersonEntitlement.sort());
    expect(await dnsUnder(base, '(userAccountControl=514)')).toEqual([`uid=jdoe,${ou}`]);
  });

  it('replaces the given attributes of an existing entry and adds missing object classes only', async () => {
    const dn = `uid=asmith,${ou}`;
    await directory.apply([person('asmith', ou, { mail: ['a@example.edu'], title: ['Lecturer'] })]);
    await applyTwice([
      person('asmith', ou, {
        objectClass: ['inetOrgPerson', 'eduPerson'],
        mail: ['alice.smith@example.edu'],
        eduPersonAffiliation: ['faculty'],
      }),
    ]);
    expect(await one(dn)).toEqual({
      objectclass: ['inetOrgPerson', 'eduPerson'],
      uid: ['asmith'],
      cn: ['Person asmith'],
      sn: ['asmith'],
      mail: ['alice.smith@example.edu'],
      title: ['Lecturer'],
      edupersonaffiliation: ['faculty'],
    });
  });

  it('modify replaces values and an empty list removes the attribute, also when already absent', async () => {
    const dn = `uid=bjones,${ou}`;
    await directory.apply([person('bjones', ou, { mail: ['b@example.edu'], telephoneNumber: ['+41 1'] })]);
    await applyTwice([
      { op: 'modify', dn, replace: { mail: ['b.jones@example.edu', 'bj@example.edu'], telephoneNumber: [] } },
    ]);
    const read = await one(dn);
    expect(read?.mail.sort()).toEqual(['b.jones@example.edu', 'bj@example.edu']);
    expect(read).not.toHaveProperty('telephonenumber');
  });
});

describe('groups', () => {
  const ou = `ou=Members,${base}`;
  const member = (uid: string) => `uid=${uid},${ou}`;

  it('creates a group with no members, then adds and removes members without rewriting the list', async () => {
    const group = `cn=physics-staff,${groups}`;
    await applyTwice([
      { op: 'ensureOu', dn: groups },
      { op: 'ensureOu', dn: ou },
      ...['m1', 'm2', 'm3'].map((uid) => person(uid, ou)),
      { op: 'add', dn: group, attributes: { objectClass: groupObjectClasses, cn: ['physics-staff'] } },
    ]);
    expect(await one(group)).toEqual({ objectclass: ['stewardGroup'], cn: ['physics-staff'] });

    await applyTwice([{ op: 'addMembers', group, members: [member('m1'), member('m2')] }]);
    expect((await one(group))?.member.sort()).toEqual([member('m1'), member('m2')]);

    // m2 is there already (spelt differently): the single modify is refused, each value alone is not.
    await applyTwice([{ op: 'addMembers', group, members: [`UID=m2, ${ou}`, member('m3')] }]);
    expect((await one(group))?.member.sort()).toEqual([member('m1'), member('m2'), member('m3')]);

    await applyTwice([{ op: 'removeMembers', group, members: [member('m1'), member('gone')] }]);
    expect((await one(group))?.member.sort()).toEqual([member('m2'), member('m3')]);

    await applyTwice([{ op: 'removeMembers', group, members: [member('m2'), member('m3')] }]);
    expect(await one(group)).toEqual({ objectclass: ['stewardGroup'], cn: ['physics-staff'] });
  });

  it('keeps members another writer added', async () => {
    const group = `cn=mixed,${groups}`;
    await directory.apply([
      { op: 'add', dn: group, attributes: { objectClass: ['groupOfNames'], cn: ['mixed'], member: [member('m1')] } },
    ]);
    await applyTwice([{ op: 'addMembers', group, members: [member('m2')] }]);
    await applyTwice([{ op: 'removeMembers', group, members: [member('m2')] }]);
    expect((await one(group))?.member).toEqual([member('m1')]);
  });
});

describe('renameOu, move and delete', () => {
  it('renames and moves an OU with the entries under it', async () => {
    const from = `ou=Astro,ou=Old,${base}`;
    const to = `ou=Astronomy,ou=New,${base}`;
    await directory.apply([
      { op: 'ensureOu', dn: from },
      { op: 'ensureOu', dn: `ou=New,${base}` },
      person('star1', from),
      person('star2', from),
    ]);
    await applyTwice([{ op: 'renameOu', from, to }]);
    expect(await dnsUnder(`ou=New,${base}`)).toEqual(
      [`ou=New,${base}`, to, `uid=star1,${to}`, `uid=star2,${to}`].sort(),
    );
    expect(await dnsUnder(`ou=Old,${base}`)).toEqual([`ou=Old,${base}`]);
    expect((await one(to))?.ou).toEqual(['Astronomy']);
  });

  it('renames an OU in place', async () => {
    const from = `ou=Chem,${base}`;
    const to = `ou=Chemistry,${base}`;
    await directory.apply([{ op: 'ensureOu', dn: from }, person('c1', from)]);
    await applyTwice([{ op: 'renameOu', from, to }]);
    expect(await dnsUnder(to)).toEqual([to, `uid=c1,${to}`]);
    expect(await one(from)).toBeUndefined();
  });

  it('moves a user between OUs, creating the new parent OU when missing', async () => {
    const a = `ou=A,${base}`;
    const b = `ou=B,ou=Later,${base}`;
    await directory.apply([{ op: 'ensureOu', dn: a }, person('mover', a, { mail: ['mover@example.edu'] })]);
    await applyTwice([{ op: 'move', from: `uid=mover,${a}`, to: `uid=mover,${b}` }]);
    expect(await dnsUnder(b)).toEqual([b, `uid=mover,${b}`]);
    expect(await dnsUnder(a)).toEqual([a]);
    expect((await one(`uid=mover,${b}`))?.mail).toEqual(['mover@example.edu']);
  });

  it('renames a user in place (new RDN value)', async () => {
    const ou = `ou=A,${base}`;
    await directory.apply([person('oldname', ou)]);
    await applyTwice([{ op: 'move', from: `uid=oldname,${ou}`, to: `uid=newname,${ou}` }]);
    expect((await one(`uid=newname,${ou}`))?.uid).toEqual(['newname']);
    expect(await one(`uid=oldname,${ou}`)).toBeUndefined();
  });

  it('deletes an entry, and deleting it again is no error', async () => {
    const dn = `uid=leaver,ou=A,${base}`;
    await directory.apply([person('leaver', `ou=A,${base}`)]);
    expect(await one(dn)).toBeDefined();
    await applyTwice([{ op: 'delete', dn }]);
    expect(await one(dn)).toBeUndefined();
  });
});
