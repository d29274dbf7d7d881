import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor.ts';
import type { AccountService } from '../auth/account-service.ts';
import { StewardError } from '../errors.ts';

export const SESSION_COOKIE = 'steward_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Routes reachable without signing in (health, metrics, login, docs). */
    public?: boolean;
  }
}

/**
 * Resolves the caller from `Authorization: Bearer …` or the session cookie; routes are private unless marked public.
 */
export function installAuthentication(server: FastifyInstance, accounts: AccountService): void {
  server.decorateRequest('actor', null);
  server.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const secret = bearer ?? req.cookies?.[SESSION_COOKIE];
    if (secret) req.actor = await accounts.authenticate(secret);
    if (bearer && !req.actor)
      throw new StewardError('unauthenticated', 'the bearer token is unknown, expired or revoked');
    const config = req.routeOptions.config as { public?: boolean } | undefined;
    if (!config?.public && !req.actor && req.routeOptions.url) {
      throw new StewardError('unauthenticated', 'sign in, or send an API token as Authorization: Bearer <token>');
    }
  });
}

/** The authenticated actor of a private route. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new StewardError('unauthenticated', 'sign in first');
  return req.actor;
}
