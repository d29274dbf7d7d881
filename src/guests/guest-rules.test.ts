import { describe, expect, it } from 'vitest';
import { datesOf, datesProblems, directoryOf, guestProblems, renewalProblems, stayDays } from './guest-rules.ts';
import { withDefaults } from './guest-types.ts';

const visitor = withDefaults({
  name: 'Visitor',
  label: 'Visitor',
  lifecycle: 'visitor',
  defaultDays: 90,
  maxDays: 365,
  renewable: true,
  renewalWindowDays: 30,
  reasons: ['Research'],
  services: ['id-card'],
});
const facts = {
  today: '2026-09-01',
  type: visitor,
  hostInSubtree: true,
  tenantInSubtree: true,
  sponsorMaySponsor: null,
  hasIdNumber: false,
};
const rules = (ps: { field: string; rule: string }[]) => ps.map((p) => `${p.field} ${p.rule}`);

describe('guest rules', () => {
  it('counts both ends of a stay and fills in the default duration from valid-from', () => {
    expect(stayDays('2026-09-01', '2026-09-30')).toBe(30);
    expect(datesOf({}, visitor, '2026-09-01')).toEqual({ validFrom: '2026-09-01', validTo: '2026-11-29' });
    expect(datesOf({ validFrom: '2026-10-01', validTo: null }, visitor, '2026-09-01')).toEqual({
      validFrom: '2026-10-01',
      validTo: null,
    });
  });

  it('allows exactly the maximum and not a day more', () => {
    expect(datesProblems({ validFrom: '2026-09-01', validTo: '2027-08-31' }, visitor)).toEqual([]);
    expect(rules(datesProblems({ validFrom: '2026-09-01', validTo: '2027-09-01' }, visitor))).toEqual([
      '/validTo maximum',
    ]);
    expect(rules(datesProblems({ validFrom: '2026-09-01', validTo: null }, visitor))).toEqual(['/validTo required']);
  });

  it('names every broken rule of a guest', () => {
    const input = {
      personId: 1,
      type: 'Visitor',
      hostOrgId: 4,
      reason: 'Fun',
      services: ['email' as const],
      sponsorId: 9,
      inDirectory: true,
    };
    expect(rules(guestProblems(input, { ...facts, hostInSubtree: false, sponsorMaySponsor: false }))).toEqual([
      '/sponsorId may-sponsor',
      '/hostOrgId org-subtree',
      '/reason one-of',
      '/services/0 offered',
      '/inDirectory directory-fixed',
    ]);
  });

  it("refuses a tenant unit outside the type's subtree, naming the tenant field, and only when a tenant is given", () => {
    const input = { personId: 1, type: 'Visitor', hostOrgId: 4, tenantOrgId: 7, reason: 'Research' };
    expect(guestProblems(input, facts)).toEqual([]);
    const outside = guestProblems(input, { ...facts, tenantInSubtree: false });
    expect(rules(outside)).toEqual(['/tenantOrgId org-subtree']);
    expect(outside[0].message).toContain('unit 7 is not under');
    // The host is judged on its own: a host outside does not blame the tenant.
    expect(rules(guestProblems(input, { ...facts, hostInSubtree: false }))).toEqual(['/hostOrgId org-subtree']);
    const { tenantOrgId: _none, ...withoutTenant } = input;
    expect(guestProblems(withoutTenant, { ...facts, tenantInSubtree: false })).toEqual([]);
  });

  it('decides the directory from the flag and the choice', () => {
    expect([
      directoryOf('Y', false),
      directoryOf('N', true),
      directoryOf('O', undefined),
      directoryOf('P', undefined),
      directoryOf('P', true),
    ]).toEqual([true, false, true, false, true]);
  });

  it('renews only inside the window, later, and within the maximum from today', () => {
    const stay = { validFrom: '2026-09-01', validTo: '2026-12-31' };
    expect(rules(renewalProblems(stay, '2027-03-01', visitor, '2026-11-30'))).toEqual(['/validTo renewal-window']);
    expect(renewalProblems(stay, '2027-11-30', visitor, '2026-12-01')).toEqual([]);
    expect(rules(renewalProblems(stay, '2027-12-01', visitor, '2026-12-01'))).toEqual(['/validTo maximum']);
    expect(rules(renewalProblems(stay, '2026-12-31', visitor, '2026-12-01'))).toEqual(['/validTo later']);
    expect(rules(renewalProblems(stay, '2027-01-31', { ...visitor, renewable: false }, '2026-12-01'))).toEqual([
      '/type renewable',
    ]);
  });
});
