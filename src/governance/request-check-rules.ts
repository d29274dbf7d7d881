import { addDays } from '../platform/dates.ts';
import type { FieldProblem } from '../platform/errors.ts';
import type { PolicyChecks } from './policy-rules.ts';

/**
 * The checks of a membership request as a list a person reads before submitting, pure: which checks apply to the
 * group's policy, and for each whether it passed or which problems it found. The problems themselves come from the
 * same functions that refuse a submit (request-rules.ts, add-checks.ts, exclusion-rules.ts); here they are only
 * sorted under the check that found them, so the dry run and the submit can never disagree.
 */
export const REQUEST_CHECKS = [
  'request',
  'governed',
  'requester',
  'unique',
  'subject',
  'attributes',
  'identifiers',
  'support',
  'expiry',
  'separation',
] as const;
export type RequestCheck = (typeof REQUEST_CHECKS)[number];

export const CHECK_LABELS: Record<RequestCheck, string> = {
  request: 'The request names the member, says why and for how long',
  governed: 'The group is governed and takes requests',
  requester: 'You may ask for members of this group',
  unique: 'Not a member already, and no request for it waits',
  subject: 'The kind of member the group takes',
  attributes: 'The attributes the member must carry',
  identifiers: 'The identifiers the member must hold',
  support: 'The status or supporting membership the member needs (or an end date)',
  expiry: 'The end date and the longest membership',
  separation: 'Separation of duties',
};

export interface CheckOutcome {
  check: RequestCheck;
  label: string;
  passed: boolean;
  problems: FieldProblem[];
}

/** The check of the add checks (add-checks.ts, exclusion-rules.ts) a problem's rule belongs to. */
export function checkOfRule(rule: string): RequestCheck {
  switch (rule) {
    case 'subject-type':
    case 'active':
      return 'subject';
    case 'required-attribute':
      return 'attributes';
    case 'required-identifier':
      return 'identifiers';
    case 'required-status':
    case 'supporting-group':
    case 'expiry-required-unless-supported':
      return 'support';
    case 'expiry-required':
    case 'future':
    case 'max-days':
      return 'expiry';
    case 'separation-of-duties':
      return 'separation';
    default:
      // a rule the add checks learn later is still shown, under the member
      return 'subject';
  }
}

/**
 * The checks that apply: always the request's own fields and whether the group takes requests; once it does and the
 * member is known, the requester, duplicates, the policy's checks (those it configures) and separation of duties.
 */
export function applicableChecks(policy: { checks: PolicyChecks } | null, memberKnown: boolean): RequestCheck[] {
  const out: RequestCheck[] = ['request', 'governed'];
  if (!policy || !memberKnown) return out;
  const c = policy.checks;
  out.push('requester', 'unique', 'subject');
  if ((c.requiredAttributes ?? []).length > 0) out.push('attributes');
  if ((c.requiredIdentifiers ?? []).length > 0) out.push('identifiers');
  if ((c.requiredStatuses ?? []).length > 0 || (c.supportingGroupIds ?? []).length > 0) out.push('support');
  out.push('expiry', 'separation');
  return out;
}

/** Every applicable check with its outcome, in the order of REQUEST_CHECKS; a problem of a check not listed adds it. */
export function checkOutcomes(
  applicable: readonly RequestCheck[],
  found: ReadonlyArray<{ check: RequestCheck; problem: FieldProblem }>,
): CheckOutcome[] {
  const names = new Set<RequestCheck>([...applicable, ...found.map((f) => f.check)]);
  return REQUEST_CHECKS.filter((c) => names.has(c)).map((check) => {
    const problems = found.filter((f) => f.check === check).map((f) => f.problem);
    return { check, label: CHECK_LABELS[check], passed: problems.length === 0, problems };
  });
}

/**
 * The end a request asks for when its end fields are valid (the request's own check judged them), even when another
 * of its fields is missing, so the expiry checks judge the end the person typed: an end date, or today plus the days.
 */
export function requestedEnd(
  input: { endsOn?: string | null; days?: number | null },
  today: string,
  endFieldBad: boolean,
): string | null {
  if (endFieldBad) return null;
  if (input.days !== undefined && input.days !== null) return addDays(today, input.days);
  return input.endsOn ?? null;
}
