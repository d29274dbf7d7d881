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
  const action = ag.actions.get(req.action);
  if (action === undefined) return false;
  const set = grants.setOf(ag, req.subject.type, req.subject.id);
  if (!set) return false;
  return holds(set, resource.id, action, scopePath, req, ag.app.timeZone);
}

function holds(
  set: GrantSet,
  resourceId: number,
  action: number,
  scopePath: string | null,
  req: CheckRequest,
  timeZone: string,
): boolean {
  let moment: LocalMoment | null = null;
  for (const rg of set.roles) {
    const hit = rg.covers.get(resourceId)?.[action];
    if (hit === undefined) continue;
    if (rg.paths.length && (scopePath === null || anyPrefix(rg.paths, scopePath))) {
      if (hit.free) return true;
      moment ??= localMoment(req.at, timeZone);
      for (const p of hit.limited) if (!failingLimit(p.limits, moment)) return true;
    }
    if (rg.timed.length === 0) continue;
    const t = req.at.getTime();
    for (const g of rg.timed) {
      if (t < g.from || t >= g.until) continue;
      if (g.path === null ? !inUnit(set, g.kind, scopePath, t) : scopePath !== null && !scopePath.startsWith(g.path))
        continue;
      if (hit.free && g.limits.length === 0) return true;
      moment ??= localMoment(req.at, timeZone);
      if (limitsHold(hit, g, moment)) return true;
    }
  }
  return false;
}

const anyPrefix = (paths: string[], scopePath: string) => {
  for (const p of paths) if (scopePath.startsWith(p)) return true;
  return false;
};

function limitsHold(hit: Cover, g: TimedGrant, moment: LocalMoment): boolean {
  const own = failingLimit(g.limits, moment);
  if (hit.free && !own) return true;
  for (const p of hit.limited) if (!(failingLimit(p.limits, moment) ?? own)) return true;
  return false;
}

/** Whether an affiliation of the person (of the kind, if given) current on the UTC date of `t` is in the asked unit. */
function inUnit(set: GrantSet, kind: string | null, scopePath: string | null, t: number): boolean {
  const day = Math.floor(t / 86_400_000);
  for (const u of set.units)
    if ((kind === null || u.kind === kind) && u.fromDay <= day && day <= u.toDay)
      if (scopePath === null || scopePath.startsWith(u.path)) return true;
  return false;
}
