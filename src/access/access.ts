import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { invalid } from '../platform/errors.ts';
import type { AccessIndex } from './access-index.ts';
import { createAccessConfigService } from './access-config-service.ts';
import type { CheckBody } from './access-schemas.ts';
import { createAssignmentService } from './assignment-service.ts';
import { check, type Decision, type Subject } from './decide.ts';
import { dbGroupSource, type GroupMembershipSource } from './group-membership.ts';
import { createIndexFollower, type FollowChanges } from './index-follower.ts';
import { lookUpOrg } from './index-loader.ts';
import { whatCan, whoCan } from './queries.ts';
import { createRoleService } from './role-service.ts';
import { idOf } from '../platform/refs.ts';

/**
 * Access (C7): configuration and assignments (written through use cases, audited and
 * change-logged) and the decision point, answered from this process's in-memory index,
 * which follows the change log.
 */
export function createAccessServices(
  deps: ServiceDeps & { groups?: GroupMembershipSource; pollMs?: number; followChanges?: FollowChanges },
) {
  const groups = deps.groups ?? dbGroupSource(deps.db);
  const follower = createIndexFollower({
    db: deps.db,
    groups,
    log: deps.log,
    pollMs: deps.pollMs,
    followChanges: deps.followChanges,
  });
  const afterWrite = () => follower.catchUp();
  const config = createAccessConfigService({ ...deps, afterWrite });
  const roles = createRoleService({ ...deps, afterWrite, config });
  const assignments = createAssignmentService({ ...deps, afterWrite, roles, groups });

  /** The unit id of a scope given by id or code; units the index has not seen are looked up. */
  async function scopeOf(
    index: AccessIndex,
    scope: number | string | null | undefined,
    field: string,
  ): Promise<number | null> {
    if (scope === undefined || scope === null || scope === '') return null;
    const digits = typeof scope === 'string' ? idOf(scope) : null;
    const ref = digits !== null && !index.orgCodes.has(scope as string) ? digits : scope;
    const known = typeof ref === 'number' ? (index.orgPaths.has(ref) ? ref : undefined) : index.orgCodes.get(ref);
    const id = known ?? (await lookUpOrg({ db: deps.db, groups }, index, ref));
    if (id === null) throw invalid(field, 'exists', `no org unit ${scope}`);
    return id;
  }
  function atOf(at: string | null | undefined, field: string): Date {
    if (!at) return deps.clock.now();
    const d = new Date(at);
    if (Number.isNaN(d.getTime())) throw invalid(field, 'format:date-time', `${at} is not a date-time`);
    return d;
  }
  async function decide(index: AccessIndex, input: CheckBody, field = ''): Promise<Decision> {
    const scope =
      input.scope === undefined || input.scope === null ? null : await scopeOf(index, input.scope, `${field}/scope`);
    return check(index, {
      subject: input.subject,
      application: input.application,
      action: input.action,
      resource: input.resource,
      scope,
      at: atOf(input.at, `${field}/at`),
    });
  }

  return {
    config,
    roles,
    assignments,
    follower,
    /** Starts following the change log (servers call this; tests may catch up by hand). */
    start: () => follower.start(),
    stop: () => follower.stop(),
    async check(actor: Actor, input: CheckBody): Promise<Decision> {
      authorise(actor, 'access:check');
      const index = follower.current() ?? (await follower.index());
      return decide(index, input);
    },
    async checkBatch(actor: Actor, inputs: CheckBody[]): Promise<Decision[]> {
      authorise(actor, 'access:check');
      const index = follower.current() ?? (await follower.index());
      const out: Decision[] = [];
      for (const [i, input] of inputs.entries()) out.push(await decide(index, input, `/checks/${i}`));
      return out;
    },
    async whoCan(
      actor: Actor,
      q: { application: string; action: string; resource: string; scope?: number | string | null; at?: string | null },
    ) {
      authorise(actor, 'access:check');
      const index = await follower.index();
      return whoCan(index, { ...q, scope: await scopeOf(index, q.scope, '/scope'), at: atOf(q.at, '/at') });
    },
    async whatCan(
      actor: Actor,
      q: { subject: Subject; application?: string; scope?: number | string | null; at?: string | null },
    ) {
      authorise(actor, 'access:check');
      const index = await follower.index();
      return whatCan(index, q.subject, {
        application: q.application,
        scope: await scopeOf(index, q.scope, '/scope'),
        at: atOf(q.at, '/at'),
      });
    },
  };
}

export type AccessServices = ReturnType<typeof createAccessServices>;
