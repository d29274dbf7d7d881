import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { write } from '../platform/unit-of-work.ts';

/**
 * Records the date boundaries of direct memberships as they pass: a membership whose
 * enabled-from (set later than it was added) or disabled-at is now in the past gets a
 * `membership-started` / `membership-ended` history row, an audit row and a change-log
 * entry. Readers never wait for this (effective rows carry the dates); it only writes the
 * record. Idempotent: the history row is unique per membership, event and boundary.
 */
export function createMembershipDates(deps: ServiceDeps) {
  async function recordBoundaries(actor: Actor): Promise<{ started: number; ended: number }> {
    authorise(actor, 'groups:manage');
    return write(deps, actor, async (uow) => {
      const { rows } = await sql<{
        id: number;
        group_id: number;
        member_person_id: number | null;
        member_group_id: number | null;
        event: string;
        boundary: Date;
      }>`
        select m.id, m.group_id, m.member_person_id, m.member_group_id, b.event, b.boundary
        from group_memberships m
        cross join lateral (values ('membership-started', m.enabled_from), ('membership-ended', m.disabled_at)) as b(event, boundary)
        where b.boundary is not null and b.boundary <= ${uow.now} and (b.event = 'membership-ended' or b.boundary > m.added_at)
          and not exists (select 1 from group_history h where h.membership_id = m.id and h.event = b.event and h.boundary_at = b.boundary)
        order by b.boundary, m.id
        limit 5000`.execute(uow.db);
      let started = 0;
      let ended = 0;
      for (const r of rows) {
        const inserted = await uow.db
          .insertInto('group_history')
          .values({
            group_id: r.group_id,
            at: uow.now,
            actor: actor.name,
            event: r.event,
            membership_id: r.id,
            person_id: r.member_person_id,
            member_group_id: r.member_group_id,
            boundary_at: r.boundary,
            data: JSON.stringify({ at: r.boundary.toISOString() }),
          })
          .onConflict((oc) => oc.doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) continue;
        if (r.event === 'membership-started') started += 1;
        else ended += 1;
        const after = {
          membershipId: r.id,
          personId: r.member_person_id,
          memberGroupId: r.member_group_id,
          at: r.boundary.toISOString(),
        };
        uow.record({
          action: r.event === 'membership-started' ? 'group.member.started' : 'group.member.ended',
          op: r.event === 'membership-started' ? 'member-started' : 'member-ended',
          targetType: 'group',
          targetId: r.group_id,
          after,
        });
      }
      return { started, ended };
    });
  }
  return { recordBoundaries };
}
