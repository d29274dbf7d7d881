import { describe, expect, it } from 'vitest';
import type { Actor, RoleGrant } from '../platform/auth/actor.ts';
import { visitorLifecycle } from './default-lifecycles.ts';
import {
  type GuestParties,
  guestAbilities,
  isGuarantor,
  guestReadScopes,
  inGuestScopes,
  mayChangeDates,
  mayReadGuest,
  mayRequestRenewal,
  mayTrigger,
  triggersOf,
} from './guest-policy.ts';

const user = (...roles: Partial<RoleGrant>[]): Actor => ({
  kind: 'user',
  id: 1,
  name: 'u',
  roles: roles.map((r) => ({ role: 'orgadmin', orgId: null, orgPath: null, ...r }) as RoleGrant),
});
const nobody = user();
const parties = (over: Partial<GuestParties> = {}): GuestParties => ({
  actorPersonId: 7,
  guarantorId: 8,
  sponsorId: null,
  orgPaths: ['/1/4/'],
  approver: false,
  ...over,
});
const expiring = { state: 'expiring', validTo: '2026-12-31' };
const endNow = visitorLifecycle.transitions.find((t) => t.name === 'end-now')!;
const activate = visitorLifecycle.transitions.find((t) => t.name === 'activate')!;

describe('guest policy', () => {
  it('names the roles an actor plays for a guest', () => {
    const desk = user({ role: 'office', office: 'card-desk' });
    expect([...triggersOf(desk, parties())]).toEqual(['card-desk']);
    expect([...triggersOf(user({ orgPath: '/1/' }), parties())]).toEqual(['orgadmin']);
    expect([...triggersOf(user({ orgPath: '/2/' }), parties())]).toEqual([]);
    expect([...triggersOf(nobody, parties({ guarantorId: 7, sponsorId: 7, approver: true }))]).toEqual([
      'guarantor',
      'sponsor',
      'approver',
    ]);
    // Without a person nobody is guarantor, sponsor or approver.
    expect([...triggersOf(nobody, parties({ actorPersonId: null, guarantorId: null, approver: true }))]).toEqual([]);
  });

  it('lets the roles a manual transition names trigger it, and nobody trigger a timed one', () => {
    expect(mayTrigger(nobody, parties({ guarantorId: 7 }), endNow)).toBe(true);
    expect(mayTrigger(nobody, parties(), endNow)).toBe(false);
    expect(mayTrigger(user({ role: 'sysadmin' }), parties(), activate)).toBe(false);
  });

  it('shows a guest to guest readers, its guarantor and its sponsor', () => {
    expect(mayReadGuest(user({ role: 'auditor' }), parties())).toBe(true);
    expect(mayReadGuest(nobody, parties({ guarantorId: 7 }))).toBe(true);
    expect(mayReadGuest(nobody, parties({ sponsorId: 7 }))).toBe(true);
    expect(mayReadGuest(nobody, parties())).toBe(false);
  });

  it('lets guest managers of its units and its guarantor change its dates and ask for its renewal', () => {
    expect(mayChangeDates(user({ orgPath: '/1/' }), parties())).toBe(true);
    expect(mayChangeDates(user({ orgPath: '/2/' }), parties())).toBe(false);
    expect(mayChangeDates(user({ role: 'office', office: 'it-desk' }), parties())).toBe(true);
    expect(mayChangeDates(nobody, parties({ guarantorId: 7 }))).toBe(true);
    expect(mayRequestRenewal(nobody, parties({ guarantorId: 7 }), expiring)).toBe(true);
    expect(mayRequestRenewal(user({ orgPath: '/2/' }), parties(), expiring)).toBe(false);
  });

  it('offers no renewal of a guest that has ended or has no end', () => {
    const guarantor = parties({ guarantorId: 7 });
    expect(mayRequestRenewal(nobody, guarantor, { state: 'disabled', validTo: '2026-12-31' })).toBe(false);
    expect(mayRequestRenewal(nobody, guarantor, { state: 'active', validTo: null })).toBe(false);
  });

  it('lists the manual transitions the actor may trigger from the guest’s state', () => {
    expect(guestAbilities(nobody, parties({ guarantorId: 7 }), expiring, visitorLifecycle)).toEqual({
      requestRenewal: true,
      changeDates: true,
      transitions: ['renew', 'end-now'],
    });
    expect(guestAbilities(nobody, parties(), expiring, visitorLifecycle)).toEqual({
      requestRenewal: false,
      changeDates: false,
      transitions: [],
    });
    const approver = parties({ approver: true });
    expect(
      guestAbilities(nobody, approver, { state: 'requested', validTo: null }, visitorLifecycle).transitions,
    ).toEqual(['approve', 'reject']);
  });
});

