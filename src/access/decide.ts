import {
  type AccessIndex,
  type AssignmentEntry,
  type PermissionEntry,
  type ResourceEntry,
  type RoleEntry,
  subjectAppKey,
} from './access-index.ts';
import { allows } from './decide-fast.ts';
import { describeLimit, failingLimit, localMoment, type LocalMoment } from './limits.ts';

/**
 * The decision point's rules over the in-memory index. Pure. A person holds a role through
 * an assignment to themselves or to a group they are an effective member of at that
 * moment; the assignment counts inside its dates and scope (an org unit covers its
 * subtree; an affiliation scope covers the units of the person's current affiliations).
 * The role's permission on the resource or any ancestor, for the action or any action
 * implying it, allows — when every limit of the permission and the assignment holds.
 */
export interface Subject {
  type: 'person' | 'group';
  id: number;
}
export interface CheckRequest {
  subject: Subject;
  application: string;
  action: string;
  resource: string;
  scope?: number | null;
  at: Date;
}
export interface Reason {
  step:
    | 'assignment'
    | 'group'
    | 'scope'
    | 'role'
    | 'permission'
    | 'resource'
    | 'implied-action'
    | 'limit'
    | 'dates'
    | 'none';
  text: string;
  id?: number;
}
export interface Decision {
  decision: 'allow' | 'deny';
  reasons: Reason[];
}

/** An assignment that applies to the subject at that moment, and how the subject came by it. */
interface Held {
  a: AssignmentEntry;
  via: Reason[];
}

/**
 * The decision; with `explain` (the default, as POST /check answers) the chain of reasons behind it, walked from the
 * index; without, the decision alone from the compiled grant sets (decide-fast.ts), and no reasons.
 */
export function check(index: AccessIndex, req: CheckRequest, opts?: { explain?: boolean }): Decision {
  if (opts?.explain === false) return allows(index, req) ? ALLOW : DENY;
  return explain(index, req);
}

/** Decisions for many checks, each as `check` answers it alone. */
export function checkAll(index: AccessIndex, reqs: CheckRequest[], opts?: { explain?: boolean }): Decision[] {
  const out: Decision[] = new Array(reqs.length);
  for (let i = 0; i < reqs.length; i++) out[i] = check(index, reqs[i], opts);
  return out;
}

// Shared, frozen: a decision without reasons allocates nothing.
const ALLOW: Decision = Object.freeze({ decision: 'allow', reasons: Object.freeze([]) as unknown as Reason[] });
const DENY: Decision = Object.freeze({ decision: 'deny', reasons: Object.freeze([]) as unknown as Reason[] });

function explain(index: AccessIndex, req: CheckRequest): Decision {
  const app = index.appByName.get(req.application);
  if (!app) return deny(`no application ${req.application}`);
  const resource = index.resourceByKey.get(`${app.id}|${req.resource}`);
  if (!resource) return deny(`no resource ${req.resource} in ${app.name}`);
  const scopePath = req.scope == null ? null : index.orgPaths.get(req.scope);
  if (req.scope != null && scopePath === undefined) return deny(`no org unit ${req.scope}`);
  const chain = ancestors(index, resource);
  const granters = app.grantedBy.get(req.action) ?? [req.action];
  // Reasons for a denial are written only for the first few misses, and only once the answer is known.
  const misses: (() => Reason)[] = [];
  const miss = (why: () => Reason) => {
    if (misses.length < MAX_REASONS) misses.push(why);
  };
  let moment: LocalMoment | null = null;
  for (const held of heldBy(index, req.subject, req.at, app.id, miss)) {
    if (!scopeCovers(index, held.a, req.subject, scopePath ?? null, req.at)) {
      miss(() => ({
        step: 'scope',
        id: held.a.id,
        text: `assignment ${held.a.id}: ${scopeReason(index, held, req.subject, scopePath ?? null, req.at).text}`,
      }));
      continue;
    }
    const role = index.roles.get(held.a.roleId)!;
    for (const node of chain) {
      for (const act of granters) {
        for (const p of role.byKey.get(`${node.id}|${act}`) ?? []) {
          // The local time (luxon, the costly part) is worked out only for grants that carry limits.
          if (p.limits.length || held.a.limits.length) moment ??= localMoment(req.at, app.timeZone);
          const failed = moment && (failingLimit(p.limits, moment) ?? failingLimit(held.a.limits, moment));
          if (failed) {
            const m = moment!;
            miss(() => ({
              step: 'limit',
              id: p.id,
              text: `permission ${p.action} on ${node.name} of role ${role.name} holds only ${describeLimit(failed)}; it is ${m.text}`,
            }));
            continue;
          }
          const scope = scopeReason(index, held, req.subject, scopePath ?? null, req.at);
          return {
            decision: 'allow',
            reasons: allowChain(held, scope.text, role, p, node, resource, req.action, moment),
          };
        }
      }
    }
    miss(() => ({
      step: 'role',
      id: role.id,
      text: `role ${role.name} (assignment ${held.a.id}) grants no ${req.action} on ${resource.name} or above it`,
    }));
  }
  if (misses.length === 0) return deny(`${req.subject.type} ${req.subject.id} holds no role of ${app.name}`);
  return { decision: 'deny', reasons: misses.map((f) => f()) };
}

