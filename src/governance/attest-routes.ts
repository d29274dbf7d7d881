import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import { Attestation, AttestationBody } from './review-schemas.ts';

const tags = ['reviews'];

/** Per-group attestation: how often a group's members are reviewed, and the groups due. */
export function attestRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const { attestation } = app.reviews;

    server.get(
      '/reviews/attestation/due',
      {
        schema: {
          tags,
          summary:
            'Groups whose attestation is due: never attested, or longer ago than their period (those the caller administers; all for system administrators and auditors)',
          response: { 200: Type.Array(Attestation), ...problems },
        },
      },
      async (req) => attestation.due(actorOf(req)),
    );

    server.get(
      '/groups/:id/attestation',
      {
        schema: {
          tags,
          summary: "A group's attestation period, when it was last attested and when it falls due (ETag: the group's)",
          params: IdParams,
          response: { 200: Attestation, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await attestation.get(actorOf(req), req.params.id)),
    );

    server.put(
      '/groups/:id/attestation',
      {
        schema: {
          tags,
          summary: 'Set how often the group is attested, in days (0: never); admin on the group, If-Match',
          params: IdParams,
          body: AttestationBody,
          response: { 200: Attestation, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await attestation.set(actorOf(req), req.params.id, expectedVersion(req), req.body.everyDays)),
    );
  };
}
