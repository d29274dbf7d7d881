import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { StewardError } from '../platform/errors.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { problems } from '../platform/http/schemas.ts';
import { IMPORT_COLUMNS } from './import-rows.ts';

const RowError = Type.Object({
  line: Type.Integer(),
  field: Type.String(),
  rule: Type.String(),
  message: Type.String(),
});

/** CSV import of people, streamed from the request body to the importer. */
export function importRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.post(
      '/imports/people',
      {
        schema: {
          tags: ['imports'],
          summary: `Import people from CSV (Content-Type: text/csv), matched by source key; columns: ${IMPORT_COLUMNS.join(', ')}`,
          querystring: Type.Object(
            {
              source: Type.Optional(
                Type.String({
                  minLength: 1,
                  maxLength: 40,
                  description: 'the system of record, e.g. hr (or a source column)',
                }),
              ),
              dryRun: Type.Optional(
                Type.Boolean({ default: false, description: 'report what would change, write nothing' }),
              ),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              source: Type.Union([Type.String(), Type.Null()]),
              dryRun: Type.Boolean(),
              rows: Type.Integer(),
              created: Type.Integer(),
              updated: Type.Integer(),
              unchanged: Type.Integer(),
              failed: Type.Integer(),
              errors: Type.Array(RowError, { description: 'the first 1,000 problems' }),
              errorCount: Type.Integer(),
            }),
            ...problems,
            415: problems[400],
          },
        },
      },
      async (req) => {
        const type = String(req.headers['content-type'] ?? '');
        if (!type.startsWith('text/csv'))
          throw new StewardError('unsupported-media-type', 'send the file as Content-Type: text/csv');
        return app.people.importPeople(actorOf(req), req.body as Readable, {
          source: req.query.source,
          dryRun: req.query.dryRun,
        });
      },
    );
  };
}
