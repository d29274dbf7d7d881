import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
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
import { wouldCycle } from './effective.ts';
import { drawsOnOf, lockGroups, propagate } from './effective-engine.ts';
import { personOfActor, refuseSelfGrant, requirePrivilege, selfFactsOf } from './group-access.ts';
import { hasDirectMembers, onlyNarrows, selfGrantProblem } from './group-policy.ts';
import type { MembershipView } from './group-schemas.ts';
import { addHistory, loadGroup } from './group-store.ts';
import { membershipsOf } from './membership-store.ts';
import { membershipCountsAt } from './membership-time.ts';

export interface MemberInput {
  personId?: number;
  groupId?: number;
  reason?: string | null;
  ticket?: string | null;
  requestedBy?: string | null;
  approvedBy?: string | null;
  enabledFrom?: string | null;
  disabledAt?: string | null;
}

/**
 * What another capability (membership governance) adds to the direct add and opt-in paths, passed in by the
 * composition root so groups import nothing of it: `mayAddDirectly` may refuse (403) one who must request instead,
 * before the privilege check; `beforeInsert` runs inside the add's transaction (it may refuse, naming each failed
 * check) and may return what to do once the membership exists (record its eligibility facts).
 */
export interface MembershipHooks {
  mayAddDirectly?(actor: Actor, groupId: number, input: MemberInput): Promise<void>;
  beforeInsert?(
    uow: UnitOfWork,
    groupId: number,
    input: MemberInput,
  ): Promise<((view: MembershipView) => Promise<void>) | undefined>;
  /**
   * Whether `beforeInsert` has anything to check for adds to this group (a policy, or exclusions at all): a caller
   * adding many members at once may skip calling it per member when not.
   */
  checksNeeded?(uow: UnitOfWork, groupId: number): Promise<boolean>;
  /** Before a direct membership's dates change (a governed group's expiry rules). */
  beforeChange?(uow: UnitOfWork, before: MembershipView, patch: MemberPatch): Promise<void>;
}

export interface MemberPatch {
  reason?: string | null;
  ticket?: string | null;
  enabledFrom?: string | null;
  disabledAt?: string | null;
}

const when = (s: string | null | undefined) => (s === undefined || s === null ? null : new Date(s));

function dateProblems(from: Date | null, until: Date | null): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (from && Number.isNaN(from.getTime()))
    problems.push({ field: '/enabledFrom', rule: 'format:date-time', message: 'not a date and time' });
  if (until && Number.isNaN(until.getTime()))
    problems.push({ field: '/disabledAt', rule: 'format:date-time', message: 'not a date and time' });
  if (problems.length === 0 && from && until && from.getTime() >= until.getTime())
    problems.push({
      field: '/disabledAt',
      rule: 'after-enabled-from',
      message: 'disabled-at must come after enabled-from',
    });
  return problems;
}

/** The people whose effective rows a change to a membership of `memberGroupId` can touch. */
async function peopleOf(uow: UnitOfWork, memberGroupId: number): Promise<number[]> {
  const rows = await uow.db
    .selectFrom('group_effective_members')
    .select('person_id')
    .distinct()
    .where('group_id', '=', memberGroupId)
    .execute();
  return rows.map((r) => r.person_id);
}

async function loadOne(uow: UnitOfWork, groupId: number, membershipId: number): Promise<MembershipView> {
  const [m] = await membershipsOf(uow.db, { ids: [membershipId] });
  if (!m || m.groupId !== groupId) throw notFound('membership', membershipId);
  return m;
}

/** One change to a direct membership's dates, reason or ticket (`changeMemberships`). */
export interface MembershipChange {
  groupId: number;
  membershipId: number;
  /** The version the caller read (412 when it moved on); left out by callers that read it in the same transaction. */
  expected?: number;
  patch: MemberPatch;
  /** Why, for the audit row and the history, when it is not the patch's reason (an access review's removal). */
  why?: string | null;
}

/** One's own membership (or a member group one is in) may only be narrowed by oneself (`no-self-grant`). */
async function refuseLengtheningOwn(uow: UnitOfWork, actor: Actor, before: MembershipView, patch: MemberPatch) {
  const from = patch.enabledFrom === undefined ? when(before.enabledFrom) : when(patch.enabledFrom);
  const until = patch.disabledAt === undefined ? when(before.disabledAt) : when(patch.disabledAt);
  assertNoProblems(dateProblems(from, until));
  const period = { from: when(before.enabledFrom), until: when(before.disabledAt) };
  if (onlyNarrows(period, { from, until })) return;
  const self = await selfFactsOf(uow.db, actor, uow.now);
  const grantee = { personId: before.personId, groupId: before.memberGroupId };
  const field = onlyNarrows({ from: period.from, until: null }, { from, until: null }) ? '/disabledAt' : '/enabledFrom';
  refuseSelfGrant([selfGrantProblem(actor, self, grantee, field, `lengthen the membership of {who}`)]);
}

