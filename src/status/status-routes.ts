import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { DryRunAnswer, DryRunQuery, HeldAnswer } from '../platform/mass-change/held-change-schemas.ts';
import { unapplied } from '../platform/mass-change/held-change-routes.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import {
  HoldersPage,
  HoldersQuery,
  PersonStatuses,
  RecomputeBody,
  RecomputeResult,
  RefreshResult,
  StatusSettings,
  StatusSettingsBody,
  StatusType,
  StatusTypeBody,
} from './status-schemas.ts';

import { Job, WaitQuery } from '../platform/jobs/job-schemas.ts';

const tags = ['status'];

/** Status types (configuration), a person's statuses, refresh, the full recompute and holders. */
export function statusRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/status-types',
      {
        schema: {
          tags,
          summary: 'Status types, highest rank first, with how many people hold each today',
          response: { 200: Type.Array(StatusType), ...problems },
        },
      },
      async (req) => app.status.types.listTypes(actorOf(req)),
    );

    server.get(
      '/status-types/:id',
      {
        schema: {
          tags,
          summary: 'One status type (ETag)',
          params: IdParams,
          response: { 200: StatusType, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await app.status.types.getType(actorOf(req), req.params.id)),
    );

    server.post(
      '/status-types',
      {
        schema: {
          tags,
          summary: 'Add a status type; people get it on their next refresh or the next full recompute',
          body: StatusTypeBody,
          response: { 201: StatusType, ...problems },
        },
      },
      async (req, reply) =>
        reply.status(201).send(withEtag(reply, await app.status.types.createType(actorOf(req), req.body))),
    );

    server.put(
      '/status-types/:id',
      {
        schema: {
          tags,
          summary:
            "Replace a status type (If-Match); a change of its match, rank or category recomputes everyone's statuses at once. Guarded: dryRun=true answers who gains and loses what; over the threshold it is held (202)",
          params: IdParams,
          querystring: DryRunQuery,
          body: StatusTypeBody,
          response: { 200: Type.Union([DryRunAnswer, StatusType]), 202: HeldAnswer, ...problems },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const outcome = await app.status.types.updateType(actor, req.params.id, expectedVersion(req), req.body, {
          dryRun: req.query.dryRun,
        });
        return unapplied(reply, outcome) ?? withEtag(reply, await app.status.types.getType(actor, req.params.id));
      },
    );

    server.delete(
      '/status-types/:id',
      {
        schema: {
          tags,
          summary: 'Delete a status type nobody holds or held (409 naming how many hold it otherwise)',
          params: IdParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await app.status.types.deleteType(actorOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );

    server.get(
      '/settings/status',
      {
        schema: {
          tags,
          summary: 'The look-ahead window (days bridged between statuses of one category); ETag is the version',
          response: { 200: StatusSettings, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await app.status.types.getSettings(actorOf(req))),
    );

    server.put(
      '/settings/status',
      {
        schema: {
          tags,
          summary:
            'Change the look-ahead window (If-Match; "0" before the first save); takes effect on refresh and recompute',
          body: StatusSettingsBody,
          response: { 200: StatusSettings, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await app.status.types.putSettings(actorOf(req), expectedVersion(req), req.body)),
    );

    server.get(
      '/people/:id/statuses',
      {
        schema: {
          tags,
          summary:
            "A person's statuses: primary and all held today, pending, history with bridges and why each holds, and the last one that ended",
          params: IdParams,
          response: { 200: PersonStatuses, ...problems },
        },
      },
      async (req) => app.status.personStatuses(actorOf(req), req.params.id),
    );

    server.post(
      '/people/:id/statuses/refresh',
      {
        schema: {
          tags,
          summary: "Bring a person's status history up to date with their affiliations now",
          params: IdParams,
          response: { 200: RefreshResult, ...problems },
        },
      },
      async (req) => app.status.refreshPerson(actorOf(req), req.params.id),
    );

    server.post(
      '/statuses/recompute',
      {
        schema: {
          tags,
          summary:
            "Recompute everyone's statuses in batches (each one transaction); running it again writes nothing; maxPeople + afterPersonId go a slice at a time. With wait=false: 202 with the job (Location: /jobs/{id}). Guarded: dryRun=true answers who gains and loses what; over the threshold it is held (202 with held: true)",
          querystring: Type.Object(
            { ...WaitQuery.properties, ...DryRunQuery.properties },
            { additionalProperties: false },
          ),
          body: Type.Optional(RecomputeBody),
          response: {
            200: Type.Union([DryRunAnswer, RecomputeResult]),
            202: Type.Union([HeldAnswer, Job]),
            ...problems,
          },
        },
      },
      async (req, reply) => {
        const gate = await app.status.guardRecompute(actorOf(req), req.body ?? {}, { dryRun: req.query.dryRun });
        if (gate.outcome !== 'proceed') return unapplied(reply, gate)!;
        if (req.query.wait !== false) return reply.send(await app.status.recomputeAll(actorOf(req), req.body ?? {}));
        const job = await app.longJobs.recomputeStatuses(actorOf(req), req.body ?? {});
        return reply.status(202).header('location', `/jobs/${job.id}`).send(job);
      },
    );

    server.get(
      '/statuses/holders',
      {
        schema: {
          tags,
          summary: 'Who holds a status on a day (default today), by family name, paged',
          querystring: HoldersQuery,
          response: { 200: HoldersPage, ...problems },
        },
      },
      async (req) => app.status.holders(actorOf(req), req.query),
    );
  };
}
