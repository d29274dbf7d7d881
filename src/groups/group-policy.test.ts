import { describe, expect, it } from 'vitest';
import type { Actor, RoleGrant } from '../platform/auth/actor.ts';
import type { GroupPrivilege } from '../platform/db/group-tables.ts';
import {
  effectivePrivileges,
  expand,
  folderAbilities,
  groupAbilities,
  hasDirectMembers,
  listingAbilities,
  onTheWay,
  seesGroup,
} from './group-policy.ts';

const actor = (...roles: RoleGrant['role'][]): Actor => ({
  kind: 'user',
  id: 1,
  name: 'someone',
  roles: roles.map((role) => ({ role, orgId: null, orgPath: null })),
});
const plain = actor();
const sorted = (s: Set<GroupPrivilege>) => [...s].sort();

describe('group privileges', () => {
  it('admin implies every privilege, update implies read, read implies view, opting implies view', () => {
    expect(sorted(expand(['admin']))).toEqual(['admin', 'optin', 'optout', 'read', 'update', 'view']);
    expect(sorted(expand(['update']))).toEqual(['read', 'update', 'view']);
    expect(sorted(expand(['read']))).toEqual(['read', 'view']);
    expect(sorted(expand(['optout']))).toEqual(['optout', 'view']);
    expect(sorted(expand([]))).toEqual([]);
  });

  it('system administrators hold everything, auditors read besides what their person holds', () => {
    expect(sorted(effectivePrivileges(actor('sysadmin'), []))).toEqual(sorted(expand(['admin'])));
    expect(sorted(effectivePrivileges(actor('auditor'), []))).toEqual(['read', 'view']);
    expect(sorted(effectivePrivileges(actor('auditor'), ['optin']))).toEqual(['optin', 'read', 'view']);
    expect(sorted(effectivePrivileges(plain, ['update']))).toEqual(['read', 'update', 'view']);
    expect(sorted(effectivePrivileges(actor('orgadmin'), []))).toEqual([]);
  });
});

describe('what one may do with a group', () => {
  it('members are managed with update, the group itself and its privileges with admin', () => {
    expect(groupAbilities(expand(['update']), { kind: 'basic' })).toEqual({
      update: false,
      move: false,
      delete: false,
      readMembers: true,
      manageMembers: true,
      readPrivileges: true,
      managePrivileges: false,
      optIn: false,
      optOut: false,
    });
    expect(groupAbilities(expand(['admin']), { kind: 'basic' })).toEqual({
      update: true,
      move: true,
      delete: true,
      readMembers: true,
      manageMembers: true,
      readPrivileges: true,
      managePrivileges: true,
      optIn: true,
      optOut: true,
    });
    expect(groupAbilities(expand(['view']), { kind: 'basic' })).toMatchObject({ readMembers: false, update: false });
  });

  it('only a basic group has direct members to manage, join or leave', () => {
    expect(hasDirectMembers('basic')).toBe(true);
    expect(hasDirectMembers('composite')).toBe(false);
    expect(hasDirectMembers('rule')).toBe(false);
    for (const kind of ['composite', 'rule'] as const)
      expect(groupAbilities(expand(['admin']), { kind })).toMatchObject({
        update: true,
        manageMembers: false,
        optIn: false,
        optOut: false,
      });
  });
});

describe('what one may do with a folder and where one may create', () => {
  it('admin on a folder changes it and creates inside; renaming a root folder is the system administrators', () => {
    const admin = expand(['admin']);
    expect(folderAbilities(plain, admin, { parentId: 4 })).toMatchObject({
      update: true,
      rename: true,
      createGroup: true,
    });
    expect(folderAbilities(plain, admin, { parentId: null })).toMatchObject({ update: true, rename: false });
    expect(
      folderAbilities(actor('sysadmin'), effectivePrivileges(actor('sysadmin'), []), { parentId: null }),
    ).toMatchObject({ rename: true });
    expect(folderAbilities(plain, expand(['update']), { parentId: 4 })).toMatchObject({
      update: false,
      delete: false,
      createFolder: false,
      readPrivileges: true,
    });
  });

  it('creates root folders as system administrator only, and never a group at the root', () => {
    expect(listingAbilities(actor('sysadmin'), null)).toEqual({ createFolder: true, createGroup: false });
    expect(listingAbilities(actor('auditor'), null)).toEqual({ createFolder: false, createGroup: false });
    expect(listingAbilities(plain, expand(['admin']))).toEqual({ createFolder: true, createGroup: true });
    expect(listingAbilities(plain, expand(['read']))).toEqual({ createFolder: false, createGroup: false });
  });
});

describe('browsing', () => {
  const names = ['uni:apps:payroll', 'uni:staff:team'];
  it('shows the folders on the way to a privileged name and everything under it', () => {
    expect(onTheWay('uni', names)).toBe(true);
    expect(onTheWay('uni:apps', names)).toBe(true);
    expect(onTheWay('uni:apps:payroll:clerks', names)).toBe(true);
    expect(onTheWay('uni:library', names)).toBe(false);
    expect(onTheWay('uni:app', names)).toBe(false);
    expect(onTheWay('anything', null)).toBe(true);
  });
  it('shows a group privileged itself or under a privileged folder', () => {
    expect(seesGroup('uni:staff:team', names)).toBe(true);
    expect(seesGroup('uni:apps:payroll:clerk', names)).toBe(true);
    expect(seesGroup('uni:apps:other', names)).toBe(false);
    expect(seesGroup('uni:staff:teams', names)).toBe(false);
  });
});
