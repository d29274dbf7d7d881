import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { problems } from '../platform/http/schemas.ts';
import { HomeView } from './home-schemas.ts';
import { createHomeService } from './home-service.ts';

/** The signed-in person's home page: what needs them, with counts. */
export function homeRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const service = createHomeService(app);
    server.get(
      '/me/home',
      {
        schema: {
          tags: ['auth'],
          summary:
            'What needs you: approvals waiting, access review items assigned to you, guests you vouch for whose stay ends within 30 days, and for operators held snapshots, provisioning errors and held targets (read-only)',
          querystring: Type.Object({}, { additionalProperties: false }),
          response: { 200: HomeView, ...problems },
        },
      },
      async (req) => service.home(actorOf(req)),
    );
  };
}
