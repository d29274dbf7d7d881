import type { Actor } from '../platform/auth/actor.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { conflict, forbidden, invalid, notFound, StewardError } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { lockGroups } from '../groups/effective-engine.ts';
import { requirePrivilege } from '../groups/group-access.ts';
import { seesAllGroups } from '../groups/group-policy.ts';
import { holdersOfBoth } from './exclusion-store.ts';
import type { ExclusionInput, ExclusionViewT } from './exclusion-schemas.ts';
import type { Db } from './policy-store.ts';

/**
 * Separation-of-duties pairs: nobody may hold both groups, in either direction, through any path. Whoever holds
 * `admin` on both groups (system administrators: any) makes or removes a pair; making one while someone already
 * holds both is refused (409) listing who, so nothing is ever accepted that the data already breaks.
 */
async function views(db: Db, ids?: number[]): Promise<ExclusionViewT[]> {
  let q = db
    .selectFrom('governance_exclusions as x')
    .innerJoin('groups as l', 'l.id', 'x.left_group_id')
    .innerJoin('groups as r', 'r.id', 'x.right_group_id')
    .selectAll('x')
    .select(['l.name as left_name', 'r.name as right_name'])
    .orderBy('x.id');
  if (ids) q = q.where('x.id', 'in', ids.length ? ids : [0]);
  return (await q.execute()).map((x) => ({
    id: x.id,
    left: { id: x.left_group_id, name: x.left_name },
    right: { id: x.right_group_id, name: x.right_name },
    reason: x.reason,
    createdBy: x.created_by,
    createdAt: x.created_at.toISOString(),
  }));
}

export function createExclusionService(deps: ServiceDeps) {
  const { db, clock } = deps;

  async function adminOfBoth(actor: Actor, left: number, right: number): Promise<void> {
    for (const [id, field] of [
      [left, '/leftGroupId'],
      [right, '/rightGroupId'],
    ] as const) {
      const g = await db.selectFrom('groups').select('name').where('id', '=', id).executeTakeFirst();
      if (!g) throw invalid(field, 'exists', `group ${id} does not exist`);
      await requirePrivilege(db, actor, { groupId: id }, 'admin', clock.now(), `the group ${g.name}`);
    }
  }

  async function list(actor: Actor): Promise<ExclusionViewT[]> {
    if (!seesAllGroups(actor)) throw forbidden(`${actor.name} may not list every separation-of-duties pair`);
    return views(db);
  }

  async function get(actor: Actor, id: number): Promise<ExclusionViewT> {
    const [x] = await views(db, [id]);
    if (!x) throw notFound('exclusion', id);
    if (!seesAllGroups(actor))
      await requirePrivilege(db, actor, { groupId: x.left.id }, 'read', clock.now(), x.left.name);
    return x;
  }

  async function create(actor: Actor, input: ExclusionInput): Promise<ExclusionViewT> {
    if (input.leftGroupId === input.rightGroupId)
      throw invalid('/rightGroupId', 'distinct', 'a group cannot exclude itself: name two different groups');
    const [left, right] = [
      Math.min(input.leftGroupId, input.rightGroupId),
      Math.max(input.leftGroupId, input.rightGroupId),
    ];
    await adminOfBoth(actor, left, right);
    const id = await write(deps, actor, async (uow) => {
      await lockGroups(uow.db);
      const dup = await uow.db
        .selectFrom('governance_exclusions')
        .select('id')
        .where('left_group_id', '=', left)
        .where('right_group_id', '=', right)
        .executeTakeFirst();
      if (dup)
        throw conflict(`these groups exclude each other already (exclusion ${dup.id})`, {
          field: '/rightGroupId',
          rule: 'unique',
        });
      const both = await holdersOfBoth(uow.db, left, right, uow.now);
      if (both.length)
        throw new StewardError(
          'conflict',
          `${both.length} already hold both groups, so they cannot be made exclusive: ${both.join(', ')}; remove one of each pair first`,
          {
            problems: [
              {
                field: '/rightGroupId',
                rule: 'held-by-both',
                message: `held with the other group by ${both.join(', ')}`,
              },
            ],
            extra: { holders: both },
          },
        );
      const row = await uow.db
        .insertInto('governance_exclusions')
        .values({
          left_group_id: left,
          right_group_id: right,
          reason: input.reason ?? '',
          created_by: uow.actor.name,
          created_at: uow.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const [view] = await views(uow.db, [row.id]);
      uow.record({
        action: 'governance.exclusion.create',
        op: 'created',
        targetType: 'governance_exclusion',
        targetId: row.id,
        after: view,
      });
      return row.id;
    });
    return (await views(db, [id]))[0];
  }

  async function remove(actor: Actor, id: number): Promise<void> {
    const [x] = await views(db, [id]);
    if (!x) throw notFound('exclusion', id);
    await adminOfBoth(actor, x.left.id, x.right.id);
    await write(deps, actor, async (uow) => {
      await uow.db.deleteFrom('governance_exclusions').where('id', '=', id).execute();
      uow.record({
        action: 'governance.exclusion.delete',
        op: 'deleted',
        targetType: 'governance_exclusion',
        targetId: id,
        before: x,
      });
    });
  }

  return { list, get, create, remove };
}

export type ExclusionService = ReturnType<typeof createExclusionService>;
