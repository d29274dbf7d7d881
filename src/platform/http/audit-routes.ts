import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../../app.ts';
import { AuditEntry, ChangePage, VerifyReport } from './audit-schemas.ts';
import { actorOf } from './auth-hook.ts';
import { problems, Id } from './schemas.ts';

/** The audit trail (search and verification) and the change log cursor. */
export function auditRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/audit',
      {
        schema: {
          tags: ['audit'],
          summary: 'Search the audit trail, newest first',
          querystring: Type.Object(
            {
              targetType: Type.Optional(Type.String()),
              targetId: Type.Optional(Type.String()),
              actor: Type.Optional(Type.String()),
              action: Type.Optional(Type.String({ description: 'prefix, e.g. "person." or "org.move"' })),
              beforeSeq: Type.Optional(Id),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Array(AuditEntry), ...problems },
        },
      },
      async (req) => {
        const { targetId, ...rest } = req.query;
        return app.audit.list(actorOf(req), { ...rest, targetIds: targetId ? [targetId] : undefined });
      },
    );

    server.post(
      '/audit/verify',
      {
        schema: {
          tags: ['audit'],
          summary: 'Recompute the hash chain and report any edited, inserted or removed row',
          response: { 200: VerifyReport, ...problems },
        },
      },
      async (req) => app.audit.verify(actorOf(req)),
    );

    server.get(
      '/changes',
      {
        schema: {
          tags: ['changes'],
          summary: 'Changes after a cursor position, in commit order; resume from `next`',
          querystring: Type.Object(
            {
              after: Type.Integer({ minimum: 0, default: 0 }),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 500 })),
              entityType: Type.Optional(Type.String()),
            },
            { additionalProperties: false },
          ),
          response: { 200: ChangePage, ...problems },
        },
      },
      async (req) => app.changes.after(actorOf(req), req.query.after, req.query.limit, req.query.entityType),
    );
  };
}