/**
 * Changes direct memberships inside the caller's unit of work (the update use case, and other capabilities that
 * end memberships for a recorded reason): the dates are checked, each row written, the effective members recomputed
 * once for all of them, and each change put in the group's history, the audit and the change log.
 */
export async function changeMemberships(uow: UnitOfWork, changes: MembershipChange[]): Promise<MembershipView[]> {
  if (changes.length === 0) return [];
  await lockGroups(uow.db);
  const befores = new Map(
    (await membershipsOf(uow.db, { ids: changes.map((c) => c.membershipId) })).map((m) => [m.id, m]),
  );
  const people = new Set<number>();
  for (const { groupId, membershipId, expected, patch } of changes) {
    const before = befores.get(membershipId);
    if (!before || before.groupId !== groupId) throw notFound('membership', membershipId);
    if (expected !== undefined && before.version !== expected) throw stale(`membership ${membershipId}`, expected);
    const from = patch.enabledFrom === undefined ? when(before.enabledFrom) : when(patch.enabledFrom);
    const until = patch.disabledAt === undefined ? when(before.disabledAt) : when(patch.disabledAt);
    assertNoProblems(dateProblems(from, until));
    await uow.db
      .updateTable('group_memberships')
      .set({
        enabled_from: from,
        disabled_at: until,
        reason: patch.reason === undefined ? before.reason : patch.reason,
        ticket: patch.ticket === undefined ? before.ticket : patch.ticket,
        updated_at: uow.now,
        version: sql`version + 1`,
      })
      .where('id', '=', membershipId)
      .execute();
    for (const p of before.personId !== null ? [before.personId] : await peopleOf(uow, before.memberGroupId!))
      people.add(p);
  }
  const afters = new Map(
    (await membershipsOf(uow.db, { ids: changes.map((c) => c.membershipId) })).map((m) => [m.id, m]),
  );
  await propagate(uow, [...new Set(changes.map((c) => c.groupId))], [...people]);
  for (const c of changes) {
    const before = befores.get(c.membershipId)!;
    const after = afters.get(c.membershipId)!;
    const why = c.why === undefined ? (c.patch.reason ?? null) : c.why;
    await addHistory(uow, {
      groupId: c.groupId,
      event: 'member-updated',
      membershipId: c.membershipId,
      personId: before.personId,
      memberGroupId: before.memberGroupId,
      data: c.why === undefined ? { before, after } : { before, after, reason: c.why },
    });
    uow.record({
      action: 'group.member.update',
      op: 'member-updated',
      targetType: 'group',
      targetId: c.groupId,
      before,
      after,
      reason: why,
    });
  }
  return changes.map((c) => afters.get(c.membershipId)!);
}

/** Deletes a direct membership inside the caller's unit of work, with the reason in history and audit. */
export async function deleteMembership(
  uow: UnitOfWork,
  groupId: number,
  membershipId: number,
  reason: string | null,
  action: string,
): Promise<void> {
  const before = await loadOne(uow, groupId, membershipId);
  const people = before.personId !== null ? [before.personId] : await peopleOf(uow, before.memberGroupId!);
  await uow.db.deleteFrom('group_memberships').where('id', '=', membershipId).execute();
  await propagate(uow, [groupId], people);
  await addHistory(uow, {
    groupId,
    event: 'member-removed',
    membershipId,
    personId: before.personId,
    memberGroupId: before.memberGroupId,
    data: { ...before, removalReason: reason },
  });
  uow.record({ action, op: 'member-removed', targetType: 'group', targetId: groupId, before, reason });
}

/**
 * Direct memberships of people and groups in basic groups, with why (reason, ticket), who
 * asked, approved and added them and when they count ([enabled-from, disabled-at)). Adding
 * or changing needs `update` on the group (and `read` on a member group); a person with
 * `optin` / `optout` adds or removes themselves. Each change recomputes the effective
 * members it can touch in the same transaction.
 */
