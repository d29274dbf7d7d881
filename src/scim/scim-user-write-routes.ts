import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { App } from '../app.ts';
import { CORE_USER, ENTERPRISE_USER, STEWARD_PERSON } from './scim-attributes.ts';
import { pageRequest } from './scim-paging.ts';
import { projectResource } from './scim-projection.ts';

/** Out of the OpenAPI document, as the read side: SCIM describes itself. */
const doc = { tags: ['scim'], hide: true };
const IdParam = Type.Object({ id: Type.String() });
const NoQuery = Type.Object({}, { additionalProperties: false });
/** RFC 7644 §3.9: `attributes` and `excludedAttributes` shape the answer of a write as of a GET. */
const OneQuery = Type.Object(
  { attributes: Type.Optional(Type.String()), excludedAttributes: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
const extensions = [ENTERPRISE_USER, STEWARD_PERSON, CORE_USER];
/** The body is checked by the SCIM rules (RFC errors naming the attribute), not by the route schema. */
const AnyBody = Type.Unknown();

/**
 * The write side of /Users (RFC 7644 §3.3 POST, §3.5.1 PUT, §3.5.2 PATCH, §3.6 DELETE), registered inside the SCIM
 * plugin (its error handler and media type apply). Writers need `scim:write`; each answer is the User as GET shows it,
 * with its ETag.
 */
export function scimUserWriteRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const writes = app.scimUserWrites;
    const base = (req: FastifyRequest) => `${app.config.publicUrl ?? `${req.protocol}://${req.host}`}/scim/v2`;
    const ifMatch = (req: FastifyRequest) => req.headers['if-match'];
    const answer = (
      req: FastifyRequest<{ Querystring: { attributes?: string; excludedAttributes?: string } }>,
      u: { user: Record<string, unknown> },
    ) => {
      const page = pageRequest({ ...req.query });
      return projectResource(u.user, { attributes: page.attributes, excluded: page.excludedAttributes, extensions });
    };

    server.post(
      '/Users',
      { schema: { ...doc, summary: 'Create a SCIM User', querystring: OneQuery, body: AnyBody } },
      async (req, reply) => {
        const written = await writes.createUser(req.actor, req.body, base(req));
        return reply
          .status(201)
          .header('location', (written.user.meta as { location: string }).location)
          .header('etag', written.etag)
          .send(answer(req, written));
      },
    );
    server.put(
      '/Users/:id',
      { schema: { ...doc, summary: 'Replace a SCIM User', params: IdParam, querystring: OneQuery, body: AnyBody } },
      async (req, reply) => {
        const written = await writes.replaceUser(req.actor, req.params.id, req.body, ifMatch(req), base(req));
        return reply.header('etag', written.etag).send(answer(req, written));
      },
    );
    server.patch(
      '/Users/:id',
      { schema: { ...doc, summary: 'Patch a SCIM User', params: IdParam, querystring: OneQuery, body: AnyBody } },
      async (req, reply) => {
        const written = await writes.patchUser(req.actor, req.params.id, req.body, ifMatch(req), base(req));
        return reply.header('etag', written.etag).send(answer(req, written));
      },
    );
    server.delete(
      '/Users/:id',
      { schema: { ...doc, summary: 'Delete a SCIM User (ends its record)', params: IdParam, querystring: NoQuery } },
      async (req, reply) => {
        await writes.deleteUser(req.actor, req.params.id, ifMatch(req));
        return reply.status(204).send();
      },
    );
  };
}
