import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../../app.ts';
import { actorOf } from './auth-hook.ts';
import { IsoDateTime, Nullable, problems } from './schemas.ts';

export const AuditEntry = Type.Object({
  seq: Type.Integer(),
  at: IsoDateTime,
  actorId: Nullable(Type.Integer()),
  actor: Type.String(),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.String(),
  reason: Nullable(Type.String()),
  before: Type.Unknown(),
  after: Type.Unknown(),
});

const Change = Type.Object({
  position: Type.Integer(),
  at: IsoDateTime,
  entityType: Type.String(),
  entityId: Type.String(),
  op: Type.String(),
  data: Type.Unknown(),
});

/** The audit trail (search and verification) and the change log cursor. */
export function auditRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get('/audit', {
      schema: {
        tags: ['audit'],
        summary: 'Search the audit trail, newest first',
        querystring: Type.Object({
          targetType: Type.Optional(Type.String()),
          targetId: Type.Optional(Type.String()),
          actor: Type.Optional(Type.String()),
          action: Type.Optional(Type.String({ description: 'prefix, e.g. "person." or "org.move"' })),
          beforeSeq: Type.Optional(Type.Integer({ minimum: 1 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        }, { additionalProperties: false }),
        response: { 200: Type.Array(AuditEntry), ...problems },
      },
    }, async (req) => {
      const { targetId, ...rest } = req.query;
      return app.audit.list(actorOf(req), { ...rest, targetIds: targetId ? [targetId] : undefined });
    });

    server.post('/audit/verify', {
      schema: {
        tags: ['audit'],
        summary: 'Recompute the hash chain and report any edited, inserted or removed row',
        response: {
          200: Type.Object({
            ok: Type.Boolean(),
            checked: Type.Integer(),
            headSeq: Type.Integer(),
            headHash: Type.String({ description: 'record this outside Steward to detect a rewritten chain later' }),
            problems: Type.Array(Type.Object({ seq: Type.Integer(), problem: Type.String() })),
          }),
          ...problems,
        },
      },
    }, async (req) => app.audit.verify(actorOf(req)));

    server.get('/changes', {
      schema: {
        tags: ['changes'],
        summary: 'Changes after a cursor position, in commit order; resume from `next`',
        querystring: Type.Object({
          after: Type.Integer({ minimum: 0, default: 0 }),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 500 })),
          entityType: Type.Optional(Type.String()),
        }, { additionalProperties: false }),
        response: { 200: Type.Object({ changes: Type.Array(Change), next: Type.Integer(), head: Type.Integer() }), ...problems },
      },
    }, async (req) => app.changes.after(actorOf(req), req.query.after, req.query.limit, req.query.entityType));
  };
}
