import type { FieldProblem } from '../../platform/errors.ts';
import { guestProblems } from '../guest-rules.ts';
import { addDays } from '../../platform/dates.ts';
import { type ApprovalStep, type ApprovalStepName, type GuestTypeDefinition, type Service } from '../guest-types.ts';

/**
 * The rules of guest requests. Pure: the service reads the facts (the type, whether the
 * department lies in the type's subtree, whether the sponsor may sponsor) and asks here.
 * A request asks for at most a year (and at most the type's maximum); it starts today or
 * later; a new visitor needs names and an email address unless an existing person is named.
 */
export interface RequestInput {
  type: string;
  personId?: number | null;
  givenName?: string | null;
  familyName?: string | null;
  email?: string | null;
  birthDate?: string | null;
  hostOrgId?: number | null;
  sponsorId?: number | null;
  reason?: string | null;
  services?: Service[];
  validFrom: string;
  validTo: string;
  inDirectory?: boolean;
}

export interface RequestFacts {
  today: string;
  type: GuestTypeDefinition;
  hostInSubtree: boolean;
  sponsorMaySponsor: boolean | null;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** The last day of a stay of at most one year from `from` (inclusive): the day before the same date a year later. */
export function lastDayOfYear(from: string): string {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return addDays(d.toISOString().slice(0, 10), -1);
}

/** Every problem with a new request (empty when it may be submitted), each naming its field and rule. */
export function requestProblems(input: RequestInput, facts: RequestFacts): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, rule: string, message: string) => problems.push({ field, rule, message });
  if (!input.personId) {
    if (!input.givenName?.trim())
      add('/givenName', 'required', "give the visitor's given name (or name an existing person)");
    if (!input.familyName?.trim())
      add('/familyName', 'required', "give the visitor's family name (or name an existing person)");
    if (!input.email?.trim()) add('/email', 'required', "give the visitor's email address: their notices go there");
    else if (!ADDRESS.test(input.email.trim()))
      add('/email', 'format:email', `${JSON.stringify(input.email)} is not an email address`);
    if (input.birthDate && input.birthDate > facts.today)
      add('/birthDate', 'not-future', `must not be after today (${facts.today})`);
  }
  if (input.validFrom < facts.today)
    add(
      '/validFrom',
      'not-past',
      `${input.validFrom} is in the past: a request starts today (${facts.today}) or later`,
    );
  // The guest rules: dates within the type's maximum, sponsor, department in the subtree, reason, services.
  const guestInput = {
    personId: input.personId ?? 0,
    type: input.type,
    validFrom: input.validFrom,
    validTo: input.validTo,
    hostOrgId: input.hostOrgId,
    sponsorId: input.sponsorId,
    requesterId: 1,
    reason: input.reason,
    services: input.services,
    inDirectory: input.inDirectory,
  };
  const typeFacts = {
    today: facts.today,
    type: facts.type,
    hostInSubtree: facts.hostInSubtree,
    tenantInSubtree: true,
    sponsorMaySponsor: facts.sponsorMaySponsor,
    hasIdNumber: true,
  };
  problems.push(...guestProblems(guestInput, typeFacts));
  if (
    input.validTo >= input.validFrom &&
    !problems.some((p) => p.field === '/validTo') &&
    input.validTo > lastDayOfYear(input.validFrom)
  ) {
    add(
      '/validTo',
      'one-year',
      `a request asks for at most a year: the latest valid-to from ${input.validFrom} is ${lastDayOfYear(input.validFrom)}`,
    );
  }
  return problems;
}

/**
 * The steps a request goes through, in order, from the type's chain: a step that names a
 * service only when it was asked for; the IT desk only when an IT account was asked for
 * and the card desk only when an ID card was. A chain that leaves nothing still needs the
 * department (or, for a sponsored type, the sponsor). A renewal is the department's to
 * approve (the sponsor's when there is no department).
 */
export function resolveSteps(
  chain: ApprovalStep[],
  services: readonly Service[],
  kind: 'new' | 'renewal',
  hasDepartment: boolean,
): ApprovalStepName[] {
  const fallback: ApprovalStepName = hasDepartment ? 'department-approvers' : 'sponsor';
  if (kind === 'renewal') return [fallback];
  const asked = new Set(services);
  const steps = chain
    .filter((s) => !s.ifService || asked.has(s.ifService))
    .filter((s) =>
      s.step === 'it-desk' ? asked.has('it-account') : s.step === 'card-desk' ? asked.has('id-card') : true,
    )
    .filter((s) => s.step !== 'department-approvers' || hasDepartment)
    .map((s) => s.step);
  const unique = [...new Set(steps)];
  return unique.length ? unique : [fallback];
}

export const stepLabels: Record<ApprovalStepName, string> = {
  'department-approvers': 'Department approvers',
  sponsor: 'Sponsor',
  'it-desk': 'IT desk',
  'card-desk': 'Card desk',
};
