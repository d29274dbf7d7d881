import type { ChangeKind, EligibilityFacts, GraceTable, SecurityLevel } from '../platform/db/governance-tables.ts';

/**
 * Losing eligibility, pure: the facts stored with a governed membership at grant are compared
 * with today's under the policy's checks. The answer is no change, or one change with its
 * kind, the fact that changed and from what to what. The grace period that follows is the
 * policy's grace table for that kind, counted from the moment the change was seen; a later
 * pass either leaves a running grace alone, makes it stricter, replaces it (the changed fact
 * came back but another differs) or clears it (the facts match again). Who is told of each
 * kind follows the seed's tables. `reconcile-sql.ts` classifies in SQL with the same rule
 * (test/governance/reconcile-sql.test.ts compares them on random cases).
 */

/** The facts of a membership that can change. */
export type WatchedFact = 'department' | 'title' | 'statuses' | 'supporting';

/**
 * What a policy's `checks` say about eligibility that the reconcile watches (keys of the
 * policy's `checks` object): `requiredStatuses` — status names, one of which the member must
 * hold; `supportingGroupIds` — groups, one of which the member must be in; `employmentKinds` —
 * the affiliation kinds that count as employment (default: the facts store's).
 */
export interface GraceChecks {
  requiredStatuses: string[];
  supportingGroupIds: number[];
  employmentKinds: string[] | null;
}

export interface FactChange {
  kind: ChangeKind;
  fact: WatchedFact;
  from: string | string[] | number[] | null;
  to: string | string[] | number[] | null;
}

/** Most severe first: when several facts changed, the first kind in this order is the change. */
export const KIND_ORDER: readonly ChangeKind[] = ['leaving', 'department', 'requirement', 'job'];

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const ids = (v: unknown): number[] =>
  Array.isArray(v) ? v.map(Number).filter((x) => Number.isSafeInteger(x) && x > 0) : [];

/** The part of a policy's `checks` the reconcile reads (unknown keys are other checks' business). */
export function graceChecksOf(checks: Record<string, unknown> | null | undefined): GraceChecks {
  const c = checks ?? {};
  const kinds = strings(c.employmentKinds);
  return {
    requiredStatuses: strings(c.requiredStatuses),
    supportingGroupIds: ids(c.supportingGroupIds),
    employmentKinds: Array.isArray(c.employmentKinds) && kinds.length ? kinds : null,
  };
}

/** The member holds one of the required statuses (or none is required). */
export function statusMet(facts: EligibilityFacts, checks: GraceChecks): boolean {
  return checks.requiredStatuses.length === 0 || facts.statuses.some((s) => checks.requiredStatuses.includes(s));
}

/** The member is in one of the required supporting groups (or none is required). */
export function supportMet(facts: EligibilityFacts, checks: GraceChecks): boolean {
  return checks.supportingGroupIds.length === 0 || facts.supporting.some((g) => checks.supportingGroupIds.includes(g));
}

const required = (facts: EligibilityFacts, checks: GraceChecks) =>
  facts.supporting.filter((g) => checks.supportingGroupIds.includes(g)).sort((a, b) => a - b);

/**
 * The change between the facts at grant and today's, or null when the member is as eligible
 * as at grant. In order of severity: `leaving` (had an employment department and has none,
 * or lost the required status with no employment left), `department` (another department),
 * `requirement` (lost the required status or supporting group while still employed), `job`
 * (same department, another title). Gaining something the member lacked at grant is no loss.
 */
export function classifyChange(
  stored: EligibilityFacts,
  today: EligibilityFacts,
  checks: GraceChecks,
): FactChange | null {
  const sd = stored.department;
  const td = today.department;
  const statusLost = statusMet(stored, checks) && !statusMet(today, checks);
  if (sd !== null && td === null) return { kind: 'leaving', fact: 'department', from: sd, to: null };
  if (statusLost && td === null)
    return { kind: 'leaving', fact: 'statuses', from: stored.statuses, to: today.statuses };
  if (sd !== null && td !== sd) return { kind: 'department', fact: 'department', from: sd, to: td };
  if (statusLost) return { kind: 'requirement', fact: 'statuses', from: stored.statuses, to: today.statuses };
  if (supportMet(stored, checks) && !supportMet(today, checks))
    return { kind: 'requirement', fact: 'supporting', from: required(stored, checks), to: required(today, checks) };
  if (sd !== null && (stored.title ?? null) !== (today.title ?? null))
    return { kind: 'job', fact: 'title', from: stored.title ?? null, to: today.title ?? null };
  return null;
}

/** The seed's tables (high 14 / 5 / 0, medium 30 / 30 / 0); a lost requirement is treated like a department change. */
export function defaultGraceTable(level: SecurityLevel): GraceTable {
  switch (level) {
    case 'high':
      return { job: 14, department: 5, leaving: 0, requirement: 5 };
    case 'medium':
    case 'custom':
      return { job: 30, department: 30, leaving: 0, requirement: 30 };
    default: {
      const never: never = level;
      throw new Error(`unknown security level ${String(never)}`);
    }
  }
}

/** The days of grace a kind of change gets under a policy (its table, else the level's default for a missing key). */
export function graceDays(
  table: Partial<GraceTable> | null | undefined,
  level: SecurityLevel,
  kind: ChangeKind,
): number {
  const own = table?.[kind];
  return typeof own === 'number' && Number.isFinite(own) && own >= 0 ? own : defaultGraceTable(level)[kind];
}

const DAY_MS = 86_400_000;

/** The end of the grace: the moment the change was seen plus the days (0: that moment). */
export function graceEnd(seenAt: Date, days: number): Date {
  return new Date(seenAt.getTime() + days * DAY_MS);
}

/** A grace period running on a membership. */
export interface RunningGrace {
  kind: ChangeKind;
  endsAt: Date;
}

