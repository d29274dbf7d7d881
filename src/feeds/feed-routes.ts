import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { problems } from '../platform/http/schemas.ts';
import {
  ChangesPage,
  ChangesQuery,
  Feed,
  FeedBody,
  FeedParams,
  FeedUpdateBody,
  Preview,
  PreviewQuery,
  PullBody,
  PullPage,
  Refreshed,
} from './feed-schemas.ts';

const tags = ['feeds'];

/** Outbound feeds: definitions (system administrators), the whole file, and changes since a cursor. */
export function feedRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/feeds',
      {
        schema: { tags, summary: 'Feed definitions', response: { 200: Type.Array(Feed), ...problems } },
      },
      async (req) => app.feeds.list(actorOf(req)),
    );

    server.post(
      '/feeds',
      {
        schema: {
          tags,
          summary: 'Define a feed: a selection over statuses, stream values and org units, its columns and format',
          body: FeedBody,
          response: { 201: Feed, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(withEtag(reply, await app.feeds.create(actorOf(req), req.body))),
    );

    server.get(
      '/feeds/:name',
      {
        schema: {
          tags,
          summary: 'One feed definition (ETag)',
          params: FeedParams,
          response: { 200: Feed, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await app.feeds.get(actorOf(req), req.params.name)),
    );

    server.put(
      '/feeds/:name',
      {
        schema: {
          tags,
          summary: 'Replace a feed definition (If-Match)',
          params: FeedParams,
          body: FeedUpdateBody,
          response: { 200: Feed, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await app.feeds.update(actorOf(req), req.params.name, expectedVersion(req), req.body)),
    );

    server.delete(
      '/feeds/:name',
      {
        schema: {
          tags,
          summary: 'Delete a feed with its rows, changes and cursors (audited)',
          params: FeedParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await app.feeds.remove(actorOf(req), req.params.name);
        return reply.status(204).send(null);
      },
    );

    server.get(
      '/feeds/:name/output',
      {
        schema: {
          tags,
          summary: "The whole file as it is today, streamed (CSV, LDIF or JSON lines by the feed's format)",
          params: FeedParams,
          produces: ['text/csv', 'text/x-ldif', 'application/x-ndjson'],
          response: { 200: Type.String(), ...problems },
        },
      },
      async (req, reply) => {
        const out = await app.feeds.output(actorOf(req), req.params.name);
        reply.type(out.contentType).header('content-disposition', `attachment; filename="${out.fileName}"`);
        // A stream is sent as it is, not serialised against the 200 schema (which documents the body as text).
        return reply.send(Readable.from(out.body) as never);
      },
    );

    server.get(
      '/feeds/:name/preview',
      {
        schema: {
          tags,
          summary: 'The first rows the feed selects today',
          params: FeedParams,
          querystring: PreviewQuery,
          response: { 200: Preview, ...problems },
        },
      },
      async (req) => app.feeds.preview(actorOf(req), req.params.name, req.query.limit),
    );

    server.get(
      '/feeds/:name/changes',
      {
        schema: {
          tags,
          summary: 'Changes after a sequence number (since), as last refreshed; reads only',
          params: FeedParams,
          querystring: ChangesQuery,
          response: { 200: ChangesPage, ...problems },
        },
      },
      async (req) => app.feeds.changes(actorOf(req), req.params.name, req.query),
    );

    server.post(
      '/feeds/:name/pulls',
      {
        schema: {
          tags,
          summary:
            'What changed since my last pull: refreshes, returns the changes after your cursor (or after since) and moves your cursor',
          params: FeedParams,
          body: Type.Optional(PullBody),
          response: { 200: PullPage, ...problems },
        },
      },
      async (req) => app.feeds.pull(actorOf(req), req.params.name, req.body ?? {}),
    );

    server.post(
      '/feeds/:name/refresh',
      {
        schema: {
          tags,
          summary: 'Compare the selection today with the rows last emitted and append the changes',
          params: FeedParams,
          response: { 200: Refreshed, ...problems },
        },
      },
      async (req) => app.feeds.refresh(actorOf(req), req.params.name),
    );
  };
}
