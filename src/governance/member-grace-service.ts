import { requirePrivilege } from '../groups/group-access.ts';
import { loadGroup } from '../groups/group-store.ts';
import type { Actor } from '../platform/auth/actor.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import type { GraceWhy } from './grace-store.ts';
import type { MemberGraceView } from './member-grace-schemas.ts';
import { policyFor } from './policy-store.ts';

/**
 * The grace state of a group's governed memberships in one read, so the group page can badge each member ("ends
 * 12 March — a department change") and offer its "why" (why-service.ts answers one membership in full). Read with
 * the `read` privilege on the group, like the why.
 */
export function createMemberGraceService(deps: ServiceDeps) {
  const { db, clock } = deps;

  async function list(actor: Actor, groupId: number): Promise<MemberGraceView> {
    const group = await loadGroup(db, groupId);
    await requirePrivilege(db, actor, { groupId }, 'read', clock.now(), `the group ${group.name}`);
    const effective = await policyFor(db, groupId);
    const rows = await db
      .selectFrom('membership_facts as f')
      .innerJoin('group_memberships as m', 'm.id', 'f.membership_id')
      .select([
        'f.membership_id',
        'f.person_id',
        'f.policy_id',
        'f.grace_kind',
        'f.grace_why',
        'f.grace_ends_at',
        'f.grace_notified_at',
        'f.hold_id',
      ])
      .where('m.group_id', '=', groupId)
      .orderBy('f.membership_id')
      .execute();
    return {
      groupId,
      governed: effective !== null,
      policy: effective
        ? { id: effective.policy.id, name: effective.policy.name, level: effective.policy.securityLevel }
        : null,
      memberships: rows.map((r) => {
        const why = r.grace_kind ? (r.grace_why as unknown as GraceWhy | null) : null;
        return {
          membershipId: Number(r.membership_id),
          personId: Number(r.person_id),
          policyId: Number(r.policy_id),
          grace:
            why && r.grace_kind
              ? {
                  kind: r.grace_kind,
                  fact: why.fact,
                  from: why.from,
                  to: why.to,
                  seenAt: why.seenAt,
                  endsAt: why.membershipEndsAt ?? r.grace_ends_at?.toISOString() ?? why.endsAt,
                  sentence: why.sentence,
                  notified: r.grace_notified_at !== null,
                }
              : null,
          held: r.hold_id !== null,
        };
      }),
    };
  }

  return { list };
}

export type MemberGraceService = ReturnType<typeof createMemberGraceService>;
