import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { App } from '../app.ts';
import { can } from '../platform/auth/policy.ts';
import {
  BULK_RESPONSE,
  type BulkOperation,
  bulkOrder,
  bulkRequest,
  MAX_PAYLOAD,
  referencesOf,
  substitute,
} from './scim-bulk-rules.ts';
import { ScimError, scimErrorBody } from './scim-errors.ts';

/**
 * POST /scim/v2/Bulk (RFC 7644 §3.7): each operation is sent, in order, to the same routes a client would call, as the
 * caller (its Authorization header), so each answers exactly as it would alone; each runs in its own transaction.
 * `bulkId:<id>` references are replaced by the ids the POSTs created, an operation waiting for the one that creates
 * what it uses; a circular reference or a bulkId no operation creates is a 409 for that operation. After
 * `failOnErrors` errors the rest is not run. Beyond maxOperations or maxPayloadSize: 413, nothing runs.
 */
const doc = { tags: ['scim'], hide: true };
const NoQuery = Type.Object({}, { additionalProperties: false });

interface OpResult {
  method: string;
  bulkId?: string;
  version?: string;
  location?: string;
  status: string;
  response?: unknown;
}

/** A route's JSON answer (every SCIM answer is JSON; an empty 204 is none). */
function parsed(text: string): Record<string, unknown> | undefined {
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function scimBulkRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const base = (req: FastifyRequest) => `${app.config.publicUrl ?? `${req.protocol}://${req.host}`}/scim/v2`;

    async function run(root: FastifyInstance, req: FastifyRequest, op: BulkOperation, created: Map<string, string>) {
      const head = { method: op.method, ...(op.bulkId ? { bulkId: op.bulkId } : {}) };
      const failed = (status: number, detail: string, scimType?: 'invalidValue' | 'invalidPath'): OpResult => ({
        ...head,
        status: String(status),
        response: scimErrorBody(status, detail, scimType),
      });
      const lost = referencesOf(op).filter((r) => !created.has(r));
      if (lost.length) return failed(409, `bulkId ${lost.join(', ')} was not created: its operation failed`);
      const { path, data } = substitute(op, created);
      if (/^\/bulk\b/i.test(path)) return failed(400, 'a bulk operation cannot call /Bulk', 'invalidPath');
      const r = await root.inject({
        method: op.method,
        url: `/scim/v2${path}`,
        headers: {
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
          ...(op.version ? { 'if-match': op.version } : {}),
          ...(data !== undefined ? { 'content-type': 'application/scim+json' } : {}),
        },
        ...(data !== undefined ? { payload: JSON.stringify(data) } : {}),
      });
      const body = parsed(r.body);
      if (r.statusCode >= 400)
        return { ...head, status: String(r.statusCode), response: body ?? scimErrorBody(r.statusCode, r.body) };
      const id = typeof body?.id === 'string' ? body.id : undefined;
      if (op.method === 'POST' && op.bulkId && id) created.set(op.bulkId, id);
      const location =
        (r.headers.location as string | undefined) ??
        ((body?.meta as { location?: string } | undefined)?.location || `${base(req)}${path}`);
      const version = r.headers.etag as string | undefined;
      return { ...head, location, ...(version ? { version } : {}), status: String(r.statusCode) };
    }

    server.post(
      '/Bulk',
      { bodyLimit: MAX_PAYLOAD, schema: { ...doc, summary: 'SCIM bulk operations', querystring: NoQuery } },
      async (req) => {
        if (!req.actor) throw new ScimError(401, 'send an API token as Authorization: Bearer <token>');
        if (!can(req.actor, 'scim:write'))
          throw new ScimError(403, `${req.actor.name} may not write through SCIM (scim:write)`);
        const request = bulkRequest(req.body);
        const { order, stuck } = bulkOrder(request.operations);
        const results = new Map<number, OpResult>();
        for (const [index, why] of stuck) {
          const op = request.operations[index]!;
          results.set(index, {
            method: op.method,
            ...(op.bulkId ? { bulkId: op.bulkId } : {}),
            status: '409',
            response: scimErrorBody(409, `Operations[${index}]: ${why}`),
          });
        }
        let errors = stuck.size;
        const created = new Map<string, string>();
        for (const op of order) {
          if (request.failOnErrors !== null && errors >= request.failOnErrors) break;
          const result = await run(server, req, op, created);
          results.set(op.index, result);
          if (Number(result.status) >= 400) errors += 1;
        }
        return {
          schemas: [BULK_RESPONSE],
          Operations: [...results.entries()].sort(([a], [b]) => a - b).map(([, r]) => r),
        };
      },
    );
  };
}
