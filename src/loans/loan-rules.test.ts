import { describe, expect, it } from 'vitest';
import {
  defaultLoanSettings,
  lendProblems,
  loanEnd,
  poolIsLow,
  renewalProblems,
  settingsProblems,
  usernameProblems,
} from './loan-rules.ts';

const now = new Date('2026-09-01T09:00:00Z');
const at = (h: number) => new Date(now.getTime() + h * 3_600_000);

describe('loan length', () => {
  it('takes 3 hours to 2 days, as hours or an end time', () => {
    expect(loanEnd({ hours: 3 }, now).endsAt).toEqual(at(3));
    expect(loanEnd({ hours: 48 }, now).endsAt).toEqual(at(48));
    expect(loanEnd({ endsAt: at(24).toISOString() }, now).endsAt).toEqual(at(24));
  });

  it('reads an explicit end time when hours is null, and hours when the end time is null', () => {
    expect(loanEnd({ hours: null, endsAt: at(24).toISOString() }, now)).toEqual({ endsAt: at(24), problems: [] });
    expect(loanEnd({ hours: 6, endsAt: null }, now)).toEqual({ endsAt: at(6), problems: [] });
    expect(loanEnd({ hours: null, endsAt: at(49).toISOString() }, now).problems).toEqual([
      expect.objectContaining({ field: '/endsAt', rule: 'maximum:2d' }),
    ]);
    expect(loanEnd({ hours: null, endsAt: null }, now).problems[0].rule).toBe('required');
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

describe('the edges a lender meets', () => {
  it('allows an end time a minute short of 3 hours or a minute past 2 days (clocks differ), not hours', () => {
    const minute = 60_000;
    const ends = (ms: number) => loanEnd({ endsAt: new Date(now.getTime() + ms).toISOString() }, now);
    expect(ends(3 * 3_600_000 - minute).problems).toEqual([]);
    expect(ends(3 * 3_600_000 - minute - 1).problems).toEqual([
      {
        field: '/endsAt',
        rule: 'minimum:3h',
        message: 'a loan lasts at least 3 hours from now',
      },
    ]);
    expect(ends(48 * 3_600_000 + minute).problems).toEqual([]);
    expect(ends(48 * 3_600_000 + minute + 1).problems).toEqual([
      {
        field: '/endsAt',
        rule: 'maximum:2d',
        message: 'a loan lasts at most 2 days (48 hours) from now',
      },
    ]);
    expect(loanEnd({ hours: 3 - 1 / 60 }, now).problems[0]?.rule).toBe('minimum:3h');
    expect(loanEnd({ hours: 48 + 1 / 60 }, now).problems[0]?.rule).toBe('maximum:2d');
    expect(loanEnd({ hours: Number.NaN }, now)).toEqual({
      endsAt: null,
      problems: [{ field: '/hours', rule: 'type:number', message: 'hours must be a number' }],
    });
    expect(loanEnd({ endsAt: 'tomorrow' }, now).problems[0].message).toBe('tomorrow is not a date and time');
    expect(loanEnd({}, now).problems).toEqual([
      { field: '/hours', rule: 'required', message: 'say how long: hours, or an end time endsAt' },
    ]);
    expect(loanEnd({ hours: 5, endsAt: at(5).toISOString() }, now).problems[0].message).toBe(
      'give hours or endsAt, not both',
    );
    // A field sent as null counts as not given.
    expect(loanEnd({ hours: 5, endsAt: null as unknown as string }, now).endsAt).toEqual(at(5));
  });

  it('words what a lend lacks, and caps the borrower name at 200 and the comment at 1000 characters', () => {
    expect(lendProblems({ orgId: 1, comment: '', hours: 4 }, now).problems).toEqual([
      {
        field: '/borrowerName',
        rule: 'required',
        message: 'name the borrower (borrowerName) or give their person id (borrowerPersonId)',
      },
      {
        field: '/comment',
        rule: 'required',
        message: 'say what the account is lent for; the comment stays in the history',
      },
    ]);
    const lend = (borrowerName: string, comment: string) =>
      lendProblems({ orgId: 1, borrowerName, comment, hours: 4 }, now).problems;
    expect(lend('x'.repeat(200), 'y'.repeat(1000))).toEqual([]);
    expect(lend('   ', 'talk').map((p) => p.rule)).toEqual(['required']);
    expect(lend('x'.repeat(201), 'y'.repeat(1001))).toEqual([
      { field: '/borrowerName', rule: 'maxLength:200', message: 'at most 200 characters' },
      { field: '/comment', rule: 'maxLength:1000', message: 'at most 1000 characters' },
    ]);
    expect(lendProblems({ orgId: 1, borrowerName: 'Ada', comment: 'talk', hours: 2 }, now)).toMatchObject({
      endsAt: null,
      problems: [{ rule: 'minimum:3h' }],
    });
  });

  it('refuses a renewal to the current end, words why, and takes no comment or a long one only up to 1000', () => {
    const loan = { endsAt: at(5), endedAt: null };
    expect(renewalProblems(loan, { endsAt: at(5).toISOString() }, now)).toEqual({
      endsAt: null,
      problems: [
        {
          field: '/endsAt',
          rule: 'later',
          message: `a renewal must end after the current end ${at(5).toISOString()}`,
        },
      ],
    });
    expect(renewalProblems(loan, { hours: 6, comment: null }, now)).toEqual({ endsAt: at(6), problems: [] });
    expect(renewalProblems(loan, { hours: 6, comment: 'y'.repeat(1001) }, now)).toEqual({
      endsAt: null,
      problems: [{ field: '/comment', rule: 'maxLength:1000', message: 'at most 1000 characters' }],
    });
    expect(renewalProblems({ endsAt: at(5), endedAt: now }, { hours: 10 }, now)).toEqual({
      endsAt: null,
      problems: [{ field: '/loan', rule: 'open', message: 'the loan has ended; lend an account again instead' }],
    });
    expect(renewalProblems({ endsAt: at(-1), endedAt: null }, { hours: 10 }, now)).toEqual({
      endsAt: null,
      problems: [
        {
          field: '/loan',
          rule: 'not-expired',
          message: `the loan expired at ${at(-1).toISOString()}; its credential is being reset`,
        },
      ],
    });
  });

  it('takes usernames of 2 to 63 characters starting with a letter or digit, and whole low-water marks', () => {
    expect(usernameProblems('ab')).toEqual([]);
    expect(usernameProblems('a'.repeat(63))).toEqual([]);
    for (const bad of ['a', 'a'.repeat(64), '-ab', '.ab', 'ab c', 'ab@c', 'x\nab'])
      expect(usernameProblems(bad), bad).toEqual([
        {
          field: '/username',
          rule: 'pattern',
          message: 'letters, digits, ".", "_" or "-", 2 to 63 characters, starting with a letter or digit',
        },
      ]);
    expect(usernameProblems('A.b_c-9')).toEqual([]);
    expect(settingsProblems({ lowWater: 0, alertAddresses: [' ops@uni.example '] })).toEqual([]);
    expect(settingsProblems({ lowWater: 3, alertAddresses: ['ops@uni.example extra'] })[0]?.rule).toBe('format:email');
    expect(defaultLoanSettings).toEqual({ lowWater: 3, alertAddresses: [] });
    expect(settingsProblems({ lowWater: 1.5, alertAddresses: ['a@b', 'two words@uni.example', '<a@b>'] })).toEqual([
      { field: '/lowWater', rule: 'minimum:0', message: 'a whole number of accounts, 0 or more' },
      {
        field: '/alertAddresses/1',
        rule: 'format:email',
        message: '"two words@uni.example" is not an email address',
      },
      { field: '/alertAddresses/2', rule: 'format:email', message: '"<a@b>" is not an email address' },
    ]);
  });
});
