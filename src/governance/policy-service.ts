import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise, can } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import {
  assertNoProblems,
  conflict,
  type FieldProblem,
  forbidden,
  invalid,
  notFound,
  stale,
} from '../platform/errors.ts';
import { type UnitOfWork, write } from '../platform/unit-of-work.ts';
import { actorPrivileges } from '../groups/group-access.ts';
import { seesAllGroups } from '../groups/group-policy.ts';
import {
  type PolicyInput,
  type PolicySettings,
  type PolicyTarget,
  policyProblems,
  referencedGroups,
  referencedPeople,
  targetOf,
} from './policy-rules.ts';
import type { DelegateViewT, EffectivePolicyViewT } from './policy-schemas.ts';
import {
  type Db,
  loadPolicy,
  type PolicyRow,
  policyFor,
  presentPolicies,
  settingsColumns,
  type StoredPolicy,
} from './policy-store.ts';

/**
 * Governance policies (C8) and their department delegates. A policy attaches to one group, one folder (governing the
 * groups below it; the nearest folder wins, a group's own policy wins over any folder) or one access role. System
 * administrators manage every policy and auditors read them; anyone else manages (and reads) the policies of the
 * groups and folders they hold `admin` on; a role's policy is for those who configure access.
 */
type Want = 'read' | 'manage';

