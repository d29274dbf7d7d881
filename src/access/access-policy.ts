import type { Actor } from '../platform/auth/actor.ts';
import { can, inSubtree, scopesFor } from '../platform/auth/policy.ts';
import type { ScopeKind } from '../platform/db/access-tables.ts';
import type { FieldProblem } from '../platform/errors.ts';
import {
  exemptFromNoSelfGrant,
  onlyNarrows,
  reachesSelf,
  type SelfFacts,
  selfGrantProblem,
} from '../groups/group-policy.ts';

/**
 * Who may do what in access. Pure. Everyone with `access:read` reads applications, resources and roles; with
 * `access:check` asks the decision point (check, who-can, what-can); system administrators configure applications,
 * resources, roles and permissions (`access:configure`). A role is assigned in a unit (with its subtree) by whoever
 * holds `access:assign` there: an organisation administrator within the units they administer; the wider scopes
 * (everywhere, wherever the person is affiliated) only by whoever assigns in every unit, a system administrator.
 * Assignments are seen everywhere by system administrators and auditors, by an organisation administrator within
 * their units (those in a wider scope not at all).
 */

/** Where an assignment holds: its kind and, for an org scope, the unit's id and materialised path. */
export interface ScopeAt {
  kind: ScopeKind;
  orgId?: number | null;
  orgPath?: string | null;
}

/** The units (each with its subtree) in which the actor may assign roles; null for every unit and the wider scopes. */
export function assignableUnits(actor: Actor): number[] | null {
  if (scopesFor(actor, 'access:assign') === null) return null;
  return actor.roles
    .filter((g) => g.orgId !== null && g.orgPath && can(actor, 'access:assign', { orgPaths: [g.orgPath] }))
    .map((g) => g.orgId!);
}

export function mayAssignIn(actor: Actor, scope: ScopeAt): boolean {
  switch (scope.kind) {
    case 'org':
      return !!scope.orgPath && can(actor, 'access:assign', { orgPaths: [scope.orgPath] });
    case 'everywhere':
    case 'affiliation':
      return assignableUnits(actor) === null;
    default: {
      const unknown: never = scope.kind;
      throw new Error(`unknown scope kind ${String(unknown)}`);
    }
  }
}

/** Why the actor may not assign in the scope (the problem shown beside it, `at` naming its place), or null. */
export function assignRefusal(actor: Actor, scope: ScopeAt, at: string): FieldProblem | null {
  if (mayAssignIn(actor, scope)) return null;
  return scope.kind === 'org'
    ? {
        field: `${at}/orgId`,
        rule: 'within-your-units',
        message: `org unit ${scope.orgId} is outside the units you administer`,
      }
    : {
        field: `${at}/kind`,
        rule: 'sysadmin-only',
        message: `only system administrators assign a role ${scope.kind === 'everywhere' ? 'everywhere' : 'wherever the person is affiliated'}`,
      };
}

/** The subtrees an actor sees assignments in (the SQL filter of lists and counts); null for everywhere. */
export function assignmentsVisibleIn(actor: Actor): string[] | null {
  if (actor.roles.some((g) => g.role === 'sysadmin' || g.role === 'auditor')) return null;
  return actor.roles.filter((g) => g.role === 'orgadmin' && g.orgPath).map((g) => g.orgPath!);
}

export function maySee(actor: Actor, scope: ScopeAt): boolean {
  const within = assignmentsVisibleIn(actor);
  if (within === null) return true;
  const path = scope.kind === 'org' ? scope.orgPath : null;
  return !!path && within.some((p) => inSubtree(path, p));
}

/** What the caller may do with an application: change it (and its resources and roles), and where assign its roles. */
export interface AppAbilities {
  configure: boolean;
  assign: boolean;
  assignIn: { everywhere: boolean; affiliation: boolean; units: number[] | null };
}

export function appAbilities(actor: Actor): AppAbilities {
  return {
    configure: can(actor, 'access:configure'),
    assign: can(actor, 'access:assign'),
    assignIn: {
      everywhere: mayAssignIn(actor, { kind: 'everywhere' }),
      affiliation: mayAssignIn(actor, { kind: 'affiliation' }),
      units: assignableUnits(actor),
    },
  };
}

/** What the caller may do with one assignment: changing its dates or limits and revoking it follow its scope. */
export function assignmentAbilities(actor: Actor, scope: ScopeAt): { update: boolean; revoke: boolean } {
  const may = mayAssignIn(actor, scope);
  return { update: may, revoke: may };
}

/** Who an assignment is for, as the API names it. */
export interface AssignSubject {
  type: 'person' | 'group';
  id: number;
}

const granteeOf = (s: AssignSubject) => (s.type === 'person' ? { personId: s.id } : { groupId: s.id });

/**
 * No self-grant (group-policy.ts): the subjects of a new assignment that reach the actor's own person (themselves, or a
 * group they are in), each named beside it; none for a system administrator.
 */
export function assignSelfGrantProblems(actor: Actor, self: SelfFacts, subjects: AssignSubject[]): FieldProblem[] {
  return subjects
    .map((s, i) => selfGrantProblem(actor, self, granteeOf(s), `/subjects/${i}/id`, 'assign an access role to {who}'))
    .filter((p) => p !== null);
}

/** An assignment's terms that a change may widen: its period and its limits. */
export interface AssignmentTerms {
  enabledFrom: string | null;
  enabledUntil: string | null;
  limits: unknown[];
}

/**
 * Changing one's own assignment (or one of a group one is in) may only narrow it: a later start, an earlier end, the
 * same limits. Anything else is a self-grant, refused naming the first field that widens it; null when allowed.
 */
export function assignmentChangeSelfGrant(
  actor: Actor,
  self: SelfFacts,
  subject: AssignSubject,
  before: AssignmentTerms,
  after: AssignmentTerms,
): FieldProblem | null {
  if (exemptFromNoSelfGrant(actor) || !reachesSelf(self, granteeOf(subject))) return null;
  const at = (s: string | null) => (s === null ? null : new Date(s));
  const startsNoEarlier = onlyNarrows(
    { from: at(before.enabledFrom), until: null },
    { from: at(after.enabledFrom), until: null },
  );
  const endsNoLater = onlyNarrows(
    { from: null, until: at(before.enabledUntil) },
    { from: null, until: at(after.enabledUntil) },
  );
  const sameLimits = JSON.stringify(before.limits) === JSON.stringify(after.limits);
  const widened = !startsNoEarlier ? '/enabledFrom' : !endsNoLater ? '/enabledUntil' : !sameLimits ? '/limits' : null;
  return widened && selfGrantProblem(actor, self, granteeOf(subject), widened, 'widen an assignment of {who}');
}
