import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import type { CompositeOp, GroupKind } from '../platform/db/group-tables.ts';
import { assertNoProblems, conflict, type FieldProblem, stale, StewardError } from '../platform/errors.ts';
import { type UnitOfWork, write } from '../platform/unit-of-work.ts';
import { wouldCycle } from './effective.ts';
import { drawsOnOf, lockGroups, propagate } from './effective-engine.ts';
import { requirePrivilege } from './group-access.ts';
import { groupAbilities, hasDirectMembers } from './group-policy.ts';
import type { GroupDetail, GroupView } from './group-schemas.ts';
import { addHistory, assertNameFree, groupByName, loadFolder, loadGroup } from './group-store.ts';
import { extensionProblems, fullName } from './names.ts';
import { type GroupRule, ruleProblems, ruleReferences } from './rules.ts';

export interface GroupInput {
  folderId: number;
  extension: string;
  displayName?: string | null;
  description?: string;
  kind?: GroupKind;
  composite?: { op: CompositeOp; leftId: number; rightId: number };
  rule?: GroupRule;
}

export interface GroupPatch {
  extension?: string;
  displayName?: string | null;
  description?: string;
  composite?: { op: CompositeOp; leftId: number; rightId: number };
  rule?: GroupRule;
}

/**
 * Deletes a group inside the caller's unit of work (the delete use case, SCIM's DELETE): refused (409) while it is a
 * member of another group, an operand of a composite or the subject of a privilege; its memberships, privileges and
 * effective rows go with it, with its history, the audit and a change for the people it held.
 */
export async function deleteGroupIn(uow: UnitOfWork, current: GroupView): Promise<void> {
  const id = current.id;
  await lockGroups(uow.db);
  const { rows } = await sql<{ member: number; operand: number; subject: number }>`
    select (select count(*) from group_memberships where member_group_id = ${id})::int as member,
           (select count(*) from groups where left_group_id = ${id} or right_group_id = ${id})::int as operand,
           (select count(*) from group_privileges where subject_group_id = ${id})::int as subject`.execute(uow.db);
  const use = rows[0];
  const problems: FieldProblem[] = [
    ...(use.member
      ? [
          {
            field: '/id',
            rule: 'in-use-as-member',
            message: `${current.name} is a member of ${use.member} group(s)`,
          },
        ]
      : []),
    ...(use.operand
      ? [
          {
            field: '/id',
            rule: 'in-use-as-operand',
            message: `${current.name} is an operand of ${use.operand} composite group(s)`,
          },
        ]
      : []),
    ...(use.subject
      ? [
          {
            field: '/id',
            rule: 'in-use-as-privilege-subject',
            message: `${current.name} holds ${use.subject} privilege(s)`,
          },
        ]
      : []),
  ];
  if (problems.length)
    throw new StewardError('conflict', `${current.name} is in use: ${problems.map((p) => p.message).join('; ')}`, {
      problems,
    });
  const people = await uow.db
    .selectFrom('group_effective_members')
    .select('person_id')
    .distinct()
    .where('group_id', '=', id)
    .execute();
  await uow.db.deleteFrom('group_effective_members').where('group_id', '=', id).execute();
  await uow.db.deleteFrom('group_memberships').where('group_id', '=', id).execute();
  await uow.db.deleteFrom('group_privileges').where('group_id', '=', id).execute();
  await uow.db.deleteFrom('groups').where('id', '=', id).execute();
  await addHistory(uow, { groupId: id, event: 'group-deleted', data: current });
  if (people.length)
    uow.change({
      entityType: 'group_effective',
      entityId: id,
      op: 'updated',
      data: { personIds: people.map((p) => p.person_id).sort((a, b) => a - b) },
    });
  uow.record({ action: 'group.delete', op: 'deleted', targetType: 'group', targetId: id, before: current });
}

/**
 * Groups: basic (direct members), composite (union, intersection or complement of two
 * groups) and rule groups (computed from registry facts). Creating or changing one needs
 * `admin` on its folder or the group; using another group as an operand needs `read` on it.
 * A definition change recomputes the effective members of the group and of every group
 * that draws on it, in the same transaction.
 */
