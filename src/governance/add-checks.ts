import type { EligibilityFacts } from '../platform/db/governance-tables.ts';
import type { FieldProblem } from '../platform/errors.ts';
import type { PolicyChecks, SubjectType } from './policy-rules.ts';

/**
 * The checks before adding a member to a governed group, pure and the same for a direct add, a request and each
 * approval: the subject's type, its required attributes and identifiers, the required statuses and supporting
 * groups (or, when the policy allows it, an end date instead), the expiry rules and the longest membership. Each
 * failure is a problem naming the field, the rule and what to do; nothing is accepted and dropped later.
 * Separation of duties is worked out by exclusion-rules.ts and arrives here as problems already.
 */
const DAY_MS = 86_400_000;

/** The subject of an add as the checks see it. */
export interface CheckSubject {
  type: SubjectType;
  /** "Ann Lee (person 12)", "adm-alee (admin account 3)". */
  label: string;
  /** The field naming the subject in the input: /personId, /accountId or /groupId. */
  field: string;
  /** The identifier kinds the person (an account's owner) holds, and whether an email address is on file. */
  identifierKinds: readonly string[];
  hasEmail: boolean;
  /** An account's attributes (a person carries none). */
  attributes: Readonly<Record<string, unknown>>;
  /** Today's facts of the person (an account's owner); null for a group. */
  facts: EligibilityFacts | null;
  /** An account that has ended cannot be added. */
  ended?: boolean;
}

/** What the policy asks (null: the group is not governed; only separation of duties applies). */
export interface CheckRules {
  checks: PolicyChecks;
  expiryRequired: boolean;
  maxDays: number | null;
}

export interface CheckInput {
  rules: CheckRules | null;
  subject: CheckSubject;
  /** When the membership would end (null: open-ended), and the input field that says so. */
  endsAt: Date | null;
  endField: string;
  now: Date;
  /** Separation-of-duties problems (exclusion-rules.ts `conflictProblems`), listed last. */
  separation?: FieldProblem[];
}

const DEFAULT_TYPES: readonly SubjectType[] = ['person'];
const typeWords: Record<SubjectType, string> = {
  person: 'a person',
  'admin-account': 'an administrative account',
  'service-account': 'a service account',
  group: 'a group',
};

function subjectProblems(rules: CheckRules, s: CheckSubject): FieldProblem[] {
  const allowed = rules.checks.subjectTypes ?? DEFAULT_TYPES;
  const out: FieldProblem[] = [];
  if (!allowed.includes(s.type))
    out.push({
      field: s.field,
      rule: 'subject-type',
      message: `${s.label} is ${typeWords[s.type]}; this group takes only ${allowed.map((t) => typeWords[t]).join(' or ')}`,
    });
  if (s.ended) out.push({ field: s.field, rule: 'active', message: `${s.label} has ended` });
  if (s.type === 'group') return out;
  for (const a of rules.checks.requiredAttributes ?? []) {
    const have = s.attributes[a.name];
    const missing = have === undefined || have === null || have === '' || have === false;
    if (missing || (a.value !== undefined && have !== a.value))
      out.push({
        field: s.field,
        rule: 'required-attribute',
        message:
          a.value === undefined
            ? `${s.label} must carry the attribute ${a.name}`
            : `${s.label} must carry the attribute ${a.name} = ${JSON.stringify(a.value)}${missing ? '' : ` (it has ${JSON.stringify(have)})`}`,
      });
  }
  for (const kind of rules.checks.requiredIdentifiers ?? []) {
    const has = s.identifierKinds.includes(kind) || (kind === 'email' && s.hasEmail);
    if (!has)
      out.push({
        field: s.field,
        rule: 'required-identifier',
        message: `${s.label}${s.type === 'person' ? '' : "'s owner"} must have an identifier of kind ${kind}`,
      });
  }
  return out;
}

/** What supports the subject's eligibility is missing: the required statuses, the supporting groups. */
function missingSupport(checks: PolicyChecks, facts: EligibilityFacts | null): string[] {
  const missing: string[] = [];
  const statuses = checks.requiredStatuses ?? [];
  const held = new Set((facts?.statuses ?? []).map((x) => x.toLowerCase()));
  if (statuses.length && !statuses.some((x) => held.has(x.toLowerCase())))
    missing.push(`a current status of ${statuses.join(' or ')}`);
  const groups = checks.supportingGroupIds ?? [];
  const inGroups = new Set(facts?.supporting ?? []);
  if (groups.length && !groups.some((g) => inGroups.has(g)))
    missing.push(`membership of one of the supporting groups ${groups.join(', ')}`);
  return missing;
}

function supportProblems(rules: CheckRules, input: CheckInput): FieldProblem[] {
  const s = input.subject;
  if (s.type === 'group') return [];
  const missing = missingSupport(rules.checks, s.facts);
  if (missing.length === 0) return [];
  const who = s.type === 'person' ? s.label : `${s.label}'s owner`;
  if (rules.checks.expiryRequiredUnlessSupported) {
    if (input.endsAt !== null) return [];
    return [
      {
        field: input.endField,
        rule: 'expiry-required-unless-supported',
        message: `${who} lacks ${missing.join(' and ')}: give an end date`,
      },
    ];
  }
  return missing.map((m) => ({
    field: s.field,
    rule: m.startsWith('a current status') ? 'required-status' : 'supporting-group',
    message: `${who} lacks ${m}`,
  }));
}

function expiryProblems(
  rules: CheckRules,
  { endsAt, endField, now }: Pick<CheckInput, 'endsAt' | 'endField' | 'now'>,
): FieldProblem[] {
  if (endsAt === null) {
    if (rules.expiryRequired)
      return [{ field: endField, rule: 'expiry-required', message: 'this group requires an end date' }];
    if (rules.maxDays !== null)
      return [
        {
          field: endField,
          rule: 'expiry-required',
          message: `memberships of this group last at most ${rules.maxDays} days: give an end date`,
        },
      ];
    return [];
  }
  if (endsAt.getTime() <= now.getTime())
    return [{ field: endField, rule: 'future', message: 'the end date must lie in the future' }];
  if (rules.maxDays !== null && endsAt.getTime() - now.getTime() > rules.maxDays * DAY_MS)
    return [
      {
        field: endField,
        rule: 'max-days',
        message: `memberships of this group last at most ${rules.maxDays} days from today`,
      },
    ];
  return [];
}

/**
 * A later end (or none) given to a governed membership after it was added: held to the same expiry rules as an add,
 * measured from today. An earlier end is always allowed (it only narrows the membership).
 */
export function endChangeProblems(
  rules: CheckRules | null,
  change: { from: Date | null; to: Date | null; now: Date; field: string },
): FieldProblem[] {
  if (!rules) return [];
  const { from, to, now, field } = change;
  const narrows = to !== null && (from === null || to.getTime() <= from.getTime());
  if (narrows) return [];
  return expiryProblems(rules, { endsAt: to, endField: field, now });
}

/** Every problem of an add, in a stable order: subject, support, expiry, separation of duties. */
export function addProblems(input: CheckInput): FieldProblem[] {
  const rules = input.rules;
  const own = rules
    ? [...subjectProblems(rules, input.subject), ...supportProblems(rules, input), ...expiryProblems(rules, input)]
    : [];
  return [...own, ...(input.separation ?? [])];
}

/** A summary sentence of the problems, for a refusal's detail. */
export function problemsText(problems: readonly FieldProblem[]): string {
  return problems.map((x) => `${x.message} [${x.rule}]`).join('; ');
}
