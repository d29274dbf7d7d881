import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { App } from '../app.ts';
import { ScimError } from './scim-errors.ts';
import { weakEtag } from './scim-user-map.ts';

/**
 * The write side of /scim/v2/Groups (RFC 7644 §3.3, §3.5.1, §3.5.2, §3.6), registered inside the SCIM plugin so its
 * errors are SCIM errors. POST answers 201 with the group and its Location; PUT and PATCH answer 200 with the group
 * as it now is (RFC 7644 allows 204 for PATCH; the resource saves the client a read); DELETE answers 204. `If-Match`
 * with a stale version is 412.
 */
const doc = { tags: ['scim'], hide: true };
const IdParam = Type.Object({ id: Type.String() });
const NoQuery = Type.Object({}, { additionalProperties: false });

export function scimGroupWriteRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const base = (req: FastifyRequest) => `${app.config.publicUrl ?? `${req.protocol}://${req.host}`}/scim/v2`;
    const actorOf = (req: FastifyRequest) => {
      if (!req.actor) throw new ScimError(401, 'send an API token as Authorization: Bearer <token>');
      return req.actor;
    };
    const ifMatch = (req: FastifyRequest) => req.headers['if-match'];

    /** The group as SCIM shows it to the writer, with its ETag. */
    const answer = async (req: FastifyRequest, reply: FastifyReply, id: number, status: number) => {
      const actor = actorOf(req);
      const row = await app.scim.getGroup(actor, String(id));
      const [group] = await app.scim.groupsOf(actor, [row], base(req));
      reply.header('etag', weakEtag(row.version));
      if (status === 201) reply.header('location', `${base(req)}/Groups/${id}`);
      return reply.status(status).send(group);
    };

    server.post(
      '/Groups',
      { schema: { ...doc, summary: 'Create a SCIM Group', querystring: NoQuery } },
      async (req, reply) => answer(req, reply, await app.scimGroupWrites.create(actorOf(req), req.body), 201),
    );
    server.put(
      '/Groups/:id',
      { schema: { ...doc, summary: 'Replace a SCIM Group', params: IdParam, querystring: NoQuery } },
      async (req, reply) =>
        answer(req, reply, await app.scimGroupWrites.replace(actorOf(req), req.params.id, req.body, ifMatch(req)), 200),
    );
    server.patch(
      '/Groups/:id',
      { schema: { ...doc, summary: 'Change a SCIM Group', params: IdParam, querystring: NoQuery } },
      async (req, reply) =>
        answer(req, reply, await app.scimGroupWrites.patch(actorOf(req), req.params.id, req.body, ifMatch(req)), 200),
    );
    server.delete(
      '/Groups/:id',
      { schema: { ...doc, summary: 'Delete a SCIM Group', params: IdParam, querystring: NoQuery } },
      async (req, reply) => {
        await app.scimGroupWrites.remove(actorOf(req), req.params.id, ifMatch(req));
        return reply.status(204).send();
      },
    );
  };
}
