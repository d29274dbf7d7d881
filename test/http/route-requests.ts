import type { InjectOptions } from 'fastify';
import type { RouteCase } from './route-case.ts';
import type { ActorName, RouteFixture } from './route-fixture.ts';

/**
 * Builds the cases' requests, reusing one where fresh rows could not change the answer (building them is most of a
 * matrix's time):
 * - a GET whose case does not look at the actor: a GET never writes, so its rows are not used up, and every actor
 *   reads the same ones;
 * - an answer the authentication hook gives before the route's handler, body or rows are looked at
 *   (`decidedBeforeHandler`: a 401 for no or an expired token; a 403 for a decision client off the decision point).
 * Everything else is built afresh for each call, as the case asks.
 */
export function requestBuilder(
  fx: RouteFixture,
): (c: RouteCase, actor: ActorName, decidedBeforeHandler: boolean) => Promise<InjectOptions> {
  const shared = new Map<string, Promise<InjectOptions>>();
  const once = (c: RouteCase, actor: ActorName) => {
    let built = shared.get(c.route);
    if (!built) {
      built = Promise.resolve(c.request(fx, actor));
      shared.set(c.route, built);
    }
    return built;
  };
  return async (c, actor, decidedBeforeHandler) => {
    // `request.length < 2`: the case's request takes no actor, so it is the same for all.
    const readsAlike = c.route.startsWith('GET ') && c.request.length < 2;
    if (readsAlike || decidedBeforeHandler) return once(c, actor);
    const built = await c.request(fx, actor);
    if (!shared.has(c.route)) shared.set(c.route, Promise.resolve(built));
    return built;
  };
}
