import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import type { OutboxState } from '../platform/db/mail-tables.ts';
import {
  MailPreference,
  MailPreferenceBody,
  MailTemplate,
  MailTemplateBody,
  OutboxMail,
  OutboxQuery,
  RetryBody,
} from './mail-schemas.ts';

const tags = ['mail'];
const EventParams = Type.Object({ event: Type.String({ minLength: 1, maxLength: 100 }) });

/** Mail templates, the outbox, and each account's own digest choice. */
export function mailRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.addSchema(MailTemplate);
    server.addSchema(OutboxMail);
    server.addSchema(MailPreference);

    server.get(
      '/mail/templates',
      {
        schema: {
          tags,
          summary: 'The mail template of every event, with a preview rendered from a sample',
          response: { 200: Type.Array(Type.Ref('MailTemplate')), ...problems },
        },
      },
      async (req) => app.mail.templates.list(actorOf(req)),
    );

    server.get(
      '/mail/templates/:event',
      {
        schema: {
          tags,
          summary: "One event's template (ETag)",
          params: EventParams,
          response: { 200: Type.Ref('MailTemplate'), ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await app.mail.templates.get(actorOf(req), req.params.event)),
    );

    server.put(
      '/mail/templates/:event',
      {
        schema: {
          tags,
          summary:
            "Replace an event's template (If-Match); a template that does not render is refused naming the field",
          params: EventParams,
          body: MailTemplateBody,
          response: { 200: Type.Ref('MailTemplate'), ...problems },
        },
      },
      async (req, reply) =>
        withEtag(
          reply,
          await app.mail.templates.update(actorOf(req), req.params.event, expectedVersion(req), req.body),
        ),
    );

    server.get(
      '/mail/outbox',
      {
        schema: {
          tags,
          summary: 'Queued, held, sent, failed, dead and to-check mail, newest first',
          querystring: OutboxQuery,
          response: { 200: Type.Array(Type.Ref('OutboxMail')), ...problems },
        },
      },
      async (req) =>
        app.mail.outbox.list(actorOf(req), { ...req.query, state: req.query.state as OutboxState | undefined }),
    );

    server.get(
      '/mail/outbox/:id',
      {
        schema: {
          tags,
          summary: 'One mail as it was rendered',
          params: IdParams,
          response: { 200: Type.Ref('OutboxMail'), ...problems },
        },
      },
      async (req) => app.mail.outbox.get(actorOf(req), req.params.id),
    );

    server.post(
      '/mail/outbox/:id/retry',
      {
        schema: {
          tags,
          summary:
            'Queue a dead mail, or one waiting for a check, again (a mail in check may have been delivered: look its Message-ID up first)',
          params: IdParams,
          body: Type.Optional(RetryBody),
          response: { 200: Type.Ref('OutboxMail'), ...problems },
        },
      },
      async (req) => app.mail.outbox.retry(actorOf(req), req.params.id, req.body?.reason),
    );

    server.get(
      '/mail/preferences',
      {
        schema: {
          tags,
          summary: 'Your own mail preference (daily digest)',
          response: { 200: Type.Ref('MailPreference'), ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await app.mail.preferences.get(actorOf(req))),
    );

    server.put(
      '/mail/preferences',
      {
        schema: {
          tags,
          summary:
            'Choose whether mail that may wait (approval needed) comes as one daily digest (If-Match: the version read)',
          body: MailPreferenceBody,
          response: { 200: Type.Ref('MailPreference'), ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await app.mail.preferences.set(actorOf(req), expectedVersion(req), req.body.dailyDigest)),
    );
  };
}
