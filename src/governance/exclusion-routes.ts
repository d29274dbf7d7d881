import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import { ExclusionBody, ExclusionView } from './exclusion-schemas.ts';

const tags = ['governance'];

/** Separation-of-duties pairs: nobody may hold both groups through any path. */
export function exclusionRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const { exclusions } = app.governance;

    server.get(
      '/governance/exclusions',
      {
        schema: {
          tags,
          summary: 'Every separation-of-duties pair (system administrators and auditors)',
          querystring: Type.Object({}, { additionalProperties: false }),
          response: { 200: Type.Array(ExclusionView), ...problems },
        },
      },
      async (req) => exclusions.list(actorOf(req)),
    );

    server.post(
      '/governance/exclusions',
      {
        schema: {
          tags,
          summary: 'Make two groups mutually exclusive (admin on both; 409 listing who holds both already)',
          body: ExclusionBody,
          response: { 201: ExclusionView, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(await exclusions.create(actorOf(req), req.body)),
    );

    server.get(
      '/governance/exclusions/:id',
      {
        schema: { tags, summary: 'One pair', params: IdParams, response: { 200: ExclusionView, ...problems } },
      },
      async (req) => exclusions.get(actorOf(req), req.params.id),
    );

    server.delete(
      '/governance/exclusions/:id',
      {
        schema: {
          tags,
          summary: 'Remove a pair (admin on both groups)',
          params: IdParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await exclusions.remove(actorOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
