import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { App } from '../app.ts';
import { ScimError } from './scim-errors.ts';
import { pageRequest } from './scim-paging.ts';
import { projectResource } from './scim-projection.ts';
import { extensions, LIST, notModified, OneQuery, SEARCH, SearchBody } from './scim-routes.ts';
import { weakEtag } from './scim-user-map.ts';

const doc = { tags: ['scim'], hide: true };
const ME_WRITES = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * `/Me` (RFC 7644 §3.11): the User of the token's own account (its linked person), read only; and the search from
 * the service root, `POST /.search` (§3.4.3), over Users and Groups together. Registered inside the SCIM service,
 * so errors are SCIM errors.
 */
export function scimMeAndSearchRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const scim = app.scim;
    const base = (req: FastifyRequest) => `${app.config.publicUrl ?? `${req.protocol}://${req.host}`}/scim/v2`;
    const subject = (req: FastifyRequest) => {
      if (!req.actor) throw new ScimError(401, 'send an API token as Authorization: Bearer <token>');
      return req.actor;
    };

    server.get(
      '/Me',
      { schema: { ...doc, summary: 'The SCIM User of the authenticated subject', querystring: OneQuery } },
      async (req, reply) => {
        const row = await scim.getMe(subject(req));
        const etag = weakEtag(row.version);
        reply.header('etag', etag);
        reply.header('location', `${base(req)}/Users/${row.id}`);
        if (notModified(req.headers['if-none-match'], etag)) return reply.status(304).send();
        const [user] = await scim.usersOf([row], base(req));
        const page = pageRequest({ ...req.query });
        return projectResource(user!, { attributes: page.attributes, excluded: page.excludedAttributes, extensions });
      },
    );
    server.route({
      method: [...ME_WRITES],
      url: '/Me',
      schema: doc,
      handler: async (req) => {
        subject(req);
        throw new ScimError(501, `${req.method} /Me is not supported: change the User at /Users/{id}`);
      },
    });

    server.post(
      '/.search',
      { schema: { ...doc, summary: 'SCIM Users and Groups by POST', body: SearchBody } },
      async (req, reply) => {
        const { schemas, ...query } = req.body;
        if (!schemas.includes(SEARCH)) throw new ScimError(400, `schemas must hold ${SEARCH}`, 'invalidSyntax');
        const page = pageRequest(query);
        const actor = subject(req);
        const { total, hits } = await scim.searchAll(actor, page);
        const ids = (type: string) => hits.filter((h) => h.type === type).map((h) => h.id);
        const [users, groups] = await Promise.all([
          scim.usersByIds(ids('User')).then((rows) => scim.usersOf(rows, base(req))),
          scim.groupRowsByIds(ids('Group')).then((rows) => scim.groupsOf(actor, rows, base(req))),
        ]);
        const all: Record<string, unknown>[] = [...users, ...groups];
        const key = (r: Record<string, unknown>) =>
          `${(r.meta as { resourceType: string }).resourceType}/${String(r.id)}`;
        const byKey = new Map(all.map((r) => [key(r), r] as const));
        const options = { attributes: page.attributes, excluded: page.excludedAttributes, extensions };
        const resources = hits
          .map((h) => byKey.get(`${h.type}/${h.id}`))
          .filter((r): r is Record<string, unknown> => r !== undefined);
        return reply.status(200).send({
          schemas: [LIST],
          totalResults: total,
          itemsPerPage: resources.length,
          startIndex: page.startIndex,
          Resources: resources.map((r) => projectResource(r, options)),
        });
      },
    );
  };
}
