import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { problems } from '../platform/http/schemas.ts';
import { Kind, KindBody, KindKey, NewKindBody } from './org-schemas.ts';

const tags = ['organisations'];
const KindParams = Type.Object({ kind: KindKey });

/** Org kinds and their custom-field schemas (configuration, system administrators). */
export function kindRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/org-kinds',
      {
        schema: {
          tags,
          summary: 'Org kinds with their custom-field schemas',
          response: { 200: Type.Array(Kind), ...problems },
        },
      },
      async (req) => app.orgs.listKinds(actorOf(req)),
    );

    server.get(
      '/org-kinds/:kind',
      {
        schema: { tags, summary: 'One org kind (ETag)', params: KindParams, response: { 200: Kind, ...problems } },
      },
      async (req, reply) => withEtag(reply, await app.orgs.getKind(actorOf(req), req.params.kind)),
    );

    server.post(
      '/org-kinds',
      {
        schema: {
          tags,
          summary: 'Add an org kind with its custom-field schema',
          body: NewKindBody,
          response: { 201: Kind, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(withEtag(reply, await app.orgs.createKind(actorOf(req), req.body))),
    );

    server.put(
      '/org-kinds/:kind',
      {
        schema: {
          tags,
          summary:
            "Replace an org kind's label and fields (If-Match); newly required fields are filled from their default",
          params: KindParams,
          body: KindBody,
          response: { 200: Kind, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await app.orgs.updateKind(actorOf(req), req.params.kind, expectedVersion(req), req.body)),
    );
  };
}
