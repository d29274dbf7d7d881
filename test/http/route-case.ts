import type { InjectOptions } from 'fastify';
import type { ActorName, RouteFixture } from './route-fixture.ts';

/**
 * One route's authorisation check: the request is made once by an actor who may (and must
 * get a 2xx) and once by an actor who may not (and must get 403). `request` runs after the
 * fixture exists, separately for each actor, so a case can create what it needs each time (route-requests.ts reuses
 * one where fresh rows cannot change the answer: a GET that takes no actor, a request refused before its handler).
 */
export interface RouteCase {
  /** Method and URL pattern exactly as registered, e.g. "PATCH /people/:id". */
  route: string;
  allowed: ActorName;
  denied: ActorName;
  request(fx: RouteFixture, actor: ActorName): Promise<InjectOptions> | InjectOptions;
}
