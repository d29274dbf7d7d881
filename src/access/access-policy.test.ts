import { describe, expect, it } from 'vitest';
import type { Actor, RoleGrant } from '../platform/auth/actor.ts';
import type { SelfFacts } from '../groups/group-policy.ts';
import {
  appAbilities,
  assignableUnits,
  assignmentAbilities,
  assignmentChangeSelfGrant,
  assignRefusal,
  type AssignmentTerms,
  assignSelfGrantProblems,
  mayAssignIn,
  maySee,
} from './access-policy.ts';

const actor = (roles: RoleGrant[]): Actor => ({ kind: 'user', id: 1, name: 'someone', roles });
const sysadmin = actor([{ role: 'sysadmin', orgId: null, orgPath: null }]);
const auditor = actor([{ role: 'auditor', orgId: null, orgPath: null }]);
const library = actor([{ role: 'office', orgId: null, orgPath: null, office: 'library' }]);
// Unit 4 (/1/2/4/) and unit 9 (/1/9/); 40 (/1/2/40/) is a sibling of 4 sharing its string prefix.
const chemistry = actor([{ role: 'orgadmin', orgId: 4, orgPath: '/1/2/4/' }]);
const twoUnits = actor([
  { role: 'orgadmin', orgId: 4, orgPath: '/1/2/4/' },
  { role: 'orgadmin', orgId: 9, orgPath: '/1/9/' },
]);
const org = (orgId: number, orgPath: string) => ({ kind: 'org' as const, orgId, orgPath });

describe('assigning roles', () => {
  it('lets a system administrator assign anywhere, in every scope kind', () => {
    expect(assignableUnits(sysadmin)).toBeNull();
    for (const scope of [org(1, '/1/'), { kind: 'everywhere' as const }, { kind: 'affiliation' as const }])
      expect(mayAssignIn(sysadmin, scope)).toBe(true);
  });

  it('lets an organisation administrator assign only within their units, never everywhere', () => {
    expect(assignableUnits(twoUnits)).toEqual([4, 9]);
    expect(mayAssignIn(chemistry, org(4, '/1/2/4/'))).toBe(true);
    expect(mayAssignIn(chemistry, org(17, '/1/2/4/17/'))).toBe(true);
    expect(mayAssignIn(chemistry, org(2, '/1/2/'))).toBe(false);
    expect(mayAssignIn(chemistry, org(40, '/1/2/40/'))).toBe(false);
    expect(mayAssignIn(twoUnits, org(10, '/1/9/10/'))).toBe(true);
    expect(mayAssignIn(chemistry, { kind: 'everywhere' })).toBe(false);
    expect(mayAssignIn(chemistry, { kind: 'affiliation' })).toBe(false);
  });

  it('lets auditors and offices assign nowhere', () => {
    for (const a of [auditor, library]) {
      expect(assignableUnits(a)).toEqual([]);
      expect(mayAssignIn(a, org(4, '/1/2/4/'))).toBe(false);
      expect(appAbilities(a).assign).toBe(false);
    }
  });

  it('names the refusal beside the scope: the unit outside, or the wider scope for system administrators', () => {
    expect(assignRefusal(chemistry, org(4, '/1/2/4/'), '/scopes/0')).toBeNull();
    expect(assignRefusal(chemistry, org(2, '/1/2/'), '/scopes/1')).toEqual({
      field: '/scopes/1/orgId',
      rule: 'within-your-units',
      message: 'org unit 2 is outside the units you administer',
    });
    expect(assignRefusal(chemistry, { kind: 'everywhere' }, '/scopes/0')).toMatchObject({
      field: '/scopes/0/kind',
      rule: 'sysadmin-only',
      message: 'only system administrators assign a role everywhere',
    });
    expect(assignRefusal(chemistry, { kind: 'affiliation' }, '/scopes/0')?.message).toBe(
      'only system administrators assign a role wherever the person is affiliated',
    );
  });

  it('agrees with the units it offers: a unit is assignable exactly when it lies under an offered one', () => {
    const paths = new Map<number, string>([
      [1, '/1/'],
      [2, '/1/2/'],
      [4, '/1/2/4/'],
      [17, '/1/2/4/17/'],
      [40, '/1/2/40/'],
      [9, '/1/9/'],
      [10, '/1/9/10/'],
    ]);
    for (const a of [sysadmin, auditor, library, chemistry, twoUnits, actor([])]) {
      const offered = assignableUnits(a);
      for (const [id, path] of paths) {
        const underOffered = offered === null || offered.some((root) => path.startsWith(paths.get(root)!));
        expect(mayAssignIn(a, org(id, path)), `${a.roles.map((g) => g.role)} in ${path}`).toBe(underOffered);
        expect(assignmentAbilities(a, org(id, path))).toEqual({ update: underOffered, revoke: underOffered });
      }
    }
  });
});

