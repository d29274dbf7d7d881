import Type, { type Static } from 'typebox';
import { IsoDateTime, Nullable } from './schemas.ts';

/** HTTP shapes of decision clients and of the OAuth 2.0 token endpoint (RFC 6749 §4.4, §5). */
export const DecisionClient = Type.Object({
  name: Type.String({ description: 'the client id' }),
  label: Type.String(),
  applications: Nullable(
    Type.Array(Type.String(), { description: 'the applications it may ask about; null: every application' }),
  ),
  createdAt: IsoDateTime,
  createdBy: Type.String(),
  revokedAt: Nullable(IsoDateTime),
  /** When it last authenticated, to the minute; null: never. */
  lastUsedAt: Nullable(IsoDateTime),
  version: Type.Integer(),
});
export const DecisionClientBody = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'the client id: 2-64 lowercase letters, digits, . _ -',
    }),
    label: Type.String({ minLength: 1, maxLength: 200 }),
    applications: Type.Optional(
      Nullable(
        Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
          maxItems: 1000,
          description: 'limit the client to these applications; null or absent: every application',
        }),
      ),
    ),
  },
  { additionalProperties: false },
);
export const CreatedDecisionClient = Type.Object({
  clientId: Type.String(),
  clientSecret: Type.String({ description: 'shown this once; Steward keeps only its Argon2id hash' }),
  client: DecisionClient,
});
export const DecisionClientParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) });
export const TokenAnswer = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
});
export const OAuthErrorBody = Type.Object({ error: Type.String(), error_description: Type.Optional(Type.String()) });

export type DecisionClient = Static<typeof DecisionClient>;
export type CreatedDecisionClient = Static<typeof CreatedDecisionClient>;
