import { describe, expect, it } from 'vitest';
import { endInstant, MAX_REQUEST_DAYS, type MembershipRequestInput, requestInputProblems } from './request-rules.ts';

const today = '2026-09-01';
const ask = (over: Partial<MembershipRequestInput>) =>
  requestInputProblems({ groupId: 1, personId: 1, reason: 'project work', ...over }, today);
const rules = (over: Partial<MembershipRequestInput>) => ask(over).problems.map((p) => `${p.field} ${p.rule}`);

describe('the member and the reason of a membership request', () => {
  it('takes a person or an account, a null counting as not given', () => {
    expect(rules({ personId: null, accountId: 5 })).toEqual([]);
    expect(rules({ personId: 4, accountId: null })).toEqual([]);
    expect(rules({ personId: null, accountId: null })).toEqual(['/personId one-of']);
  });

  it('takes a reason or a ticket, and refuses blank ones', () => {
    expect(rules({ reason: null, ticket: 'INC-7' })).toEqual([]);
    expect(rules({ reason: '   ', ticket: ' ' })).toEqual(['/reason required']);
    expect(rules({ reason: null, ticket: null })).toEqual(['/reason required']);
  });
});

describe('how long a membership request asks for', () => {
  it('turns days into the end date, from 1 to 3650 days', () => {
    expect(ask({ days: 1 })).toEqual({ endsOn: '2026-09-02', problems: [] });
    expect(ask({ days: MAX_REQUEST_DAYS }).endsOn).toBe('2036-08-29');
    expect(ask({ days: null, endsOn: null })).toEqual({ endsOn: null, problems: [] });
  });

  it('refuses a number of days that is not whole or out of range, naming the range', () => {
    for (const days of [0, -3, MAX_REQUEST_DAYS + 1, 2.5, Number.NaN])
      expect(ask({ days })).toEqual({
        endsOn: null,
        problems: [{ field: '/days', rule: 'range', message: 'a whole number of days from 1 to 3650' }],
      });
  });

  it('takes an end date after today', () => {
    expect(ask({ endsOn: '2026-09-02' })).toEqual({ endsOn: '2026-09-02', problems: [] });
    expect(ask({ endsOn: today }).problems).toEqual([
      { field: '/endsOn', rule: 'future', message: 'the end date must lie after today' },
    ]);
    expect(rules({ endsOn: '2026-08-31' })).toEqual(['/endsOn future']);
  });

  it('refuses an end date that is not a day as YYYY-MM-DD', () => {
    for (const endsOn of ['2026-9-30', 'x2026-10-01', '2026-10-01x', '2026-13-01', 'next week'])
      expect(ask({ endsOn })).toEqual({
        endsOn: null,
        problems: [{ field: '/endsOn', rule: 'format:date', message: 'an end date as YYYY-MM-DD' }],
      });
  });

  it('gives no end date when anything else is wrong', () => {
    expect(ask({ reason: null, days: 30 })).toEqual({
      endsOn: null,
      problems: [
        { field: '/reason', rule: 'required', message: 'say why (a reason) or give the ticket that asks for it' },
      ],
    });
    expect(ask({ days: 30, endsOn: '2026-10-01' }).problems).toEqual([
      { field: '/days', rule: 'one-of', message: 'give an end date (endsOn) or a number of days, not both' },
    ]);
    expect(ask({ accountId: 3 }).problems[0].message).toBe('name the member: a personId or an accountId, not both');
  });

  it('ends a membership at 00:00 UTC of its end date, and never when there is none', () => {
    expect(endInstant('2026-10-01')).toEqual(new Date('2026-10-01T00:00:00Z'));
    expect(endInstant(null)).toBeNull();
  });
});