export type GraceStep =
  | { action: 'none' }
  /** A new grace: the membership ends at `endsAt` (now when days is 0). */
  | { action: 'start'; change: FactChange; days: number; endsAt: Date }
  /** A more severe change while a grace runs: the earlier of the two ends. */
  | { action: 'escalate'; change: FactChange; days: number; endsAt: Date }
  /** The fact whose change started the grace came back, but another differs: a new grace from now. */
  | { action: 'replace'; change: FactChange; days: number; endsAt: Date }
  /** Eligible again: the grace and its end date go. */
  | { action: 'clear' };

const severity = (k: ChangeKind) => KIND_ORDER.indexOf(k);

/** What a pass does with a membership, given its running grace (if any) and today's change (if any). */
export function graceStep(
  running: RunningGrace | null,
  change: FactChange | null,
  now: Date,
  daysFor: (kind: ChangeKind) => number,
): GraceStep {
  if (change === null) return running === null ? { action: 'none' } : { action: 'clear' };
  const days = daysFor(change.kind);
  const endsAt = graceEnd(now, days);
  if (running === null) return { action: 'start', change, days, endsAt };
  if (running.kind === change.kind) return { action: 'none' };
  if (severity(change.kind) < severity(running.kind))
    return {
      action: 'escalate',
      change,
      days,
      endsAt: endsAt.getTime() < running.endsAt.getTime() ? endsAt : running.endsAt,
    };
  return { action: 'replace', change, days, endsAt };
}

/** The end a membership gets: the grace's end, unless the membership already ended earlier on its own. */
export function membershipEnd(previousEnd: Date | null, graceEndsAt: Date): Date {
  return previousEnd !== null && previousEnd.getTime() < graceEndsAt.getTime() ? previousEnd : graceEndsAt;
}

/**
 * Who is told of a kind of change (the seed's tables: the member, except on leaving; old and new manager; owner and
 * delegates).
 */
export interface NoticeRule {
  member: boolean;
  oldManager: boolean;
  newManager: boolean;
  owner: boolean;
  delegates: boolean;
}

export function noticesFor(kind: ChangeKind): NoticeRule {
  switch (kind) {
    case 'leaving':
      return { member: false, oldManager: true, newManager: true, owner: true, delegates: true };
    case 'job':
    case 'department':
    case 'requirement':
      return { member: true, oldManager: true, newManager: true, owner: true, delegates: true };
    default: {
      const never: never = kind;
      throw new Error(`unknown kind of change ${String(never)}`);
    }
  }
}

export type NoticeRole = 'member' | 'old-manager' | 'new-manager' | 'owner' | 'delegate';

export interface PartyRef {
  personId: number;
  name: string;
  address: string | null;
}

/** The people a notice goes to, each once with every role they hold, in the order of the seed's columns. */
export function noticeList(
  rule: NoticeRule,
  p: {
    member: PartyRef | null;
    oldManagers: PartyRef[];
    newManagers: PartyRef[];
    owner: PartyRef | null;
    delegates: PartyRef[];
  },
): (PartyRef & { roles: NoticeRole[] })[] {
  const out = new Map<number, PartyRef & { roles: NoticeRole[] }>();
  const add = (parties: (PartyRef | null)[], role: NoticeRole, wanted: boolean) => {
    if (!wanted) return;
    for (const party of parties) {
      if (party === null) continue;
      const seen = out.get(party.personId);
      if (seen) {
        if (!seen.roles.includes(role)) seen.roles.push(role);
      } else out.set(party.personId, { ...party, roles: [role] });
    }
  };
  add([p.member], 'member', rule.member);
  add(p.oldManagers, 'old-manager', rule.oldManager);
  add(p.newManagers, 'new-manager', rule.newManager);
  add([p.owner], 'owner', rule.owner);
  add(p.delegates, 'delegate', rule.delegates);
  return [...out.values()];
}

/** "the member and the old manager" — how a recipient is addressed. */
export function rolesText(roles: readonly NoticeRole[]): string {
  const both = roles.includes('old-manager') && roles.includes('new-manager');
  const words = roles
    .filter((r) => !(both && r === 'new-manager'))
    .map((r) => {
      switch (r) {
        case 'member':
          return 'the member';
        case 'old-manager':
          return both ? "the member's manager" : 'the manager of the former department';
        case 'new-manager':
          return 'the manager of the new department';
        case 'owner':
          return 'the owner of the policy';
        case 'delegate':
          return "a delegate for the member's department";
        default: {
          const never: never = r;
          throw new Error(`unknown role ${String(never)}`);
        }
      }
    });
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The facts that differ between grant and today, whatever the policy watches (for the "why" and reviews). */
export function factDifferences(
  atGrant: EligibilityFacts,
  today: EligibilityFacts,
): { fact: WatchedFact; atGrant: FactChange['from']; today: FactChange['to'] }[] {
  const sameList = <T>(a: readonly T[], b: readonly T[]) =>
    a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
  const out: { fact: WatchedFact; atGrant: FactChange['from']; today: FactChange['to'] }[] = [];
  if ((atGrant.department ?? null) !== (today.department ?? null))
    out.push({ fact: 'department', atGrant: atGrant.department ?? null, today: today.department ?? null });
  if ((atGrant.title ?? null) !== (today.title ?? null))
    out.push({ fact: 'title', atGrant: atGrant.title ?? null, today: today.title ?? null });
  if (!sameList(atGrant.statuses, today.statuses))
    out.push({ fact: 'statuses', atGrant: atGrant.statuses, today: today.statuses });
  if (!sameList(atGrant.supporting, today.supporting))
    out.push({ fact: 'supporting', atGrant: atGrant.supporting, today: today.supporting });
  return out;
}
