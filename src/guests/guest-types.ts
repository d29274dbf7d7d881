import Type from 'typebox';
import type { FieldProblem } from '../platform/errors.ts';
import { problemsOf } from '../platform/validate.ts';
import { durationUnits, type DurationUnit } from '../calendars/calendar-rules.ts';
import { enumOf } from './lifecycle.ts';

/**
 * Guest types as data (the paper's Id_Entry_Types, Figure 3, grown by the ALMS needs): what
 * a guest of this type must have (sponsor, requester, ID number), how long they may stay
 * (default and maximum days; renewable, and how close to the end a renewal may be asked),
 * the directory flag, the org subtree their department must lie in, the services that may
 * be asked for, the approval chain a request goes through, the reasons to pick from, the
 * lifecycle they follow and its day settings. Pure.
 */
export const services = ['id-card', 'it-account', 'email'] as const;
export type Service = (typeof services)[number];

export const approvalSteps = ['department-approvers', 'sponsor', 'it-desk', 'card-desk'] as const;
export type ApprovalStepName = (typeof approvalSteps)[number];

/** One step of the approval chain; with `ifService`, only when that service was asked for. */
export interface ApprovalStep {
  step: ApprovalStepName;
  ifService?: Service;
}

export type DirectoryFlag = 'Y' | 'N' | 'O' | 'P';

export interface GuestTypeDefinition {
  name: string;
  label: string;
  lifecycle: string;
  sponsorRequired: boolean;
  requesterRequired: boolean;
  idNumberRequired: boolean;
  /** Days from valid-from to the default valid-to; null = open-ended by default. */
  defaultDays: number | null;
  /**
   * What defaultDays counts: calendar days (the default), working days, or terms (`end-of-term`: 1 = until the end of
   * the current term, 2 = of the next), on the calendar of the guest's host unit.
   */
  defaultUnit?: DurationUnit;
  /** At most this many days from valid-from (or from today, on renewal); null = no limit. */
  maxDays: number | null;
  renewable: boolean;
  /** A renewal may be asked this many days before valid-to at the earliest; null = any time. */
  renewalWindowDays: number | null;
  /** Y in the directory, N not, O optional (in by default), P optional (out by default). */
  directory: DirectoryFlag;
  /** Code of the org unit whose subtree the guest's units must lie in; null = anywhere. */
  orgSubtree: string | null;
  services: Service[];
  approvalChain: ApprovalStep[];
  reasons: string[];
  expiringDays: number;
  retentionDays: number;
  displayRank: number;
  /**
   * Days the guest managers have to take over a guest whose guarantor or sponsor can no longer vouch, before the
   * lifecycle's rule applies (handover-rules.ts); 0 = no handover, the rule applies at once.
   */
  handoverDays: number;
}

const Days = (max: number) => Type.Integer({ minimum: 0, maximum: max });
const NullableDays = (max: number) =>
  Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1, maximum: max });

export const guestTypeSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    label: Type.String({ minLength: 1, maxLength: 200 }),
    lifecycle: Type.String({ minLength: 1, maxLength: 64 }),
    sponsorRequired: Type.Boolean(),
    requesterRequired: Type.Boolean(),
    idNumberRequired: Type.Boolean(),
    defaultDays: NullableDays(36600),
    defaultUnit: Type.Optional(enumOf(durationUnits)),
    maxDays: NullableDays(36600),
    renewable: Type.Boolean(),
    renewalWindowDays: NullableDays(3660),
    directory: Type.Unsafe<DirectoryFlag>({ type: 'string', enum: ['Y', 'N', 'O', 'P'] }),
    orgSubtree: Type.Unsafe<string | null>({ type: ['string', 'null'], minLength: 1, maxLength: 64 }),
    services: Type.Array(enumOf(services), { uniqueItems: true }),
    approvalChain: Type.Array(
      Type.Object(
        {
          step: enumOf(approvalSteps),
          ifService: Type.Optional(enumOf(services)),
        },
        { additionalProperties: false },
      ),
      { maxItems: 10 },
    ),
    reasons: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { uniqueItems: true, maxItems: 100 }),
    expiringDays: Days(366),
    retentionDays: Days(36600),
    displayRank: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    handoverDays: Days(366),
  },
  { additionalProperties: false },
);

/** What a client sends: everything but the name, label and lifecycle has a default. */
export type GuestTypeInput = Pick<GuestTypeDefinition, 'name' | 'label' | 'lifecycle'> & Partial<GuestTypeDefinition>;

export function withDefaults(input: GuestTypeInput): GuestTypeDefinition {
  return {
    sponsorRequired: false,
    requesterRequired: false,
    idNumberRequired: false,
    defaultDays: null,
    defaultUnit: 'days',
    maxDays: null,
    renewable: false,
    renewalWindowDays: null,
    directory: 'N',
    orgSubtree: null,
    services: [],
    approvalChain: [],
    reasons: [],
    expiringDays: 14,
    retentionDays: 90,
    displayRank: 100,
    handoverDays: 14,
    ...input,
  };
}

/** Problems with a guest type (empty when valid): shape first, then the rules between fields. */
export function guestTypeProblems(value: unknown, prefix = ''): FieldProblem[] {
  const shape = problemsOf(guestTypeSchema, value, prefix);
  if (shape.length) return shape;
  const t = value as GuestTypeDefinition;
  const problems: FieldProblem[] = [];
  const add = (field: string, rule: string, message: string) =>
    problems.push({ field: `${prefix}${field}`, rule, message });
  if (t.name.trim() === '') add('/name', 'not-blank', 'must not be blank');
  if (t.defaultDays !== null && t.maxDays !== null && t.defaultDays > t.maxDays)
    add('/defaultDays', 'within-maximum', `${t.defaultDays} days is more than the maximum of ${t.maxDays}`);
  if (!t.renewable && t.renewalWindowDays !== null)
    add('/renewalWindowDays', 'renewable-only', 'only a renewable type has a renewal window');
  if (t.maxDays !== null && t.expiringDays > t.maxDays)
    add(
      '/expiringDays',
      'within-maximum',
      `the expiring warning (${t.expiringDays} days) is longer than the longest stay (${t.maxDays} days)`,
    );
  const steps = new Set<string>();
  t.approvalChain.forEach((s, i) => {
    const key = `${s.step}/${s.ifService ?? ''}`;
    if (steps.has(key)) add(`/approvalChain/${i}`, 'unique', `${s.step} is in the chain twice`);
    steps.add(key);
    if (s.ifService && !t.services.includes(s.ifService))
      add(`/approvalChain/${i}/ifService`, 'offered', `${s.ifService} is not a service this type offers`);
    if (s.step === 'sponsor' && !t.sponsorRequired)
      add(`/approvalChain/${i}/step`, 'sponsor-required', 'a sponsor step needs a type that requires a sponsor');
  });
  t.reasons.forEach((r, i) => {
    if (r.trim() === '') add(`/reasons/${i}`, 'not-blank', 'must not be blank');
  });
  return problems;
}