/** A name in a check the index does not know: the field, the rule (`exists`) and a message naming it. */
export interface UnknownName {
  field: '/application' | '/resource' | '/action';
  rule: 'exists';
  message: string;
}

/**
 * The first name of the request that names nothing: the application, a resource of it, or an action of it (an action
 * is known when a permission of one of its roles or its implications name it). Such a check is not an ordinary deny:
 * the caller asked about something that is not there (a typo, or configuration not yet made).
 */
export function unknownName(
  index: AccessIndex,
  req: Pick<CheckRequest, 'application' | 'resource' | 'action'>,
): UnknownName | null {
  const app = index.appByName.get(req.application);
  if (!app) return { field: '/application', rule: 'exists', message: `no application ${req.application}` };
  if (!index.resourceByKey.has(`${app.id}|${req.resource}`))
    return { field: '/resource', rule: 'exists', message: `no resource ${req.resource} in ${app.name}` };
  if (!index.knowsAction(app, req.action))
    return { field: '/action', rule: 'exists', message: `no action ${req.action} in ${app.name}` };
  return null;
}

/** At most this many reasons are given for a denial. */
const MAX_REASONS = 12;

function deny(text: string): Decision {
  return { decision: 'deny', reasons: [{ step: 'none', text }] };
}

function allowChain(
  held: Held,
  scopeText: string,
  role: RoleEntry,
  p: PermissionEntry,
  node: ResourceEntry,
  asked: ResourceEntry,
  action: string,
  moment: LocalMoment | null,
): Reason[] {
  const reasons: Reason[] = [
    ...held.via,
    {
      step: 'assignment',
      id: held.a.id,
      text: `assignment ${held.a.id} of role ${role.name}, ${scopeText}${datesText(held.a)}`,
    },
  ];
  reasons.push({ step: 'role', id: role.id, text: `role ${role.name}` });
  reasons.push({ step: 'permission', id: p.id, text: `permission ${p.action} on ${node.name}` });
  if (node.id !== asked.id)
    reasons.push({ step: 'resource', id: node.id, text: `${node.name} contains ${asked.name}` });
  if (p.action !== action) reasons.push({ step: 'implied-action', text: `${p.action} implies ${action}` });
  if (moment)
    for (const l of [...p.limits, ...held.a.limits])
      reasons.push({ step: 'limit', text: `${describeLimit(l)}: holds at ${moment.text}` });
  return reasons;
}

function datesText(a: AssignmentEntry): string {
  if (a.from === null && a.until === null) return '';
  const f = a.from === null ? '' : ` from ${new Date(a.from).toISOString()}`;
  const u = a.until === null ? '' : ` until ${new Date(a.until).toISOString()}`;
  return `,${f}${u}`;
}

/** The resource and its ancestors, nearest first. */
export function ancestors(index: AccessIndex, r: ResourceEntry): ResourceEntry[] {
  const out = [r];
  let cur = r;
  while (cur.parentId !== null && out.length < 64) {
    const parent = index.resources.get(cur.parentId);
    if (!parent) break;
    out.push(parent);
    cur = parent;
  }
  return out;
}

const NO_VIA: Reason[] = [];
const within = (t: number, from: number | null, until: number | null) =>
  (from === null || t >= from) && (until === null || t < until);

