import { describe, expect, it } from 'vitest';
import { withDefaults } from '../guest-types.ts';
import { lastDayOfYear, requestProblems, resolveSteps } from './request-rules.ts';

const visitor = withDefaults({
  name: 'Visitor',
  label: 'Visitor',
  lifecycle: 'visitor',
  maxDays: 400,
  services: ['id-card', 'it-account'],
  reasons: ['Research visit'],
  approvalChain: [
    { step: 'department-approvers' },
    { step: 'it-desk', ifService: 'it-account' },
    { step: 'card-desk', ifService: 'id-card' },
  ],
});
const facts = { today: '2026-09-01', type: visitor, hostInSubtree: true, sponsorMaySponsor: null };
const good = {
  type: 'Visitor',
  givenName: 'Ada',
  familyName: 'Quist',
  email: 'ada@example.org',
  hostOrgId: 3,
  reason: 'Research visit',
  services: ['it-account' as const],
  validFrom: '2026-09-10',
  validTo: '2026-12-31',
};
const rules = (input: Record<string, unknown>) =>
  requestProblems({ ...good, ...input }, facts).map((p) => `${p.field} ${p.rule}`);

describe('request rules', () => {
  it('accepts a complete request', () => {
    expect(rules({})).toEqual([]);
  });

  it('names each missing or bad field with its rule', () => {
    expect(rules({ givenName: ' ', email: 'not-an-address' })).toEqual(['/givenName required', '/email format:email']);
    expect(rules({ validFrom: '2026-08-31' })).toEqual(['/validFrom not-past']);
    expect(rules({ validTo: '2026-09-09' })).toEqual(['/validTo after-valid-from']);
    expect(rules({ reason: 'Holiday' })).toEqual(['/reason one-of']);
    expect(rules({ services: ['email' as never] })).toEqual(['/services/0 offered']);
    expect(rules({ hostOrgId: null })).toEqual(['/hostOrgId required']);
    expect(requestProblems({ ...good }, { ...facts, hostInSubtree: false }).map((p) => p.rule)).toEqual([
      'org-subtree',
    ]);
  });

  it('needs no names when an existing person is named', () => {
    expect(rules({ personId: 7, givenName: undefined, familyName: undefined, email: undefined })).toEqual([]);
  });

  it('allows at most a year even when the type allows more, and at most the type maximum', () => {
    expect(lastDayOfYear('2026-09-10')).toBe('2027-09-09');
    expect(rules({ validTo: '2027-09-09' })).toEqual([]);
    expect(rules({ validTo: '2027-09-10' })).toEqual(['/validTo one-year']);
    const short = requestProblems({ ...good, validTo: '2026-12-31' }, { ...facts, type: { ...visitor, maxDays: 30 } });
    expect(short.map((p) => `${p.field} ${p.rule}`)).toEqual(['/validTo maximum']);
  });
});

describe('resolving the approval chain', () => {
  it('keeps the desks only for the services asked for', () => {
    expect(resolveSteps(visitor.approvalChain, ['it-account'], 'new', true)).toEqual([
      'department-approvers',
      'it-desk',
    ]);
    expect(resolveSteps(visitor.approvalChain, ['id-card', 'it-account'], 'new', true)).toEqual([
      'department-approvers',
      'it-desk',
      'card-desk',
    ]);
    expect(resolveSteps(visitor.approvalChain, [], 'new', true)).toEqual(['department-approvers']);
    expect(resolveSteps([{ step: 'it-desk' }], ['id-card'], 'new', true)).toEqual(['department-approvers']);
  });

  it('sends renewals to the department, or the sponsor when there is none', () => {
    expect(resolveSteps(visitor.approvalChain, ['id-card'], 'renewal', true)).toEqual(['department-approvers']);
    expect(resolveSteps([{ step: 'sponsor' }, { step: 'card-desk' }], ['id-card'], 'new', false)).toEqual([
      'sponsor',
      'card-desk',
    ]);
    expect(resolveSteps([], [], 'renewal', false)).toEqual(['sponsor']);
  });
});
