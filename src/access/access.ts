import type { Actor } from '../platform/auth/actor.ts';
import { authorise, can } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { type FieldProblem, invalid, StewardError } from '../platform/errors.ts';
import type { AccessIndex } from './access-index.ts';
import { createAccessConfigService } from './access-config-service.ts';
import type { BatchItem, CheckBody } from './access-schemas.ts';
import { createAssignmentService } from './assignment-service.ts';
import { check, type Decision, type Subject, unknownName } from './decide.ts';
import { dbGroupSource, type GroupMembershipSource } from './group-membership.ts';
import { createIndexFollower, type FollowChanges } from './index-follower.ts';
import { loadIndex, lookUpOrg } from './index-loader.ts';
import type { AsOf } from '../platform/history/versions-query.ts';
import { whatCan, whoCan } from './queries.ts';
import { createRoleService } from './role-service.ts';
import { idOf } from '../platform/refs.ts';

/**
 * Access (C7): configuration and assignments (written through use cases, audited and
 * change-logged) and the decision point, answered from this process's in-memory index,
 * which follows the change log.
 */
const SEEN_PEOPLE_MAX = 200_000;

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

  /** The unit id of a scope given by id or code, when the index knows it (null: no scope; undefined: look it up). */
  function knownScope(index: AccessIndex, scope: number | string | null | undefined): number | null | undefined {
    if (scope === undefined || scope === null || scope === '') return null;
    const digits = typeof scope === 'string' ? idOf(scope) : null;
    const ref = digits !== null && !index.orgCodes.has(scope as string) ? digits : scope;
    return typeof ref === 'number' ? (index.orgPaths.has(ref) ? ref : undefined) : index.orgCodes.get(ref);
  }
  /** The unit id of a scope given by id or code; units the index has not seen are looked up. */
  async function scopeOf(
    index: AccessIndex,
    scope: number | string | null | undefined,
    field: string,
  ): Promise<number | null> {
    const known = knownScope(index, scope);
    if (known !== undefined) return known;
    const digits = typeof scope === 'string' ? idOf(scope) : null;
    const ref = digits !== null && !index.orgCodes.has(scope as string) ? digits : scope!;
    const id = await lookUpOrg({ db: deps.db, groups }, index, ref);
    if (id === null) throw invalid(field, 'exists', `no org unit ${scope}`);
    return id;
  }
  /**
   * The moment a question is about, when the live index may not hold it (issue 16): a recorded time (`knownAt`), or a
   * valid time before the latest change the index reflects (a revocation, deletion or redefinition since may have
   * changed that moment's answer). Null: the live index answers.
   */
  function pastOf(index: AccessIndex, at: string | null | undefined, knownAt: string | null | undefined): AsOf | null {
    if (!at && !knownAt) return null;
    const known = knownAt ? atOf(knownAt, '/knownAt') : null;
    const when = at ? atOf(at, '/at') : known!;
    return known !== null || when.getTime() < index.changedAt ? { at: when, knownAt: known } : null;
  }
  /** An index of that moment, loaded from the history once per question (shared by the checks of one batch). */
  function indexAsOf(asOf: AsOf, cache: Map<string, Promise<AccessIndex>>): Promise<AccessIndex> {
    const key = `${asOf.at.toISOString()}|${asOf.knownAt?.toISOString() ?? ''}`;
    let found = cache.get(key);
    if (!found) {
      found = loadIndex({ db: deps.db, groups: groups.asOf?.(asOf) ?? groups }, asOf).then((r) => r.index);
      cache.set(key, found);
    }
    return found;
  }
  function atOf(at: string | null | undefined, field: string): Date {
    if (!at) return deps.clock.now();
    const d = new Date(at);
    if (Number.isNaN(d.getTime())) throw invalid(field, 'format:date-time', `${at} is not a date-time`);
    return d;
  }
  /** The decision with the scope resolved; a problem of the check's own input is returned, not thrown. */
  function decideIn(
    index: AccessIndex,
    input: CheckBody,
    scope: number | null,
    field: string,
    names: AccessIndex,
  ): Decision | StewardError {
    try {
      const decision = check(index, {
        subject: input.subject,
        application: input.application,
        action: input.action,
        resource: input.resource,
        scope,
        at: atOf(input.at ?? input.knownAt, `${field}/at`),
      });
      const unknown = decision.decision === 'deny' ? unknownName(names, input) : null;
      return unknown ? problemOf('validation', { ...unknown, field: `${field}${unknown.field}` }) : decision;
    } catch (e) {
      if (e instanceof StewardError && e.code === 'validation') return e;
      throw e;
    }
  }
  /** `pastOf` for one check of a batch: a malformed moment is its problem, named by its field. */
  function pastOfChecked(index: AccessIndex, input: CheckBody, field: string): AsOf | null | StewardError {
    try {
      return pastOf(index, input.at, input.knownAt);
    } catch (e) {
      if (e instanceof StewardError && e.code === 'validation')
        return problemOf('validation', { ...e.problems![0], field: `${field}${e.problems![0].field}` });
      throw e;
    }
  }
  /** A check's decision: at once when the index knows its scope (nearly always), else after looking the unit up. */
  function decide(
    index: AccessIndex,
    input: CheckBody,
    field: string,
    names: AccessIndex,
  ): Decision | StewardError | Promise<Decision | StewardError> {
    const scope = knownScope(index, input.scope);
    if (scope !== undefined) return decideIn(index, input, scope, field, names);
    return scopeOf(index, input.scope, `${field}/scope`).then(
      (id) => decideIn(index, input, id, field, names),
      (e: unknown) => {
        if (e instanceof StewardError && e.code === 'validation') return e;
        throw e;
      },
    );
  }
  /**
   * Each check's decision, or why it has none: the actor may not ask about its application (a decision client limited
   * to others: 403), or it names an application, resource, action, org unit, person or group that does not exist (400).
   * Subjects are looked up only for denials (an allow needs an assignment to the subject), all at once.
   */
  /**
   * People found to exist by an earlier denial's look-up. A person row is never deleted (merges keep the merged
   * record), so an id once found stays valid; groups can be deleted and are not remembered. Bounded: cleared at
   * SEEN_PEOPLE_MAX ids.
   */
  const seenPeople = new Set<number>();
  function rememberPeople(ids: Set<number>) {
    if (seenPeople.size + ids.size > SEEN_PEOPLE_MAX) seenPeople.clear();
    for (const id of ids) seenPeople.add(id);
  }
  async function decideAll(actor: Actor, inputs: CheckBody[], field: (i: number) => string) {
    const live = follower.current() ?? (await follower.index());
    const past = new Map<string, Promise<AccessIndex>>();
    const out: (Decision | StewardError)[] = new Array(inputs.length);
    // Subjects of denials the index holds no fact about (as of the index, which answered the decision too): only
    // those cost a look-up, by type.
    const asked: Record<Subject['type'], number[]> = { person: [], group: [] };
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i];
      if (!can(actor, 'access:check', { application: input.application })) {
        out[i] = foreign(actor, input.application, field(i));
        continue;
      }
      let index = live;
      if (input.at || input.knownAt) {
        const asOf = pastOfChecked(live, input, field(i));
        if (asOf instanceof StewardError) {
          out[i] = asOf;
          continue;
        }
        if (asOf) index = await indexAsOf(asOf, past);
      }
      const answer = decide(index, input, field(i), live);
      const d = answer instanceof Promise ? await answer : answer;
      out[i] = d;
      if (d instanceof StewardError || d.decision !== 'deny' || knownToIndex(index, input.subject)) continue;
      if (input.subject.type === 'person' && seenPeople.has(input.subject.id)) continue;
      asked[input.subject.type].push(i);
    }
    for (const type of ['person', 'group'] as const) {
      if (asked[type].length === 0) continue;
      const ids = [...new Set(asked[type].map((i) => inputs[i].subject.id))];
      const rows =
        type === 'person'
          ? await deps.db.selectFrom('people').select('id').where('id', 'in', ids).execute()
          : await deps.db.selectFrom('groups').select('id').where('id', 'in', ids).execute();
      const found = new Set(rows.map((r) => r.id));
      if (type === 'person') rememberPeople(found);
      for (const i of asked[type])
        if (!found.has(inputs[i].subject.id))
          out[i] = problemOf('validation', {
            field: `${field(i)}/subject/id`,
            rule: 'exists',
            message: `no ${type} ${inputs[i].subject.id}`,
          });
    }
    return out;
  }

  return {
    config,
    roles,
    assignments,
    follower,
    /** Starts following the change log (servers call this; tests may catch up by hand). */
    start: () => follower.start(),
    stop: () => follower.stop(),
    /** One decision; a check that has none (see decideAll) is thrown as its problem. */
    async check(actor: Actor, input: CheckBody): Promise<Decision> {
      authorise(actor, 'access:check');
      const [answer] = await decideAll(actor, [input], () => '');
      if (answer instanceof StewardError) throw answer;
      return answer;
    },
    /** Decisions in order; a check that has none is an item `{ error: problem }` in its place. */
    async checkBatch(actor: Actor, inputs: CheckBody[]): Promise<BatchItem[]> {
      authorise(actor, 'access:check');
      const answers = await decideAll(actor, inputs, (i) => `/checks/${i}`);
      return answers.map((a) => (a instanceof StewardError ? { error: itemProblem(a) } : a));
    },
    async whoCan(
      actor: Actor,
      q: {
        application: string;
        action: string;
        resource: string;
        scope?: number | string | null;
        at?: string | null;
        knownAt?: string | null;
      },
    ) {
      authorise(actor, 'access:check');
      const live = await follower.index();
      const asOf = pastOf(live, q.at, q.knownAt);
      const index = asOf ? await indexAsOf(asOf, new Map()) : live;
      const unknown = unknownName(live, q);
      if (unknown) throw invalid(unknown.field, unknown.rule, unknown.message);
      return whoCan(index, {
        ...q,
        scope: await scopeOf(index, q.scope, '/scope'),
        at: atOf(q.at ?? q.knownAt, '/at'),
      });
    },
    async whatCan(
      actor: Actor,
      q: {
        subject: Subject;
        application?: string;
        scope?: number | string | null;
        at?: string | null;
        knownAt?: string | null;
      },
    ) {
      authorise(actor, 'access:check');
      const live = await follower.index();
      const asOf = pastOf(live, q.at, q.knownAt);
      const index = asOf ? await indexAsOf(asOf, new Map()) : live;
      return whatCan(index, q.subject, {
        application: q.application,
        scope: await scopeOf(index, q.scope, '/scope'),
        at: atOf(q.at ?? q.knownAt, '/at'),
      });
    },
  };
}

