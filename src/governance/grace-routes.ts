import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { App } from '../app.ts';
import { MemberParams } from '../groups/group-schemas.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { problems } from '../platform/http/schemas.ts';
import Type from 'typebox';
import { Hold, HoldDecision, HoldParams, HoldQuery, ReconcileBody, ReconcileResult, Why } from './grace-schemas.ts';

const tags = ['governance'];

/** Grace and notice over HTTP: run the reconcile, the mass-loss holds, and a membership's "why". */
export function graceRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const { reconcile, holds, why } = app.governanceGrace;

    server.post(
      '/governance/reconcile',
      {
        schema: {
          tags,
          summary:
            'Compare every governed membership’s facts at grant with today’s and start, tighten or clear grace periods (system administrators; what the governance jobs do)',
          body: Type.Optional(ReconcileBody),
          response: { 200: ReconcileResult, ...problems },
        },
      },
      async (req) =>
        req.body?.mode === 'incremental' ? reconcile.incremental(actorOf(req)) : reconcile.full(actorOf(req)),
    );

    server.get(
      '/governance/holds',
      {
        schema: {
          tags,
          summary: 'Mass losses of eligibility held for release (system administrators, auditors, the group’s admins)',
          querystring: HoldQuery,
          response: { 200: Type.Array(Hold), ...problems },
        },
      },
      async (req) => holds.list(actorOf(req), req.query.state ?? 'open'),
    );

    server.get(
      '/governance/holds/:id',
      {
        schema: { tags, summary: 'One hold with its items', params: HoldParams, response: { 200: Hold, ...problems } },
      },
      async (req, reply) => withEtag(reply, await holds.show(actorOf(req), req.params.id)),
    );

    const decisions = {
      release: 'Release a hold: the next reconcile pass applies its items on that day’s facts (If-Match)',
      discard: 'Discard a hold: its items are not applied now; a loss that persists is found again later (If-Match)',
    } as const;
    for (const [action, summary] of Object.entries(decisions) as [keyof typeof decisions, string][])
      server.post(
        `/governance/holds/:id/${action}`,
        {
          schema: {
            tags,
            summary,
            params: HoldParams,
            body: Type.Optional(HoldDecision),
            response: { 200: Hold, ...problems },
          },
        },
        async (req, reply) =>
          withEtag(
            reply,
            await holds[action](actorOf(req), req.params.id, expectedVersion(req), req.body?.reason ?? null),
          ),
      );

    server.get(
      '/groups/:id/members/:membershipId/why',
      {
        schema: {
          tags: ['governance', 'groups'],
          summary:
            'Why (and when) a membership ends: the fact that changed, when, from what to what, the grace rule, the notices, facts at grant vs today',
          params: MemberParams,
          response: { 200: Why, ...problems },
        },
      },
      async (req) => why.why(actorOf(req), req.params.id, req.params.membershipId),
    );
  };
}
