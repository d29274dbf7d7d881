import type { ChangeKind, SecurityLevel } from '../platform/db/governance-tables.ts';
import type { DefaultTemplate } from '../notify/events.ts';
import type { FactChange, WatchedFact } from './grace-rules.ts';

/**
 * The words of grace and notice, pure: the fact and kind names, the one-sentence reasons the
 * history, the "why" answer and the mail give, and the mail templates (defaults; editable as
 * data through /mail/templates like every other).
 */
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "12 March 2027" (UTC). */
export function longDate(at: Date): string {
  return `${at.getUTCDate()} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()}`;
}

/** "2027-03-12 09:00 UTC". */
export function moment(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function factLabel(fact: WatchedFact): string {
  switch (fact) {
    case 'department':
      return 'department';
    case 'title':
      return 'job title';
    case 'statuses':
      return 'status';
    case 'supporting':
      return 'supporting groups';
    default: {
      const never: never = fact;
      throw new Error(`unknown fact ${String(never)}`);
    }
  }
}

export function kindLabel(kind: ChangeKind): string {
  switch (kind) {
    case 'job':
      return 'a job change in the same department';
    case 'department':
      return 'a department change';
    case 'leaving':
      return 'leaving employment';
    case 'requirement':
      return 'losing a required status or supporting group';
    default: {
      const never: never = kind;
      throw new Error(`unknown kind of change ${String(never)}`);
    }
  }
}

/** A fact's value in words: "(none)" for nothing. */
export function valueText(v: FactChange['from'], groupNames?: ReadonlyMap<number, string>): string {
  if (v === null || v === undefined) return '(none)';
  if (Array.isArray(v)) {
    if (v.length === 0) return '(none)';
    return v.map((x) => (typeof x === 'number' ? (groupNames?.get(x) ?? `group ${x}`) : x)).join(', ');
  }
  return String(v);
}

/** "the job title changed from Lecturer to Senior Lecturer". */
export function changeSentence(change: FactChange, groupNames?: ReadonlyMap<number, string>): string {
  return `the ${factLabel(change.fact)} changed from ${valueText(change.from, groupNames)} to ${valueText(change.to, groupNames)}`;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Why a grace started, in one sentence. */
export function graceSentence(g: {
  change: FactChange;
  level: SecurityLevel;
  days: number;
  seenAt: Date;
  endsAt: Date;
  groupNames?: ReadonlyMap<number, string>;
}): string {
  const allowed =
    g.days === 0
      ? `${g.level}-security policies allow no grace after ${kindLabel(g.change.kind)}, so the membership ended then`
      : `${g.level}-security policies allow ${g.days} day${g.days === 1 ? '' : 's'} after ${kindLabel(g.change.kind)}, so the membership ends on ${longDate(g.endsAt)} (${moment(g.endsAt)})`;
  return `${capital(changeSentence(g.change, g.groupNames))} (seen ${moment(g.seenAt)}); ${allowed}.`;
}

/** The reason part of the "why" answer: "because the job title changed … (seen …), and high-security policies …". */
export function becauseText(g: {
  change: FactChange;
  level: SecurityLevel;
  days: number;
  seenAt: Date;
  groupNames?: ReadonlyMap<number, string>;
}): string {
  const allowed =
    g.days === 0
      ? `allow no grace after ${kindLabel(g.change.kind)}`
      : `allow ${g.days} day${g.days === 1 ? '' : 's'} after ${kindLabel(g.change.kind)}`;
  return `because ${changeSentence(g.change, g.groupNames)} (seen ${moment(g.seenAt)}), and ${g.level}-security policies ${allowed}.`;
}

/** Why a grace was cleared, in one sentence. */
export function clearSentence(g: { kind: ChangeKind; endsAt: Date; seenAt: Date; previousEnd: Date | null }): string {
  const after = g.previousEnd ? `it ends on ${longDate(g.previousEnd)} as before` : 'it has no end date again';
  return `Eligible again (seen ${moment(g.seenAt)}): the facts match those at grant, so the end on ${longDate(g.endsAt)} set for ${kindLabel(g.kind)} is cleared; ${after}.`;
}

/** The mail events of grace and notice. */
export const GRACE_EVENTS = {
  started: 'membership-grace',
  ended: 'membership-ended',
  cleared: 'membership-grace-cleared',
  endSet: 'membership-end-set',
} as const;

const sample = {
  name: 'Cid Manager',
  member: 'Ada Quist',
  group: 'uni:apps:payroll:clerk',
  endsOn: '12 March 2027',
  reason:
    'The job title changed from Clerk to Senior Clerk (seen 2027-02-26 09:00 UTC); high-security policies allow 14 days after a job change in the same department, so the membership ends on 12 March 2027 (2027-03-12 09:00 UTC).',
  role: 'the manager',
  url: 'https://steward.example.org/ui/groups/7',
};

export const graceTemplates: DefaultTemplate[] = [
  {
    event: GRACE_EVENTS.started,
    description: 'To the member, managers, owner and delegates: a governed membership will end after a grace period',
    subject: 'Membership of {{member}} in {{group}} ends on {{endsOn}}',
    text: 'Hello {{name}},\n\nthe membership of {{member}} in {{group}} ends on {{endsOn}}.\n\n{{reason}}\n\nIf this is wrong, the facts can be corrected before then, or the membership requested again. You are told as {{role}}.\n\n{{url}}\n',
    html: null,
    digestable: false,
    sample,
  },
  {
    event: GRACE_EVENTS.ended,
    description: 'To the managers, owner and delegates: a governed membership ended at once (no grace for this change)',
    subject: 'Membership of {{member}} in {{group}} ended on {{endsOn}}',
    text: 'Hello {{name}},\n\nthe membership of {{member}} in {{group}} ended on {{endsOn}}.\n\n{{reason}}\n\nYou are told as {{role}}.\n\n{{url}}\n',
    html: null,
    digestable: false,
    sample: { ...sample, reason: 'The department changed from PAY to (none); no grace after leaving employment.' },
  },
  {
    event: GRACE_EVENTS.cleared,
    description: 'To those told of a grace: the member is eligible again and the end date is cleared',
    subject: 'Membership of {{member}} in {{group}} no longer ends on {{endsOn}}',
    text: 'Hello {{name}},\n\nthe membership of {{member}} in {{group}} no longer ends on {{endsOn}}.\n\n{{reason}}\n\nYou are told as {{role}}.\n\n{{url}}\n',
    html: null,
    digestable: false,
    sample: {
      ...sample,
      reason:
        'Eligible again (seen 2027-02-27 09:00 UTC): the facts match those at grant, so the end on 12 March 2027 set for a department change is cleared; it has no end date again.',
    },
  },
  {
    event: GRACE_EVENTS.endSet,
    description: 'To the member, managers, owner and delegates: a membership was given an end date (a review decision)',
    subject: 'Membership of {{member}} in {{group}} ends on {{endsOn}}',
    text: 'Hello {{name}},\n\nthe membership of {{member}} in {{group}} ends on {{endsOn}}.\n\n{{reason}}\n\nYou are told as {{role}}.\n\n{{url}}\n',
    html: null,
    digestable: false,
    sample: { ...sample, reason: 'Access review Payroll 2027: removed by Bea Holm ("left the team").' },
  },
];
