import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../../app.ts';
import { OAuthError } from '../auth/decision-client-service.ts';
import { actorOf } from './auth-hook.ts';
import {
  CreatedDecisionClient,
  DecisionClient,
  DecisionClientBody,
  DecisionClientParams,
  OAuthErrorBody,
  TokenAnswer,
} from './decision-client-schemas.ts';
import { expectedVersion } from './etag.ts';
import { problems } from './schemas.ts';

const tags = ['decision clients'];
const FORM = 'application/x-www-form-urlencoded';

/**
 * Decision clients (system administrators manage them) and the OAuth 2.0 token endpoint, where a client exchanges its
 * credentials for a short-lived access token (client credentials grant). The token endpoint answers errors as RFC 6749
 * §5.2 JSON (`{error, error_description}`), not as problem+json, because OAuth clients read that shape.
 */
export function decisionClientRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const clients = app.decisionClients;
    // Form bodies (RFC 6749 §4.4.2) for the token endpoint only: a plugin's parser stays inside the plugin.
    server.addContentTypeParser(FORM, { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
      const form: Record<string, string> = {};
      for (const [k, v] of new URLSearchParams(String(body))) form[k] = v;
      done(null, form);
    });

    server.get(
      '/decision-clients',
      {
        schema: {
          tags,
          summary: 'Decision clients (never their secrets)',
          response: { 200: Type.Array(DecisionClient), ...problems },
        },
      },
      async (req) => clients.list(actorOf(req)),
    );
    server.post(
      '/decision-clients',
      {
        schema: {
          tags,
          summary: 'Create a decision client: a program that may only ask decisions; its secret is answered once',
          body: DecisionClientBody,
          response: { 201: CreatedDecisionClient, ...problems },
        },
      },
      async (req, reply) => {
        const created = await clients.create(actorOf(req), req.body);
        reply.header('cache-control', 'no-store');
        return reply.status(201).send(created);
      },
    );
    server.post(
      '/decision-clients/:name/secret',
      {
        schema: {
          tags,
          summary: "Rotate a decision client's secret (If-Match: its version): the new one is answered once",
          description: 'The old secret and every access token issued to the client stop working at once.',
          params: DecisionClientParams,
          response: { 200: CreatedDecisionClient, ...problems },
        },
      },
      async (req, reply) => {
        const rotated = await clients.rotate(actorOf(req), req.params.name, expectedVersion(req));
        reply.header('cache-control', 'no-store');
        return rotated;
      },
    );
    server.delete(
      '/decision-clients/:name',
      {
        schema: {
          tags,
          summary: 'Revoke a decision client (If-Match: its version); its tokens end at once',
          params: DecisionClientParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await clients.revoke(actorOf(req), req.params.name, expectedVersion(req));
        return reply.status(204).send(null);
      },
    );

    server.post(
      '/oauth/token',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'An access token for a decision client (OAuth 2.0 client credentials, RFC 6749 §4.4)',
          description:
            'Form-encoded body with grant_type=client_credentials; the client authenticates with HTTP Basic ' +
            '(client id and secret) or with client_id and client_secret in the body. Errors are RFC 6749 §5.2 JSON.',
          consumes: [FORM],
          response: { 200: TokenAnswer, 400: OAuthErrorBody, 401: OAuthErrorBody },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
        const header = req.headers.authorization;
        const basic = header?.startsWith('Basic ') ? header.slice(6) : undefined;
        const body = req.body;
        if (!String(req.headers['content-type'] ?? '').startsWith(FORM) || !body || typeof body !== 'object')
          return reply.status(400).send({ error: 'invalid_request', error_description: `the body must be ${FORM}` });
        try {
          return await clients.issueToken(body as Record<string, string>, basic);
        } catch (e) {
          if (!(e instanceof OAuthError)) throw e;
          if (e.error === 'invalid_client') {
            reply.status(401);
            if (basic !== undefined) reply.header('www-authenticate', 'Basic realm="steward"');
          } else reply.status(400);
          return reply.send({ error: e.error, error_description: e.message });
        }
      },
    );
  };
}
