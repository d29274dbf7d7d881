import { describe, expect, it } from 'vitest';
import { conditionHolds, dueOn, endOf, type GuestDates, isDue, offsetDays } from './due-time.ts';
import type { DueRule } from './lifecycle.ts';

const type = { expiringDays: 14, retentionDays: 90 };
const guest = (over: Partial<GuestDates> = {}): GuestDates => ({
  validFrom: '2026-09-01',
  validTo: '2026-12-31',
  stateSince: '2026-09-01',
  sponsorId: null,
  ...over,
});
const none = { sponsorMaySponsor: null };

describe('when a timed transition falls due', () => {
  it('moves a date by the offset: a number of days or the type’s settings', () => {
    expect(offsetDays({ before: 'expiringDays' }, type)).toBe(-14);
    expect(offsetDays({ after: 'retentionDays' }, type)).toBe(90);
    expect(offsetDays({ after: 1 }, type)).toBe(1);
    expect(offsetDays({}, type)).toBe(0);
    expect(dueOn({ date: 'validFrom' }, guest(), type, null, '2026-08-01')).toBe('2026-09-01');
    expect(dueOn({ date: 'validTo', before: 'expiringDays' }, guest(), type, null, '2026-08-01')).toBe('2026-12-17');
    expect(dueOn({ date: 'validTo', after: 1 }, guest(), type, null, '2026-08-01')).toBe('2027-01-01');
    expect(
      dueOn({ date: 'stateSince', after: 'retentionDays' }, guest({ stateSince: '2027-01-01' }), type, null, 'x'),
    ).toBe('2027-04-01');
  });

  it('ends a guest on its own last day or its tenant organisation’s, whichever is earlier', () => {
    expect(endOf(guest(), { validTo: '2026-10-31' })).toBe('2026-10-31');
    expect(endOf(guest(), { validTo: '2027-10-31' })).toBe('2026-12-31');
    expect(endOf(guest({ validTo: null }), { validTo: '2026-10-31' })).toBe('2026-10-31');
    expect(endOf(guest({ validTo: null }), { validTo: null })).toBeNull();
    expect(endOf(guest({ validTo: null }), null)).toBeNull();
  });

  it('never falls due on an end an open-ended guest does not have', () => {
    const open = guest({ validTo: null });
    expect(dueOn({ date: 'validTo', after: 1 }, open, type, null, '2030-01-01')).toBeNull();
    expect(isDue({ date: 'validTo', after: 1 }, open, type, null, '2030-01-01', none)).toBe(false);
  });

  it('is due on or after its day, not before', () => {
    const rule: DueRule = { date: 'validTo', before: 'expiringDays' };
    expect(isDue(rule, guest(), type, null, '2026-12-16', none)).toBe(false);
    expect(isDue(rule, guest(), type, null, '2026-12-17', none)).toBe(true);
    expect(isDue(rule, guest(), type, null, '2027-02-01', none)).toBe(true);
  });

  it('ends a dependant the day its sponsor may no longer sponsor', () => {
    const rule: DueRule = { condition: 'sponsor-may-not-sponsor' };
    const sponsored = guest({ sponsorId: 5 });
    expect(isDue(rule, sponsored, type, null, '2026-10-01', { sponsorMaySponsor: false })).toBe(true);
    expect(isDue(rule, sponsored, type, null, '2026-10-01', { sponsorMaySponsor: true })).toBe(false);
    expect(conditionHolds('sponsor-may-not-sponsor', guest(), type, null, '2026-10-01', none)).toBe(false);
  });

  it('waits for the deadline of an open handover, then dates the end the day after it', () => {
    const rule: DueRule = { condition: 'sponsor-may-not-sponsor' };
    const sponsored = guest({ sponsorId: 5, stateSince: '2026-09-01' });
    const facts = { sponsorMaySponsor: false, sponsorLastDay: '2026-09-30', handoverDeadline: '2026-10-14' };
    expect(dueOn(rule, sponsored, type, null, '2026-10-05', facts)).toBe('2026-10-15');
    expect(isDue(rule, sponsored, type, null, '2026-10-14', facts)).toBe(false);
    expect(isDue(rule, sponsored, type, null, '2026-10-15', facts)).toBe(true);
    expect(dueOn(rule, sponsored, type, null, '2026-11-20', facts)).toBe('2026-10-15');
    expect(dueOn(rule, sponsored, type, null, '2026-11-20', { ...facts, handoverDeadline: null })).toBe('2026-10-01');
  });

  it('brings an expiring guest back once its end lies beyond the window again', () => {
    const holds = (g: GuestDates, tenant: { validTo: string | null } | null, today: string) =>
      conditionHolds('end-no-longer-near', g, type, tenant, today, none);
    expect(holds(guest(), null, '2026-12-16')).toBe(true);
    expect(holds(guest(), null, '2026-12-17')).toBe(false);
    expect(holds(guest(), { validTo: '2026-12-20' }, '2026-12-05')).toBe(true);
    expect(holds(guest(), { validTo: '2026-12-20' }, '2026-12-06')).toBe(false);
    expect(holds(guest({ validTo: null }), null, '2026-12-17')).toBe(true);
  });

  it('refuses a kind it does not know rather than treating it as another', () => {
    const bad = { condition: 'sponsor-left-town' } as unknown as DueRule;
    expect(() => isDue(bad, guest(), type, null, '2026-10-01', none)).toThrow(/unknown kind "sponsor-left-town"/);
    const badDate = { date: 'birthday' } as unknown as DueRule;
    expect(() => dueOn(badDate, guest(), type, null, '2026-10-01')).toThrow(/unknown kind/);
    const badOffset = { date: 'validTo', after: 'graceDays' } as unknown as DueRule;
    expect(() => dueOn(badOffset, guest(), type, null, '2026-10-01')).toThrow(/unknown kind/);
  });
});
