import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { deleteMembership } from '../groups/membership-service.ts';
import { recordFacts } from './facts-record.ts';
import { endWithNotice } from './grace-end-apply.ts';
import { loadPolicy } from './policy-store.ts';

/**
 * Applying an access review's decisions to the memberships, inside the closing batch's unit of work, through the
 * grace-and-notice path (`endWithNotice`: the end date through the membership service — history, audit, change
 * log, effective members — and notices to the member, their managers, the policy's owner and delegates).
 *
 * `applyRemoval` is the one place a review removes access: the membership ends now, with the recorded reason and
 * notice (one that has not begun yet is deleted, as it cannot end before it starts).
 */
export interface Removal {
  membershipId: number;
  groupId: number;
  /** Why, in words: the campaign, who decided and their comment, or the undecided policy. */
  reason: string;
}

export interface EndDate {
  membershipId: number;
  groupId: number;
  /** The instant the membership stops counting. */
  until: Date;
  reason: string;
}

interface Current {
  id: number;
  enabled_from: Date | null;
  disabled_at: Date | null;
}

async function current(uow: UnitOfWork, ids: number[]): Promise<Map<number, Current>> {
  if (ids.length === 0) return new Map();
  const rows = await uow.db
    .selectFrom('group_memberships')
    .select(['id', 'enabled_from', 'disabled_at'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [Number(r.id), { ...r, id: Number(r.id) }]));
}

/**
 * Ends each membership at `until` unless it already ends by then; one that would end before it begins is deleted.
 * Returns the memberships that were there to end (the others were deleted or had ended: nothing to do).
 */
async function endAt(uow: UnitOfWork, ends: EndDate[]): Promise<Set<number>> {
  const rows = await current(
    uow,
    ends.map((e) => e.membershipId),
  );
  const done = new Set<number>();
  for (const e of ends) {
    const m = rows.get(e.membershipId);
    if (!m || (m.disabled_at !== null && m.disabled_at.getTime() <= uow.now.getTime())) continue;
    done.add(e.membershipId);
    if (m.disabled_at !== null && m.disabled_at.getTime() <= e.until.getTime()) continue;
    if (m.enabled_from !== null && m.enabled_from.getTime() >= e.until.getTime())
      await deleteMembership(uow, e.groupId, e.membershipId, e.reason, 'group.member.remove');
    else await endWithNotice(uow, e.membershipId, e.until, { reason: e.reason, source: 'review' });
  }
  return done;
}

/** Removes access now, with the reason recorded; returns the memberships it ended. */
export async function applyRemoval(uow: UnitOfWork, removals: Removal[]): Promise<Set<number>> {
  return endAt(
    uow,
    removals.map((r) => ({ ...r, until: uow.now })),
  );
}

/** Sets the end dates reviewers chose (never later than a membership already ends); returns those it applied to. */
export async function applyEndDates(uow: UnitOfWork, ends: EndDate[]): Promise<Set<number>> {
  return endAt(uow, ends);
}

/** A keep decided by a reviewer: a re-approval of a governed membership. */
export interface Reapproval {
  membershipId: number;
  decidedBy: string;
}

/**
 * Re-approves the governed memberships a reviewer kept: their eligibility facts are stored again as of today, with
 * the reviewer as approver (`recordFacts`), so a later change is measured from this review rather than the grant.
 * Memberships without stored facts (not governed) and those that are gone are left alone.
 */
export async function applyReapprovals(uow: UnitOfWork, keeps: Reapproval[]): Promise<number> {
  if (keeps.length === 0) return 0;
  const rows = await uow.db
    .selectFrom('membership_facts as f')
    .innerJoin('group_memberships as m', 'm.id', 'f.membership_id')
    .select(['f.membership_id', 'f.policy_id', 'm.group_id', 'm.member_person_id'])
    .where(
      'f.membership_id',
      'in',
      keeps.map((k) => k.membershipId),
    )
    .where('m.member_person_id', 'is not', null)
    .execute();
  const by = new Map(keeps.map((k) => [k.membershipId, k.decidedBy]));
  const policies = new Map<number, Awaited<ReturnType<typeof loadPolicy>>>();
  for (const r of rows) {
    if (!policies.has(r.policy_id)) policies.set(r.policy_id, await loadPolicy(uow.db, r.policy_id));
    const policy = policies.get(r.policy_id);
    if (!policy) continue;
    await recordFacts(uow, {
      membershipId: r.membership_id,
      policy: { id: policy.id, checks: policy.checks },
      personId: r.member_person_id!,
      groupId: r.group_id,
      approvedBy: by.get(r.membership_id) ?? null,
    });
  }
  return rows.length;
}