export function createMembershipService(deps: ServiceDeps, hooks: MembershipHooks = {}) {
  const { db, clock } = deps;

  async function basicGroup(groupId: number) {
    const group = await loadGroup(db, groupId);
    if (!hasDirectMembers(group.kind))
      throw conflict(`${group.name} is a ${group.kind} group: its members are computed`, {
        field: '/groupId',
        rule: 'basic-only',
        message: `${group.name} is a ${group.kind} group and has no direct members`,
      });
    return group;
  }

  async function insert(uow: UnitOfWork, groupId: number, input: MemberInput): Promise<MembershipView> {
    const group = await loadGroup(uow.db, groupId);
    const from = when(input.enabledFrom);
    const until = when(input.disabledAt);
    assertNoProblems(dateProblems(from, until));
    if ((input.personId === undefined) === (input.groupId === undefined))
      throw invalid('/personId', 'one-of', 'give either personId or groupId');
    if (input.personId !== undefined) {
      const p = await uow.db
        .selectFrom('people')
        .select(['id', 'state'])
        .where('id', '=', input.personId)
        .executeTakeFirst();
      if (!p) throw invalid('/personId', 'exists', `person ${input.personId} does not exist`);
      if (p.state !== 'active')
        throw invalid('/personId', 'active', `person ${input.personId} was merged into another record`);
    } else {
      const member = await uow.db
        .selectFrom('groups')
        .select(['id', 'name'])
        .where('id', '=', input.groupId!)
        .executeTakeFirst();
      if (!member) throw invalid('/groupId', 'exists', `group ${input.groupId} does not exist`);
      if (member.id === groupId)
        throw conflict('a group cannot be a member of itself', { field: '/groupId', rule: 'cycle' });
      await requirePrivilege(uow.db, uow.actor, { groupId: member.id }, 'read', uow.now, `the group ${member.name}`);
      if (wouldCycle(await drawsOnOf(uow.db, null), groupId, member.id))
        throw conflict(`${member.name} already contains ${group.name}`, {
          field: '/groupId',
          rule: 'cycle',
          message: `${member.name} contains ${group.name} (directly or through other groups): adding it would be a cycle`,
        });
    }
    const dup = await uow.db
      .selectFrom('group_memberships')
      .select('id')
      .where('group_id', '=', groupId)
      .where(
        input.personId !== undefined ? 'member_person_id' : 'member_group_id',
        '=',
        input.personId ?? input.groupId!,
      )
      .executeTakeFirst();
    if (dup)
      throw conflict(`already a direct member of ${group.name} (membership ${dup.id}); change its dates instead`, {
        field: input.personId !== undefined ? '/personId' : '/groupId',
        rule: 'unique',
        message: 'already a direct member',
      });
    const row = await uow.db
      .insertInto('group_memberships')
      .values({
        group_id: groupId,
        member_person_id: input.personId ?? null,
        member_group_id: input.groupId ?? null,
        reason: input.reason ?? null,
        ticket: input.ticket ?? null,
        requested_by: input.requestedBy ?? null,
        approved_by: input.approvedBy ?? null,
        added_by: uow.actor.name,
        added_at: uow.now,
        enabled_from: from,
        disabled_at: until,
        updated_at: uow.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const [view] = await membershipsOf(uow.db, { ids: [row.id] });
    await propagate(
      uow,
      [groupId],
      input.personId !== undefined ? [input.personId] : await peopleOf(uow, input.groupId!),
    );
    await addHistory(uow, {
      groupId,
      event: 'member-added',
      membershipId: view.id,
      personId: view.personId,
      memberGroupId: view.memberGroupId,
      data: view,
    });
    uow.record({
      action: 'group.member.add',
      op: 'member-added',
      targetType: 'group',
      targetId: groupId,
      after: view,
      reason: input.reason ?? null,
    });
    return view;
  }

  /** Inserts through the hooks: checked before, followed up after (a governed group's facts). */
  async function hookedInsert(uow: UnitOfWork, groupId: number, input: MemberInput): Promise<MembershipView> {
    const after = await hooks.beforeInsert?.(uow, groupId, input);
    const view = await insert(uow, groupId, input);
    await after?.(view);
    return view;
  }

  async function add(actor: Actor, groupId: number, input: MemberInput): Promise<MembershipView> {
    const group = await basicGroup(groupId);
    await hooks.mayAddDirectly?.(actor, groupId, input);
    await requirePrivilege(db, actor, { groupId }, 'update', clock.now(), `the group ${group.name}`);
    // Joining oneself is opt-in (the group's `optin` privilege), never an administrator's add (`no-self-grant`).
    const self = await selfFactsOf(db, actor, clock.now());
    const field = input.personId !== undefined ? '/personId' : '/groupId';
    refuseSelfGrant([selfGrantProblem(actor, self, input, field, `add {who} to ${group.name}`)]);
    return write(deps, actor, async (uow) => {
      await lockGroups(uow.db);
      return hookedInsert(uow, groupId, input);
    });
  }

  /** Inserts a membership inside another use case's unit of work (an approved request), without the hooks. */
  async function insertApproved(uow: UnitOfWork, groupId: number, input: MemberInput): Promise<MembershipView> {
    await lockGroups(uow.db);
    const group = await loadGroup(uow.db, groupId);
    if (!hasDirectMembers(group.kind))
      throw conflict(`${group.name} is a ${group.kind} group: its members are computed`, {
        field: '/groupId',
        rule: 'basic-only',
      });
    return insert(uow, groupId, input);
  }

  async function update(
    actor: Actor,
    groupId: number,
    membershipId: number,
    expected: number,
    patch: MemberPatch,
  ): Promise<MembershipView> {
    const group = await basicGroup(groupId);
    await requirePrivilege(db, actor, { groupId }, 'update', clock.now(), `the group ${group.name}`);
    return write(deps, actor, async (uow) => {
      await lockGroups(uow.db);
      const before = await loadOne(uow, groupId, membershipId);
      await refuseLengtheningOwn(uow, actor, before, patch);
      await hooks.beforeChange?.(uow, before, patch);
      return (await changeMemberships(uow, [{ groupId, membershipId, expected, patch }]))[0];
    });
  }

  async function remove(actor: Actor, groupId: number, membershipId: number, reason: string | null): Promise<void> {
    const group = await basicGroup(groupId);
    await requirePrivilege(db, actor, { groupId }, 'update', clock.now(), `the group ${group.name}`);
    await write(deps, actor, async (uow) => {
      await lockGroups(uow.db);
      await deleteMembership(uow, groupId, membershipId, reason, 'group.member.remove');
    });
  }

  async function selfPerson(actor: Actor): Promise<number> {
    const personId = await personOfActor(db, actor);
    if (personId === null)
      throw forbidden(`${actor.name} is not linked to a person of the registry, so cannot join or leave groups`);
    return personId;
  }

  async function optIn(
    actor: Actor,
    groupId: number,
    input: { reason?: string | null; disabledAt?: string | null },
  ): Promise<MembershipView> {
    const group = await basicGroup(groupId);
    await requirePrivilege(db, actor, { groupId }, 'optin', clock.now(), `the group ${group.name}`);
    const personId = await selfPerson(actor);
    await hooks.mayAddDirectly?.(actor, groupId, { personId });
    return write(deps, actor, async (uow) => {
      await lockGroups(uow.db);
      return hookedInsert(uow, groupId, {
        personId,
        reason: input.reason ?? 'opted in',
        disabledAt: input.disabledAt ?? null,
        requestedBy: actor.name,
      });
    });
  }

  async function optOut(actor: Actor, groupId: number, reason: string | null): Promise<void> {
    const group = await basicGroup(groupId);
    await requirePrivilege(db, actor, { groupId }, 'optout', clock.now(), `the group ${group.name}`);
    const personId = await selfPerson(actor);
    await write(deps, actor, async (uow) => {
      await lockGroups(uow.db);
      const m = await uow.db
        .selectFrom('group_memberships')
        .select('id')
        .where('group_id', '=', groupId)
        .where('member_person_id', '=', personId)
        .executeTakeFirst();
      if (!m)
        throw conflict(`you are not a direct member of ${group.name}`, {
          field: '/groupId',
          rule: 'member',
          message: 'not a direct member',
        });
      await deleteMembership(uow, groupId, m.id, reason ?? 'opted out', 'group.member.opt-out');
    });
  }

  async function listDirect(actor: Actor, groupId: number): Promise<Array<MembershipView & { countsNow: boolean }>> {
    const group = await loadGroup(db, groupId);
    const now = clock.now();
    await requirePrivilege(db, actor, { groupId }, 'read', now, `the group ${group.name}`);
    const rows = await membershipsOf(db, { groupId });
    return rows.map((m) => ({
      ...m,
      countsNow: membershipCountsAt({ from: when(m.enabledFrom), until: when(m.disabledAt) }, now),
    }));
  }

  return { add, update, remove, optIn, optOut, listDirect, insertApproved };
}