/** The assignments of roles of `appId` (any application when null) the subject holds at `at`. */
export function heldBy(
  index: AccessIndex,
  subject: Subject,
  at: Date,
  appId: number | null,
  miss?: (why: () => Reason) => void,
): Held[] {
  const t = at.getTime();
  const out: Held[] = [];
  const consider = (ids: Set<number> | undefined, via: Reason[]) => {
    for (const id of ids ?? []) {
      const a = index.assignments.get(id)!;
      const role = index.roles.get(a.roleId);
      if (!role || (appId !== null && role.appId !== appId)) continue;
      if (!within(t, a.from, a.until)) {
        miss?.(() => ({
          step: 'dates',
          id: a.id,
          text: `assignment ${a.id} of role ${role.name} counts only${datesText(a)}`,
        }));
        continue;
      }
      out.push({ a, via });
    }
  };
  const ids = (type: 'person' | 'group', id: number) =>
    appId === null
      ? (type === 'person' ? index.byPerson : index.byGroup).get(id)
      : index.bySubjectApp.get(subjectAppKey(type, id, appId));
  if (subject.type === 'group') {
    consider(ids('group', subject.id), NO_VIA);
    return out;
  }
  consider(ids('person', subject.id), NO_VIA);
  for (const m of index.membershipsOf.get(subject.id) ?? []) {
    const held = ids('group', m.groupId);
    if (!held) continue;
    if (!within(t, m.from, m.until)) {
      miss?.(() => ({
        step: 'group',
        id: m.groupId,
        text: `membership of group ${m.groupId} does not count at ${at.toISOString()}`,
      }));
      continue;
    }
    consider(held, [{ step: 'group', id: m.groupId, text: `effective member of group ${m.groupId}` }]);
  }
  return out;
}

/** Fast form of scopeReason: whether the assignment's scope covers the asked one. */
export function scopeCovers(
  index: AccessIndex,
  a: AssignmentEntry,
  subject: Subject,
  scopePath: string | null,
  at: Date,
): boolean {
  if (a.scopeKind === 'everywhere') return true;
  if (a.scopeKind === 'org') {
    const path = index.orgPaths.get(a.orgId!);
    return path !== undefined && (scopePath === null || scopePath.startsWith(path));
  }
  if (subject.type !== 'person') return false;
  for (const u of currentUnits(index, subject.id, a.affiliationKind, at)) {
    const path = index.orgPaths.get(u);
    if (path !== undefined && (scopePath === null || scopePath.startsWith(path))) return true;
  }
  return false;
}

/** Whether the assignment's scope covers the asked scope (any scope when none is asked). */
export function scopeReason(
  index: AccessIndex,
  held: Held,
  subject: Subject,
  scopePath: string | null,
  at: Date,
): { covers: boolean; text: string } {
  const a = held.a;
  if (a.scopeKind === 'everywhere') return { covers: true, text: 'everywhere' };
  const code = (id: number) => index.orgCodeOf.get(id) ?? String(id);
  if (a.scopeKind === 'org') {
    const path = index.orgPaths.get(a.orgId!);
    if (path === undefined) return { covers: false, text: `its org unit ${a.orgId} is gone` };
    if (scopePath === null || scopePath.startsWith(path))
      return {
        covers: true,
        text: `in ${code(a.orgId!)}${scopePath !== null && scopePath !== path ? ' (which contains the asked unit)' : ''}`,
      };
    return { covers: false, text: `${code(a.orgId!)} does not contain the asked unit` };
  }
  if (subject.type !== 'person') return { covers: false, text: 'an affiliation scope applies to people only' };
  const units = currentUnits(index, subject.id, a.affiliationKind, at);
  // As scopeCovers: an affiliation in a unit that is gone covers nothing.
  const hit = units.find((u) => {
    const path = index.orgPaths.get(u);
    return path !== undefined && (scopePath === null || scopePath.startsWith(path));
  });
  if (hit !== undefined)
    return {
      covers: true,
      text: `in ${code(hit)}, where the person is currently affiliated${a.affiliationKind ? ` (${a.affiliationKind})` : ''}`,
    };
  return {
    covers: false,
    text: units.length
      ? "none of the person's current affiliations is in the asked unit"
      : 'the person has no current affiliation',
  };
}

/** Org units of the person's affiliations current on the date of `at` (UTC), of a kind if given. */
export function currentUnits(index: AccessIndex, personId: number, kind: string | null, at: Date): number[] {
  const day = at.toISOString().slice(0, 10);
  const out: number[] = [];
  for (const f of index.affiliationsOf.get(personId) ?? []) {
    if (kind !== null && f.kind !== kind) continue;
    if ((f.validFrom === null || f.validFrom <= day) && (f.validTo === null || f.validTo >= day)) out.push(f.orgId);
  }
  return out;
}
