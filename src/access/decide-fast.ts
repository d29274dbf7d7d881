import type { AccessIndex } from './access-index.ts';
import type { CheckRequest } from './decide.ts';
import type { Cover, GrantSet, TimedGrant } from './grant-sets.ts';
import { failingLimit, localMoment, type LocalMoment } from './limits.ts';

/**
 * The decision alone, without reasons, from the compiled grant sets (grant-sets.ts): look up the application, the
 * resource, the action, the unit and the subject's grants there, then one integer look-up per role held. Decides as
 * `check` with reasons does (decide.ts); the differential tests compare both with casbin.
 */
export function allows(index: AccessIndex, req: CheckRequest): boolean {
  const grants = index.grants;
  const ag = grants.app(req.application);
  if (!ag) return false;
  const resource = ag.resources.get(req.resource);
  if (!resource) return false;
  let scopePath: string | null = null;
  if (req.scope != null) {
    const p = index.orgPaths.get(req.scope);
    if (p === undefined) return false;
    scopePath = p;
  }
  const action = grants.actionId(req.action);
  if (action === undefined) return false;
  const set = grants.setOf(ag, req.subject.type, req.subject.id);
  if (!set) return false;
  return holds(index, set, grants.key(resource.id, action), scopePath, req, ag.app.timeZone);
}

const covered = (paths: string[], scopePath: string | null) => {
  if (scopePath === null) return paths.length > 0;
  for (const p of paths) if (scopePath.startsWith(p)) return true;
  return false;
};
const within = (t: number, from: number | null, until: number | null) =>
  (from === null || t >= from) && (until === null || t < until);

function holds(
  index: AccessIndex,
  set: GrantSet,
  key: number,
  scopePath: string | null,
  req: CheckRequest,
  timeZone: string,
): boolean {
  let moment: LocalMoment | null = null;
  for (const s of set.steady) {
    const hit = s.covers.get(key);
    if (hit === undefined || !(s.everywhere || covered(s.paths, scopePath))) continue;
    if (hit.free) return true;
    moment ??= localMoment(req.at, timeZone);
    for (const p of hit.limited) if (!failingLimit(p.limits, moment)) return true;
  }
  if (set.timed.length === 0) return false;
  const t = req.at.getTime();
  for (const g of set.timed) {
    const hit = g.covers.get(key);
    if (hit === undefined || !within(t, g.memberFrom, g.memberUntil) || !within(t, g.a.from, g.a.until)) continue;
    if (!scopeHolds(index, g, scopePath, req)) continue;
    if (hit.free && g.a.limits.length === 0) return true;
    moment ??= localMoment(req.at, timeZone);
    if (limitsHold(hit, g, moment)) return true;
  }
  return false;
}

function limitsHold(hit: Cover, g: TimedGrant, moment: LocalMoment): boolean {
  const own = failingLimit(g.a.limits, moment);
  if (hit.free && !own) return true;
  for (const p of hit.limited) if (!(failingLimit(p.limits, moment) ?? own)) return true;
  return false;
}

/** An org or everywhere scope as compiled; an affiliation scope: a current affiliation of the person in the unit. */
function scopeHolds(index: AccessIndex, g: TimedGrant, scopePath: string | null, req: CheckRequest): boolean {
  if (g.a.scopeKind === 'everywhere') return true;
  if (g.a.scopeKind === 'org') return scopePath === null || scopePath.startsWith(g.path!);
  if (req.subject.type !== 'person') return false;
  const day = req.at.toISOString().slice(0, 10);
  const kind = g.a.affiliationKind;
  for (const f of index.affiliationsOf.get(req.subject.id) ?? []) {
    if (kind !== null && f.kind !== kind) continue;
    if ((f.validFrom !== null && f.validFrom > day) || (f.validTo !== null && f.validTo < day)) continue;
    const path = index.orgPaths.get(f.orgId);
    if (path !== undefined && (scopePath === null || scopePath.startsWith(path))) return true;
  }
  return false;
}
