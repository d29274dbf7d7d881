import type { UnitOfWork } from '../platform/unit-of-work.ts';
import { changeMemberships, deleteMembership } from '../groups/membership-service.ts';

/**
 * Applying an access review's decisions to the memberships, inside the closing batch's unit of work, through the
 * membership update path of src/groups (so each change is in the group's history, the audit and the change log,
 * and the effective members are recomputed once per batch).
 *
 * `applyRemoval` is the one place a review removes access. Until the grace machinery is merged it ends the
 * membership now, with the recorded reason (a membership that has not begun yet is deleted, as it cannot end
 * before it starts); at merge it goes through the grace-and-notice path instead.
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
  const changes = [];
  for (const e of ends) {
    const m = rows.get(e.membershipId);
    if (!m || (m.disabled_at !== null && m.disabled_at.getTime() <= uow.now.getTime())) continue;
    done.add(e.membershipId);
    if (m.disabled_at !== null && m.disabled_at.getTime() <= e.until.getTime()) continue;
    if (m.enabled_from !== null && m.enabled_from.getTime() >= e.until.getTime())
      await deleteMembership(uow, e.groupId, e.membershipId, e.reason, 'group.member.remove');
    else
      changes.push({
        groupId: e.groupId,
        membershipId: e.membershipId,
        patch: { disabledAt: e.until.toISOString() },
        why: e.reason,
      });
  }
  await changeMemberships(uow, changes);
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
