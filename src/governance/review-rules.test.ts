import { describe, expect, it } from 'vitest';
import {
  applyReason,
  campaignProblems,
  changedFacts,
  closingAction,
  decisionProblems,
  membershipStatus,
  nextCampaignName,
  reviewerFor,
  splitUnit,
} from './review-rules.ts';

const facts = (over: Partial<Parameters<typeof changedFacts>[1]> = {}) => ({
  statuses: ['Employee'],
  department: 'PHY',
  title: 'Lab Manager',
  supporting: [3],
  ...over,
});

describe('what changed since grant', () => {
  it('names each fact that differs, statuses as a set, and a supporting membership lost', () => {
    expect(changedFacts(facts(), facts())).toEqual([]);
    expect(
      changedFacts(facts({ statuses: ['Employee', 'Student'] }), facts({ statuses: ['Student', 'Employee'] })),
    ).toEqual([]);
    expect(changedFacts(facts(), facts({ title: 'Head of Lab' }))).toEqual(['title']);
    expect(changedFacts(facts(), facts({ department: 'CHEM', statuses: [] }))).toEqual(['statuses', 'department']);
    expect(changedFacts(facts(), facts({ supporting: [] }))).toEqual(['supporting']);
    expect(changedFacts(facts({ supporting: [] }), facts({ supporting: [3, 4] }))).toEqual([]);
    expect(changedFacts(facts(), facts({ department: null, title: null }))).toEqual(['department', 'title']);
  });
  it('says nothing changed when the facts at grant were never recorded', () => {
    expect(changedFacts(null, facts({ title: 'anything' }))).toEqual([]);
  });
});

describe('a membership’s status', () => {
  const at = new Date('2026-10-01T00:00:00Z');
  it('counts now, has not begun, has ended, or is gone', () => {
    expect(membershipStatus({ from: null, until: null }, at)).toBe('now');
    expect(membershipStatus({ from: new Date('2026-11-01T00:00:00Z'), until: null }, at)).toBe('future');
    expect(membershipStatus({ from: null, until: at }, at)).toBe('ended');
    expect(membershipStatus(null, at)).toBe('removed');
  });
});

describe('splitting and reviewers', () => {
  const chain = [
    { id: 9, kind: 'department' },
    { id: 4, kind: 'faculty' },
    { id: 1, kind: 'university' },
  ];
  it('splits by the department, or the nearest division kind above it', () => {
    expect(splitUnit('none', chain, ['faculty'])).toBeNull();
    expect(splitUnit('department', chain, ['faculty'])).toBe(9);
    expect(splitUnit('division', chain, ['division', 'faculty'])).toBe(4);
    expect(splitUnit('division', chain, ['division'])).toBeNull();
    expect(splitUnit('department', [], ['faculty'])).toBeNull();
  });
  it('takes the unit’s reviewer, else the nearest above, else the default reviewer, else the owner', () => {
    const byOrg = new Map([
      [9, 100],
      [1, 300],
    ]);
    expect(reviewerFor([9, 4, 1], byOrg, { defaultReviewer: 7, owner: 8 })).toBe(100);
    expect(reviewerFor([4, 1], byOrg, { defaultReviewer: 7, owner: 8 })).toBe(300);
    expect(reviewerFor([4], byOrg, { defaultReviewer: 7, owner: 8 })).toBe(7);
    expect(reviewerFor([], byOrg, { defaultReviewer: null, owner: 8 })).toBe(8);
  });
});

describe('decisions', () => {
  const today = '2026-10-01';
  it('needs a comment to remove and a date not past to end-date, and no date otherwise', () => {
    expect(decisionProblems({ decision: 'keep' }, today)).toEqual([]);
    expect(decisionProblems({ decision: 'remove', comment: '  ' }, today)).toEqual([
      { field: '/comment', rule: 'required', message: 'a removal needs a comment saying why' },
    ]);
    expect(decisionProblems({ decision: 'remove', comment: 'left the project' }, today)).toEqual([]);
    expect(decisionProblems({ decision: 'end-date' }, today).map((p) => p.rule)).toEqual(['required']);
    expect(decisionProblems({ decision: 'end-date', endDate: '2026-09-30' }, today).map((p) => p.rule)).toEqual([
      'not-past',
    ]);
    expect(decisionProblems({ decision: 'end-date', endDate: today }, today)).toEqual([]);
    expect(decisionProblems({ decision: 'keep', endDate: '2027-01-01' }, today).map((p) => p.rule)).toEqual([
      'end-date-only',
    ]);
  });
  it('closing follows the decision, else the undecided policy (escalated items left undecided are kept)', () => {
    expect(closingAction('end-date', 'remove')).toBe('end-date');
    expect(closingAction(null, 'remove')).toBe('remove');
    expect(closingAction(null, 'keep')).toBe('keep');
    expect(closingAction(null, 'escalate')).toBe('keep');
  });
  it('records why a membership ended', () => {
    expect(applyReason('q1', { decision: 'remove', decidedBy: 'rita', comment: 'moved on', endDate: null })).toBe(
      'access review q1: removed by rita: moved on',
    );
    expect(applyReason('q1', { decision: null, decidedBy: null, comment: null, endDate: null })).toContain(
      'not reviewed by the deadline',
    );
    expect(applyReason('q1', { decision: 'end-date', decidedBy: 'rita', comment: null, endDate: '2026-12-31' })).toBe(
      'access review q1: ends on 2026-12-31, set by rita',
    );
  });
});

describe('campaigns', () => {
  const now = new Date('2026-10-01T09:00:00Z');
  const ok = {
    deadline: new Date('2026-11-01T00:00:00Z'),
    remindDays: [7, 1],
    splitBy: 'department' as const,
    reviewers: [],
  };
  it('refuses a past deadline, repeated reminder days and two reviewers of one unit', () => {
    expect(campaignProblems(ok, now)).toEqual([]);
    expect(campaignProblems({ ...ok, deadline: now }, now).map((p) => [p.field, p.rule])).toEqual([
      ['/deadline', 'future'],
    ]);
    expect(campaignProblems({ ...ok, remindDays: [7, 7] }, now).map((p) => p.rule)).toEqual(['unique']);
    expect(
      campaignProblems(
        {
          ...ok,
          reviewers: [
            { orgId: 4, personId: 1 },
            { orgId: 4, personId: 2 },
            { orgId: null, personId: 3 },
          ],
        },
        now,
      ).map((p) => [p.field, p.rule]),
    ).toEqual([['/reviewers/1/orgId', 'unique']]);
    expect(
      campaignProblems({ ...ok, splitBy: 'none', reviewers: [{ orgId: 4, personId: 1 }] }, now).map((p) => p.rule),
    ).toEqual(['split-required']);
  });
  it('names the next of a recurring campaign by its deadline', () => {
    expect(nextCampaignName('payroll', '2027-01-01')).toBe('payroll-2027-01-01');
    expect(nextCampaignName('payroll-2027-01-01', '2027-04-01')).toBe('payroll-2027-04-01');
  });
});
