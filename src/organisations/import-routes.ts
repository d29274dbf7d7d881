import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { StewardError } from '../platform/errors.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { problems } from '../platform/http/schemas.ts';
import { ImportReport } from './org-schemas.ts';

/** CSV import of org units, streamed from the request body. */
export function importRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.post(
      '/imports/orgs',
      {
        schema: {
          tags: ['organisations', 'imports'],
          summary:
            'Import org units from CSV (Content-Type: text/csv): code, parent_code, kind, name, abbreviation, alt_names, valid_from, valid_to, custom.<field>',
          description:
            'Valid lines are applied in one transaction; bad lines are reported by line, field and rule and change nothing. Re-importing the same file changes nothing. Parents may come after their children.',
          consumes: ['text/csv'],
          querystring: Type.Object(
            {
              dryRun: Type.Optional(
                Type.Boolean({ default: false, description: 'report what would happen, write nothing' }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: ImportReport, 415: problems[400], ...problems },
        },
      },
      async (req) => {
        const actor = actorOf(req);
        if (!String(req.headers['content-type'] ?? '').startsWith('text/csv')) {
          throw new StewardError('unsupported-media-type', 'send the file as Content-Type: text/csv');
        }
        return app.orgs.importOrgs(actor, req.body as Readable, { dryRun: req.query.dryRun });
      },
    );
  };
}
