import type { NewCampaign } from '../api/access-review-types.ts';

/** The start form's state as typed: text where the user types, turned into the API's body by `campaignBody`. */
export interface ReviewerRow {
  /** A stable key for the row (pickers keep their own text). */
  key: number;
  /** The unit's id. */
  orgId: string;
  personId: string;
}

export type ScopeKind = NewCampaign['scope']['kind'];
export type SplitBy = NonNullable<NewCampaign['splitBy']>;
export type UndecidedPolicy = NonNullable<NewCampaign['undecided']>;

export interface CampaignDraft {
  name: string;
  label: string;
  scopeKind: ScopeKind;
  /** The application's name, or the full name of the group or folder. */
  scopeName: string;
  splitBy: SplitBy;
  /** A reviewer per unit (when split). */
  reviewers: ReviewerRow[];
  /** The reviewer of items of no listed unit (of every item when not split); '' = the owner. */
  defaultReviewer: string;
  /** A datetime-local value (the browser's time zone). */
  deadline: string;
  /** Days before the deadline, comma separated ("7, 1"). */
  remindDays: string;
  undecided: UndecidedPolicy;
  /** '' = once; else every N months. */
  everyMonths: string;
  /** '' = the caller's person. */
  ownerPersonId: string;
}

let serial = 0;
export const reviewerRow = (): ReviewerRow => ({ key: ++serial, orgId: '', personId: '' });

export function emptyCampaign(scope?: { kind: ScopeKind; name: string }): CampaignDraft {
  return {
    name: '',
    label: '',
    scopeKind: scope?.kind ?? 'group',
    scopeName: scope?.name ?? '',
    splitBy: 'none',
    reviewers: [],
    defaultReviewer: '',
    deadline: '',
    remindDays: '7, 1',
    undecided: 'keep',
    everyMonths: '',
    ownerPersonId: '',
  };
}

/** Text as a number, or NaN (which JSON sends as null, so the server names the field) — never silently dropped. */
const number = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

/** Comma-separated days as numbers; blank means none. */
export function parseDays(text: string): number[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(number);
}

/** A datetime-local value as an ISO instant; kept as typed when it is not one (the server then says why). */
export function deadlineInstant(local: string): string {
  const d = new Date(local);
  return local && !Number.isNaN(d.getTime()) ? d.toISOString() : local;
}

/**
 * The unit rows sent, each with its index in the body (so the server's problems, which name `/reviewers/<i>`, land
 * beside the right row): rows left wholly blank are not sent; none when the campaign is not split.
 */
export function sentReviewers(d: CampaignDraft): { row: ReviewerRow; index: number }[] {
  if (d.splitBy === 'none') return [];
  return d.reviewers.filter((r) => r.personId !== '' || r.orgId !== '').map((row, index) => ({ row, index }));
}

/** The API body for the draft; a unit row without its unit sends 0, which the server refuses naming the field. */
export function campaignBody(d: CampaignDraft): NewCampaign {
  const reviewers = [
    ...sentReviewers(d).map(({ row }) => ({
      orgId: row.orgId === '' ? 0 : number(row.orgId),
      personId: number(row.personId),
    })),
    ...(d.defaultReviewer ? [{ orgId: null, personId: number(d.defaultReviewer) }] : []),
  ];
  return {
    name: d.name.trim(),
    ...(d.label.trim() ? { label: d.label.trim() } : {}),
    scope: { kind: d.scopeKind, name: d.scopeName.trim() },
    splitBy: d.splitBy,
    ...(reviewers.length ? { reviewers } : {}),
    deadline: deadlineInstant(d.deadline),
    remindDays: parseDays(d.remindDays),
    undecided: d.undecided,
    everyMonths: d.everyMonths.trim() === '' ? null : number(d.everyMonths),
    ...(d.ownerPersonId ? { ownerPersonId: number(d.ownerPersonId) } : {}),
  };
}
