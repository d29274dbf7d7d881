import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import { actorOf } from '../http/auth-hook.ts';
import { expectedVersion, withEtag } from '../http/etag.ts';
import { IdParams, problems } from '../http/schemas.ts';
import type { GuardOutcome } from './mass-change-guard.ts';
import type { HeldChangeService } from './held-change-service.ts';
import {
  DiscardBody,
  type DryRunAnswer,
  GuardSettings,
  GuardSettingsBody,
  type HeldAnswer,
  HeldChange,
  HeldChangeDetail,
  HeldChangeQuery,
} from './held-change-schemas.ts';

const tags = ['mass changes'];

/**
 * A guarded route's answer when the guard did not apply the change: the preview of a dry run (200), or 202 with the
 * held change (Location: its link). Null when it was applied: the route answers as it always did.
 */
export function unapplied<T>(reply: FastifyReply, outcome: GuardOutcome<T>): DryRunAnswer | HeldAnswer | null {
  if (outcome.outcome === 'dry-run')
    return { dryRun: true, wouldBe: outcome.guard.wouldBe, message: outcome.guard.message, preview: outcome.preview };
  if (outcome.outcome === 'held') {
    reply.status(202).header('location', outcome.held.link);
    return { held: true, ...outcome.held, message: outcome.guard.message, preview: outcome.preview };
  }
  return null;
}

/** HTTP routes of the held changes and the guard's threshold. */
export function heldChangeRoutes(app: { heldChanges: HeldChangeService }): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/held-changes',
      {
        schema: {
          tags,
          summary: 'Changes the mass-change guard held (newest first) that the caller may see',
          querystring: HeldChangeQuery,
          response: { 200: Type.Array(HeldChange), ...problems },
        },
      },
      async (req) => app.heldChanges.list(actorOf(req), req.query),
    );

    server.get(
      '/held-changes/:id',
      {
        schema: {
          tags,
          summary: 'A held change with its preview: who gains and loses which status, affiliation …',
          params: IdParams,
          response: { 200: HeldChangeDetail, ...problems },
        },
      },
      async (req) => app.heldChanges.show(actorOf(req), req.params.id),
    );

    server.post(
      '/held-changes/:id/release',
      {
        schema: {
          tags,
          summary: 'Apply a held change: its route runs again as asked (the version it read must still hold)',
          params: IdParams,
          response: { 200: HeldChangeDetail, ...problems },
        },
      },
      async (req) => app.heldChanges.release(actorOf(req), req.params.id),
    );

    server.post(
      '/held-changes/:id/discard',
      {
        schema: {
          tags,
          summary: 'Drop a held change; nothing of it is applied',
          params: IdParams,
          body: Type.Optional(DiscardBody),
          response: { 200: HeldChangeDetail, ...problems },
        },
      },
      async (req) => app.heldChanges.discard(actorOf(req), req.params.id, req.body?.reason ?? null),
    );

    server.get(
      '/settings/mass-change',
      {
        schema: {
          tags,
          summary: 'How many people a change may affect before it is held; ETag is the version',
          response: { 200: GuardSettings, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await app.heldChanges.getSettings(actorOf(req))),
    );

    server.put(
      '/settings/mass-change',
      {
        schema: {
          tags,
          summary: 'Change the mass-change threshold (If-Match; "0" before the first save)',
          body: GuardSettingsBody,
          response: { 200: GuardSettings, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await app.heldChanges.putSettings(actorOf(req), expectedVersion(req), req.body)),
    );
  };
}
