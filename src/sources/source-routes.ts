import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { problems } from '../platform/http/schemas.ts';
import { NewSourceBody, Source, SourceBody, SourceName } from './source-schemas.ts';

const tags = ['sources'];
const Params = Type.Object({ name: SourceName });

/** Systems of record: registering them and what they deliver. */
export function sourceRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/sources',
      {
        schema: { tags, summary: 'Registered systems of record', response: { 200: Type.Array(Source), ...problems } },
      },
      async (req) => app.sources.listSources(actorOf(req)),
    );

    server.get(
      '/sources/:name',
      {
        schema: { tags, summary: 'One source (ETag)', params: Params, response: { 200: Source, ...problems } },
      },
      async (req, reply) => withEtag(reply, await app.sources.getSource(actorOf(req), req.params.name)),
    );

    server.post(
      '/sources',
      {
        schema: {
          tags,
          summary: 'Register a source of record',
          body: NewSourceBody,
          response: { 201: Source, ...problems },
        },
      },
      async (req, reply) =>
        reply.status(201).send(withEtag(reply, await app.sources.createSource(actorOf(req), req.body))),
    );

    server.put(
      '/sources/:name',
      {
        schema: {
          tags,
          summary: "Replace a source's settings (If-Match); omitted settings return to their defaults",
          params: Params,
          body: SourceBody,
          response: { 200: Source, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await app.sources.updateSource(actorOf(req), req.params.name, expectedVersion(req), req.body)),
    );
  };
}