export function createGroupService(deps: ServiceDeps) {
  const { db, clock } = deps;

  async function checkRule(uow: UnitOfWork, rule: GroupRule): Promise<void> {
    assertNoProblems(ruleProblems(rule));
    const refs = ruleReferences(rule);
    const problems: FieldProblem[] = [];
    for (const code of refs.orgCodes) {
      if (!(await uow.db.selectFrom('org_units').select('id').where('code', '=', code).executeTakeFirst()))
        problems.push({ field: '/rule', rule: 'exists', message: `no org unit has the code ${code}` });
    }
    for (const name of refs.statusTypes) {
      if (
        !(await uow.db
          .selectFrom('status_types')
          .select('id')
          .where(sql`lower(name)`, '=', name.toLowerCase())
          .executeTakeFirst())
      )
        problems.push({ field: '/rule', rule: 'exists', message: `no status type is named ${name}` });
    }
    assertNoProblems(problems);
  }

  async function checkComposite(
    actor: Actor,
    uow: UnitOfWork,
    self: number | null,
    c: { leftId: number; rightId: number },
  ): Promise<void> {
    for (const [field, id] of [
      ['/composite/leftId', c.leftId],
      ['/composite/rightId', c.rightId],
    ] as const) {
      if (id === self)
        throw new StewardError('validation', 'a composite cannot be made of itself', {
          problems: [{ field, rule: 'self', message: 'a composite cannot be made of itself' }],
        });
      const exists = await uow.db.selectFrom('groups').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
      if (!exists)
        throw new StewardError('validation', `group ${id} does not exist`, {
          problems: [{ field, rule: 'exists', message: `group ${id} does not exist` }],
        });
      await requirePrivilege(uow.db, actor, { groupId: id }, 'read', uow.now, `the group ${exists.name}`);
      if (self !== null && wouldCycle(await drawsOnOf(uow.db, null), self, id))
        throw conflict(`${exists.name} already draws on this group`, {
          field,
          rule: 'cycle',
          message: `${exists.name} draws on this group: the composite would be a cycle`,
        });
    }
    if (c.leftId === c.rightId)
      throw new StewardError('validation', 'the two operands must differ', {
        problems: [
          { field: '/composite/rightId', rule: 'distinct', message: 'the two operands must be different groups' },
        ],
      });
  }

  async function create(actor: Actor, input: GroupInput): Promise<GroupView> {
    const kind: GroupKind = input.kind ?? (input.composite ? 'composite' : input.rule ? 'rule' : 'basic');
    const problems: FieldProblem[] = [...extensionProblems(input.extension)];
    if (kind === 'composite' && !input.composite)
      problems.push({
        field: '/composite',
        rule: 'required',
        message: 'a composite group needs an operator and two groups',
      });
    if (kind === 'rule' && !input.rule)
      problems.push({ field: '/rule', rule: 'required', message: 'a rule group needs a rule' });
    if (kind !== 'composite' && input.composite)
      problems.push({ field: '/composite', rule: 'kind', message: `a ${kind} group has no composite` });
    if (kind !== 'rule' && input.rule)
      problems.push({ field: '/rule', rule: 'kind', message: `a ${kind} group has no rule` });
    assertNoProblems(problems);
    const folder = await loadFolder(db, input.folderId);
    await requirePrivilege(db, actor, { folderId: folder.id }, 'admin', clock.now(), `the folder ${folder.name}`);
    const name = fullName(folder.name, input.extension);
    return write(deps, actor, async (uow) => {
      await lockGroups(uow.db);
      await assertNameFree(uow.db, name);
      if (input.composite) await checkComposite(actor, uow, null, input.composite);
      if (input.rule) await checkRule(uow, input.rule);
      const row = await uow.db
        .insertInto('groups')
        .values({
          folder_id: folder.id,
          extension: input.extension,
          name,
          display_name: input.displayName ?? null,
          description: input.description ?? '',
          kind,
          composite_op: input.composite?.op ?? null,
          left_group_id: input.composite?.leftId ?? null,
          right_group_id: input.composite?.rightId ?? null,
          rule: input.rule ? JSON.stringify(input.rule) : null,
          created_at: uow.now,
          updated_at: uow.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = row.id;
      if (!hasDirectMembers(kind)) await propagate(uow, [id], null);
      const group = await loadGroup(uow.db, id);
      await addHistory(uow, { groupId: id, event: 'group-created', data: group });
      uow.record({ action: 'group.create', op: 'created', targetType: 'group', targetId: id, after: group });
      return group;
    });
  }

  async function get(actor: Actor, id: number): Promise<GroupDetail> {
    const group = await loadGroup(db, id);
    const held = await requirePrivilege(db, actor, { groupId: id }, 'view', clock.now(), `the group ${group.name}`);
    return { ...group, privileges: [...held].sort(), abilities: groupAbilities(held, group) };
  }

  async function byName(actor: Actor, name: string): Promise<GroupDetail> {
    return get(actor, (await groupByName(db, name)).id);
  }

  async function update(actor: Actor, id: number, expected: number, patch: GroupPatch): Promise<GroupView> {
    if (patch.extension !== undefined) assertNoProblems(extensionProblems(patch.extension));
    const current = await loadGroup(db, id);
    await requirePrivilege(db, actor, { groupId: id }, 'admin', clock.now(), `the group ${current.name}`);
    if (patch.composite && current.kind !== 'composite')
      assertNoProblems([{ field: '/composite', rule: 'kind', message: `${current.name} is a ${current.kind} group` }]);
    if (patch.rule && current.kind !== 'rule')
      assertNoProblems([{ field: '/rule', rule: 'kind', message: `${current.name} is a ${current.kind} group` }]);
    return write(deps, actor, async (uow) => {
      await lockGroups(uow.db);
      const before = await loadGroup(uow.db, id);
      if (before.version !== expected) throw stale(`the group ${before.name}`, expected);
      const extension = patch.extension ?? before.extension;
      const name = fullName((await loadFolder(uow.db, before.folderId)).name, extension);
      if (name !== before.name) await assertNameFree(uow.db, name);
      if (patch.composite) await checkComposite(actor, uow, id, patch.composite);
      if (patch.rule) await checkRule(uow, patch.rule);
      await uow.db
        .updateTable('groups')
        .set({
          extension,
          name,
          display_name: patch.displayName === undefined ? before.displayName : patch.displayName,
          description: patch.description ?? before.description,
          ...(patch.composite
            ? {
                composite_op: patch.composite.op,
                left_group_id: patch.composite.leftId,
                right_group_id: patch.composite.rightId,
              }
            : {}),
          ...(patch.rule ? { rule: JSON.stringify(patch.rule) } : {}),
          updated_at: uow.now,
          version: sql`version + 1`,
        })
        .where('id', '=', id)
        .execute();
      if (patch.composite || patch.rule) await propagate(uow, [id], null);
      const after = await loadGroup(uow.db, id);
      await addHistory(uow, { groupId: id, event: 'group-updated', data: { before, after } });
      uow.record({ action: 'group.update', op: 'updated', targetType: 'group', targetId: id, before, after });
      return after;
    });
  }

  async function move(actor: Actor, id: number, expected: number, folderId: number): Promise<GroupView> {
    const current = await loadGroup(db, id);
    await requirePrivilege(db, actor, { groupId: id }, 'admin', clock.now(), `the group ${current.name}`);
    const folder = await loadFolder(db, folderId);
    await requirePrivilege(db, actor, { folderId }, 'admin', clock.now(), `the folder ${folder.name}`);
    return write(deps, actor, async (uow) => {
      const before = await loadGroup(uow.db, id);
      if (before.version !== expected) throw stale(`the group ${before.name}`, expected);
      const name = fullName(folder.name, before.extension);
      if (name !== before.name) await assertNameFree(uow.db, name, '/folderId');
      await uow.db
        .updateTable('groups')
        .set({ folder_id: folderId, name, updated_at: uow.now, version: sql`version + 1` })
        .where('id', '=', id)
        .execute();
      const after = await loadGroup(uow.db, id);
      await addHistory(uow, { groupId: id, event: 'group-moved', data: { from: before.name, to: after.name } });
      uow.record({ action: 'group.move', op: 'moved', targetType: 'group', targetId: id, before, after });
      return after;
    });
  }

  async function remove(actor: Actor, id: number): Promise<void> {
    const current = await loadGroup(db, id);
    await requirePrivilege(db, actor, { groupId: id }, 'admin', clock.now(), `the group ${current.name}`);
    await write(deps, actor, (uow) => deleteGroupIn(uow, current));
  }

  return { create, get, byName, update, move, remove };
}
