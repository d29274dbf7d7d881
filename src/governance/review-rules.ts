import type { EligibilityFacts } from '../platform/db/governance-tables.ts';
import type { FieldProblem } from '../platform/errors.ts';
import { membershipCountsAt } from '../groups/membership-time.ts';

/**
 * The rules of an access review (attestation), pure: which facts changed since grant, how a member's department
 * or division picks the reviewer, what a membership's status is, and which decisions and campaigns are well formed.
 */

/** The facts a reviewer compares, now against at grant (or last approval). */
export type FactName = 'statuses' | 'department' | 'title' | 'supporting';
export const factNames: readonly FactName[] = ['statuses', 'department', 'title', 'supporting'];

const sameSet = (a: readonly (string | number)[], b: readonly (string | number)[]) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/**
 * The facts that differ between grant and now: the status names as a set (a status gained or lost), the department's
 * org code, the title, and the supporting memberships (one held at grant and lost since). Nothing is "changed" when
 * the facts at grant were never recorded (`then` null): the item says so instead.
 */
export function changedFacts(then: EligibilityFacts | null, now: EligibilityFacts): FactName[] {
  if (then === null) return [];
  const out: FactName[] = [];
  for (const name of factNames) {
    switch (name) {
      case 'statuses':
        if (!sameSet(then.statuses, now.statuses)) out.push(name);
        break;
      case 'department':
      case 'title':
        if ((then[name] ?? null) !== (now[name] ?? null)) out.push(name);
        break;
      case 'supporting':
        if (then.supporting.some((g) => !now.supporting.includes(g))) out.push(name);
        break;
      default: {
        const unknown: never = name;
        throw new Error(`unknown fact ${String(unknown)}`);
      }
    }
  }
  return out;
}

/** Where a direct membership stands at `at`: counting, not yet begun, ended, or gone (deleted). */
export type MembershipStatus = 'now' | 'future' | 'ended' | 'removed';

export function membershipStatus(m: { from: Date | null; until: Date | null } | null, at: Date): MembershipStatus {
  if (m === null) return 'removed';
  if (membershipCountsAt(m, at)) return 'now';
  return m.from !== null && at.getTime() < m.from.getTime() ? 'future' : 'ended';
}

export type SplitBy = 'none' | 'department' | 'division';

/** An org unit and the kind it is, as read from the unit up to the root. */
export interface ChainUnit {
  id: number;
  kind: string;
}

/**
 * The unit an item is split by: none; the member's department (the unit of their primary employment); or their
 * division, the nearest unit at or above the department whose kind is one of `divisionKinds` (by default
 * `division` or `faculty`), null when there is none.
 */
export function splitUnit(
  split: SplitBy,
  chain: readonly ChainUnit[],
  divisionKinds: readonly string[],
): number | null {
  switch (split) {
    case 'none':
      return null;
    case 'department':
      return chain[0]?.id ?? null;
    case 'division':
      return chain.find((u) => divisionKinds.includes(u.kind))?.id ?? null;
    default: {
      const unknown: never = split;
      throw new Error(`unknown split ${String(unknown)}`);
    }
  }
}

/**
 * Who reviews an item: the reviewer of its unit, else of the nearest unit above that has one (reviewers are
 * inherited down the tree), else the campaign's default reviewer, else the owner. `chain` runs from the unit up.
 */
export function reviewerFor(
  chain: readonly number[],
  byOrg: ReadonlyMap<number, number>,
  fallback: { defaultReviewer: number | null; owner: number },
): number {
  for (const orgId of chain) {
    const person = byOrg.get(orgId);
    if (person !== undefined) return person;
  }
  return fallback.defaultReviewer ?? fallback.owner;
}

export type Decision = 'keep' | 'remove' | 'end-date';

export interface DecisionInput {
  decision: Decision;
  comment?: string | null;
  endDate?: string | null;
}

