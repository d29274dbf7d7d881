import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { valueProblems } from '../platform/http/input-guards.ts';
import { problems } from '../platform/http/schemas.ts';
import { assertNoProblems } from '../platform/errors.ts';
import { ConfigDocument } from './config-document.ts';
import type { SentDocument } from './config-file-service.ts';
import { ConfigDiff, DocumentBody, ExportQuery } from './config-schemas.ts';
import { fromYaml, toYaml } from './config-yaml.ts';

const tags = ['configuration'];
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

/** A body as sent: a JSON object as is, a YAML text parsed with its lines. */
function sent(body: unknown): SentDocument {
  if (typeof body !== 'string') return { value: body };
  const doc = fromYaml(body);
  assertNoProblems(valueProblems(doc.value, ''));
  return doc;
}

/** The configuration as a file: export, diff, apply (issue 16, point 6). */
export function configRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_req, body, done) => done(null, body));
    server.addSchema(ConfigDocument);
    server.addSchema(ConfigDiff);

    server.get(
      '/config/export',
      {
        schema: {
          tags,
          summary: 'The configuration as one document (natural keys, stable order, no secrets)',
          querystring: ExportQuery,
          response: {
            200: {
              content: {
                'application/json': { schema: Type.Ref('ConfigDocument') },
                'application/yaml': { schema: Type.String() },
              },
            },
            ...problems,
          },
        },
      },
      async (req, reply) => {
        const doc = await app.configFile.exportConfig(actorOf(req));
        if (req.query.format !== 'yaml') return reply.type('application/json').send(doc);
        return reply.type('application/yaml').send(toYaml(doc));
      },
    );

    server.post(
      '/config/diff',
      {
        schema: {
          tags,
          summary: 'What loading the document would change, per section and field; changes nothing',
          body: DocumentBody,
          response: { 200: Type.Ref('ConfigDiff'), ...problems },
        },
      },
      async (req) => app.configFile.diff(actorOf(req), sent(req.body)),
    );

    server.post(
      '/config/apply',
      {
        schema: {
          tags,
          summary: 'Load the document in one transaction through the use cases (audited), or change nothing',
          body: DocumentBody,
          response: { 200: Type.Ref('ConfigDiff'), ...problems },
        },
      },
      async (req) => app.configFile.apply(actorOf(req), sent(req.body)),
    );
  };
}
