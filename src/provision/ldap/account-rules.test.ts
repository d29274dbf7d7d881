import { describe, expect, it } from 'vitest';
import type { ProvisionFacts } from '../person-facts-query.ts';
import { LDAP_DEFAULTS, type LdapTargetSettings } from '../target-definition.ts';
import { desiredAccount, groupDn } from './account-rules.ts';

const settings: LdapTargetSettings = {
  ...LDAP_DEFAULTS,
  url: 'ldap://x',
  bindDn: 'cn=a,dc=x',
  baseDn: 'ou=steward,dc=x',
  groupsDn: 'ou=groups,dc=x',
  startTls: false,
  tlsInsecure: false,
};
const facts: ProvisionFacts = {
  id: 42,
  givenName: 'Jon',
  middleName: null,
  familyName: 'Smith, Jr.',
  preferredName: null,
  displayName: 'Jon Smith, Jr.',
  idNumber: '100',
  username: 'jsmith',
  email: null,
  identifiers: { username: 'jsmith' },
  primaryStatus: 'Learner',
  statuses: ['Learner'],
  categories: ['student'],
  affiliations: ['learner'],
  orgUnit: 'HILL',
  orgUnitName: 'Hill',
  title: null,
  unit: {},
  groups: [],
  unitId: 2,
  unitPath: [],
  statusTypeIds: [1],
};
const mappings = { cn: '{displayName}', sn: '{familyName}', sAMAccountName: '{username}', memberOf: '{groups}' };
const input = {
  facts,
  settings,
  mappings,
  groups: [{ dn: 'cn=g1,ou=groups,dc=x', name: 'g1' }],
  unitNames: ['District', 'Hill'],
  collision: false,
};

describe('the account a person should have', () => {
  it('lives in the OU of their unit path, named by the escaped RDN, with the group names for {groups}', () => {
    const r = desiredAccount(input);
    expect(r).toEqual({
      ok: true,
      account: {
        dn: 'cn=Jon Smith\\, Jr.,ou=Hill,ou=District,ou=steward,dc=x',
        ouDn: 'ou=Hill,ou=District,ou=steward,dc=x',
        attributes: { cn: ['Jon Smith, Jr.'], sn: ['Smith, Jr.'], sAMAccountName: ['jsmith'], memberOf: ['g1'] },
        groups: ['cn=g1,ou=groups,dc=x'],
      },
    });
  });

  it('gets a distinct name by its id when another holds the plain one', () => {
    const r = desiredAccount({ ...input, collision: true });
    expect(r.ok && r.account.dn).toBe('cn=Jon Smith\\, Jr. (42),ou=Hill,ou=District,ou=steward,dc=x');
    expect(r.ok && r.account.attributes.cn).toEqual(['Jon Smith, Jr. (42)']);
  });

  it('is refused, naming the attribute and its template, when a required attribute would be empty', () => {
    const r = desiredAccount({ ...input, facts: { ...facts, username: null } });
    expect(r).toEqual({ ok: false, error: 'the mapping for sAMAccountName ({username}) gives no value for person 42' });
  });

  it('puts people without a unit at the base DN, and groups in the groups OU', () => {
    const r = desiredAccount({ ...input, unitNames: [] });
    expect(r.ok && r.account.ouDn).toBe('ou=steward,dc=x');
    expect(groupDn('Year 7, Hill', settings)).toBe('cn=Year 7\\, Hill,ou=groups,dc=x');
  });
});
