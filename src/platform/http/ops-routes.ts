import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import Type from 'typebox';
import type { App } from '../../app.ts';
import { authorise } from '../auth/policy.ts';
import { actorOf } from './auth-hook.ts';
import { problems } from './schemas.ts';

/**
 * Readiness with a database round trip, and Prometheus metrics. While the server is still loading what it keeps in
 * memory (`starting()`: the decision index, the scheduler), /health answers 503 `starting` with Retry-After, as a load
 * balancer's readiness probe expects; requests meanwhile are served (a decision waits for the index). The metrics are
 * private: a scraper sends STEWARD_METRICS_TOKEN as its bearer token; otherwise a signed-in system administrator or
 * auditor reads them (without the setting that is the only way, which is the safer default: route names, timings and
 * counts say what is used).
 */
type Observer = { observe(seconds: number): void };

export function opsRoutes(app: App, starting: () => boolean = () => false): FastifyPluginAsyncTypebox {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'steward_' });
  const requests = new Histogram({
    name: 'steward_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  return async (server) => {
    // A callback hook (no promise per request), observing through the labelled series kept per method, route, status.
    const series = new Map<string, Map<string, Map<number, Observer>>>();
    const seriesOf = (method: string, route: string, status: number): Observer => {
      const byRoute = series.get(method) ?? series.set(method, new Map()).get(method)!;
      const byStatus = byRoute.get(route) ?? byRoute.set(route, new Map()).get(route)!;
      let observer = byStatus.get(status);
      if (!observer) {
        observer = requests.labels({ method, route, status: String(status) });
        byStatus.set(status, observer);
      }
      return observer;
    };
    server.addHook('onResponse', (req, reply, done) => {
      seriesOf(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode).observe(reply.elapsedTime / 1000);
      done();
    });

    server.get(
      '/health',
      {
        config: { public: true },
        schema: {
          tags: ['ops'],
          summary: 'Readiness: 200 when the server and its database respond, 503 "starting" while it loads',
          response: {
            200: Type.Object({ status: Type.Literal('ok'), database: Type.String(), time: Type.String() }),
            503: Type.Object({ status: Type.Literal('starting'), database: Type.String(), time: Type.String() }),
          },
        },
      },
      async (_req, reply) => {
        const time = app.clock.now().toISOString();
        if (starting())
          return reply
            .status(503)
            .header('retry-after', '1')
            .send({ status: 'starting' as const, database: app.database.kind, time });
        await sql`select 1`.execute(app.db);
        return { status: 'ok' as const, database: app.database.kind, time };
      },
    );

    server.get(
      '/metrics',
      {
        config: { routeToken: () => app.config.metricsToken },
        schema: {
          tags: ['ops'],
          summary:
            'Prometheus metrics: Authorization: Bearer <STEWARD_METRICS_TOKEN>, or a system administrator or auditor',
          produces: ['text/plain'],
          response: { 200: Type.String(), ...problems },
        },
      },
      async (req, reply) => {
        if (!req.viaRouteToken) authorise(actorOf(req), 'ops:metrics');
        reply.type(registry.contentType);
        return registry.metrics();
      },
    );
  };
}
