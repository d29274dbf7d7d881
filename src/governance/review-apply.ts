import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { deleteMembership } from '../groups/membership-service.ts';
import { endWithNotice } from './grace-end-apply.ts';

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
