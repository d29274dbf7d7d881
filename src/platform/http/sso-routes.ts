import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { App } from '../../app.ts';
import { StewardError } from '../errors.ts';
import { SESSION_COOKIE } from './auth-hook.ts';
import { problems } from './schemas.ts';

/** The browser's handle on a sign-in under way at a provider (HTTP-only, sent back only to /auth/oidc/). */
export const FLOW_COOKIE = 'steward_oidc';
const flowPath = '/auth/oidc/';

const ProviderParams = Type.Object({ provider: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,31}$' }) });
const unavailable = { 502: problems[401] };

/** Steward's own origin as browsers reach it: the configured public URL, or the one the request was addressed to. */
export function ownBaseUrl(app: App, req: FastifyRequest): string {
  return (app.config.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The page a browser sees when single sign-on fails: the reason, and the way back to the sign-in page. */
function failurePage(title: string, detail: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in failed · Steward</title></head><body><main><h1>${escapeHtml(title)}</h1><p role="alert">${escapeHtml(detail)}</p><p><a href="/ui/">Back to sign in</a></p></main></body></html>`;
}

/** Single sign-on with OpenID Connect: the login page's providers, starting a sign-in, and the provider's answer. */
export function ssoRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/auth/oidc/providers',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'The single sign-on providers the sign-in page offers (name and label)',
          response: { 200: Type.Array(Type.Object({ name: Type.String(), label: Type.String() })) },
        },
      },
      async () => app.sso.providers(),
    );

    server.get(
      '/auth/oidc/:provider/start',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with a provider: redirects the browser there (authorization code flow with PKCE)',
          description:
            'returnTo is a path of Steward to land on afterwards (anything else lands on /ui/). The sign-in must be ' +
            'completed within 10 minutes in the same browser.',
          params: ProviderParams,
          querystring: Type.Object(
            { returnTo: Type.Optional(Type.String({ maxLength: 2000 })) },
            { additionalProperties: false },
          ),
          response: { 302: Type.Null(), ...problems, ...unavailable },
        },
      },
      async (req, reply) => {
        const { provider } = req.params;
        const redirectUri = `${ownBaseUrl(app, req)}/auth/oidc/${provider}/callback`;
        const { url, flowSecret, expiresAt } = await app.sso.begin(provider, redirectUri, req.query.returnTo);
        // Lax: the cookie must come back on the provider's top-level redirect to the callback.
        reply.setCookie(FLOW_COOKIE, flowSecret, {
          path: flowPath,
          httpOnly: true,
          sameSite: 'lax',
          secure: req.protocol === 'https',
          expires: expiresAt,
        });
        return reply.redirect(url, 302);
      },
    );

    server.get(
      '/auth/oidc/:provider/callback',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: "The provider's answer: checks it, signs in and redirects to the web UI",
          description:
            'Maps the configured claim to a Steward account (by username, a person’s email or identifier), creates ' +
            'one for the matched person when the provider is configured to, and sets the session cookie. A browser ' +
            'is shown a page with the reason when the sign-in fails; other callers get problem+json.',
          params: ProviderParams,
          querystring: Type.Object(
            {
              code: Type.Optional(Type.String()),
              state: Type.Optional(Type.String()),
              error: Type.Optional(Type.String()),
              error_description: Type.Optional(Type.String()),
            },
            { additionalProperties: true },
          ),
          response: { 303: Type.Null(), ...problems, ...unavailable },
        },
      },
      async (req, reply) => {
        const { provider } = req.params;
        const at = req.url.indexOf('?');
        const query = at >= 0 ? req.url.slice(at) : '';
        const currentUrl = new URL(`${ownBaseUrl(app, req)}/auth/oidc/${provider}/callback${query}`);
        reply.clearCookie(FLOW_COOKIE, { path: flowPath });
        try {
          const { session, expiresAt, returnTo } = await app.sso.complete(
            provider,
            req.cookies[FLOW_COOKIE],
            currentUrl,
          );
          reply.setCookie(SESSION_COOKIE, session, {
            path: '/',
            httpOnly: true,
            sameSite: 'strict',
            secure: req.protocol === 'https',
            expires: expiresAt,
          });
          return reply.redirect(returnTo, 303);
        } catch (e) {
          if (!(e instanceof StewardError) || !req.headers.accept?.includes('text/html')) throw e;
          const page = failurePage('Sign-in failed', e.message);
          // An HTML page in place of the problem+json the schema describes (for browsers only).
          return reply
            .status(e.status)
            .type('text/html; charset=utf-8')
            .send(page as never);
        }
      },
    );
  };
}
