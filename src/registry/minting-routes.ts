import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion } from '../platform/http/etag.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import { MintBatchBody, MintBatchReport, MintBody, MintedIdentifier, VersionedSettings } from './minting-schemas.ts';

/** Minting identifiers for people, and the settings that shape them. */
export function mintingRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/settings/minting',
      {
        schema: {
          tags: ['minting'],
          summary: 'How ID numbers, usernames and email addresses are minted; ETag is the version',
          response: { 200: VersionedSettings, ...problems },
        },
      },
      async (req, reply) => {
        const current = await app.people.getMintingSettings(actorOf(req));
        reply.header('etag', `"${current.version}"`);
        return current;
      },
    );

    server.put(
      '/settings/minting',
      {
        schema: {
          tags: ['minting'],
          summary: 'Replace the minting settings (If-Match required; "0" before the first save)',
          body: Type.Unknown({ description: 'the settings document (see the GET response)' }),
          response: { 200: VersionedSettings, ...problems },
        },
      },
      async (req, reply) => {
        const saved = await app.people.putMintingSettings(actorOf(req), expectedVersion(req), req.body);
        reply.header('etag', `"${saved.version}"`);
        return saved;
      },
    );

    server.post(
      '/people/:id/mint',
      {
        schema: {
          tags: ['minting'],
          summary: 'Mint an ID number, username or email address for a person; it is reserved to them for good',
          params: IdParams,
          body: MintBody,
          response: { 201: MintedIdentifier, ...problems },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send({ ...(await app.people.mint(actorOf(req), req.params.id, req.body.kind)), personId: req.params.id }),
    );

    server.post(
      '/minting/batch',
      {
        schema: {
          tags: ['minting'],
          summary: 'Mint one kind for many people (skipping those who already have one), in batches',
          body: MintBatchBody,
          response: { 200: MintBatchReport, ...problems },
        },
      },
      async (req) => app.people.mintMany(actorOf(req), { kind: req.body.kind, personIds: req.body.personIds }),
    );
  };
}