function problemOf(code: 'validation' | 'forbidden', problem: FieldProblem): StewardError {
  return new StewardError(code, `${problem.field}: ${problem.message}`, { problems: [problem] });
}

/** A decision client asking about an application that is not one of its own. */
function foreign(actor: Actor, application: string, field: string): StewardError {
  return new StewardError('forbidden', `${actor.name} may not ask decisions about the application ${application}`, {
    problems: [
      {
        field: `${field}/application`,
        rule: 'client-applications',
        message: `${application} is not one of this client's applications`,
      },
    ],
  });
}

/** A batch item's problem, shaped like the problem document a single check would have answered. */
function itemProblem(e: StewardError) {
  return { status: e.status, code: e.code, detail: e.message, errors: e.problems };
}

export type AccessServices = ReturnType<typeof createAccessServices>;

/** Whether the index holds any fact about the subject: assignments, memberships or affiliations. */
function knownToIndex(index: AccessIndex, subject: Subject): boolean {
  const some = (xs: { size: number } | { length: number } | undefined) =>
    xs !== undefined && ('size' in xs ? xs.size : xs.length) > 0;
  return subject.type === 'person'
    ? some(index.byPerson.get(subject.id)) ||
        some(index.membershipsOf.get(subject.id)) ||
        some(index.affiliationsOf.get(subject.id))
    : some(index.byGroup.get(subject.id)) || some(index.membersOf.get(subject.id));
}
