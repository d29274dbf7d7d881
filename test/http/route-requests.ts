import type { InjectOptions } from 'fastify';
import type { RouteCase } from './route-case.ts';
import type { ActorName, RouteFixture } from './route-fixture.ts';

/**
 * How far a call's answer can depend on the rows its request brings:
 * - `early`: not at all, the authentication hook answers before the route's handler, body or rows are looked at (a
 *   401 for no or an expired token; a 403 for a decision client off the decision point);
 * - `refused`: the actor must be refused with 403, which changes nothing, so the rows another refused actor was sent
 *   are as good as new;
 * - `fresh`: the call may use its rows up; it gets its own.
 */
export type Reuse = 'early' | 'refused' | 'fresh';

/**
 * Builds the cases' requests, reusing one where fresh rows could not change the answer (building them is most of a
 * matrix's time): a GET whose case does not look at the actor (a GET never writes, so every actor reads the same
 * rows), and the calls `reuse` allows. Everything else is built afresh for each call, as the case asks.
 */
export function requestBuilder(
  fx: RouteFixture,
): (c: RouteCase, actor: ActorName, reuse: Reuse) => Promise<InjectOptions> {
  const any = new Map<string, Promise<InjectOptions>>();
  const untouched = new Map<string, Promise<InjectOptions>>();
  const once = (map: Map<string, Promise<InjectOptions>>, c: RouteCase, actor: ActorName) => {
    let built = map.get(c.route);
    if (!built) {
      built = Promise.resolve(c.request(fx, actor));
      map.set(c.route, built);
      if (!any.has(c.route)) any.set(c.route, built);
    }
    return built;
  };
  return async (c, actor, reuse) => {
    // `request.length < 2`: the case's request takes no actor, so it is the same for all.
    const readsAlike = c.route.startsWith('GET ') && c.request.length < 2;
    if (readsAlike || reuse === 'early') return once(any, c, actor);
    if (reuse === 'refused') return once(untouched, c, actor);
    const built = await c.request(fx, actor);
    if (!any.has(c.route)) any.set(c.route, Promise.resolve(built));
    return built;
  };
}
