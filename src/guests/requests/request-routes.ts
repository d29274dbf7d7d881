import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../../app.ts';
import { actorOf } from '../../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../../platform/http/etag.ts';
import { IdParams, problems } from '../../platform/http/schemas.ts';
import { waitingByApproverCsv } from './request-reports.ts';
import {
  DecisionBody,
  DuplicateHint,
  FormatQuery,
  FormOptions,
  GuestRequest,
  HintBody,
  RenewalBody,
  RequestBody,
  RequestQuery,
  WaitingReport,
} from './request-schemas.ts';

const tags = ['guest requests'];

/**
 * Guest requests: submit, read, the approval inbox, approve / reject / withdraw (If-Match), duplicate hints, the
 * waiting report.
 */
export function guestRequestRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const requests = app.guestRequests.requests;
    const decisions = app.guestRequests.decisions;

    server.post(
      '/guests/requests',
      {
        schema: {
          tags,
          summary: "Ask for a visitor (you are the guarantor); the type's approval chain starts",
          body: RequestBody,
          response: { 201: GuestRequest, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(withEtag(reply, await requests.submit(actorOf(req), req.body))),
    );

    server.get(
      '/guests/requests',
      {
        schema: {
          tags,
          summary:
            'Your requests (as guarantor or submitter), newest first; all=true for every request (guest readers)',
          querystring: RequestQuery,
          response: { 200: Type.Array(GuestRequest), ...problems },
        },
      },
      async (req) => requests.list(actorOf(req), req.query),
    );

    server.get(
      '/guests/requests/:id',
      {
        schema: {
          tags,
          summary: 'One request with its steps and decisions (ETag)',
          params: IdParams,
          response: { 200: GuestRequest, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await requests.get(actorOf(req), req.params.id)),
    );

    server.post(
      '/guests/requests/:id/approve',
      {
        schema: {
          tags,
          summary: 'Approve the current step (If-Match; 409 when someone decided it first)',
          params: IdParams,
          body: DecisionBody,
          response: { 200: GuestRequest, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(
          reply,
          await decisions.decide(
            actorOf(req),
            req.params.id,
            expectedVersion(req),
            'approved',
            req.body.comment ?? null,
          ),
        ),
    );

    server.post(
      '/guests/requests/:id/reject',
      {
        schema: {
          tags,
          summary: 'Reject the request at its current step, with a comment (If-Match)',
          params: IdParams,
          body: DecisionBody,
          response: { 200: GuestRequest, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(
          reply,
          await decisions.decide(
            actorOf(req),
            req.params.id,
            expectedVersion(req),
            'rejected',
            req.body.comment ?? null,
          ),
        ),
    );

    server.post(
      '/guests/requests/:id/withdraw',
      {
        schema: {
          tags,
          summary: 'Withdraw a waiting request (its guarantor; If-Match)',
          params: IdParams,
          body: DecisionBody,
          response: { 200: GuestRequest, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(
          reply,
          await decisions.withdraw(actorOf(req), req.params.id, expectedVersion(req), req.body.comment ?? null),
        ),
    );

    server.post(
      '/guests/:id/renewal-requests',
      {
        schema: {
          tags,
          summary: "Ask for a later valid-to of a guest (its guarantor); the department's approvers decide",
          params: IdParams,
          body: RenewalBody,
          response: { 201: GuestRequest, ...problems },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(
            withEtag(
              reply,
              await requests.submitRenewal(actorOf(req), { guestId: req.params.id, validTo: req.body.validTo }),
            ),
          ),
    );

    server.get(
      '/guests/request-options',
      {
        schema: {
          tags,
          summary:
            'What the request form offers: the requestable guest types (services, reasons, longest stay) and the current units',
          response: { 200: FormOptions, ...problems },
        },
      },
      async (req) => requests.formOptions(actorOf(req)),
    );

    server.get(
      '/guests/inbox',
      {
        schema: {
          tags,
          summary: 'The waiting requests whose current step you approve, oldest first',
          response: { 200: Type.Array(GuestRequest), ...problems },
        },
      },
      async (req) => requests.inbox(actorOf(req)),
    );

    server.post(
      '/guests/duplicate-hints',
      {
        schema: {
          tags,
          summary: 'People already in the registry who look like the visitor typed into the request form',
          body: HintBody,
          response: { 200: Type.Array(DuplicateHint), ...problems },
        },
      },
      async (req) => requests.duplicateHints(actorOf(req), req.body),
    );

    server.get(
      '/guests/reports/waiting-by-approver',
      {
        schema: {
          tags,
          summary:
            'Waiting requests per approver of their current step, with the oldest (JSON, or CSV on Accept: text/csv or ?format=csv)',
          querystring: FormatQuery,
          produces: ['application/json', 'text/csv'],
          response: { 200: WaitingReport, ...problems },
        },
      },
      async (req, reply) => {
        const report = await app.guestRequests.reports.waitingByApprover(actorOf(req));
        const csv =
          req.query.format === 'csv' ||
          (req.query.format === undefined && (req.headers.accept ?? '').includes('text/csv'));
        return csv
          ? reply
              .type('text/csv; charset=utf-8')
              .header('content-disposition', 'attachment; filename="guest-requests-waiting.csv"')
              .send(waitingByApproverCsv(report) as never)
          : report;
      },
    );
  };
}