export function createPolicyService(deps: ServiceDeps) {
  const { db, clock } = deps;

  /** Refuses (403) one who may not read or manage policies of the target. */
  async function authoriseTarget(actor: Actor, target: PolicyTarget, want: Want, trx: Db = db): Promise<void> {
    if (target.kind === 'role') {
      if (want === 'read' && (seesAllGroups(actor) || can(actor, 'access:read'))) return;
      return authorise(actor, 'access:configure');
    }
    if (want === 'read' && seesAllGroups(actor)) return;
    const key = target.kind === 'group' ? { groupId: target.id } : { folderId: target.id };
    const held = await actorPrivileges(trx, actor, key, clock.now());
    if (!held.has('admin'))
      throw forbidden(
        `${actor.name} lacks the admin privilege on ${target.kind} ${target.id}, so cannot ${want} its policy`,
      );
  }

  const targetFromStored = (p: StoredPolicy): PolicyTarget => ({ kind: p.target.kind, id: p.target.id });

  async function exists(trx: Db, target: PolicyTarget): Promise<boolean> {
    const table = target.kind === 'group' ? 'groups' : target.kind === 'folder' ? 'group_folders' : 'access_roles';
    return !!(await trx.selectFrom(table).select('id').where('id', '=', target.id).executeTakeFirst());
  }

  /** The people and groups a policy names must exist (400 naming the field). */
  async function referenceProblems(trx: Db, s: PolicySettings): Promise<FieldProblem[]> {
    const out: FieldProblem[] = [];
    const groups = referencedGroups(s);
    const people = referencedPeople(s);
    const knownGroups = new Set(
      groups.length
        ? (
            await trx
              .selectFrom('groups')
              .select('id')
              .where(
                'id',
                'in',
                groups.map((g) => g.groupId),
              )
              .execute()
          ).map((r) => r.id)
        : [],
    );
    const knownPeople = new Set(
      people.length
        ? (
            await trx
              .selectFrom('people')
              .select('id')
              .where(
                'id',
                'in',
                people.map((x) => x.personId),
              )
              .where('state', '=', 'active')
              .execute()
          ).map((r) => r.id)
        : [],
    );
    for (const g of groups)
      if (!knownGroups.has(g.groupId))
        out.push({ field: g.field, rule: 'exists', message: `group ${g.groupId} does not exist` });
    for (const x of people)
      if (!knownPeople.has(x.personId))
        out.push({ field: x.field, rule: 'exists', message: `there is no active person ${x.personId}` });
    return out;
  }

  async function nameTaken(trx: Db, name: string, except: number | null): Promise<void> {
    const other = await trx
      .selectFrom('governance_policies')
      .select('id')
      .where('name', '=', name)
      .where('id', '!=', except ?? 0)
      .executeTakeFirst();
    if (other)
      throw conflict(`a policy named ${name} exists already (policy ${other.id})`, { field: '/name', rule: 'unique' });
  }

  function audit(uow: UnitOfWork, action: string, op: string, id: number, before: unknown, after: unknown) {
    uow.record({ action, op, targetType: 'governance_policy', targetId: id, before, after });
  }

  /**
   * Policies, optionally of one group, folder or role. System administrators and auditors list every policy; anyone
   * else lists those of a group or folder they administer, named in the query.
   */
  async function list(
    actor: Actor,
    query: { groupId?: number; folderId?: number; roleId?: number },
  ): Promise<StoredPolicy[]> {
    if (!seesAllGroups(actor)) {
      const target: PolicyTarget | null = query.groupId
        ? { kind: 'group', id: query.groupId }
        : query.folderId
          ? { kind: 'folder', id: query.folderId }
          : query.roleId
            ? { kind: 'role', id: query.roleId }
            : null;
      if (!target)
        throw forbidden(
          `${actor.name} may list only the policies of a group or folder they administer: name it with groupId or folderId`,
        );
      await authoriseTarget(actor, target, 'read');
    }
    let q = db.selectFrom('governance_policies').selectAll().orderBy('id');
    if (query.groupId) q = q.where('group_id', '=', query.groupId);
    if (query.folderId) q = q.where('folder_id', '=', query.folderId);
    if (query.roleId) q = q.where('role_id', '=', query.roleId);
    return presentPolicies(db, await q.execute());
  }

  async function get(actor: Actor, id: number): Promise<StoredPolicy> {
    const p = await loadPolicy(db, id);
    if (!p) throw notFound('policy', id);
    await authoriseTarget(actor, targetFromStored(p), 'read');
    return p;
  }

  async function create(actor: Actor, input: PolicyInput): Promise<StoredPolicy> {
    const { target, problems } = targetOf(input);
    const checked = policyProblems(input);
    assertNoProblems([...problems, ...checked.problems]);
    await authoriseTarget(actor, target!, 'manage');
    const settings = checked.settings!;
    const id = await write(deps, actor, async (uow) => {
      if (!(await exists(uow.db, target!)))
        throw invalid(`/${target!.kind}Id`, 'exists', `${target!.kind} ${target!.id} does not exist`);
      assertNoProblems(await referenceProblems(uow.db, settings));
      await nameTaken(uow.db, settings.name, null);
      const column = target!.kind === 'group' ? 'group_id' : target!.kind === 'folder' ? 'folder_id' : 'role_id';
      const taken = await uow.db
        .selectFrom('governance_policies')
        .select('name')
        .where(column, '=', target!.id)
        .executeTakeFirst();
      if (taken)
        throw conflict(`${target!.kind} ${target!.id} has a policy already (${taken.name}): change that one`, {
          field: `/${target!.kind}Id`,
          rule: 'unique',
        });
      const row = await uow.db
        .insertInto('governance_policies')
        .values({
          ...settingsColumns(settings),
          group_id: target!.kind === 'group' ? target!.id : null,
          folder_id: target!.kind === 'folder' ? target!.id : null,
          role_id: target!.kind === 'role' ? target!.id : null,
          created_at: uow.now,
          updated_at: uow.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      audit(uow, 'governance.policy.create', 'created', row.id, null, (await loadPolicy(uow.db, row.id))!);
      return row.id;
    });
    return (await loadPolicy(db, id))!;
  }

  async function update(actor: Actor, id: number, expected: number, input: PolicyInput): Promise<StoredPolicy> {
    const current = await get(actor, id);
    await authoriseTarget(actor, targetFromStored(current), 'manage');
    const checked = policyProblems(input, current);
    assertNoProblems(checked.problems);
    const settings = checked.settings!;
    await write(deps, actor, async (uow) => {
      assertNoProblems(await referenceProblems(uow.db, settings));
      await nameTaken(uow.db, settings.name, id);
      const done = await uow.db
        .updateTable('governance_policies')
        .set({ ...settingsColumns(settings), updated_at: uow.now, version: sql`version + 1` })
        .where('id', '=', id)
        .where('version', '=', expected)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) === 0) throw stale(`policy ${id}`, expected, current.version);
      audit(uow, 'governance.policy.update', 'updated', id, current, await loadPolicy(uow.db, id));
    });
    return (await loadPolicy(db, id))!;
  }

  async function remove(actor: Actor, id: number): Promise<void> {
    const current = await get(actor, id);
    await authoriseTarget(actor, targetFromStored(current), 'manage');
    await write(deps, actor, async (uow) => {
      const count = async (table: 'membership_facts' | 'membership_requests') =>
        Number(
          (
            await uow.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('policy_id', '=', id)
              .executeTakeFirstOrThrow()
          ).n,
        );
      const [facts, requests] = [await count('membership_facts'), await count('membership_requests')];
      if (facts + requests > 0)
        throw conflict(
          `policy ${current.name} is in use: ${facts} memberships carry facts recorded under it and ${requests} requests name it; change it instead`,
          { field: '/id', rule: 'in-use' },
        );
      await uow.db.deleteFrom('governance_policies').where('id', '=', id).execute();
      audit(uow, 'governance.policy.delete', 'deleted', id, current, null);
    });
  }

  /** The policy that governs a group and where it comes from (readers of the group). */
  async function effective(actor: Actor, groupId: number): Promise<EffectivePolicyViewT> {
    const group = await db.selectFrom('groups').select('id').where('id', '=', groupId).executeTakeFirst();
    if (!group) throw notFound('group', groupId);
    const held = await actorPrivileges(db, actor, { groupId }, clock.now());
    if (!held.has('view')) throw forbidden(`${actor.name} lacks the view privilege on group ${groupId}`);
    const eff = await policyFor(db, groupId);
    return { groupId, governed: eff !== null, policy: eff?.policy ?? null, via: eff?.via ?? null };
  }

  async function delegateViews(trx: Db, policyId: number, ids?: number[]): Promise<DelegateViewT[]> {
    const { rows } = await sql<{
      id: number;
      policy_id: number;
      org_id: number;
      code: string;
      person_id: number;
      name: string;
      created_at: Date;
    }>`select d.id, d.policy_id, d.org_id, o.code, d.person_id, d.created_at,
         trim(coalesce(p.preferred_name, p.given_name) || ' ' || p.family_name) as name
       from governance_delegates d join org_units o on o.id = d.org_id join people p on p.id = d.person_id
       where d.policy_id = ${policyId} ${ids ? sql`and d.id = any(${ids}::bigint[])` : sql``} order by o.path, d.id`.execute(
      trx,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      policyId: Number(r.policy_id),
      orgId: Number(r.org_id),
      orgCode: r.code,
      personId: Number(r.person_id),
      personName: r.name,
      createdAt: new Date(r.created_at).toISOString(),
    }));
  }

  async function listDelegates(actor: Actor, policyId: number): Promise<DelegateViewT[]> {
    await get(actor, policyId);
    return delegateViews(db, policyId);
  }

  async function addDelegate(
    actor: Actor,
    policyId: number,
    input: { orgId: number; personId: number },
  ): Promise<DelegateViewT> {
    const p = await get(actor, policyId);
    await authoriseTarget(actor, targetFromStored(p), 'manage');
    return write(deps, actor, async (uow) => {
      if (!(await uow.db.selectFrom('org_units').select('id').where('id', '=', input.orgId).executeTakeFirst()))
        throw invalid('/orgId', 'exists', `org unit ${input.orgId} does not exist`);
      const person = await uow.db
        .selectFrom('people')
        .select('state')
        .where('id', '=', input.personId)
        .executeTakeFirst();
      if (!person || person.state !== 'active')
        throw invalid('/personId', 'exists', `there is no active person ${input.personId}`);
      const row = await uow.db
        .insertInto('governance_delegates')
        .values({ policy_id: policyId, org_id: input.orgId, person_id: input.personId, created_at: uow.now })
        .onConflict((oc) => oc.columns(['policy_id', 'org_id', 'person_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row)
        throw conflict(`person ${input.personId} is a delegate of unit ${input.orgId} for this policy already`, {
          field: '/personId',
          rule: 'unique',
        });
      const [view] = await delegateViews(uow.db, policyId, [row.id]);
      uow.record({
        action: 'governance.delegate.add',
        op: 'created',
        targetType: 'governance_delegate',
        targetId: row.id,
        after: view,
      });
      return view;
    });
  }

  async function removeDelegate(actor: Actor, policyId: number, delegateId: number): Promise<void> {
    const p = await get(actor, policyId);
    await authoriseTarget(actor, targetFromStored(p), 'manage');
    await write(deps, actor, async (uow) => {
      const [before] = await delegateViews(uow.db, policyId, [delegateId]);
      if (!before) throw notFound('delegate', delegateId);
      await uow.db.deleteFrom('governance_delegates').where('id', '=', delegateId).execute();
      uow.record({
        action: 'governance.delegate.remove',
        op: 'deleted',
        targetType: 'governance_delegate',
        targetId: delegateId,
        before,
      });
    });
  }

  return { list, get, create, update, remove, effective, listDelegates, addDelegate, removeDelegate };
}

export type PolicyService = ReturnType<typeof createPolicyService>;
export type { PolicyRow };
