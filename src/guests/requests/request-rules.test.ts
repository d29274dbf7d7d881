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

describe('request rules: the visitor and the dates (issue 18)', () => {
  const problems = (input: Record<string, unknown>) => requestProblems({ ...good, ...input }, facts);

  it('needs each of given name, family name and email address of a new visitor, blank or absent', () => {
    expect(problems({ givenName: null, familyName: '  ', email: undefined })).toEqual([
      { field: '/givenName', rule: 'required', message: "give the visitor's given name (or name an existing person)" },
      {
        field: '/familyName',
        rule: 'required',
        message: "give the visitor's family name (or name an existing person)",
      },
      { field: '/email', rule: 'required', message: "give the visitor's email address: their notices go there" },
    ]);
    expect(rules({ familyName: null })).toEqual(['/familyName required']);
    expect(rules({ email: '   ' })).toEqual(['/email required']);
  });

  it('takes one email address, spaces around it trimmed, and nothing more or less', () => {
    expect(rules({ email: '  ada@example.org ' })).toEqual([]);
    expect(problems({ email: 'my mail: ada@example.org' })).toEqual([
      { field: '/email', rule: 'format:email', message: '"my mail: ada@example.org" is not an email address' },
    ]);
    expect(rules({ email: 'ada@example.org (work)' })).toEqual(['/email format:email']);
  });

  it('refuses a birth date after today only', () => {
    expect(problems({ birthDate: '2026-09-02' })).toEqual([
      { field: '/birthDate', rule: 'not-future', message: 'must not be after today (2026-09-01)' },
    ]);
    expect(rules({ birthDate: '2026-09-01' })).toEqual([]);
    expect(rules({ birthDate: '1990-04-12' })).toEqual([]);
  });

  it('starts today or later', () => {
    expect(rules({ validFrom: '2026-09-01' })).toEqual([]);
    expect(problems({ validFrom: '2026-08-31' })[0].message).toBe(
      '2026-08-31 is in the past: a request starts today (2026-09-01) or later',
    );
  });

  it('names the latest valid-to when a request asks for more than a year, beside its other problems', () => {
    expect(problems({ validTo: '2027-09-10' })).toEqual([
      {
        field: '/validTo',
        rule: 'one-year',
        message: 'a request asks for at most a year: the latest valid-to from 2026-09-10 is 2027-09-09',
      },
    ]);
    expect(rules({ validTo: '2027-09-10', reason: 'Holiday' })).toEqual(['/reason one-of', '/validTo one-year']);
  });

  it("gives one problem for a valid-to beyond both the type's maximum and a year", () => {
    expect(rules({ validTo: '2027-12-31' })).toEqual(['/validTo maximum']);
  });

  it('does not ask a new visitor for an ID number, even when the type needs one', () => {
    expect(requestProblems(good, { ...facts, type: { ...visitor, idNumberRequired: true } })).toEqual([]);
  });
});

describe('resolving the approval chain: steps that do not apply (issue 18)', () => {
  it('drops a step for a service not asked for, the card desk without an ID card, and the department without one', () => {
    expect(
      resolveSteps(
        [{ step: 'department-approvers' }, { step: 'sponsor', ifService: 'it-account' }],
        ['id-card'],
        'new',
        true,
      ),
    ).toEqual(['department-approvers']);
    expect(resolveSteps([{ step: 'sponsor' }, { step: 'card-desk' }], ['it-account'], 'new', true)).toEqual([
      'sponsor',
    ]);
    expect(resolveSteps([{ step: 'department-approvers' }, { step: 'sponsor' }], [], 'new', false)).toEqual([
      'sponsor',
    ]);
  });
});
