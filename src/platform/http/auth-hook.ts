import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import type { AccountService } from '../auth/account-service.ts';
import { CLIENT_TOKEN_PREFIX, type DecisionClientService } from '../auth/decision-client-service.ts';
import { forbidden, StewardError } from '../errors.ts';
import { crossSiteProblem } from './origin-rules.ts';

export const SESSION_COOKIE = 'steward_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** The request came with the route's own bearer token (`routeToken`), not an account's. */
    viaRouteToken: boolean;
  }
  interface FastifyContextConfig {
    /** Routes reachable without signing in (health, login, docs). */
    public?: boolean;
    /** A secret of the route's own that a caller may send as its bearer token instead of an account's (metrics). */
    routeToken?: () => string | undefined;
    /** A decision client may call this route (the decision point); every other private route refuses it with 403. */
    decisionClients?: boolean;
  }
}

type RouteAuth = { public?: boolean; routeToken?: () => string | undefined; decisionClients?: boolean };

const digest = (text: string) => createHash('sha256').update(text).digest();
const sameSecret = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/**
 * Resolves the caller from `Authorization: Bearer …` or the session cookie; routes are private unless marked public.
 * A change made with the session cookie must come from Steward's own origin (origin-rules.ts): the server's, as the
 * request addressed it, or `publicUrl`.
 */
export function installAuthentication(
  server: FastifyInstance,
  accounts: AccountService,
  options: {
    publicUrl?: string;
    clients?: Pick<DecisionClientService, 'authenticateBasic' | 'authenticateToken'>;
  } = {},
): void {
  server.decorateRequest('actor', null);
  server.decorateRequest('viaRouteToken', false);
  /** After the actor is known: refuses a request its route does not admit (throws). */
  const admit = (req: FastifyRequest, bearer: string | undefined, config: RouteAuth | undefined, url?: string) => {
    if (bearer && !req.actor)
      throw new StewardError('unauthenticated', 'the bearer token is unknown, expired or revoked');
    if (req.actor?.kind === 'client' && !config?.public && !config?.decisionClients && url)
      throw forbidden(`${req.actor.name} is a decision client: it may only ask decisions (POST /check, /check/batch)`);
    if (!config?.public && !req.actor && url) {
      throw new StewardError('unauthenticated', 'sign in, or send an API token as Authorization: Bearer <token>');
    }
  };
  // A callback hook: an API token cached a moment ago (a program's steady stream of calls) is admitted at once,
  // without a promise; anything else is looked up, and a throw or done(error) is the request's error.
  server.addHook('onRequest', (req, _reply, done) => {
    const header = req.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const basic = header?.startsWith('Basic ') ? header.slice(6).trim() : undefined;
    const cookie = req.cookies?.[SESSION_COOKIE];
    const problem = crossSiteProblem({
      method: req.method,
      bearer: bearer !== undefined || basic !== undefined,
      cookie: Boolean(cookie),
      origin: req.headers.origin,
      referer: req.headers.referer,
      // Built only when the rule compares origins (a change with the cookie), not on every request.
      ownOrigins: () => [`${req.protocol}://${req.host}`, ...(options.publicUrl ? [options.publicUrl] : [])],
    });
    if (problem) throw new StewardError('forbidden', problem.message, { problems: [problem] });
    // Fastify builds routeOptions anew on each read.
    const route = req.routeOptions;
    const config = route.config as RouteAuth | undefined;
    const own = config?.routeToken?.();
    if (bearer && own && sameSecret(bearer, own)) {
      req.viaRouteToken = true;
      done();
      return;
    }
    const clients = options.clients;
    let lookUp: Promise<Actor | null> | null = null;
    if (basic !== undefined && clients && !config?.public) {
      lookUp = clients.authenticateBasic(basic).then((actor) => {
        if (!actor) throw new StewardError('unauthenticated', 'the client id or secret is wrong, or it is revoked');
        return actor;
      });
    } else if (bearer?.startsWith(CLIENT_TOKEN_PREFIX) && clients) lookUp = clients.authenticateToken(bearer);
    else if (bearer ?? cookie) {
      const secret = (bearer ?? cookie)!;
      const cached = accounts.cachedActor(secret);
      if (cached) req.actor = cached;
      else lookUp = accounts.authenticate(secret);
    }
    if (!lookUp) {
      admit(req, bearer, config, route.url);
      done();
      return;
    }
    lookUp.then((actor) => {
      req.actor = actor;
      try {
        admit(req, bearer, config, route.url);
      } catch (e) {
        done(e as Error);
        return;
      }
      done();
    }, done);
  });
}

/** The authenticated actor of a private route. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new StewardError('unauthenticated', 'sign in first');
  return req.actor;
}