describe('seeing assignments', () => {
  it('shows every assignment to system administrators and auditors', () => {
    for (const a of [sysadmin, auditor]) {
      expect(maySee(a, { kind: 'everywhere' })).toBe(true);
      expect(maySee(a, org(40, '/1/2/40/'))).toBe(true);
    }
  });

  it('shows an organisation administrator those in their units only, none in a wider scope', () => {
    expect(maySee(chemistry, org(17, '/1/2/4/17/'))).toBe(true);
    expect(maySee(chemistry, org(40, '/1/2/40/'))).toBe(false);
    expect(maySee(chemistry, { kind: 'everywhere' })).toBe(false);
    expect(maySee(chemistry, { kind: 'affiliation' })).toBe(false);
    expect(maySee(library, org(4, '/1/2/4/'))).toBe(false);
  });

  it('shows an auditor who also administers a unit everything, and an account without roles nothing', () => {
    const auditingChemist = actor([
      { role: 'orgadmin', orgId: 4, orgPath: '/1/2/4/' },
      { role: 'auditor', orgId: null, orgPath: null },
    ]);
    expect(maySee(auditingChemist, { kind: 'everywhere' })).toBe(true);
    expect(maySee(auditingChemist, org(40, '/1/2/40/'))).toBe(true);
    const nobody = actor([]);
    expect(maySee(nobody, { kind: 'everywhere' })).toBe(false);
    expect(maySee(nobody, org(4, '/1/2/4/'))).toBe(false);
  });
});

describe('abilities on an application', () => {
  it('offers configuration to system administrators only, and the scopes each caller may assign in', () => {
    expect(appAbilities(sysadmin)).toEqual({
      configure: true,
      assign: true,
      assignIn: { everywhere: true, affiliation: true, units: null },
    });
    expect(appAbilities(twoUnits)).toEqual({
      configure: false,
      assign: true,
      assignIn: { everywhere: false, affiliation: false, units: [4, 9] },
    });
    expect(appAbilities(auditor).configure).toBe(false);
  });

  it('offers only the units an administrator administers, not the office they also hold', () => {
    const chemistLibrarian = actor([
      { role: 'office', orgId: null, orgPath: null, office: 'library' },
      { role: 'orgadmin', orgId: 4, orgPath: '/1/2/4/' },
    ]);
    expect(assignableUnits(chemistLibrarian)).toEqual([4]);
    expect(appAbilities(chemistLibrarian).assignIn).toEqual({ everywhere: false, affiliation: false, units: [4] });
  });
});

describe('no self-grant of access roles', () => {
  // The chemistry administrator acts as person 7, an effective member of group 3.
  const self: SelfFacts = { personId: 7, groupIds: new Set([3]) };
  const person = (id: number) => ({ type: 'person' as const, id });
  const group = (id: number) => ({ type: 'group' as const, id });

  it('refuses an assignment to oneself or to a group one is in, naming each such subject', () => {
    expect(assignSelfGrantProblems(chemistry, self, [person(8), person(7), group(4), group(3)])).toEqual([
      {
        field: '/subjects/1/id',
        rule: 'no-self-grant',
        message: 'you may not assign an access role to yourself: another administrator must',
      },
      {
        field: '/subjects/3/id',
        rule: 'no-self-grant',
        message: 'you are a member of group 3, so you may not assign an access role to it: another administrator must',
      },
    ]);
    expect(assignSelfGrantProblems(chemistry, self, [person(8), group(4)])).toEqual([]);
    expect(assignSelfGrantProblems(sysadmin, self, [person(7), group(3)])).toEqual([]);
  });

  it("lets one narrow one's own assignment (a later start, an earlier end, the same limits) and nothing more", () => {
    const limits = [{ attribute: 'amount', max: 100 }];
    const before: AssignmentTerms = {
      enabledFrom: '2026-01-01T00:00:00Z',
      enabledUntil: '2026-12-31T00:00:00Z',
      limits,
    };
    const change = (c: Partial<AssignmentTerms>) =>
      assignmentChangeSelfGrant(chemistry, self, person(7), before, { ...before, ...c });
    expect(change({})).toBeNull();
    expect(change({ enabledFrom: '2026-02-01T00:00:00Z', enabledUntil: '2026-06-30T00:00:00Z' })).toBeNull();
    expect(change({ enabledUntil: '2027-06-30T00:00:00Z' })?.field).toBe('/enabledUntil');
    expect(change({ enabledUntil: null })?.field).toBe('/enabledUntil');
    expect(change({ enabledFrom: null })?.field).toBe('/enabledFrom');
    expect(change({ limits: [] })).toEqual({
      field: '/limits',
      rule: 'no-self-grant',
      message: 'you may not widen an assignment of yourself: another administrator must',
    });
    // Someone else's, or a system administrator's own: the ordinary rules apply.
    expect(assignmentChangeSelfGrant(chemistry, self, person(8), before, { ...before, enabledUntil: null })).toBeNull();
    expect(assignmentChangeSelfGrant(sysadmin, self, person(7), before, { ...before, enabledUntil: null })).toBeNull();
    expect(assignmentChangeSelfGrant(chemistry, self, group(3), before, { ...before, limits: [] })?.rule).toBe(
      'no-self-grant',
    );
  });
});
