import Type, { type Static } from 'typebox';
import { IsoDateTime, Nullable, IdOf } from '../platform/http/schemas.ts';

/** HTTP schemas of /mail (templates, outbox, preferences). */
const Text = Type.Object({ subject: Type.String(), text: Type.String(), html: Nullable(Type.String()) });

export const MailTemplate = Type.Object(
  {
    event: Type.String(),
    description: Type.String(),
    digestable: Type.Boolean({ description: 'mail of this event may wait for a daily digest' }),
    subject: Type.String(),
    text: Type.String(),
    html: Nullable(Type.String()),
    variables: Type.Array(Type.String(), { description: 'the variables and sections the template uses' }),
    preview: Text,
    version: Type.Integer({ description: '0 while the template is the default in code' }),
    updatedAt: Nullable(IsoDateTime),
  },
  { $id: 'MailTemplate' },
);

export const MailTemplateBody = Type.Object(
  {
    subject: Type.String({ minLength: 1, maxLength: 500, description: 'mustache, one line' }),
    text: Type.String({ minLength: 1, maxLength: 50_000, description: 'mustache; values are inserted as they are' }),
    html: Type.Optional(Nullable(Type.String({ maxLength: 100_000, description: 'mustache; {{x}} is HTML-escaped' }))),
  },
  { additionalProperties: false },
);

export const OutboxState = Type.Union([
  Type.Literal('queued'),
  Type.Literal('held'),
  Type.Literal('sending'),
  Type.Literal('sent'),
  Type.Literal('failed'),
  Type.Literal('dead'),
  Type.Literal('check'),
  Type.Literal('digested'),
]);

export const OutboxMail = Type.Object(
  {
    id: Type.Integer(),
    event: Type.String(),
    to: Type.String(),
    personId: Nullable(Type.Integer()),
    userId: Nullable(Type.Integer()),
    subject: Type.String(),
    text: Type.String(),
    html: Nullable(Type.String()),
    state: OutboxState,
    digest: Type.Boolean(),
    digestId: Nullable(Type.Integer()),
    attempts: Type.Integer(),
    nextAttemptAt: IsoDateTime,
    claimedAt: Nullable(IsoDateTime),
    lastError: Nullable(Type.String()),
    sentAt: Nullable(IsoDateTime),
    messageId: Nullable(Type.String()),
    createdAt: IsoDateTime,
  },
  { $id: 'OutboxMail' },
);

export const OutboxQuery = Type.Object({
  state: Type.Optional(OutboxState),
  recipient: Type.Optional(Type.String({ minLength: 1, maxLength: 320 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  before: Type.Optional(IdOf('mails with a smaller id (the next page)')),
});

export const RetryBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);

export const MailPreference = Type.Object(
  {
    userId: Type.Integer(),
    address: Nullable(Type.String()),
    dailyDigest: Type.Boolean(),
    version: Type.Integer(),
  },
  { $id: 'MailPreference' },
);

export const MailPreferenceBody = Type.Object({ dailyDigest: Type.Boolean() }, { additionalProperties: false });

export type MailTemplate = Static<typeof MailTemplate>;
export type MailTemplateBody = Static<typeof MailTemplateBody>;
export type OutboxMail = Static<typeof OutboxMail>;
export type OutboxQuery = Static<typeof OutboxQuery>;
export type MailPreference = Static<typeof MailPreference>;
export type OutboxState = Static<typeof OutboxState>;
