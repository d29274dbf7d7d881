import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { authorise, can, scopesFor } from './policy.ts';

const actor = (roles: Actor['roles']): Actor => ({ kind: 'user', id: 1, name: 'someone', roles });
const sysadmin = actor([{ role: 'sysadmin', orgId: null, orgPath: null }]);
const auditor = actor([{ role: 'auditor', orgId: null, orgPath: null }]);
const chemistryAdmin = actor([{ role: 'orgadmin', orgId: 4, orgPath: '/1/2/4/' }]);
const nobody = actor([]);

describe('role policy', () => {
  it('lets a system administrator do everything', () => {
    expect(can(sysadmin, 'people:merge')).toBe(true);
    expect(can(sysadmin, 'orgs:write', { orgPaths: ['/9/'] })).toBe(true);
  });

  it('lets an auditor read everything, including the audit trail, and change nothing', () => {
    expect(can(auditor, 'audit:read')).toBe(true);
    expect(can(auditor, 'changes:read')).toBe(true);
    expect(can(auditor, 'people:read')).toBe(true);
    expect(can(auditor, 'people:update', { orgPaths: ['/1/'] })).toBe(false);
    expect(can(auditor, 'accounts:manage')).toBe(false);
  });

  it('limits an organisation administrator to their subtree', () => {
    expect(can(chemistryAdmin, 'orgs:write', { orgPaths: ['/1/2/4/'] })).toBe(true);
    expect(can(chemistryAdmin, 'orgs:write', { orgPaths: ['/1/2/4/17/'] })).toBe(true);
    expect(can(chemistryAdmin, 'orgs:write', { orgPaths: ['/1/2/'] })).toBe(false);
    // "/1/2/40/" shares a string prefix with "/1/2/4" but is a sibling, not a descendant.
    expect(can(chemistryAdmin, 'orgs:write', { orgPaths: ['/1/2/40/'] })).toBe(false);
    expect(can(chemistryAdmin, 'people:update', { orgPaths: ['/1/3/', '/1/2/4/5/'] })).toBe(true);
    expect(can(chemistryAdmin, 'people:merge')).toBe(false);
    expect(can(chemistryAdmin, 'audit:read')).toBe(false);
    expect(scopesFor(chemistryAdmin, 'orgs:write')).toEqual(['/1/2/4/']);
    expect(scopesFor(sysadmin, 'orgs:write')).toBeNull();
  });

  it('refuses an account without roles, naming what it may not do', () => {
    expect(() => authorise(nobody, 'people:read')).toThrow('someone may not people read');
  });
});

describe('office roles and auxiliary streams', () => {
  const library = actor([{ role: 'office', orgId: null, orgPath: null, office: 'library' }]);
  const orgadmin = actor([{ role: 'orgadmin', orgId: 4, orgPath: '/1/2/4/' }]);

  it('lets an office manage the streams of its own office only', () => {
    expect(can(library, 'streams:manage', { office: 'library' })).toBe(true);
    expect(can(library, 'streams:manage', { office: 'parking' })).toBe(false);
    expect(can(library, 'streams:configure')).toBe(false);
    expect(can(library, 'people:update', { orgPaths: ['/1/'] })).toBe(false);
    expect(() => authorise(library, 'streams:manage', { office: 'parking' })).toThrow(/for the office parking/);
  });

  it('lets every role read streams; only a system administrator configures them', () => {
    for (const a of [sysadmin, auditor, orgadmin, library]) expect(can(a, 'streams:read')).toBe(true);
    expect(can(nobody, 'streams:read')).toBe(false);
    expect(can(sysadmin, 'streams:manage', { office: 'parking' })).toBe(true);
    expect(can(sysadmin, 'streams:configure')).toBe(true);
    expect(can(auditor, 'streams:manage', { office: 'library' })).toBe(false);
    expect(can(orgadmin, 'streams:manage', { office: 'library' })).toBe(false);
    expect(can(auditor, 'streams:configure')).toBe(false);
  });
});
