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
  onlyNarrows,
  onTheWay,
  reachesSelf,
  seesAllGroups,
  seesGroup,
  selfGrantProblem,
  type SelfFacts,
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
  it('shows the privileged folder itself, and every group to one who sees all (issue 18)', () => {
    expect(onTheWay('uni:apps', ['uni:apps'])).toBe(true);
    expect(onTheWay('uni:apps:payroll', ['uni:apps'])).toBe(true);
    expect(seesGroup('uni:apps:other', null)).toBe(true);
  });
  it('lets system administrators and auditors see every group and folder, and nobody else (issue 18)', () => {
    expect(seesAllGroups(actor('sysadmin'))).toBe(true);
    expect(seesAllGroups(actor('auditor'))).toBe(true);
    expect(seesAllGroups(actor('orgadmin'))).toBe(false);
    expect(seesAllGroups(actor('office'))).toBe(false);
    expect(seesAllGroups(plain)).toBe(false);
  });
  it('lets one holding only view see the group and nothing more (issue 18)', () => {
    expect(sorted(expand(['view']))).toEqual(['view']);
    expect(sorted(expand(['optin']))).toEqual(['optin', 'view']);
  });
});

describe('no self-grant', () => {
  // The account acts as person 7, an effective member of groups 3 and 5.
  const self: SelfFacts = { personId: 7, groupIds: new Set([3, 5]) };
  const orgadmin: Actor = {
    kind: 'user',
    id: 1,
    name: 'olga',
    roles: [{ role: 'orgadmin', orgId: 4, orgPath: '/1/4/' }],
  };

  it('reaches the actor through their own person or a group they are in, and nobody else', () => {
    expect(reachesSelf(self, { personId: 7 })).toBe(true);
    expect(reachesSelf(self, { groupId: 5 })).toBe(true);
    expect(reachesSelf(self, { personId: 8 })).toBe(false);
    expect(reachesSelf(self, { groupId: 4 })).toBe(false);
    expect(reachesSelf(self, {})).toBe(false);
    // An account with no person reaches nobody by what it grants.
    expect(reachesSelf({ personId: null, groupIds: new Set() }, { personId: 7 })).toBe(false);
    expect(reachesSelf({ personId: null, groupIds: new Set([5]) }, { groupId: 5 })).toBe(false);
    expect(reachesSelf(self, { personId: null, groupId: 5 })).toBe(true);
    expect(reachesSelf(self, { personId: 8, groupId: 5 })).toBe(false);
  });

  it('refuses every administrator but a system administrator, naming the field and the rule', () => {
    expect(selfGrantProblem(orgadmin, self, { personId: 7 }, '/personId', 'grant a group privilege to {who}')).toEqual({
      field: '/personId',
      rule: 'no-self-grant',
      message: 'you may not grant a group privilege to yourself: another administrator must',
    });
    expect(selfGrantProblem(actor('office'), self, { groupId: 3 }, '/groupId', 'add {who} to g')).toEqual({
      field: '/groupId',
      rule: 'no-self-grant',
      message: 'you are a member of group 3, so you may not add it to g: another administrator must',
    });
    expect(selfGrantProblem(actor(), self, { personId: 7 }, '/personId', 'x {who}')?.rule).toBe('no-self-grant');
    expect(selfGrantProblem(orgadmin, self, { personId: 8 }, '/personId', 'x {who}')).toBeNull();
    expect(selfGrantProblem(actor('sysadmin'), self, { personId: 7 }, '/personId', 'x {who}')).toBeNull();
    const steward: Actor = { kind: 'system', id: null, name: 'system', roles: [] };
    expect(selfGrantProblem(steward, self, { personId: 7 }, '/personId', 'x {who}')).toBeNull();
  });

  it('lets a period be narrowed (a later start, an earlier end) and nothing else', () => {
    const d = (s: string) => new Date(`${s}T00:00:00Z`);
    const year = { from: d('2026-01-01'), until: d('2027-01-01') };
    expect(onlyNarrows(year, year)).toBe(true);
    expect(onlyNarrows(year, { from: d('2026-03-01'), until: d('2026-06-01') })).toBe(true);
    expect(onlyNarrows(year, { from: d('2025-12-31'), until: d('2026-06-01') })).toBe(false);
    expect(onlyNarrows(year, { from: d('2026-03-01'), until: d('2027-01-02') })).toBe(false);
    expect(onlyNarrows(year, { from: null, until: d('2026-06-01') })).toBe(false);
    expect(onlyNarrows(year, { from: d('2026-03-01'), until: null })).toBe(false);
    const open = { from: null, until: null };
    expect(onlyNarrows(open, open)).toBe(true);
    expect(onlyNarrows(open, year)).toBe(true);
    expect(onlyNarrows({ from: null, until: d('2027-01-01') }, { from: null, until: null })).toBe(false);
  });

  it('agrees with a comparison of the days each period covers, on random periods', () => {
    // Periods with ends on days 0..9 or open; days -5..15 stand for the unbounded line around them.
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n));
    const end = (n: number) => (n < 0 ? null : day(n));
    const covers = (p: { from: Date | null; until: Date | null }, n: number) =>
      (p.from === null || p.from.getTime() <= day(n).getTime()) &&
      (p.until === null || day(n).getTime() < p.until.getTime());
    const days = Array.from({ length: 21 }, (_, k) => k - 5);
    let seed = 42;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) % 11) - 1;
    let compared = 0;
    for (let i = 0; i < 2000; i++) {
      const a = { from: end(next()), until: end(next()) };
      const b = { from: end(next()), until: end(next()) };
      // Empty periods (an end not after the start) cover nothing, so the day count says nothing about them.
      if (days.every((n) => !covers(a, n)) || days.every((n) => !covers(b, n))) continue;
      compared += 1;
      const within = days.every((n) => !covers(b, n) || covers(a, n));
      expect(onlyNarrows(a, b), JSON.stringify({ a, b })).toBe(within);
    }
    expect(compared).toBeGreaterThan(500);
  });
});
