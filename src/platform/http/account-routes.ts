import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../../app.ts';
import { defaultThrottleLimits } from '../auth/login-throttle-time.ts';
import { abilitiesOf } from '../auth/policy.ts';
import { Role, SessionUser, Token, User } from './account-schemas.ts';
import { actorOf, SESSION_COOKIE } from './auth-hook.ts';
import { installLoginThrottle } from './login-throttle.ts';
import { ownBaseUrl } from './sso-routes.ts';
import { Id, IdParams, IsoDateTime, Nullable, problems } from './schemas.ts';

/** Sign-in, the signed-in user, API tokens and account administration. */
export function accountRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const throttled = await installLoginThrottle(server, app.clock, defaultThrottleLimits);
    server.post(
      '/auth/login',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with a password; sets the session cookie used by the web UI',
          description:
            'After 10 failed attempts for one username (from any address) or 30 from one address within 15 minutes, ' +
            'attempts are refused with 429 and Retry-After until the 15 minutes have passed, even with the right password.',
          body: Type.Object(
            { username: Type.String({ minLength: 1 }), password: Type.String({ minLength: 1 }) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ user: SessionUser, expiresAt: IsoDateTime }),
            ...problems,
            429: problems[401],
          },
        },
      },
      async (req, reply) => {
        const { username, password } = req.body;
        const { session, expiresAt, user } = await throttled(req, reply, () => app.accounts.login(username, password));
        reply.setCookie(SESSION_COOKIE, session, {
          path: '/',
          httpOnly: true,
          sameSite: 'strict',
          secure: req.protocol === 'https',
          expires: expiresAt,
        });
        const actor = await app.accounts.authenticate(session);
        return { user: { ...user, abilities: abilitiesOf(actor!) }, expiresAt: expiresAt.toISOString() };
      },
    );

    server.post(
      '/auth/logout',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'End the session',
          description:
            'A session opened by single sign-on answers 200 with the URL of its provider that ends the session there ' +
            '(with id_token_hint and post_logout_redirect_uri); the web UI sends the browser to it.',
          response: { 200: Type.Object({ endSessionUrl: Type.String() }), 204: Type.Null() },
        },
      },
      async (req, reply) => {
        const secret = req.cookies[SESSION_COOKIE];
        const endSessionUrl = secret ? await app.sso.logout(secret, `${ownBaseUrl(app, req)}/ui/`) : null;
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return endSessionUrl ? { endSessionUrl } : reply.status(204).send(null);
      },
    );

    server.get(
      '/auth/me',
      {
        schema: {
          tags: ['auth'],
          summary: 'The signed-in account, its roles and what it may do',
          response: { 200: SessionUser, ...problems },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        return {
          ...(await app.accounts.getUser(actor, actor.id ?? 0, { self: true })),
          abilities: abilitiesOf(actor),
          credentialExpiresAt:
            actor.credentialExpiresAt === undefined ? undefined : (actor.credentialExpiresAt?.toISOString() ?? null),
        };
      },
    );

    server.post(
      '/auth/password',
      {
        schema: {
          tags: ['auth'],
          summary: 'Change your own password (ends your other sessions)',
          body: Type.Object({ password: Type.String({ minLength: 12 }) }, { additionalProperties: false }),
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        await app.accounts.setPassword(actor, actor.id ?? 0, req.body.password);
        return reply.status(204).send(null);
      },
    );

    server.get(
      '/tokens',
      {
        schema: {
          tags: ['auth'],
          summary: 'Your API tokens (secrets are never shown again)',
          response: { 200: Type.Array(Token), ...problems },
        },
      },
      async (req) => app.accounts.listTokens(actorOf(req)),
    );

    server.post(
      '/tokens',
      {
        schema: {
          tags: ['auth'],
          summary: 'Create an API token; the secret is in this response only',
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 100 }),
              userId: Type.Optional(Id),
              expiresAt: Type.Optional(Nullable(IsoDateTime)),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Object({ token: Type.String(), tokenInfo: Token }), ...problems },
        },
      },
      async (req, reply) => {
        const { token, view } = await app.accounts.createToken(actorOf(req), req.body);
        return reply.status(201).send({ token, tokenInfo: view });
      },
    );

    server.delete(
      '/tokens/:id',
      {
        schema: {
          tags: ['auth'],
          summary: 'Revoke an API token',
          params: IdParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await app.accounts.revokeToken(actorOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );

    server.get(
      '/users',
      {
        schema: { tags: ['accounts'], summary: 'All accounts', response: { 200: Type.Array(User), ...problems } },
      },
      async (req) => app.accounts.listUsers(actorOf(req)),
    );

    server.get(
      '/users/:id',
      {
        schema: { tags: ['accounts'], summary: 'One account', params: IdParams, response: { 200: User, ...problems } },
      },
      async (req) => app.accounts.getUser(actorOf(req), req.params.id),
    );

    server.post(
      '/users',
      {
        schema: {
          tags: ['accounts'],
          summary: 'Create an account with roles (orgadmin needs the orgId of its subtree)',
          body: Type.Object(
            {
              username: Type.String({ minLength: 2, maxLength: 64 }),
              displayName: Type.String({ minLength: 1 }),
              email: Type.Optional(Nullable(Type.String({ format: 'email' }))),
              password: Type.Optional(Nullable(Type.String({ minLength: 12 }))),
              personId: Type.Optional(Nullable(Id)),
              roles: Type.Array(
                Type.Object(
                  {
                    role: Role,
                    orgId: Type.Optional(Nullable(Id)),
                    office: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 32 }))),
                  },
                  { additionalProperties: false },
                ),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 201: User, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(await app.accounts.createUser(actorOf(req), req.body)),
    );
  };
}
