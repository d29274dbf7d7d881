import { describe, expect, it } from 'vitest';
import { lendProblems, loanEnd, poolIsLow, renewalProblems, settingsProblems, usernameProblems } from './loan-rules.ts';

const now = new Date('2026-09-01T09:00:00Z');
const at = (h: number) => new Date(now.getTime() + h * 3_600_000);

describe('loan length', () => {
  it('takes 3 hours to 2 days, as hours or an end time', () => {
    expect(loanEnd({ hours: 3 }, now).endsAt).toEqual(at(3));
    expect(loanEnd({ hours: 48 }, now).endsAt).toEqual(at(48));
    expect(loanEnd({ endsAt: at(24).toISOString() }, now).endsAt).toEqual(at(24));
  });

  it('refuses shorter, longer, both and neither, naming field and rule', () => {
    expect(loanEnd({ hours: 2.9 }, now).problems).toEqual([
      expect.objectContaining({ field: '/hours', rule: 'minimum:3h' }),
    ]);
    expect(loanEnd({ hours: 48.1 }, now).problems).toEqual([
      expect.objectContaining({ field: '/hours', rule: 'maximum:2d' }),
    ]);
    expect(loanEnd({ endsAt: at(49).toISOString() }, now).problems).toEqual([
      expect.objectContaining({ field: '/endsAt', rule: 'maximum:2d' }),
    ]);
    expect(loanEnd({ endsAt: 'tomorrow' }, now).problems).toEqual([
      expect.objectContaining({ field: '/endsAt', rule: 'format:date-time' }),
    ]);
    expect(loanEnd({}, now).problems[0].rule).toBe('required');
    expect(loanEnd({ hours: 5, endsAt: at(5).toISOString() }, now).problems[0].rule).toBe('one-of');
  });
});

describe('lending', () => {
  it('needs a borrower and a comment', () => {
    const { problems } = lendProblems({ orgId: 1, comment: '  ', hours: 4 }, now);
    expect(problems.map((p) => `${p.field} ${p.rule}`)).toEqual(['/borrowerName required', '/comment required']);
    expect(lendProblems({ orgId: 1, borrowerPersonId: 7, comment: 'conference', hours: 4 }, now).problems).toEqual([]);
  });
});

describe('renewal', () => {
  const loan = { endsAt: at(5), endedAt: null };
  it('extends an open loan to a later end within 2 days from now', () => {
    expect(renewalProblems(loan, { hours: 30 }, now).endsAt).toEqual(at(30));
    expect(renewalProblems(loan, { hours: 4 }, now).problems).toEqual([
      expect.objectContaining({ field: '/hours', rule: 'later' }),
    ]);
    expect(renewalProblems(loan, { hours: 49 }, now).problems).toEqual([
      expect.objectContaining({ rule: 'maximum:2d' }),
    ]);
  });
  it('refuses an ended or expired loan', () => {
    expect(renewalProblems({ endsAt: at(5), endedAt: now }, { hours: 10 }, now).problems[0].rule).toBe('open');
    expect(renewalProblems({ endsAt: at(-1), endedAt: null }, { hours: 10 }, now).problems[0].rule).toBe('not-expired');
  });
});

describe('accounts and settings', () => {
  it('checks usernames, the low-water mark and alert addresses', () => {
    expect(usernameProblems('temp-comp-01')).toEqual([]);
    expect(usernameProblems('bad name')[0].rule).toBe('pattern');
    expect(settingsProblems({ lowWater: -1, alertAddresses: ['ops@uni.example', 'nope'] }).map((p) => p.field)).toEqual(
      ['/lowWater', '/alertAddresses/1'],
    );
  });
  it('calls the pool low below the mark', () => {
    expect(poolIsLow(2, 3)).toBe(true);
    expect(poolIsLow(3, 3)).toBe(false);
  });
});
