import { describe, expect, it } from 'vitest';
import { applicableChecks, checkOfRule, checkOutcomes, requestedEnd } from './request-check-rules.ts';

describe('the checks of a membership request as a list', () => {
  it('lists the policy checks a policy configures, and only the first two while the member or policy is unknown', () => {
    expect(applicableChecks(null, true)).toEqual(['request', 'governed']);
    expect(applicableChecks({ checks: {} }, false)).toEqual(['request', 'governed']);
    expect(applicableChecks({ checks: {} }, true)).toEqual([
      'request',
      'governed',
      'requester',
      'unique',
      'subject',
      'expiry',
      'separation',
    ]);
    expect(
      applicableChecks(
        {
          checks: { requiredAttributes: [{ name: 'x' }], requiredIdentifiers: ['email'], requiredStatuses: ['Staff'] },
        },
        true,
      ),
    ).toContain('support');
  });

  it('sorts each problem under its check; a check with none passed, in a stable order', () => {
    const p = (rule: string) => ({ field: '/personId', rule, message: rule });
    const out = checkOutcomes(
      ['request', 'governed', 'subject', 'expiry', 'separation'],
      [
        { check: checkOfRule('separation-of-duties'), problem: p('separation-of-duties') },
        { check: checkOfRule('max-days'), problem: p('max-days') },
        { check: checkOfRule('supporting-group'), problem: p('supporting-group') },
      ],
    );
    expect(out.map((c) => `${c.check} ${c.passed ? 'ok' : c.problems.map((x) => x.rule).join(',')}`)).toEqual([
      'request ok',
      'governed ok',
      'subject ok',
      'support supporting-group',
      'expiry max-days',
      'separation separation-of-duties',
    ]);
    expect(checkOfRule('expiry-required-unless-supported')).toBe('support');
    expect(checkOfRule('active')).toBe('subject');
  });

  it('reads the end asked for from days or a date, none when the end fields were refused', () => {
    expect(requestedEnd({ days: 30 }, '2026-09-01', false)).toBe('2026-10-01');
    expect(requestedEnd({ endsOn: '2026-12-31' }, '2026-09-01', false)).toBe('2026-12-31');
    expect(requestedEnd({ days: 0 }, '2026-09-01', true)).toBeNull();
    expect(requestedEnd({}, '2026-09-01', false)).toBeNull();
  });
});
