import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import {
  BulkBody,
  BulkResult,
  Campaign,
  CampaignBody,
  CampaignListQuery,
  CampaignSummary,
  CloseResult,
  DecisionBody,
  Item,
  ItemParams,
  ItemsPage,
  ItemsQuery,
  Report,
} from './review-schemas.ts';

const tags = ['reviews'];

/** Access review campaigns: start, read, the reviewer's worklist, decisions (one, bulk), close, report (JSON, CSV). */
export function reviewRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const { campaigns, decisions, closing, reports } = app.reviews;

    server.post(
      '/reviews',
      {
        schema: {
          tags,
          summary:
            'Start an access review of an application (its roles’ groups), a group or a folder, optionally split by department or division with a reviewer each (system administrator, admin of the group/folder, application owner)',
          body: CampaignBody,
          response: { 201: Campaign, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(withEtag(reply, await campaigns.create(actorOf(req), req.body))),
    );

    server.get(
      '/reviews',
      {
        schema: {
          tags,
          summary: 'The campaigns the caller owns or reviews in (all for system administrators and auditors)',
          querystring: CampaignListQuery,
          response: { 200: Type.Array(CampaignSummary), ...problems },
        },
      },
      async (req) => campaigns.list(actorOf(req), req.query),
    );

    server.get(
      '/reviews/:id',
      {
        schema: {
          tags,
          summary: 'One campaign with its reviewers, progress and what the caller may do (ETag)',
          params: IdParams,
          response: { 200: Campaign, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await campaigns.get(actorOf(req), req.params.id)),
    );

    server.get(
      '/reviews/:id/items',
      {
        schema: {
          tags,
          summary:
            'The reviewer’s worklist: the caller’s items by default (reviewer=all|<person id> for the owner), now vs at grant with what changed; filters, sorting and paging',
          params: IdParams,
          querystring: ItemsQuery,
          response: { 200: ItemsPage, ...problems },
        },
      },
      async (req) => campaigns.items(actorOf(req), req.params.id, req.query),
    );

    server.get(
      '/reviews/:id/items/:itemId',
      {
        schema: {
          tags,
          summary: 'One item (ETag: send it in If-Match with the decision)',
          params: ItemParams,
          response: { 200: Item, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await campaigns.item(actorOf(req), req.params.id, req.params.itemId)),
    );

    server.put(
      '/reviews/:id/items/:itemId/decision',
      {
        schema: {
          tags,
          summary:
            'Decide an item: keep, remove (comment required) or end-date (endDate); by its reviewer or the owner (If-Match); applied when the campaign closes',
          params: ItemParams,
          body: DecisionBody,
          response: { 200: Item, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(
          reply,
          await decisions.decide(actorOf(req), req.params.id, req.params.itemId, expectedVersion(req), req.body),
        ),
    );

    server.post(
      '/reviews/:id/decisions',
      {
        schema: {
          tags,
          summary:
            'One decision over every item a worklist filter selects (the caller’s own unless the owner); how many',
          params: IdParams,
          body: BulkBody,
          response: { 200: BulkResult, ...problems },
        },
      },
      async (req) => decisions.bulk(actorOf(req), req.params.id, req.body),
    );

    server.post(
      '/reviews/:id/close',
      {
        schema: {
          tags,
          summary:
            'Close now (owner or system administrator): apply the decisions, undecided items by the campaign’s policy; mark the groups attested; open the next of a recurring campaign',
          params: IdParams,
          response: { 200: CloseResult, ...problems },
        },
      },
      async (req) => closing.close(actorOf(req), req.params.id),
    );

    server.get(
      '/reviews/:id/report',
      {
        schema: {
          tags,
          summary: 'Progress per reviewer (total, decided, kept, removed, end-dated) and what closing did',
          params: IdParams,
          response: { 200: Report, ...problems },
        },
      },
      async (req) => reports.report(actorOf(req), req.params.id),
    );

    server.get(
      '/reviews/:id/report.csv',
      {
        schema: {
          tags,
          summary: 'Every item with its reviewer, decision and outcome as CSV (formula cells neutralised)',
          params: IdParams,
          produces: ['text/csv'],
          response: { 200: Type.String(), ...problems },
        },
      },
      async (req, reply) => {
        const csv = await reports.reportCsv(actorOf(req), req.params.id);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${csv.fileName}"`)
          .send(csv.body);
      },
    );
  };
}
