import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { IdParams, problems, Id } from '../platform/http/schemas.ts';
import { Affiliation, AffiliationInput, AffiliationPatch } from './person-schemas.ts';

const AffParams = Type.Object({ id: Id, affId: Id });

/** A person's affiliations: list, add, change or end (set validTo). */
export function affiliationRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/people/:id/affiliations',
      {
        schema: {
          tags: ['affiliations'],
          summary: "A person's affiliations, with whether each holds today",
          params: IdParams,
          response: { 200: Type.Array(Affiliation), ...problems },
        },
      },
      async (req) => app.people.affiliations.list(actorOf(req), req.params.id),
    );

    server.post(
      '/people/:id/affiliations',
      {
        schema: {
          tags: ['affiliations'],
          summary: 'Affiliate a person to an org unit',
          params: IdParams,
          body: AffiliationInput,
          response: { 201: Affiliation, ...problems },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(withEtag(reply, await app.people.affiliations.add(actorOf(req), req.params.id, req.body))),
    );

    server.patch(
      '/people/:id/affiliations/:affId',
      {
        schema: {
          tags: ['affiliations'],
          summary: 'Change an affiliation (If-Match with its version); end it by setting validTo',
          params: AffParams,
          body: AffiliationPatch,
          response: { 200: Affiliation, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(
          reply,
          await app.people.affiliations.update(
            actorOf(req),
            req.params.id,
            req.params.affId,
            expectedVersion(req),
            req.body,
          ),
        ),
    );
  };
}
