import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import {
  InboxItem,
  MembershipDecisionBody,
  MembershipRequestBody,
  MembershipRequestQuery,
  MembershipRequestView,
  RequestCheckView,
} from './request-schemas.ts';

const tags = ['governance'];

/** Membership requests (ask, read, approve, deny, withdraw) and the one inbox. */
export function requestRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const { requests, decisions, inbox, requestChecks } = app.governance;

    server.post(
      '/governance/requests/check',
      {
        schema: {
          tags,
          summary:
            'Dry run of a request: the same body as a submit; answers every check a submit would run, passed or failed with its problems, and writes nothing',
          body: MembershipRequestBody,
          response: { 200: RequestCheckView, ...problems },
        },
      },
      async (req) => requestChecks.check(actorOf(req), req.body),
    );

    server.post(
      '/governance/requests',
      {
        schema: {
          tags,
          summary:
            'Ask for a person or account to join a governed group (reason or ticket; end date or days); the checks run now (409 naming each)',
          body: MembershipRequestBody,
          response: { 201: MembershipRequestView, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(withEtag(reply, await requests.submit(actorOf(req), req.body))),
    );

    server.get(
      '/governance/requests',
      {
        schema: {
          tags,
          summary: "Requests by state, group or person (group readers: a group's; everyone: their own)",
          querystring: MembershipRequestQuery,
          response: { 200: Type.Array(MembershipRequestView), ...problems },
        },
      },
      async (req) => requests.list(actorOf(req), req.query),
    );

    server.get(
      '/governance/requests/:id',
      {
        schema: {
          tags,
          summary: 'One request with its stages, decisions and what you may do with it (ETag)',
          params: IdParams,
          response: { 200: MembershipRequestView, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await requests.get(actorOf(req), req.params.id)),
    );

    for (const action of ['approve', 'deny', 'withdraw'] as const) {
      server.post(
        `/governance/requests/:id/${action}`,
        {
          schema: {
            tags,
            summary:
              action === 'approve'
                ? 'Approve the current stage (If-Match; the checks run again; the last stage adds the member)'
                : action === 'deny'
                  ? 'Deny the request (If-Match; say why in comment)'
                  : 'Withdraw your request while it waits (If-Match)',
            params: IdParams,
            body: MembershipDecisionBody,
            response: { 200: MembershipRequestView, ...problems },
          },
        },
        async (req, reply) => {
          const actor = actorOf(req);
          const version = expectedVersion(req);
          const comment = req.body?.comment ?? null;
          const view =
            action === 'approve'
              ? await decisions.approve(actor, req.params.id, version, comment)
              : action === 'deny'
                ? await decisions.deny(actor, req.params.id, version, comment)
                : await requests.withdraw(actor, req.params.id, version);
          return withEtag(reply, view);
        },
      );
    }

    server.get(
      '/inbox',
      {
        schema: {
          tags: ['governance', 'guests'],
          summary: 'Everything waiting for your decision: guest requests and membership requests, oldest first',
          querystring: Type.Object({}, { additionalProperties: false }),
          response: { 200: Type.Array(InboxItem), ...problems },
        },
      },
      async (req) => inbox.inbox(actorOf(req)),
    );
  };
}
