import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { StewardError } from '../platform/errors.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { problems } from '../platform/http/schemas.ts';
import { Job, waitParameter } from '../platform/jobs/job-schemas.ts';
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
          summary: `Import people from CSV (Content-Type: text/csv), matched by source key; columns: ${IMPORT_COLUMNS.join(', ')}. With wait=false: 202 with the job (Location: /jobs/{id}) once the file is received`,
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
              wait: waitParameter,
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
            202: Job,
            ...problems,
            415: problems[400],
          },
        },
      },
      async (req, reply) => {
        const type = String(req.headers['content-type'] ?? '');
        if (!type.startsWith('text/csv'))
          throw new StewardError('unsupported-media-type', 'send the file as Content-Type: text/csv');
        const options = { source: req.query.source, dryRun: req.query.dryRun };
        if (req.query.wait !== false) return app.people.importPeople(actorOf(req), req.body as Readable, options);
        const job = await app.longJobs.importPeople(actorOf(req), req.body as Readable, options);
        return reply.status(202).header('location', `/jobs/${job.id}`).send(job);
      },
    );
  };
}
