import { heldChangeRoutes } from '../platform/mass-change/held-change-routes.ts';
import { provisionRoutes } from '../provision/provision-routes.ts';
import { scimRoutes } from '../scim/scim-routes.ts';
import { jobRoutes } from '../platform/jobs/job-routes.ts';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { App } from '../app.ts';
import { accessRoutes } from '../access/access-routes.ts';
import { configRoutes } from '../config-file/config-routes.ts';
import { feedRoutes } from '../feeds/feed-routes.ts';
import { guestRoutes } from '../guests/guest-routes.ts';
import { folderRoutes } from '../groups/folder-routes.ts';
import { groupRoutes } from '../groups/group-routes.ts';
import { governanceAddRoutes } from '../governance/add-routes.ts';
import { graceRoutes } from '../governance/grace-routes.ts';
import { memberGraceRoutes } from '../governance/member-grace-routes.ts';
import { attestRoutes } from '../governance/attest-routes.ts';
import { reviewRoutes } from '../governance/review-routes.ts';
import { guestRequestRoutes } from '../guests/requests/request-routes.ts';
import { loanRoutes } from '../loans/loan-routes.ts';
import { mailRoutes } from '../notify/mail-routes.ts';
import { orgRoutes } from '../organisations/org-routes.ts';
import { accountRoutes } from '../platform/http/account-routes.ts';
import { auditRoutes } from '../platform/http/audit-routes.ts';
import { decisionClientRoutes } from '../platform/http/decision-client-routes.ts';
import { installAuthentication } from '../platform/http/auth-hook.ts';
import { opsRoutes } from '../platform/http/ops-routes.ts';
import { ssoRoutes } from '../platform/http/sso-routes.ts';
import { frameworkErrorHandler, installProblemHandlers } from '../platform/http/problem.ts';
import { installInputGuards } from '../platform/http/input-guards.ts';
import { dateRangeKeyword } from '../platform/schema-guards.ts';
import { Problem } from '../platform/http/schemas.ts';
import { scheduleRoutes } from '../platform/schedule/schedule-routes.ts';
import { peopleRoutes } from '../registry/people-routes.ts';
import { snapshotRoutes } from '../sources/snapshot-routes.ts';
import { sourceRoutes } from '../sources/source-routes.ts';
import { statusRoutes } from '../status/status-routes.ts';
import { streamRoutes } from '../status/stream-routes.ts';
import { lazyChildLoggerFactory } from './lazy-child-logger.ts';
import { lazySchemaCompilers } from './lazy-schema-compilers.ts';
import { docsHelmet, registerSecurityHeaders } from './security-headers.ts';

export interface ServerOptions {
  /** Log each request (off in tests). */
  logRequests?: boolean;
  /** Largest request body, in bytes (imports upload files). */
  bodyLimit?: number;
  /** Compile every route's schemas at start-up instead of on each route's first request. */
  eagerSchemas?: boolean;
  /** True while the server still loads in the background (GET /health answers 503 "starting"). */
  starting?: () => boolean;
}

/**
 * Builds the HTTP server without listening, so tests drive it with inject(). Every route
 * carries a schema (params, query, body, response) from which validation and the OpenAPI
 * document both come.
 */
