import { describe, expect, it } from 'vitest';
import { normaliseTarget, type TargetKnown, targetProblems } from './target-definition.ts';

const known: TargetKnown = {
  statusTypes: new Set(['learner']),
  orgUnits: new Set(['HILL']),
  streams: new Map(),
  groups: new Set(['schools:hill']),
  roles: new Set(['lms/tutor']),
  entityTypes: ['person', 'affiliation'],
};
const ldap = {
  name: 'district-ad',
  kind: 'ldap',
  settings: { url: 'ldaps://dc1:636', bindDn: 'cn=s,dc=x', baseDn: 'ou=p,dc=x', groupsDn: 'ou=g,dc=x' },
  selection: { statuses: ['Learner'] },
};

describe('a target definition', () => {
  it('fills the AD-shaped defaults: mappings, classes, 514 to disable, 90 days kept, 10 % threshold', () => {
    expect(targetProblems(ldap, known)).toEqual([]);
    const def = normaliseTarget(ldap);
    expect(def.mappings.sAMAccountName).toBe('{username}');
    expect(def.settings).toMatchObject({
      rdnAttribute: 'cn',
      disable: { attribute: 'userAccountControl', disabled: '514' },
    });
    expect(def).toMatchObject({
      lifecycle: { disable: true, deleteAfterDays: 90 },
      thresholdPercent: 10,
      maxAttempts: 8,
    });
    expect(normaliseTarget({ ...ldap, lifecycle: { deleteAfterDays: null } }).lifecycle.deleteAfterDays).toBeNull();
  });

  it('names each unknown or missing thing', () => {
    const fields = (input: object) => targetProblems(input as never, known).map((p) => `${p.field} ${p.rule}`);
    expect(fields({ ...ldap, kind: 'ftp' })).toEqual(['/kind enum']);
    expect(fields({ ...ldap, secrets: { token: 'x' } })).toEqual(['/secrets/token unknown']);
    expect(fields({ ...ldap, groups: [{ role: 'lms/tutor' }, { group: 'schools:hill', name: 'LMS/TUTOR' }] })).toEqual([
      '/groups/1 unique',
    ]);
    expect(fields({ ...ldap, lifecycle: { deleteAfterDays: -1 } })).toEqual(['/lifecycle/deleteAfterDays range']);
    expect(
      fields({
        name: 'hook',
        kind: 'webhook',
        settings: { url: 'https://h/x', events: ['people.*'] },
        mappings: { cn: '{id}' },
      }),
    ).toEqual(['/settings/events/0 unknown-type', '/mappings ldap-only']);
  });

  it('takes a SCIM target: default mapping, write-only bearer token, group folders, retention', () => {
    const scim = {
      name: 'lms',
      kind: 'scim',
      settings: { url: 'https://lms.example.edu/scim/v2/', groupFolders: ['schools'] },
      secrets: { token: 'secret-token' },
      selection: { statuses: ['Learner'] },
      groups: [{ group: 'schools:hill' }],
      lifecycle: { deleteAfterDays: 30 },
    };
    expect(targetProblems(scim, known)).toEqual([]);
    const def = normaliseTarget(scim);
    expect(def.settings).toEqual({
      url: 'https://lms.example.edu/scim/v2',
      timeoutSeconds: 10,
      groupFolders: ['schools'],
    });
    expect(def.mappings).toMatchObject({
      userName: '{username}',
      emails: '{email}',
      'enterprise:employeeNumber': '{idNumber}',
    });
    expect(def.lifecycle).toEqual({ disable: true, deleteAfterDays: 30 });
    expect(JSON.stringify(def)).not.toContain('secret-token');
  });

  it('names what is wrong with a SCIM target', () => {
    const fields = (input: object) => targetProblems(input as never, known).map((p) => `${p.field} ${p.rule}`);
    expect(
      fields({
        name: 'lms',
        kind: 'scim',
        settings: { url: 'ldap://x', bindDn: 'cn=x', groupFolders: ['bad folder'] },
        secrets: { password: 'x', token: ' ' },
        mappings: { 'name.givenName': '{givenName}', mail: '{email}', displayName: '{nope}' },
        selection: { statuses: ['Learner'], groups: ['nobody'] },
      }),
    ).toEqual([
      '/settings/bindDn unknown',
      '/secrets/password unknown',
      '/settings/url format:url',
      '/settings/groupFolders/0 format:folder',
      '/secrets/token not-blank',
      '/mappings/mail unknown',
      '/mappings/displayName template',
      '/mappings/userName required',
      '/selection/groups/0 exists',
    ]);
  });
});
