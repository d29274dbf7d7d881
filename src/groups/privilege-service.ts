import type { Actor } from '../platform/auth/actor.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import type { GroupPrivilege } from '../platform/db/group-tables.ts';
import { conflict, invalid, notFound } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { type PrivilegeTarget, refuseSelfGrant, requirePrivilege, selfFactsOf } from './group-access.ts';
import { privileges, selfGrantProblem } from './group-policy.ts';
import type { PrivilegeView } from './group-schemas.ts';
import { addHistory, loadFolder, loadGroup } from './group-store.ts';

/**
 * Granting and revoking privileges on a group or folder needs `admin` on it; reading them needs `read`. Nobody but a
 * system administrator grants a privilege to themselves or to a group they are in (`no-self-grant`).
 */
export function createPrivilegeService(deps: ServiceDeps) {
  const { db, clock } = deps;

  async function describe(target: PrivilegeTarget): Promise<string> {
    return 'groupId' in target
      ? `the group ${(await loadGroup(db, target.groupId)).name}`
      : `the folder ${(await loadFolder(db, target.folderId)).name}`;
  }

  async function list(actor: Actor, target: PrivilegeTarget): Promise<PrivilegeView[]> {
    await requirePrivilege(db, actor, target, 'read', clock.now(), await describe(target));
    return privilegeViews(db, 'groupId' in target ? { groupId: target.groupId } : { folderId: target.folderId });
  }

  async function grant(
    actor: Actor,
    target: PrivilegeTarget,
    input: { privilege: GroupPrivilege; personId?: number; groupId?: number },
  ): Promise<PrivilegeView> {
    const what = await describe(target);
    await requirePrivilege(db, actor, target, 'admin', clock.now(), what);
    if (!privileges.includes(input.privilege))
      throw invalid('/privilege', 'enum', `privilege must be one of ${privileges.join(', ')}`);
    if ((input.personId === undefined) === (input.groupId === undefined))
      throw invalid('/personId', 'one-of', 'give either personId or groupId');
    const self = await selfFactsOf(db, actor, clock.now());
    const field = input.personId !== undefined ? '/personId' : '/groupId';
    refuseSelfGrant([selfGrantProblem(actor, self, input, field, 'grant a group privilege to {who}')]);
    return write(deps, actor, async (uow) => {
      if (
        input.personId !== undefined &&
        !(await uow.db.selectFrom('people').select('id').where('id', '=', input.personId).executeTakeFirst())
      )
        throw invalid('/personId', 'exists', `person ${input.personId} does not exist`);
      if (
        input.groupId !== undefined &&
        !(await uow.db.selectFrom('groups').select('id').where('id', '=', input.groupId).executeTakeFirst())
      )
        throw invalid('/groupId', 'exists', `group ${input.groupId} does not exist`);
      const row = await uow.db
        .insertInto('group_privileges')
        .values({
          group_id: 'groupId' in target ? target.groupId : null,
          folder_id: 'folderId' in target ? target.folderId : null,
          privilege: input.privilege,
          subject_person_id: input.personId ?? null,
          subject_group_id: input.groupId ?? null,
          granted_by: actor.name,
          granted_at: uow.now,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row)
        throw conflict(`that privilege is already granted on ${what}`, {
          field: '/privilege',
          rule: 'unique',
          message: 'already granted',
        });
      const view = (await listRaw(uow.db, row.id))!;
      if ('groupId' in target)
        await addHistory(uow, { groupId: target.groupId, event: 'privilege-granted', data: view });
      uow.record({
        action: 'group.privilege.grant',
        op: 'granted',
        targetType: 'groupId' in target ? 'group' : 'group_folder',
        targetId: 'groupId' in target ? target.groupId : target.folderId,
        after: view,
      });
      return view;
    });
  }

  async function listRaw(trx: typeof db, id: number): Promise<PrivilegeView | undefined> {
    return (await privilegeViews(trx, { id }))[0];
  }

  async function revoke(actor: Actor, target: PrivilegeTarget, privilegeId: number): Promise<void> {
    const what = await describe(target);
    await requirePrivilege(db, actor, target, 'admin', clock.now(), what);
    await write(deps, actor, async (uow) => {
      const view = await listRaw(uow.db, privilegeId);
      const row = await uow.db
        .selectFrom('group_privileges')
        .select(['group_id', 'folder_id'])
        .where('id', '=', privilegeId)
        .executeTakeFirst();
      const matches =
        row && ('groupId' in target ? row.group_id === target.groupId : row.folder_id === target.folderId);
      if (!view || !matches) throw notFound('privilege', privilegeId);
      await uow.db.deleteFrom('group_privileges').where('id', '=', privilegeId).execute();
      if ('groupId' in target)
        await addHistory(uow, { groupId: target.groupId, event: 'privilege-revoked', data: view });
      uow.record({
        action: 'group.privilege.revoke',
        op: 'revoked',
        targetType: 'groupId' in target ? 'group' : 'group_folder',
        targetId: 'groupId' in target ? target.groupId : target.folderId,
        before: view,
      });
    });
  }

  return { list, grant, revoke };
}

/** Privileges as the API shows them: one (`id`), or those granted on a group or a folder. */
async function privilegeViews(
  db: ServiceDeps['db'],
  where: { id: number } | { groupId: number } | { folderId: number },
): Promise<PrivilegeView[]> {
  let q = db
    .selectFrom('group_privileges as p')
    .leftJoin('people as pe', 'pe.id', 'p.subject_person_id')
    .leftJoin('groups as g', 'g.id', 'p.subject_group_id')
    .select([
      'p.id',
      'p.privilege',
      'p.subject_person_id',
      'p.subject_group_id',
      'p.granted_by',
      'p.granted_at',
      'pe.given_name',
      'pe.family_name',
      'g.name as group_name',
    ]);
  if ('id' in where) q = q.where('p.id', '=', where.id);
  else if ('groupId' in where) q = q.where('p.group_id', '=', where.groupId);
  else q = q.where('p.folder_id', '=', where.folderId);
  const rows = await q.orderBy('p.id').execute();
  return rows.map((r) => ({
    id: r.id,
    privilege: r.privilege,
    personId: r.subject_person_id,
    personName: r.given_name ? `${r.given_name} ${r.family_name}` : null,
    subjectGroupId: r.subject_group_id,
    subjectGroupName: r.group_name ?? null,
    grantedBy: r.granted_by,
    grantedAt: r.granted_at.toISOString(),
  }));
}
