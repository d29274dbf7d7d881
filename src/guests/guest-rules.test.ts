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

  it('names each rule of a sponsored type, with the message a requester reads', () => {
    const sponsored = withDefaults({
      name: 'Sponsored',
      label: 'Sponsored guest',
      lifecycle: 'visitor',
      sponsorRequired: true,
      requesterRequired: true,
      idNumberRequired: true,
      reasons: ['Project', 'Contract'],
      directory: 'Y',
    });
    // No default and no maximum: an open-ended stay, nothing to refuse about its dates.
    expect(datesOf({}, sponsored, '2026-09-01')).toEqual({ validFrom: '2026-09-01', validTo: null });
    expect(datesProblems({ validFrom: '2026-09-01', validTo: null }, sponsored)).toEqual([]);
    expect(datesProblems({ validFrom: '2026-09-01', validTo: '2036-09-01' }, sponsored)).toEqual([]);
    const input = { personId: 5, type: 'Sponsored', services: ['id-card' as const], inDirectory: false };
    expect(guestProblems(input, { ...facts, type: sponsored })).toEqual([
      {
        field: '/sponsorId',
        rule: 'required',
        message: 'a Sponsored guest is sponsored by a person: give sponsorId',
      },
      {
        field: '/requesterId',
        rule: 'required',
        message: 'a Sponsored guest needs the person who requested it: give requesterId',
      },
      {
        field: '/personId',
        rule: 'id-number-required',
        message: 'a Sponsored guest needs an ID number: person 5 has none',
      },
      { field: '/reason', rule: 'required', message: 'pick one of: Project, Contract' },
      {
        field: '/services/0',
        rule: 'offered',
        message: 'a Sponsored guest cannot ask for id-card (offered: nothing)',
      },
      { field: '/inDirectory', rule: 'directory-fixed', message: 'a Sponsored guest is always in the directory' },
    ]);
    const complete = { ...input, services: [], inDirectory: true, sponsorId: 9, requesterId: 3, reason: 'Contract' };
    expect(guestProblems(complete, { ...facts, type: sponsored, sponsorMaySponsor: true, hasIdNumber: true })).toEqual(
      [],
    );
  });

  it("words a visitor's problems, and leaves alone what the type does not restrict", () => {
    const inChemistry = { ...visitor, orgSubtree: 'CHEM' };
    const input = { personId: 1, type: 'Visitor', hostOrgId: 4, reason: 'Fun', services: ['email' as const] };
    expect(
      guestProblems(
        { ...input, sponsorId: 9, inDirectory: true },
        { ...facts, type: inChemistry, hostInSubtree: false, sponsorMaySponsor: false },
      ).map((p) => p.message),
    ).toEqual([
      'person 9 may not sponsor: they hold no status that allows it',
      'unit 4 is not under CHEM, where every Visitor belongs',
      '"Fun" is not a reason for a Visitor: pick one of Research',
      'a Visitor cannot ask for email (offered: id-card)',
      'a Visitor is never in the directory',
    ]);
    expect(guestProblems({ personId: 1, type: 'Visitor', reason: 'Research' }, facts)).toEqual([
      { field: '/hostOrgId', rule: 'required', message: 'a Visitor is owned by a department: give hostOrgId' },
    ]);
    // A sponsor who may sponsor; a type without reasons takes none; a chosen directory flag takes either answer.
    const open = withDefaults({ name: 'Open', label: 'Open', lifecycle: 'visitor', directory: 'O' });
    const ok = { personId: 1, type: 'Open', hostOrgId: 4, sponsorId: 9 };
    for (const inDirectory of [true, false])
      expect(guestProblems({ ...ok, inDirectory }, { ...facts, type: open, sponsorMaySponsor: true })).toEqual([]);
    expect(guestProblems({ ...input, reason: 'Research', services: [], inDirectory: false }, facts)).toEqual([]);
  });

  it('words the date problems, and takes a one-day stay', () => {
    expect(datesProblems({ validFrom: '2026-09-01', validTo: '2026-09-01' }, visitor)).toEqual([]);
    expect(datesProblems({ validFrom: '2026-09-01', validTo: null }, visitor)[0].message).toBe(
      'a Visitor stays at most 365 days: give valid-to',
    );
    expect(datesProblems({ validFrom: '2026-09-01', validTo: '2026-08-31' }, visitor)).toEqual([
      { field: '/validTo', rule: 'after-valid-from', message: '2026-08-31 is before valid-from 2026-09-01' },
    ]);
    expect(datesProblems({ validFrom: '2026-09-01', validTo: '2027-09-01' }, visitor)[0].message).toBe(
      '366 days from 2026-09-01 is longer than a Visitor may stay (365 days): the latest valid-to is 2027-08-31',
    );
  });

  it('words the renewal problems, counts the maximum from the start when renewing early, and has no limits the type lacks', () => {
    const stay = { validFrom: '2026-09-01', validTo: '2026-12-31' };
    expect(renewalProblems(stay, '2027-03-01', visitor, '2026-11-30')[0].message).toBe(
      'renewal opens 30 days before 2026-12-31, on 2026-12-01',
    );
    expect(renewalProblems(stay, '2027-12-01', visitor, '2026-12-01')[0].message).toBe(
      'a Visitor renews for at most 365 days: the latest valid-to is 2027-11-30',
    );
    expect(renewalProblems(stay, '2026-12-31', visitor, '2026-12-01')[0].message).toBe(
      '2026-12-31 is not later than the current valid-to 2026-12-31',
    );
    expect(renewalProblems(stay, '2027-01-31', { ...visitor, renewable: false }, '2026-12-01')[0].message).toBe(
      'a Visitor cannot be renewed',
    );
    expect(renewalProblems({ validFrom: '2026-09-01', validTo: null }, '2027-01-31', visitor, '2026-12-01')).toEqual([
      { field: '/validTo', rule: 'open-ended', message: 'this stay has no end to renew' },
    ]);
    // A short stay not yet begun, renewed at once: the maximum counts from its start, not from today.
    const early = { validFrom: '2026-09-20', validTo: '2026-09-25' };
    const anyTime = { ...visitor, renewalWindowDays: null };
    expect(renewalProblems(early, '2027-09-19', anyTime, '2026-09-01')).toEqual([]);
    expect(rules(renewalProblems(early, '2027-09-20', anyTime, '2026-09-01'))).toEqual(['/validTo maximum']);
    expect(renewalProblems(stay, '2036-01-01', { ...anyTime, maxDays: null }, '2026-09-02')).toEqual([]);
  });
});
