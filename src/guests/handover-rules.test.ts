import { describe, expect, it } from 'vitest';
import { handoverDeadline, handoverToOpen, handoverUnit, voucherOf } from './handover-rules.ts';

const chain = [
  { id: 1, depth: 3, managers: 2 },
  { id: 4, depth: 5, managers: 0 },
  { id: 9, depth: 7, managers: 0 },
];
const facts = { voucherMayVouch: false, open: false, handoverDays: 14, chain };
const visitor = { state: 'active', guarantorId: 5, sponsorId: null };

describe('handing over a guest nobody vouches for', () => {
  it('goes to the nearest unit at or above the guest’s that has guest managers', () => {
    expect(handoverUnit(chain)).toBe(1);
    expect(handoverUnit([...chain, { id: 9, depth: 7, managers: 1 }])).toBe(9);
    expect(handoverUnit(chain.map((u) => ({ ...u, managers: 0 })))).toBeNull();
    expect(handoverUnit([])).toBeNull();
  });

  it('names the guarantor before the sponsor as the voucher', () => {
    expect(voucherOf({ guarantorId: 5, sponsorId: 6 })).toEqual({ role: 'guarantor', personId: 5 });
    expect(voucherOf({ guarantorId: null, sponsorId: 6 })).toEqual({ role: 'sponsor', personId: 6 });
    expect(voucherOf({ guarantorId: null, sponsorId: null })).toBeNull();
  });

  it('opens a handover from today until the type’s deadline', () => {
    expect(handoverDeadline('2027-02-20', 14)).toBe('2027-03-06');
    expect(handoverToOpen(visitor, facts, '2027-02-20')).toEqual({
      role: 'guarantor',
      voucherId: 5,
      orgId: 1,
      since: '2027-02-20',
      deadline: '2027-03-06',
    });
    expect(handoverToOpen({ state: 'pending', guarantorId: null, sponsorId: 6 }, facts, '2027-02-20')).toMatchObject({
      role: 'sponsor',
      voucherId: 6,
    });
  });

  it('opens none while the voucher vouches, twice, for ended guests, without days or without managers', () => {
    expect(handoverToOpen(visitor, { ...facts, voucherMayVouch: true }, '2027-02-20')).toBeNull();
    expect(handoverToOpen(visitor, { ...facts, open: true }, '2027-02-20')).toBeNull();
    expect(handoverToOpen({ ...visitor, state: 'disabled' }, facts, '2027-02-20')).toBeNull();
    expect(handoverToOpen({ ...visitor, state: 'requested' }, facts, '2027-02-20')).toBeNull();
    expect(handoverToOpen(visitor, { ...facts, handoverDays: 0 }, '2027-02-20')).toBeNull();
    expect(handoverToOpen(visitor, { ...facts, chain: [] }, '2027-02-20')).toBeNull();
    expect(handoverToOpen({ ...visitor, guarantorId: null }, facts, '2027-02-20')).toBeNull();
  });
});
