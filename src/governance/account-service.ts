import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, conflict, invalid, notFound, stale } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { lockGroups } from '../groups/effective-engine.ts';
import { requirePrivilege } from '../groups/group-access.ts';
import { assertAddable, loadSubject } from './add-gate.ts';
import { assertDirectAdder } from './add-hook.ts';
import { accountProblems } from './account-rules.ts';
import type {
  AccountInput,
  AccountMemberInput,
  AccountMembershipViewT,
  AccountPatchInput,
  AccountViewT,
} from './account-schemas.ts';
import { accountMembershipViews, accountViews, insertAccountMembership } from './account-store.ts';
import type { Db } from './policy-store.ts';
import { policyFor } from './policy-store.ts';

/**
 * Administrative accounts (a person's second account for elevated work) and service accounts, each with an owner
 * person who answers for it; they are subjects of group memberships (`account_memberships`). Read by registry
 * readers; created and changed by whoever may update the owner (organisation administrators in the owner's
 * subtree, system administrators). An account is added to a group with `update` on the group, as a governed
 * direct add: only the policy's direct adders, and the checks before adding run.
 */
export function createSubjectAccountService(deps: ServiceDeps) {
  const { db, clock } = deps;

  async function ownerPaths(trx: Db, personId: number, field: string): Promise<string[]> {
    const p = await trx.selectFrom('people').select('state').where('id', '=', personId).executeTakeFirst();
    if (!p || p.state !== 'active') throw invalid(field, 'exists', `there is no active person ${personId}`);
    const rows = await trx
      .selectFrom('affiliations as a')
      .innerJoin('org_units as o', 'o.id', 'a.org_id')
      .select('o.path')
      .where('a.person_id', '=', personId)
      .execute();
    return rows.map((r) => r.path);
  }

  async function mayManage(actor: Actor, trx: Db, ownerPersonId: number, field = '/ownerPersonId'): Promise<void> {
    authorise(actor, 'people:update', { orgPaths: await ownerPaths(trx, ownerPersonId, field) });
  }

  async function one(id: number): Promise<AccountViewT> {
    const [a] = await accountViews(db, { ids: [id] });
    if (!a) throw notFound('account', id);
    return a;
  }

  async function list(actor: Actor, query: { ownerPersonId?: number; kind?: string }): Promise<AccountViewT[]> {
    authorise(actor, 'people:read');
    return accountViews(db, query);
  }

  async function get(actor: Actor, id: number): Promise<AccountViewT> {
    authorise(actor, 'people:read');
    return one(id);
  }

  async function create(actor: Actor, input: AccountInput): Promise<AccountViewT> {
    assertNoProblems(accountProblems(input, true));
    await mayManage(actor, db, input.ownerPersonId);
    const id = await write(deps, actor, async (uow) => {
      const taken = await uow.db
        .selectFrom('subject_accounts')
        .select('id')
        .where('username', '=', input.username)
        .executeTakeFirst();
      if (taken)
        throw conflict(`the username ${input.username} is taken (account ${taken.id})`, {
          field: '/username',
          rule: 'unique',
        });
      const row = await uow.db
        .insertInto('subject_accounts')
        .values({
          kind: input.kind,
          username: input.username,
          owner_person_id: input.ownerPersonId,
          description: input.description ?? '',
          attributes: JSON.stringify(input.attributes ?? {}),
          created_at: uow.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const [view] = await accountViews(uow.db, { ids: [row.id] });
      uow.record({
        action: 'governance.account.create',
        op: 'created',
        targetType: 'subject_account',
        targetId: row.id,
        after: view,
      });
      return row.id;
    });
    return one(id);
  }

  async function update(actor: Actor, id: number, expected: number, patch: AccountPatchInput): Promise<AccountViewT> {
    const before = await one(id);
    assertNoProblems(accountProblems(patch, false));
    await mayManage(actor, db, before.ownerPersonId, '/id');
    if (patch.ownerPersonId !== undefined) await mayManage(actor, db, patch.ownerPersonId);
    await write(deps, actor, async (uow) => {
      const done = await uow.db
        .updateTable('subject_accounts')
        .set({
          owner_person_id: patch.ownerPersonId ?? before.ownerPersonId,
          description: patch.description ?? before.description,
          attributes: JSON.stringify(patch.attributes ?? before.attributes),
          ended_at: patch.endedAt === undefined ? before.endedAt : patch.endedAt,
          version: sql`version + 1`,
        })
        .where('id', '=', id)
        .where('version', '=', expected)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) throw stale(`account ${id}`, expected, before.version);
      const [after] = await accountViews(uow.db, { ids: [id] });
      uow.record({
        action: 'governance.account.update',
        op: 'updated',
        targetType: 'subject_account',
        targetId: id,
        before,
        after,
      });
    });
    return one(id);
  }

  async function remove(actor: Actor, id: number): Promise<void> {
    const before = await one(id);
    await mayManage(actor, db, before.ownerPersonId, '/id');
    await write(deps, actor, async (uow) => {
      const used = await uow.db
        .selectFrom('account_memberships')
        .select('id')
        .where('account_id', '=', id)
        .union(uow.db.selectFrom('membership_requests').select('id').where('account_id', '=', id))
        .executeTakeFirst();
      if (used)
        throw conflict(
          `account ${before.username} has memberships or requests: end it (endedAt) instead of deleting it`,
          {
            field: '/id',
            rule: 'in-use',
          },
        );
      await uow.db.deleteFrom('subject_accounts').where('id', '=', id).execute();
      uow.record({
        action: 'governance.account.delete',
        op: 'deleted',
        targetType: 'subject_account',
        targetId: id,
        before,
      });
    });
  }

  async function memberships(actor: Actor, id: number): Promise<AccountMembershipViewT[]> {
    authorise(actor, 'people:read');
    await one(id);
    return accountMembershipViews(db, { accountId: id });
  }

  /** Adds an account to a group directly: `update` on the group, a direct adder if governed, the checks pass. */
  async function addMembership(actor: Actor, id: number, input: AccountMemberInput): Promise<AccountMembershipViewT> {
    const account = await one(id);
    const group = await db.selectFrom('groups').select('name').where('id', '=', input.groupId).executeTakeFirst();
    if (!group) throw invalid('/groupId', 'exists', `group ${input.groupId} does not exist`);
    await assertDirectAdder(db, actor, input.groupId, account.ownerPersonId, clock.now());
    await requirePrivilege(db, actor, { groupId: input.groupId }, 'update', clock.now(), `the group ${group.name}`);
    const disabledAt = input.disabledAt ? new Date(input.disabledAt) : null;
    return write(deps, actor, async (uow) => {
      await lockGroups(uow.db);
      const eff = await policyFor(uow.db, input.groupId);
      const subject = await loadSubject(uow.db, { accountId: id }, eff?.policy ?? null, uow.now);
      await assertAddable(
        uow.db,
        {
          groupId: input.groupId,
          policy: eff?.policy ?? null,
          subject,
          endsAt: disabledAt,
          endField: '/disabledAt',
          now: uow.now,
        },
        `${subject.check.label} cannot be added to ${group.name}`,
      );
      return insertAccountMembership(uow, { ...input, accountId: id, disabledAt });
    });
  }

  async function removeMembership(
    actor: Actor,
    id: number,
    membershipId: number,
    reason: string | null,
  ): Promise<void> {
    const [m] = await accountMembershipViews(db, { ids: [membershipId] });
    if (!m || m.accountId !== id) throw notFound('account membership', membershipId);
    await requirePrivilege(db, actor, { groupId: m.groupId }, 'update', clock.now(), `the group ${m.groupName}`);
    await write(deps, actor, async (uow) => {
      await uow.db.deleteFrom('account_memberships').where('id', '=', membershipId).execute();
      uow.record({
        action: 'governance.account.member.remove',
        op: 'member-removed',
        targetType: 'group',
        targetId: m.groupId,
        before: m,
        reason,
      });
    });
  }

  return { list, get, create, update, remove, memberships, addMembership, removeMembership };
}

export type SubjectAccountService = ReturnType<typeof createSubjectAccountService>;