/** A decision's problems, by field: a removal says why, an end date is given only for end-date and is not past. */
export function decisionProblems(d: DecisionInput, today: string, at = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (d.decision === 'remove' && !(d.comment ?? '').trim())
    problems.push({ field: `${at}/comment`, rule: 'required', message: 'a removal needs a comment saying why' });
  if (d.decision === 'end-date') {
    if (!d.endDate)
      problems.push({ field: `${at}/endDate`, rule: 'required', message: 'give the date the membership ends' });
    else if (d.endDate < today)
      problems.push({ field: `${at}/endDate`, rule: 'not-past', message: `${d.endDate} is before today (${today})` });
  } else if (d.endDate)
    problems.push({
      field: `${at}/endDate`,
      rule: 'end-date-only',
      message: `an end date goes with the decision end-date, not ${d.decision}`,
    });
  return problems;
}

export interface CampaignShape {
  deadline: Date;
  remindDays: readonly number[];
  splitBy: SplitBy;
  reviewers: readonly { orgId: number | null; personId: number }[];
}

/** A campaign's problems before anything is looked up: a deadline to come, distinct reminder days and reviewers. */
export function campaignProblems(c: CampaignShape, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (Number.isNaN(c.deadline.getTime()))
    problems.push({ field: '/deadline', rule: 'format:date-time', message: 'not a date and time' });
  else if (c.deadline.getTime() <= now.getTime())
    problems.push({
      field: '/deadline',
      rule: 'future',
      message: `the deadline ${c.deadline.toISOString()} has passed (now ${now.toISOString()})`,
    });
  if (new Set(c.remindDays).size !== c.remindDays.length)
    problems.push({ field: '/remindDays', rule: 'unique', message: 'each reminder day once' });
  const seen = new Set<number | null>();
  c.reviewers.forEach((r, i) => {
    if (r.orgId !== null && c.splitBy === 'none')
      problems.push({
        field: `/reviewers/${i}/orgId`,
        rule: 'split-required',
        message: 'reviewers per org unit need splitBy department or division',
      });
    if (seen.has(r.orgId))
      problems.push({
        field: `/reviewers/${i}/orgId`,
        rule: 'unique',
        message: r.orgId === null ? 'one default reviewer' : `org unit ${r.orgId} has a reviewer already`,
      });
    seen.add(r.orgId);
  });
  return problems;
}

/** The name of the campaign that follows a recurring one: its name with the new deadline's date in place of the old. */
export function nextCampaignName(name: string, nextDeadline: string): string {
  return `${name.replace(/-\d{4}-\d{2}-\d{2}$/, '')}-${nextDeadline}`;
}

export type Undecided = 'keep' | 'remove' | 'escalate';

/**
 * What closing does with an item: the reviewer's decision; an undecided one by the campaign's policy — removed when
 * it says remove, else kept (keep; and escalate, whose items the owner had and left undecided when closing).
 */
export function closingAction(decision: Decision | null, undecided: Undecided): Decision {
  if (decision !== null) return decision;
  switch (undecided) {
    case 'remove':
      return 'remove';
    case 'keep':
    case 'escalate':
      return 'keep';
    default: {
      const unknown: never = undecided;
      throw new Error(`unknown undecided policy ${String(unknown)}`);
    }
  }
}

/** The reason recorded with a membership a review ends: the campaign, who decided and why, or the policy. */
export function applyReason(
  campaign: string,
  item: { decision: Decision | null; decidedBy: string | null; comment: string | null; endDate: string | null },
): string {
  const why = item.comment ? `: ${item.comment}` : '';
  switch (item.decision) {
    case null:
      return `access review ${campaign}: not reviewed by the deadline, and undecided memberships are removed`;
    case 'remove':
      return `access review ${campaign}: removed by ${item.decidedBy}${why}`;
    case 'end-date':
      return `access review ${campaign}: ends on ${item.endDate}, set by ${item.decidedBy}${why}`;
    case 'keep':
      return `access review ${campaign}: kept by ${item.decidedBy}${why}`;
    default: {
      const unknown: never = item.decision;
      throw new Error(`unknown decision ${String(unknown)}`);
    }
  }
}
