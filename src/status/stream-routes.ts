import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { problems } from '../platform/http/schemas.ts';
import { withStreamAbilities } from './stream-abilities.ts';
import {
  FieldBody,
  FieldUpdateBody,
  HasAnswer,
  PersonStreamParams,
  SelectionQuery,
  Stream,
  StreamBody,
  StreamFieldParams,
  StreamParams,
  StreamUpdateBody,
  StreamValues,
  StreamValuesBody,
  WhoPage,
  WhoQuery,
} from './stream-schemas.ts';

const tags = ['streams'];

/**
 * Auxiliary status streams: definitions and fields (system administrators), values per status type (the stream's
 * office), and the two questions.
 */
export function streamRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/streams',
      {
        schema: {
          tags,
          summary: 'Auxiliary status streams with their fields',
          response: { 200: Type.Array(Stream), ...problems },
        },
      },
      async (req) => app.streams.listStreams(actorOf(req)),
    );

    server.post(
      '/streams',
      {
        schema: {
          tags,
          summary: 'Define a stream: its name, the office that manages it, and optionally its fields',
          body: StreamBody,
          response: { 201: Stream, ...problems },
        },
      },
      async (req, reply) =>
        reply.status(201).send(withEtag(reply, await app.streams.createStream(actorOf(req), req.body))),
    );

    server.get(
      '/streams/:name',
      {
        schema: {
          tags,
          summary: 'One stream with its fields (ETag covers the stream, its fields and values)',
          params: StreamParams,
          response: { 200: Stream, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await app.streams.getStream(actorOf(req), req.params.name)),
    );

    server.put(
      '/streams/:name',
      {
        schema: {
          tags,
          summary: "Change a stream's label, office or description (If-Match)",
          params: StreamParams,
          body: StreamUpdateBody,
          response: { 200: Stream, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await app.streams.updateStream(actorOf(req), req.params.name, expectedVersion(req), req.body)),
    );

    server.delete(
      '/streams/:name',
      {
        schema: {
          tags,
          summary: 'Delete a stream with its fields and values (audited with what it held)',
          params: StreamParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await app.streams.deleteStream(actorOf(req), req.params.name);
        return reply.status(204).send(null);
      },
    );

    server.post(
      '/streams/:name/fields',
      {
        schema: {
          tags,
          summary: 'Add a field to a stream (If-Match of the stream)',
          params: StreamParams,
          body: FieldBody,
          response: { 201: Stream, ...problems },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(
            withEtag(reply, await app.streams.addField(actorOf(req), req.params.name, expectedVersion(req), req.body)),
          ),
    );

    server.put(
      '/streams/:name/fields/:field',
      {
        schema: {
          tags,
          summary: 'Replace a field (If-Match of the stream); refused while values set for it would not fit',
          params: StreamFieldParams,
          body: FieldUpdateBody,
          response: { 200: Stream, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(
          reply,
          await app.streams.updateField(
            actorOf(req),
            req.params.name,
            req.params.field,
            expectedVersion(req),
            req.body,
          ),
        ),
    );

    server.delete(
      '/streams/:name/fields/:field',
      {
        schema: {
          tags,
          summary: 'Remove a field and its values (If-Match of the stream)',
          params: StreamFieldParams,
          response: { 200: Stream, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(
          reply,
          await app.streams.deleteField(actorOf(req), req.params.name, req.params.field, expectedVersion(req)),
        ),
    );

    server.get(
      '/streams/:name/values',
      {
        schema: {
          tags,
          summary: "The generated form's data: every status type with each field's value or its default (ETag)",
          params: StreamParams,
          response: { 200: StreamValues, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, withStreamAbilities(actorOf(req), await app.streams.getValues(actorOf(req), req.params.name))),
    );

    server.put(
      '/streams/:name/values',
      {
        schema: {
          tags,
          summary:
            "Set values per status type (the stream's office or a system administrator; If-Match); null resets to the default",
          params: StreamParams,
          body: StreamValuesBody,
          response: { 200: StreamValues, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(
          reply,
          withStreamAbilities(
            actorOf(req),
            await app.streams.setValues(actorOf(req), req.params.name, expectedVersion(req), req.body.values),
          ),
        ),
    );

    server.get(
      '/streams/:name/people',
      {
        schema: {
          tags,
          summary:
            'Everyone who holds, on a day (default today), a status whose value of the field is the value; paged',
          params: StreamParams,
          querystring: WhoQuery,
          response: { 200: WhoPage, ...problems },
        },
      },
      async (req) => app.streams.who(actorOf(req), req.params.name, req.query),
    );

    server.get(
      '/people/:id/streams/:name',
      {
        schema: {
          tags,
          summary: 'Whether a person holds, on a day (default today), a status with this stream/field/value, and which',
          params: PersonStreamParams,
          querystring: SelectionQuery,
          response: { 200: HasAnswer, ...problems },
        },
      },
      async (req) => app.streams.has(actorOf(req), req.params.id, req.params.name, req.query),
    );
  };
}
