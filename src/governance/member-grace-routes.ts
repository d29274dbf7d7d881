import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import { MemberGrace } from './member-grace-schemas.ts';

/** A group's governed memberships with their grace state, for the group page. */
export function memberGraceRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/groups/:id/members/grace',
      {
        schema: {
          tags: ['governance', 'groups'],
          summary:
            "A group's governed memberships with their grace state (the kind of change, its end, notified, held); read on the group",
          params: IdParams,
          querystring: Type.Object({}, { additionalProperties: false }),
          response: { 200: MemberGrace, ...problems },
        },
      },
      async (req) => app.governanceGrace.memberGrace.list(actorOf(req), req.params.id),
    );
  };
}
