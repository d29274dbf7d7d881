import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, type FieldProblem, forbidden, notFound, stale, StewardError } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { refuseSelfGrant, selfFactsOf } from '../groups/group-access.ts';
import {
  assignmentAbilities,
  assignmentChangeSelfGrant,
  assignmentsVisibleIn,
  assignRefusal,
  assignSelfGrantProblems,
  mayAssignIn,
  maySee,
  type ScopeAt,
} from './access-policy.ts';
import { assignmentProblems } from './access-rules.ts';
import type { AssignBody, AssignmentPatch, AssignmentQuery, CountsQuery, Limit, Scope } from './access-schemas.ts';
import type { GroupMembershipSource } from './group-membership.ts';
import type { RoleService } from './role-service.ts';

/**
 * Role assignments: to people or groups, within scopes, between optional dates. Many subjects and scopes in one call
 * are one transaction: all are assigned or none. Who assigns and sees which: access-policy.ts; nobody but a system
 * administrator assigns to themselves or widens their own assignment (`no-self-grant`).
 */
export function createAssignmentService(
  deps: ServiceDeps & { afterWrite: () => Promise<void>; roles: RoleService; groups: GroupMembershipSource },
) {
  const { db } = deps;

  const base = () =>
    db
      .selectFrom('access_assignments as s')
      .innerJoin('access_roles as r', 'r.id', 's.role_id')
      .innerJoin('access_applications as a', 'a.id', 'r.application_id')
      .leftJoin('org_units as o', 'o.id', 's.org_id')
      .select([
        's.id',
        's.role_id',
        'r.name as role',
        'a.name as application',
        's.subject_type',
        's.subject_id',
        's.scope_kind',
        's.org_id',
        'o.code as org_code',
        'o.path as org_path',
        's.affiliation_kind',
        's.enabled_from',
        's.enabled_until',
        's.limits',
        's.reason',
        's.created_by',
        's.created_at',
        's.version',
      ]);
  type Row = Awaited<ReturnType<ReturnType<typeof base>['execute']>>[number];
  const scopeAt = (s: Row): ScopeAt => ({ kind: s.scope_kind, orgId: s.org_id, orgPath: s.org_path });
  /** The assignment as audited. */
  const view = (s: Row) => ({
    id: s.id,
    roleId: s.role_id,
    role: s.role,
    application: s.application,
    subject: { type: s.subject_type, id: s.subject_id },
    scope: { kind: s.scope_kind, orgId: s.org_id, orgCode: s.org_code, affiliationKind: s.affiliation_kind },
    enabledFrom: s.enabled_from ? new Date(s.enabled_from).toISOString() : null,
    enabledUntil: s.enabled_until ? new Date(s.enabled_until).toISOString() : null,
    limits: s.limits as Limit[],
    reason: s.reason,
    createdBy: s.created_by,
    createdAt: new Date(s.created_at).toISOString(),
    version: s.version,
  });

  /** The assignment as the caller sees it: with what the caller may do with it (never audited). */
  const shownTo = (actor: Actor, s: Row) => ({ ...view(s), abilities: assignmentAbilities(actor, scopeAt(s)) });

  /** The row, if the caller may see it. */
  async function visibleRow(actor: Actor, id: number): Promise<Row> {
    authorise(actor, 'access:read');
    const row = await base().where('s.id', '=', id).executeTakeFirst();
    if (!row || !maySee(actor, scopeAt(row))) throw notFound('assignment', id);
    return row;
  }

  async function get(actor: Actor, id: number) {
    return shownTo(actor, await visibleRow(actor, id));
  }

  /** Changing or revoking an assignment needs the right to assign in its scope. */
  function authoriseChange(actor: Actor, row: Row): void {
    if (!mayAssignIn(actor, scopeAt(row))) throw forbidden(`${actor.name} may not access assign for this organisation`);
  }

  async function list(actor: Actor, q: AssignmentQuery) {
    authorise(actor, 'access:read');
    let query = base();
    if (q.roleId) query = query.where('s.role_id', '=', q.roleId);
    if (q.application) query = query.where('a.name', '=', q.application);
    if (q.subjectType) query = query.where('s.subject_type', '=', q.subjectType);
    if (q.subjectId) query = query.where('s.subject_id', '=', q.subjectId);
    if (q.orgId) query = query.where('s.org_id', '=', q.orgId);
    const scopes = assignmentsVisibleIn(actor);
    if (scopes !== null) {
      if (scopes.length === 0) return [];
      query = query.where((eb) => eb.or(scopes.map((p) => eb('o.path', 'like', `${p}%`))));
    }
    return (
      await query
        .orderBy('s.id')
        .limit(Math.min(q.limit ?? 500, 5000))
        .execute()
    ).map((s) => shownTo(actor, s));
  }

  /** Paths of the org scopes, checked to exist; refuses scopes outside the actor's subtrees. */
  async function scopePaths(actor: Actor, scopes: Scope[]): Promise<Map<number, string>> {
    const ids = scopes.filter((s) => s.kind === 'org' && s.orgId != null).map((s) => s.orgId!);
    const rows = ids.length
      ? await db.selectFrom('org_units').select(['id', 'path']).where('id', 'in', ids).execute()
      : [];
    const paths = new Map(rows.map((r) => [r.id, r.path]));
    const problems: FieldProblem[] = [];
    scopes.forEach((s, i) => {
      if (s.kind === 'org' && s.orgId != null && !paths.has(s.orgId))
        problems.push({ field: `/scopes/${i}/orgId`, rule: 'exists', message: `no org unit ${s.orgId}` });
    });
    assertNoProblems(problems);
    // Refused per scope, naming it, so a form shows the refusal beside the scope asked for.
    const refused = scopes
      .map((s, i) =>
        assignRefusal(actor, { ...s, orgPath: s.orgId == null ? null : paths.get(s.orgId) }, `/scopes/${i}`),
      )
      .filter((p) => p !== null);
    if (refused.length)
      throw new StewardError(
        'forbidden',
        `${actor.name} may not assign this role in ${refused.length === 1 ? 'that scope' : 'those scopes'}: ${refused.map((p) => p.message).join('; ')}`,
        { problems: refused },
      );
    return paths;
  }

  async function checkSubjects(subjects: AssignBody['subjects']): Promise<void> {
    const problems: FieldProblem[] = [];
    const personIds = subjects.filter((s) => s.type === 'person').map((s) => s.id);
    const people = personIds.length
      ? await db.selectFrom('people').select(['id', 'state']).where('id', 'in', personIds).execute()
      : [];
    const active = new Set(people.filter((p) => p.state === 'active').map((p) => p.id));
    for (const [i, s] of subjects.entries()) {
      if (s.type === 'person' && !active.has(s.id))
        problems.push({ field: `/subjects/${i}/id`, rule: 'exists', message: `no active person ${s.id}` });
      if (s.type === 'group' && !(await deps.groups.exists(s.id)))
        problems.push({ field: `/subjects/${i}/id`, rule: 'exists', message: `no group ${s.id}` });
    }
    assertNoProblems(problems);
  }

  /** Assigns the role to every subject in every scope, in one transaction. */
  async function assign(actor: Actor, input: AssignBody) {
    authorise(actor, 'access:assign');
    const problems: FieldProblem[] = [];
    if (input.subjects.length === 0)
      problems.push({ field: '/subjects', rule: 'minItems', message: 'name at least one person or group' });
    if (input.scopes.length === 0)
      problems.push({ field: '/scopes', rule: 'minItems', message: 'name at least one scope' });
    input.scopes.forEach((s, i) =>
      problems.push(
        ...assignmentProblems(
          { scopeKind: s.kind, orgId: s.orgId, enabledFrom: input.enabledFrom, enabledUntil: input.enabledUntil },
          `/scopes/${i}`,
        ).filter((p) => !p.field.endsWith('/enabledUntil') || i === 0),
      ),
    );
    problems.push(
      ...assignmentProblems({ scopeKind: 'everywhere', limits: input.limits }).filter((p) =>
        p.field.startsWith('/limits'),
      ),
    );
    assertNoProblems(problems.map((p) => (p.field.endsWith('/enabledUntil') ? { ...p, field: '/enabledUntil' } : p)));
    const role = await deps.roles.roleView(input.roleId);
    await scopePaths(actor, input.scopes);
    await checkSubjects(input.subjects);
    refuseSelfGrant(assignSelfGrantProblems(actor, await selfFactsOf(db, actor, deps.clock.now()), input.subjects));
    const ids = await write(deps, actor, async (uow) => {
      const out: number[] = [];
      for (const subject of input.subjects) {
        for (const scope of input.scopes) {
          const row = await uow.db
            .insertInto('access_assignments')
            .values({
              role_id: role.id,
              subject_type: subject.type,
              subject_id: subject.id,
              scope_kind: scope.kind,
              org_id: scope.kind === 'org' ? scope.orgId! : null,
              affiliation_kind: scope.kind === 'affiliation' ? (scope.affiliationKind ?? null) : null,
              enabled_from: input.enabledFrom ?? null,
              enabled_until: input.enabledUntil ?? null,
              limits: JSON.stringify(input.limits ?? []),
              reason: input.reason ?? null,
              created_by: actor.name,
              created_at: uow.now,
              updated_at: uow.now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          out.push(row.id);
          uow.record({
            action: 'access.assign',
            op: 'created',
            targetType: 'access_assignment',
            targetId: row.id,
            reason: input.reason ?? null,
            after: {
              role: `${role.application}:${role.name}`,
              roleId: role.id,
              subject,
              scope,
              enabledFrom: input.enabledFrom ?? null,
              enabledUntil: input.enabledUntil ?? null,
              limits: input.limits ?? [],
            },
          });
        }
      }
      return out;
    });
    await deps.afterWrite();
    return (await base().where('s.id', 'in', ids).orderBy('s.id').execute()).map((s) => shownTo(actor, s));
  }

  /** Changes an assignment's dates, limits or reason (If-Match). */
  async function update(actor: Actor, id: number, version: number, body: AssignmentPatch) {
    const row = await visibleRow(actor, id);
    authoriseChange(actor, row);
    const before = view(row);
    const next = {
      enabledFrom: body.enabledFrom === undefined ? before.enabledFrom : body.enabledFrom,
      enabledUntil: body.enabledUntil === undefined ? before.enabledUntil : body.enabledUntil,
      limits: body.limits ?? before.limits,
    };
    assertNoProblems(assignmentProblems({ scopeKind: 'everywhere', ...next }));
    const self = await selfFactsOf(db, actor, deps.clock.now());
    refuseSelfGrant([assignmentChangeSelfGrant(actor, self, before.subject, before, next)]);
    await write(deps, actor, async (uow) => {
      const r = await uow.db
        .updateTable('access_assignments')
        .set({
          enabled_from: next.enabledFrom,
          enabled_until: next.enabledUntil,
          limits: JSON.stringify(next.limits),
          reason: body.reason === undefined ? before.reason : body.reason,
          updated_at: uow.now,
          version: before.version + 1,
        })
        .where('id', '=', id)
        .where('version', '=', version)
        .returning('id')
        .executeTakeFirst();
      if (!r) throw stale(`assignment ${id}`, version);
      uow.record({
        action: 'access.assignment.update',
        op: 'updated',
        targetType: 'access_assignment',
        targetId: id,
        reason: body.reason ?? null,
        before,
        after: { ...before, ...next },
      });
    });
    await deps.afterWrite();
    return get(actor, id);
  }

  /** Revokes an assignment: the role's permissions go with it. */
  async function revoke(actor: Actor, id: number, reason?: string | null) {
    const row = await visibleRow(actor, id);
    authoriseChange(actor, row);
    const before = view(row);
    await write(deps, actor, async (uow) => {
      await uow.db.deleteFrom('access_assignments').where('id', '=', id).execute();
      uow.record({
        action: 'access.revoke',
        op: 'deleted',
        targetType: 'access_assignment',
        targetId: id,
        before,
        reason: reason ?? null,
      });
    });
    await deps.afterWrite();
  }

  /** Assignments per scope and role (people and groups counted apart), within what the actor sees. */
  async function counts(actor: Actor, q: CountsQuery) {
    authorise(actor, 'access:read');
    const scopes = assignmentsVisibleIn(actor);
    if (scopes !== null && scopes.length === 0) return [];
    const app = q.application ? sql`and a.name = ${q.application}` : sql``;
    const within =
      scopes === null
        ? sql``
        : sql`and (${sql.join(
            scopes.map((p) => sql`o.path like ${`${p}%`}`),
            sql` or `,
          )})`;
    const rows = await sql<{
      scope_kind: string;
      org_id: number | null;
      org_code: string | null;
      org_name: string | null;
      role_id: number;
      role: string;
      application: string;
      people: number;
      groups: number;
    }>`
      select s.scope_kind, s.org_id, o.code as org_code, o.name as org_name, r.id as role_id, r.name as role, a.name as application,
             count(*) filter (where s.subject_type = 'person') as people, count(*) filter (where s.subject_type = 'group') as groups
      from access_assignments s join access_roles r on r.id = s.role_id join access_applications a on a.id = r.application_id
      left join org_units o on o.id = s.org_id
      where true ${app} ${within}
      group by s.scope_kind, s.org_id, o.code, o.name, r.id, r.name, a.name
      order by o.code nulls first, a.name, r.name`.execute(db);
    return rows.rows.map((r) => ({
      scopeKind: r.scope_kind,
      orgId: r.org_id,
      orgCode: r.org_code,
      orgName: r.org_name,
      roleId: r.role_id,
      role: r.role,
      application: r.application,
      people: r.people,
      groups: r.groups,
    }));
  }

  return { get, list, assign, update, revoke, counts };
}
