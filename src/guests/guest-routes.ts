import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import { byOrgCsv, expiringCsv, unvouchedCsv } from './guest-reports.ts';
import {
  Guest,
  GuestBody,
  GuestPage,
  GuestQuery,
  GuestSettings,
  GuestSettingsBody,
  GuestTransition,
  GuestType,
  GuestTypeBody,
  GuestView,
  Lifecycle,
  LifecycleBody,
  LifecycleParams,
  RenewBody,
  ReportByOrg,
  ReportExpiring,
  ReportUnvouched,
  UnvouchedQuery,
  ReportQuery,
  SweepResult,
  TakeOverBody,
  TransitionBody,
  ValidToBody,
} from './guest-schemas.ts';

const tags = ['guests'];

/** Guest lifecycles, guest types and settings (configuration), guest records and the sweep. */
export function guestRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const config = app.guests.config;
    const records = app.guests.records;

    server.get(
      '/guest-lifecycles',
      {
        schema: {
          tags,
          summary: 'Guest lifecycles (state machines: states, transitions, who triggers each, timed rules)',
          response: { 200: Type.Array(Lifecycle), ...problems },
        },
      },
      async (req) => config.listLifecycles(actorOf(req)),
    );

    server.get(
      '/guest-lifecycles/:name',
      {
        schema: {
          tags,
          summary: 'One lifecycle (ETag)',
          params: LifecycleParams,
          response: { 200: Lifecycle, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await config.getLifecycle(actorOf(req), req.params.name)),
    );

    server.put(
      '/guest-lifecycles/:name',
      {
        schema: {
          tags,
          summary:
            'Create (If-Match "0") or replace (If-Match) a lifecycle; refused when guests are in a state it drops',
          params: LifecycleParams,
          body: LifecycleBody,
          response: { 200: Lifecycle, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await config.putLifecycle(actorOf(req), req.params.name, expectedVersion(req), req.body)),
    );

    server.get(
      '/guest-types',
      {
        schema: { tags, summary: 'Guest types by display rank', response: { 200: Type.Array(GuestType), ...problems } },
      },
      async (req) => config.listTypes(actorOf(req)),
    );

    server.get(
      '/guest-types/:id',
      {
        schema: { tags, summary: 'One guest type (ETag)', params: IdParams, response: { 200: GuestType, ...problems } },
      },
      async (req, reply) => withEtag(reply, await config.getType(actorOf(req), req.params.id)),
    );

    server.post(
      '/guest-types',
      {
        schema: { tags, summary: 'Add a guest type', body: GuestTypeBody, response: { 201: GuestType, ...problems } },
      },
      async (req, reply) => reply.status(201).send(withEtag(reply, await config.createType(actorOf(req), req.body))),
    );

    server.put(
      '/guest-types/:id',
      {
        schema: {
          tags,
          summary: 'Replace a guest type (If-Match)',
          params: IdParams,
          body: GuestTypeBody,
          response: { 200: GuestType, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await config.updateType(actorOf(req), req.params.id, expectedVersion(req), req.body)),
    );

    server.delete(
      '/guest-types/:id',
      {
        schema: {
          tags,
          summary: 'Delete a guest type no guest has (409 otherwise)',
          params: IdParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await config.deleteType(actorOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );

    server.get(
      '/settings/guests',
      {
        schema: {
          tags,
          summary: 'Which status types may sponsor dependants (ETag is the version)',
          response: { 200: GuestSettings, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await config.getSettings(actorOf(req))),
    );

    server.put(
      '/settings/guests',
      {
        schema: {
          tags,
          summary: 'Change which status types may sponsor (If-Match; "0" before the first save)',
          body: GuestSettingsBody,
          response: { 200: GuestSettings, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await config.putSettings(actorOf(req), expectedVersion(req), req.body)),
    );

    server.get(
      '/guests',
      {
        schema: {
          tags,
          summary: 'Guests by state, org subtree and type, by id, paged',
          querystring: GuestQuery,
          response: { 200: GuestPage, ...problems },
        },
      },
      async (req) => records.list(actorOf(req), req.query),
    );

    const wantsCsv = (req: { query: { format?: string }; headers: { accept?: string } }) =>
      req.query.format === 'csv' || (req.query.format === undefined && (req.headers.accept ?? '').includes('text/csv'));

    server.get(
      '/guests/reports/by-org',
      {
        schema: {
          tags,
          summary:
            'Guests per host unit by lifecycle state, and how many end within `within` days of `on` (JSON, or CSV on Accept: text/csv or ?format=csv)',
          querystring: ReportQuery,
          produces: ['application/json', 'text/csv'],
          response: { 200: ReportByOrg, ...problems },
        },
      },
      async (req, reply) => {
        const report = await app.guests.reports.byOrg(actorOf(req), req.query);
        return wantsCsv(req)
          ? reply
              .type('text/csv; charset=utf-8')
              .header('content-disposition', 'attachment; filename="guests-by-org.csv"')
              .send(byOrgCsv(report) as never)
          : report;
      },
    );

    server.get(
      '/guests/reports/expiring',
      {
        schema: {
          tags,
          summary: 'Guests whose valid-to falls within `within` days (default 30), soonest first (JSON or CSV)',
          querystring: ReportQuery,
          produces: ['application/json', 'text/csv'],
          response: { 200: ReportExpiring, ...problems },
        },
      },
      async (req, reply) => {
        const report = await app.guests.reports.expiring(actorOf(req), req.query);
        return wantsCsv(req)
          ? reply
              .type('text/csv; charset=utf-8')
              .header('content-disposition', 'attachment; filename="guests-expiring.csv"')
              .send(expiringCsv(report) as never)
          : report;
      },
    );

    server.get(
      '/guests/reports/unvouched',
      {
        schema: {
          tags,
          summary:
            'Guests still pending or valid whose guarantor or sponsor can no longer vouch for them on `on` (default today), with their last day able to (JSON or CSV)',
          querystring: UnvouchedQuery,
          produces: ['application/json', 'text/csv'],
          response: { 200: ReportUnvouched, ...problems },
        },
      },
      async (req, reply) => {
        const report = await app.guests.reports.unvouched(actorOf(req), req.query);
        return wantsCsv(req)
          ? reply
              .type('text/csv; charset=utf-8')
              .header('content-disposition', 'attachment; filename="guests-unvouched.csv"')
              .send(unvouchedCsv(report) as never)
          : report;
      },
    );

    server.post(
      '/guests',
      {
        schema: {
          tags,
          summary: "Register a guest directly (in the lifecycle's entry state, e.g. pending)",
          body: GuestBody,
          response: { 201: Guest, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(withEtag(reply, await records.create(actorOf(req), req.body))),
    );

    server.get(
      '/guests/:id',
      {
        schema: {
          tags,
          summary: 'One guest with what you may do with it (ETag)',
          params: IdParams,
          response: { 200: GuestView, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await records.get(actorOf(req), req.params.id)),
    );

    server.get(
      '/guests/:id/transitions',
      {
        schema: {
          tags,
          summary: "A guest's state changes, oldest first, with the day each timed one was due and who was told",
          params: IdParams,
          response: { 200: Type.Array(GuestTransition), ...problems },
        },
      },
      async (req) => records.history(actorOf(req), req.params.id),
    );

    server.post(
      '/guests/:id/transitions',
      {
        schema: {
          tags,
          summary: 'Trigger a manual transition (If-Match); allowed to the roles the lifecycle names',
          params: IdParams,
          body: TransitionBody,
          response: { 200: Guest, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(
          reply,
          await records.transition(
            actorOf(req),
            req.params.id,
            expectedVersion(req),
            req.body.transition,
            req.body.reason ?? null,
          ),
        ),
    );

    server.put(
      '/guests/:id/valid-to',
      {
        schema: {
          tags,
          summary:
            'Set the last valid day (a tenant leaving); the sweep takes the guest on to expiring and disabled (If-Match)',
          params: IdParams,
          body: ValidToBody,
          response: { 200: Guest, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(
          reply,
          await records.setValidTo(
            actorOf(req),
            req.params.id,
            expectedVersion(req),
            req.body.validTo,
            req.body.reason ?? null,
          ),
        ),
    );

    server.post(
      '/guests/:id/renew',
      {
        schema: {
          tags,
          summary:
            "Renew: a later valid-to within the type's maximum from today, once the renewal window opened (If-Match)",
          params: IdParams,
          body: RenewBody,
          response: { 200: Guest, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(
          reply,
          await records.renew(
            actorOf(req),
            req.params.id,
            expectedVersion(req),
            req.body.validTo,
            req.body.reason ?? null,
          ),
        ),
    );

    server.post(
      '/guests/:id/take-over',
      {
        schema: {
          tags,
          summary:
            "Take over a handed-over guest as its new guarantor or sponsor (If-Match): for the guest managers of the handover's unit",
          params: IdParams,
          body: TakeOverBody,
          response: { 200: Guest, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(
          reply,
          await records.takeOver(actorOf(req), req.params.id, expectedVersion(req), req.body?.reason ?? null),
        ),
    );

    server.post(
      '/guests/sweep',
      {
        schema: {
          tags,
          summary:
            'Apply every timed transition that is due now (what the guest-lifecycle job runs); running it again writes nothing',
          response: { 200: SweepResult, ...problems },
        },
      },
      async (req) => app.guests.sweepGuests(actorOf(req)),
    );
  };
}
