import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { AuditEntry } from '../platform/http/audit-schemas.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { IdParams, problems, Id } from '../platform/http/schemas.ts';
import { affiliationRoutes } from './affiliation-routes.ts';
import { identifierRoutes } from './identifier-routes.ts';
import { importRoutes } from './import-routes.ts';
import { mintingRoutes } from './minting-routes.ts';
import {
  DuplicateCandidate,
  MergeBody,
  NewPerson,
  Person,
  PersonPatch,
  ProspectivePerson,
  SearchHit,
} from './person-schemas.ts';

/** HTTP routes of the person registry; each is one call into the people service. */
export function peopleRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/people',
      {
        schema: {
          tags: ['people'],
          summary:
            'Search people by name (typo-tolerant) or by any identifier or email address; merged records show as their survivor',
          querystring: Type.Object(
            {
              q: Type.String({ minLength: 1, maxLength: 200 }),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Array(SearchHit), ...problems },
        },
      },
      async (req) => app.people.search(actorOf(req), req.query.q, req.query.limit),
    );

    server.post(
      '/people',
      {
        schema: {
          tags: ['people'],
          summary:
            'Create a person; answers 409 duplicate-suspected with the candidates unless force: true and a reason are sent',
          body: NewPerson,
          response: { 201: Person, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(withEtag(reply, await app.people.create(actorOf(req), req.body))),
    );

    server.post(
      '/people/duplicates',
      {
        schema: {
          tags: ['people'],
          summary: 'Likely duplicates of a prospective person, with a score and the reasons',
          body: ProspectivePerson,
          response: { 200: Type.Array(DuplicateCandidate), ...problems },
        },
      },
      async (req) => app.people.duplicates(actorOf(req), req.body),
    );

    server.get(
      '/people/:id',
      {
        schema: {
          tags: ['people'],
          summary: 'One person with identifiers, contacts and affiliations; ETag is the version',
          params: IdParams,
          response: { 200: Person, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await app.people.get(actorOf(req), req.params.id)),
    );

    server.patch(
      '/people/:id',
      {
        schema: {
          tags: ['people'],
          summary: "Correct a person's facts (If-Match required)",
          params: IdParams,
          body: PersonPatch,
          response: { 200: Person, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await app.people.update(actorOf(req), req.params.id, expectedVersion(req), req.body)),
    );

    server.get(
      '/people/:id/history',
      {
        schema: {
          tags: ['people'],
          summary:
            'Audit entries of this person and of every record merged into them, with their guest records and guest requests (those you read), newest first',
          params: IdParams,
          querystring: Type.Object(
            {
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
              beforeSeq: Type.Optional(Id),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Array(AuditEntry), ...problems },
        },
      },
      async (req) => app.people.history(actorOf(req), req.params.id, req.query),
    );

    server.post(
      '/people/:id/merge',
      {
        schema: {
          tags: ['people'],
          summary:
            'Merge another record of the same human into this one (If-Match on this one); the other becomes a tombstone',
          params: IdParams,
          body: MergeBody,
          response: { 200: Person, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(
          reply,
          await app.people.merge(actorOf(req), req.params.id, req.body.loserId, expectedVersion(req), req.body.reason),
        ),
    );

    await server.register(identifierRoutes(app));
    await server.register(affiliationRoutes(app));
    await server.register(mintingRoutes(app));
    await server.register(importRoutes(app));
  };
}
