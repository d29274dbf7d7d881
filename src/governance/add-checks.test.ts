import { describe, expect, it } from 'vitest';
import { addProblems, type CheckRules, type CheckSubject, endChangeProblems } from './add-checks.ts';

const now = new Date('2026-09-01T09:00:00Z');
const day = 86_400_000;
const person = (over: Partial<CheckSubject> = {}): CheckSubject => ({
  type: 'person',
  label: 'Ann Lee (person 1)',
  field: '/personId',
  identifierKinds: ['username'],
  hasEmail: true,
  attributes: {},
  facts: { statuses: ['Employee'], department: 'FIN', title: 'Clerk', supporting: [] },
  ...over,
});
const admin = (attributes: Record<string, unknown>): CheckSubject => ({
  ...person(),
  type: 'admin-account',
  label: 'adm-alee (admin account 3)',
  field: '/accountId',
  attributes,
});
const rules = (over: Partial<CheckRules> = {}, checks: CheckRules['checks'] = {}): CheckRules => ({
  checks,
  expiryRequired: false,
  maxDays: null,
  ...over,
});
const run = (r: CheckRules | null, subject: CheckSubject, endsAt: Date | null = null) =>
  addProblems({ rules: r, subject, endsAt, endField: '/endsOn', now }).map((p) => `${p.field} ${p.rule}`);

describe('checks before adding', () => {
  it('passes anyone on an ungoverned group, and a person on a default policy', () => {
    expect(run(null, admin({}))).toEqual([]);
    expect(run(rules(), person())).toEqual([]);
  });

  it('takes only the subject types the policy names', () => {
    expect(run(rules(), admin({}))).toEqual(['/accountId subject-type']);
    expect(run(rules({}, { subjectTypes: ['admin-account'] }), person())).toEqual(['/personId subject-type']);
    expect(run(rules({}, { subjectTypes: ['admin-account'] }), admin({}))).toEqual([]);
    expect(
      run(rules({}, { subjectTypes: ['person'] }), { ...person(), type: 'group', field: '/groupId', facts: null }),
    ).toEqual(['/groupId subject-type']);
  });

  it('requires attributes (with a value when given) and identifier kinds', () => {
    const c = rules(
      {},
      { subjectTypes: ['admin-account'], requiredAttributes: [{ name: 'psa' }, { name: 'tier', value: 0 }] },
    );
    expect(run(c, admin({ psa: true, tier: 0 }))).toEqual([]);
    expect(run(c, admin({ tier: 1 }))).toEqual(['/accountId required-attribute', '/accountId required-attribute']);
    const ids = rules({}, { requiredIdentifiers: ['email', 'id-number'] });
    expect(run(ids, person())).toEqual(['/personId required-identifier']);
    expect(run(ids, person({ hasEmail: false, identifierKinds: ['id-number'] }))).toEqual([
      '/personId required-identifier',
    ]);
    expect(run(ids, person({ identifierKinds: ['id-number'] }))).toEqual([]);
  });

  it('requires a status or a supporting group, or else an end date when the policy allows one', () => {
    const strict = rules({}, { requiredStatuses: ['Employee', 'Faculty'], supportingGroupIds: [9] });
    expect(
      run(strict, person({ facts: { statuses: ['employee'], department: null, title: null, supporting: [9] } })),
    ).toEqual([]);
    expect(
      run(strict, person({ facts: { statuses: ['Student'], department: null, title: null, supporting: [] } })),
    ).toEqual(['/personId required-status', '/personId supporting-group']);
    const lenient = rules({}, { requiredStatuses: ['Employee'], expiryRequiredUnlessSupported: true });
    const student = person({ facts: { statuses: ['Student'], department: null, title: null, supporting: [] } });
    expect(run(lenient, student)).toEqual(['/endsOn expiry-required-unless-supported']);
    expect(run(lenient, student, new Date(now.getTime() + 10 * day))).toEqual([]);
    expect(run(lenient, person())).toEqual([]);
  });

  it('requires an end date, in the future and within the longest membership', () => {
    expect(run(rules({ expiryRequired: true }), person())).toEqual(['/endsOn expiry-required']);
    expect(run(rules({ maxDays: 30 }), person())).toEqual(['/endsOn expiry-required']);
    expect(run(rules({ maxDays: 30 }), person(), new Date(now.getTime() + 30 * day))).toEqual([]);
    expect(run(rules({ maxDays: 30 }), person(), new Date(now.getTime() + 31 * day))).toEqual(['/endsOn max-days']);
    expect(run(rules(), person(), new Date(now.getTime() - 1))).toEqual(['/endsOn future']);
  });

  it('lists separation-of-duties problems last, and never for ungoverned groups only', () => {
    const separation = [{ field: '/personId', rule: 'separation-of-duties', message: 'x' }];
    expect(addProblems({ rules: null, subject: person(), endsAt: null, endField: '/endsOn', now, separation })).toEqual(
      separation,
    );
    const both = addProblems({
      rules: rules({ expiryRequired: true }),
      subject: person(),
      endsAt: null,
      endField: '/endsOn',
      now,
      separation,
    });
    expect(both.map((p) => p.rule)).toEqual(['expiry-required', 'separation-of-duties']);
  });
});

describe('a later end given after the add', () => {
  const now = new Date('2026-12-06T00:00:00Z');
  const day = (d: number) => new Date(now.getTime() + d * 86_400_000);
  const capped: CheckRules = { checks: {}, expiryRequired: false, maxDays: 90 };
  const change = (from: Date | null, to: Date | null) => ({ from, to, now, field: '/disabledAt' });
  const rules = (rs: CheckRules | null, from: Date | null, to: Date | null) =>
    endChangeProblems(rs, change(from, to)).map((p) => p.rule);

  it('holds a lengthened or removed end to the longest membership, from today', () => {
    expect(rules(capped, day(30), day(120))).toEqual(['max-days']);
    expect(rules(capped, day(30), null)).toEqual(['expiry-required']);
    expect(rules(capped, day(30), day(89))).toEqual([]);
    expect(rules({ checks: {}, expiryRequired: true, maxDays: null }, day(30), null)).toEqual(['expiry-required']);
  });

  it('always allows an earlier end, and anything on an ungoverned group', () => {
    expect(rules(capped, day(300), day(200))).toEqual([]);
    expect(rules(capped, null, day(200))).toEqual([]);
    expect(rules(null, day(30), null)).toEqual([]);
  });
});
