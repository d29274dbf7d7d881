import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion } from '../platform/http/etag.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import { MINTABLE_KINDS } from './identifiers.ts';
import { MintingSettingsSchema } from './minting-settings.ts';

const Kind = Type.Enum(MINTABLE_KINDS);
const Settings = Type.Object({
  settings: MintingSettingsSchema,
  version: Type.Integer({ description: '0 until first saved' }),
});

/** Minting identifiers for people, and the settings that shape them. */
export function mintingRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/settings/minting',
      {
        schema: {
          tags: ['minting'],
          summary: 'How ID numbers, usernames and email addresses are minted; ETag is the version',
          response: { 200: Settings, ...problems },
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
          response: { 200: Settings, ...problems },
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
          body: Type.Object({ kind: Kind }, { additionalProperties: false }),
          response: {
            201: Type.Object({ kind: Kind, scope: Type.String(), value: Type.String(), personId: Type.Integer() }),
            ...problems,
          },
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
          body: Type.Object(
            { kind: Kind, personIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 100_000 }) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              minted: Type.Array(Type.Object({ personId: Type.Integer(), value: Type.String() })),
              skipped: Type.Array(Type.Object({ personId: Type.Integer(), reason: Type.String() })),
            }),
            ...problems,
          },
        },
      },
      async (req) => app.people.mintMany(actorOf(req), { kind: req.body.kind, personIds: req.body.personIds }),
    );
  };
}