describe('guest policy: who plays which role, and who reads and renews (issue 18)', () => {
  it('makes system administrators play the system administrator, and only the guest desks play an office', () => {
    expect([...triggersOf(user({ role: 'sysadmin' }), parties())]).toEqual(['sysadmin']);
    expect([...triggersOf(user({ role: 'office', office: 'it-desk' }), parties())]).toEqual(['it-desk']);
    expect([...triggersOf(user({ role: 'office', office: 'library' }), parties())]).toEqual([]);
  });

  it('makes an organisation administrator of either the host or the tenant unit play its role', () => {
    expect([...triggersOf(user({ orgPath: '/1/' }), parties({ orgPaths: ['/1/4/', '/2/'] }))]).toEqual(['orgadmin']);
    expect([...triggersOf(user({ orgPath: '/1/' }), parties({ orgPaths: ['/2/', '/1/4/'] }))]).toEqual(['orgadmin']);
  });

  it('makes nobody the guarantor of a guest without one', () => {
    const noGuarantor = parties({ actorPersonId: null, guarantorId: null });
    expect(isGuarantor(noGuarantor)).toBe(false);
    expect(mayChangeDates(nobody, noGuarantor)).toBe(false);
    expect(mayRequestRenewal(nobody, noGuarantor, expiring)).toBe(false);
  });

  it('lets a guest manager of its units ask for its renewal without being its guarantor', () => {
    expect(mayRequestRenewal(user({ orgPath: '/1/' }), parties(), expiring)).toBe(true);
  });

  it('offers no renewal from any ended state', () => {
    const guarantor = parties({ guarantorId: 7 });
    for (const state of ['disabled', 'archived', 'rejected', 'withdrawn'])
      expect(mayRequestRenewal(nobody, guarantor, { state, validTo: '2026-12-31' })).toBe(false);
  });

  it('reads a guest whose host or tenant lies in the scope, either one', () => {
    expect(inGuestScopes(['/1/4/'], ['/2/', '/1/4/9/'])).toBe(true);
    expect(inGuestScopes(['/1/4/'], ['/1/4/9/', '/2/'])).toBe(true);
  });

  it('reads no guest data for accounts without guest reading, and reads only its units for an office that is no desk', () => {
    expect(guestReadScopes(user({ role: 'scim' }))).toEqual([]);
    const both = user({ orgPath: '/1/4/' }, { role: 'office', office: 'library' });
    expect(guestReadScopes(both)).toEqual(['/1/4/']);
  });
});

describe('guestReadScopes (issue 13)', () => {
  const user = (roles: Actor['roles']): Actor => ({ kind: 'user', id: 1, name: 'u', roles });
  it('reads everywhere for system administrators, auditors and the guest desks', () => {
    expect(guestReadScopes(user([{ role: 'sysadmin', orgId: null, orgPath: null }]))).toBeNull();
    expect(guestReadScopes(user([{ role: 'auditor', orgId: null, orgPath: null }]))).toBeNull();
    expect(guestReadScopes(user([{ role: 'office', orgId: null, orgPath: null, office: 'card-desk' }]))).toBeNull();
  });

  it('reads in the subtrees of organisation administrators, and nowhere for other offices', () => {
    const phys = user([{ role: 'orgadmin', orgId: 4, orgPath: '/1/4/' }]);
    expect(guestReadScopes(phys)).toEqual(['/1/4/']);
    expect(inGuestScopes(['/1/4/'], ['/1/4/9/'])).toBe(true);
    expect(inGuestScopes(['/1/4/'], ['/1/5/'])).toBe(false);
    expect(inGuestScopes(null, [])).toBe(true);
    expect(guestReadScopes(user([{ role: 'office', orgId: null, orgPath: null, office: 'library' }]))).toEqual([]);
    expect(mayReadGuest(phys, { actorPersonId: null, guarantorId: 1, sponsorId: null, orgPaths: ['/1/5/'] })).toBe(
      false,
    );
    expect(mayReadGuest(phys, { actorPersonId: null, guarantorId: 1, sponsorId: null, orgPaths: ['/1/4/'] })).toBe(
      true,
    );
  });
});
