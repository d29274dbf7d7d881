import Type, { type Static } from 'typebox';
import { IsoDateTime } from '../platform/http/schemas.ts';

/** HTTP schemas of the source routes (validation and the OpenAPI document). */
export const SourceName = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]{0,39}$',
  description: 'e.g. hr, sis, housing; permanent',
});

const settings = {
  label: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  kinds: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
      maxItems: 100,
      description: 'affiliation kinds it may deliver; empty = any',
    }),
  ),
  holdThreshold: Type.Optional(
    Type.Number({
      exclusiveMinimum: 0,
      maximum: 1,
      description: 'share of its records a snapshot may change before it is held (default 0.1)',
    }),
  ),
  createPeople: Type.Optional(
    Type.Boolean({ description: 'create a person when no one matches a record (default true)' }),
  ),
  reviewNearMatches: Type.Optional(
    Type.Boolean({ description: 'flag near-matches for review instead of guessing (default true)' }),
  ),
};

export const SourceBody = Type.Object(settings, { additionalProperties: false });
export const NewSourceBody = Type.Object({ name: SourceName, ...settings }, { additionalProperties: false });

export const Source = Type.Object({
  name: Type.String(),
  label: Type.String(),
  description: Type.String(),
  kinds: Type.Array(Type.String()),
  holdThreshold: Type.Number(),
  createPeople: Type.Boolean(),
  reviewNearMatches: Type.Boolean(),
  affiliations: Type.Integer({
    description: 'affiliations from this source that have not ended (valid to today or later, or open-ended)',
  }),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Type.Integer(),
});
export type Source = Static<typeof Source>;
