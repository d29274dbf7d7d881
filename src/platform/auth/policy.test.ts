import { describe, expect, it } from 'vitest';
import { type Actor, clientActor } from './actor.ts';
import { abilitiesOf, authorise, can, permissions, scopesFor } from './policy.ts';

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

describe('abilities of the signed-in account', () => {
  const library = actor([{ role: 'office', orgId: null, orgPath: null, office: 'library' }]);
  const cardDesk = actor([{ role: 'office', orgId: null, orgPath: null, office: 'card-desk' }]);
  const held = (a: Actor) =>
    Object.entries(abilitiesOf(a))
      .filter(([, yes]) => yes)
      .map(([p]) => p);

  it('answers every permission, and a system administrator holds them all', () => {
    expect(Object.keys(abilitiesOf(nobody)).sort()).toEqual([...permissions].sort());
    expect(held(sysadmin)).toEqual([...permissions]);
  });

  it('gives a SCIM writer scim:read and scim:write and nothing else', () => {
    const writer = actor([{ role: 'scim-writer', orgId: null, orgPath: null }]);
    expect(held(writer)).toEqual(['guests:request', 'scim:read', 'scim:write']);
    expect(can(actor([{ role: 'scim', orgId: null, orgPath: null }]), 'scim:write')).toBe(false);
  });

  it('gives a SCIM reader scim:read and nothing else', () => {
    const scim = actor([{ role: 'scim', orgId: null, orgPath: null }]);
    // Any signed-in account may ask for a guest; beyond that, only reading through SCIM.
    expect(held(scim)).toEqual(['guests:request', 'scim:read']);
    expect(can(auditor, 'scim:read')).toBe(false);
    expect(can(actor([{ role: 'orgadmin', orgId: 4, orgPath: '/1/4/' }]), 'scim:read')).toBe(false);
  });

  it('gives an auditor the reading, the audit trail and the mail outbox, and no change', () => {
    const a = abilitiesOf(auditor);
    expect([a['audit:read'], a['changes:read'], a['mail:read'], a['feeds:read'], a['people:read']]).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([a['people:create'], a['orgs:write'], a['mail:configure'], a['access:configure']]).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('counts a permission an organisation administrator holds in their own subtree only', () => {
    const a = abilitiesOf(chemistryAdmin);
    expect([a['people:create'], a['people:update'], a['people:mint'], a['orgs:write'], a['access:assign']]).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([a['people:merge'], a['audit:read'], a['mail:read'], a['access:configure']]).toEqual([
      false,
      false,
      false,
      false,
    ]);
    // An orgadmin role whose unit is unknown grants nothing scoped.
    expect(abilitiesOf(actor([{ role: 'orgadmin', orgId: null, orgPath: null }]))['orgs:write']).toBe(false);
  });

  it('lets an office manage streams (its own office) and a guest desk manage guests', () => {
    expect(abilitiesOf(library)['streams:manage']).toBe(true);
    expect(abilitiesOf(library)['streams:configure']).toBe(false);
    expect(abilitiesOf(library)['guests:manage']).toBe(false);
    expect(abilitiesOf(cardDesk)['guests:manage']).toBe(true);
  });

  it('leaves an account without roles only the self-service guest request', () => {
    expect(held(nobody)).toEqual(['guests:request']);
  });

  it('lets a decision client ask decisions, about its own applications only, and nothing else', () => {
    const lms = clientActor('lms-gw', ['lms']);
    expect(held(lms)).toEqual(['access:check']);
    expect(can(lms, 'access:check', { application: 'lms' })).toBe(true);
    expect(can(lms, 'access:check', { application: 'hr' })).toBe(false);
    expect(() => authorise(lms, 'access:check', { application: 'hr' })).toThrow(/application hr/);
    expect(can(clientActor('any', null), 'access:check', { application: 'hr' })).toBe(true);
    expect(held(clientActor('any', null))).toEqual(['access:check']);
  });
});
