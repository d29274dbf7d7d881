import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { IdParams, problems, Id } from '../platform/http/schemas.ts';
import { Identifier, IdentifierInput, IdentifierMatch } from './person-schemas.ts';

/** Identifiers: resolve one to its person, add or remove one on a person. */
export function identifierRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/identifiers',
      {
        schema: {
          tags: ['identifiers'],
          summary: 'Identifiers of any kind with this value (case-insensitive), each with its surviving person',
          querystring: Type.Object(
            {
              value: Type.String({ minLength: 1, maxLength: 200 }),
              kind: Type.Optional(Type.String({ maxLength: 40 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Array(IdentifierMatch), ...problems },
        },
      },
      async (req) => app.people.identifiers.find(actorOf(req), req.query.value, req.query.kind),
    );

    server.get(
      '/identifiers/:kind/:value',
      {
        schema: {
          tags: ['identifiers'],
          summary: "Resolve one identifier (including a merged record's) to the person who holds it now",
          params: Type.Object({
            kind: Type.String({ minLength: 1, maxLength: 40 }),
            value: Type.String({ minLength: 1, maxLength: 200 }),
          }),
          querystring: Type.Object(
            { scope: Type.Optional(Type.String({ maxLength: 100, description: 'the source, for source keys' })) },
            { additionalProperties: false },
          ),
          response: { 200: IdentifierMatch, ...problems },
        },
      },
      async (req) => app.people.identifiers.resolve(actorOf(req), req.params.kind, req.params.value, req.query.scope),
    );

    server.post(
      '/people/:id/identifiers',
      {
        schema: {
          tags: ['identifiers'],
          summary: 'Attach an identifier; ID numbers, usernames and emails are reserved to this person for good',
          params: IdParams,
          body: IdentifierInput,
          response: { 201: Identifier, ...problems },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await app.people.identifiers.add(actorOf(req), req.params.id, req.body)),
    );

    server.delete(
      '/people/:id/identifiers/:kind/:value',
      {
        schema: {
          tags: ['identifiers'],
          summary: 'Detach an identifier (a reserved value stays reserved and is never reissued)',
          params: Type.Object({
            id: Id,
            kind: Type.String({ minLength: 1 }),
            value: Type.String({ minLength: 1 }),
          }),
          querystring: Type.Object(
            {
              scope: Type.Optional(Type.String({ maxLength: 100 })),
              reason: Type.Optional(Type.String({ maxLength: 1000 })),
            },
            { additionalProperties: false },
          ),
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await app.people.identifiers.remove(
          actorOf(req),
          req.params.id,
          req.params.kind,
          req.params.value,
          req.query.scope,
          req.query.reason,
        );
        return reply.status(204).send(null);
      },
    );
  };
}