export async function buildServer(app: App, options: ServerOptions = {}): Promise<FastifyInstance> {
  const server = Fastify({
    loggerInstance: app.log as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: !options.logRequests }),
    // Each request's logger is made when the request first logs (most never do).
    childLoggerFactory: lazyChildLoggerFactory,
    bodyLimit: options.bodyLimit ?? 1024 * 1024 * 1024,
    // Behind a TLS-terminating proxy: request.protocol (and so the session cookie's Secure) and request.host
    // follow X-Forwarded-Proto/-Host only from the proxies named here (STEWARD_TRUST_PROXY).
    trustProxy: trustedProxies(app.config.trustProxy),
    frameworkErrors: frameworkErrorHandler,
    ajv: {
      customOptions: {
        allErrors: true,
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allowUnionTypes: true,
      },
      // Dates in their sane range on every route (schema-guards.ts; input-guards.ts marks the schemas).
      plugins: [dateRangeKeyword],
    },
    ...(options.eagerSchemas ? {} : { schemaController: { compilersFactory: lazySchemaCompilers } }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  server.addSchema(Problem);
  installInputGuards(server);
  // Public routes say so in the OpenAPI document (no security requirement).
  // The browsable API page and the web UI's static files are public too.
  server.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs') || route.url.startsWith('/assets/'))
      route.config = { ...(route.config as object), public: true };
    // The Swagger UI gets its own Content-Security-Policy (security-headers.ts reads config.helmet).
    if (route.url.startsWith('/docs')) route.config = { ...(route.config as object), helmet: docsHelmet } as object;
    if ((route.config as { public?: boolean } | undefined)?.public) route.schema = { ...route.schema, security: [] };
  });
  await server.register(fastifyCookie);
  await registerSecurityHeaders(server);
  installProblemHandlers(server);
  installAuthentication(server, app.accounts, { publicUrl: app.config.publicUrl, clients: app.decisionClients });
  // CSV imports stream their body to the importer rather than buffering it.
  server.addContentTypeParser('text/csv', (_req, payload, done) => done(null, payload));
  // Snapshots as JSON lines stream the same way.
  server.addContentTypeParser('application/x-ndjson', (_req, payload, done) => done(null, payload));

  await server.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Steward API',
        version: '0.1.0',
        description:
          'People, organisations, identifiers, audit and the change log. Errors are RFC 9457 problem+json; updates need If-Match.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'steward_session' },
          // Decision clients on the decision point: client id and secret (or a token from POST /oauth/token as bearer).
          clientBasic: { type: 'http', scheme: 'basic' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    refResolver: {
      buildLocalReference: (json, _base, _frag, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  await server.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    // No validator badge: it would load an image from validator.swagger.io, which the CSP refuses.
    uiConfig: { docExpansion: 'list', deepLinking: true, validatorUrl: null },
  });
  server.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => server.swagger());

  await server.register(opsRoutes(app, options.starting));
  await server.register(accountRoutes(app));
  await server.register(ssoRoutes(app));
  await server.register(auditRoutes(app));
  await server.register(decisionClientRoutes(app));
  await server.register(scheduleRoutes(app));
  await server.register(peopleRoutes(app));
  await server.register(orgRoutes(app));
  await server.register(sourceRoutes(app));
  await server.register(snapshotRoutes(app));
  await server.register(statusRoutes(app));
  await server.register(streamRoutes(app));
  await server.register(feedRoutes(app));
  await server.register(guestRoutes(app));
  await server.register(folderRoutes(app));
  await server.register(groupRoutes(app));
  await server.register(governanceAddRoutes(app));
  await server.register(reviewRoutes(app));
  await server.register(attestRoutes(app));
  await server.register(guestRequestRoutes(app));
  await server.register(loanRoutes(app));
  await server.register(mailRoutes(app));
  await server.register(accessRoutes(app));
  await server.register(provisionRoutes(app));
  for (const routes of [graceRoutes, memberGraceRoutes, scimRoutes, jobRoutes, configRoutes, heldChangeRoutes])
    await server.register(routes(app));
  await registerWebUi(server, resolve(app.config.webDir));
  return server;
}

/** STEWARD_TRUST_PROXY as Fastify takes it: a hop count trusts that many proxies nearest the server. */
function trustedProxies(
  setting: boolean | number | string | undefined,
): boolean | string | ((a: string, i: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : (setting ?? false);
}

/** The React app: static assets, and index.html for "/" and every client route under /ui. */
async function registerWebUi(server: FastifyInstance, dir: string): Promise<void> {
  const index = join(dir, 'index.html');
  const built = existsSync(index);
  if (built)
    await server.register(fastifyStatic, { root: join(dir, 'assets'), prefix: '/assets/', decorateReply: false });
  const page = () =>
    built
      ? readFileSync(index, 'utf8')
      : '<!doctype html><html><body><h1>Steward</h1><p>The web UI is not built: run <code>npm run build</code>. The API is at <a href="/docs">/docs</a>.</p></body></html>';
  const html = { config: { public: true }, schema: { hide: true } };
  server.get('/', html, async (_req, reply) => reply.type('text/html').send(page()));
  server.get('/ui', html, async (_req, reply) => reply.type('text/html').send(page()));
  server.get('/ui/*', html, async (_req, reply) => reply.type('text/html').send(page()));
}
