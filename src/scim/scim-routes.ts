import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { App } from '../app.ts';
import { errorCodes, StewardError } from '../platform/errors.ts';
import { CORE_USER, ENTERPRISE_USER, STEWARD_PERSON } from './scim-attributes.ts';
import { ScimError, scimErrorBody, type ScimType } from './scim-errors.ts';
import { type PageRequest, pageRequest } from './scim-paging.ts';
import { projectResource } from './scim-projection.ts';
import { scimBulkRoutes } from './scim-bulk-routes.ts';
import { scimGroupWriteRoutes } from './scim-group-write-routes.ts';
import { CORE_GROUP, resourceTypes, schemaDocs, serviceProviderConfig } from './scim-schemas-doc.ts';
import { scimMeAndSearchRoutes } from './scim-me-routes.ts';
import { scimScope } from './scim-scope.ts';
import { weakEtag } from './scim-user-map.ts';
import { scimUserWriteRoutes } from './scim-user-write-routes.ts';

export const SCIM_MEDIA_TYPE = 'application/scim+json';
export const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
/** Out of the OpenAPI document: SCIM describes itself (/Schemas, /ResourceTypes) and answers SCIM errors. */
const doc = { tags: ['scim'], hide: true };

const ListQuery = Type.Object(
  {
    filter: Type.Optional(Type.String()),
    sortBy: Type.Optional(Type.String()),
    sortOrder: Type.Optional(Type.String()),
    startIndex: Type.Optional(Type.String()),
    count: Type.Optional(Type.String()),
    attributes: Type.Optional(Type.String()),
    excludedAttributes: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export const OneQuery = Type.Object(
  { attributes: Type.Optional(Type.String()), excludedAttributes: Type.Optional(Type.String()) },
  { additionalProperties: false },
);
export const SearchBody = Type.Object(
  {
    schemas: Type.Array(Type.String()),
    filter: Type.Optional(Type.String()),
    sortBy: Type.Optional(Type.String()),
    sortOrder: Type.Optional(Type.String()),
    startIndex: Type.Optional(Type.Integer()),
    count: Type.Optional(Type.Integer()),
    attributes: Type.Optional(Type.Array(Type.String())),
    excludedAttributes: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);
const IdParam = Type.Object({ id: Type.String() });
const NoQuery = Type.Object({}, { additionalProperties: false });
export const extensions = [ENTERPRISE_USER, STEWARD_PERSON, CORE_USER, CORE_GROUP];

/** `If-None-Match` names the current version (or `*`): the client's copy is current (304). */
export const notModified = (header: string | undefined, etag: string) =>
  !!header && (header.trim() === '*' || header.split(',').some((t) => t.trim() === etag));

/** Sends a SCIM error (RFC 7644 §3.12) as application/scim+json. */
function sendError(reply: FastifyReply, status: number, detail: string, scimType?: ScimType) {
  return reply
    .status(status)
    .type(SCIM_MEDIA_TYPE)
    .send(scimErrorBody(status, detail, scimType));
}

function onError(error: FastifyError & { validationContext?: string }, req: FastifyRequest, reply: FastifyReply) {
  if (error instanceof ScimError) return sendError(reply, error.status, error.message, error.scimType);
  if (error instanceof StewardError) return sendError(reply, errorCodes[error.code].status, error.message);
  if (error.validation) {
    const where = error.validationContext ?? 'request';
    const detail = `${where}: ${error.validation.map((v) => `${v.instancePath || '/'} ${v.message}`).join('; ')}`;
    return sendError(reply, 400, detail, where === 'body' ? 'invalidSyntax' : 'invalidValue');
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    const syntax = error.statusCode === 400 ? 'invalidSyntax' : undefined;
    return sendError(reply, error.statusCode, error.message, syntax);
  }
  req.log.error({ err: error }, 'unhandled error');
  return sendError(reply, 500, 'an internal error occurred; it has been logged');
}

/**
 * The SCIM 2.0 service, read side (RFC 7643, RFC 7644): discovery, Users, Groups. Registered under /scim/v2; errors
 * here are SCIM errors, never problem+json. Readers need `scim:read` (the `scim` role, or a system administrator).
 */
export function scimRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (root) => {
    await root.register(scimService(app), { prefix: '/scim/v2' });
  };
}

function scimService(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const scim = app.scim;
    server.setErrorHandler(onError);
    server.setNotFoundHandler((req, reply) => sendError(reply, 404, `no resource at ${req.url.split('?')[0]}`));
    server.addContentTypeParser(SCIM_MEDIA_TYPE, { parseAs: 'string' }, server.getDefaultJsonParser('error', 'error'));
    server.addHook('onSend', async (_req, reply, payload) => {
      if (String(reply.getHeader('content-type') ?? '').startsWith('application/json')) reply.type(SCIM_MEDIA_TYPE);
      return payload;
    });
    await server.register(scimGroupWriteRoutes(app));
    await server.register(scimBulkRoutes(app));
    const base = (req: FastifyRequest) => `${app.config.publicUrl ?? `${req.protocol}://${req.host}`}/scim/v2`;
    const reader = (req: FastifyRequest) => {
      if (!req.actor) throw new ScimError(401, 'send an API token as Authorization: Bearer <token>');
      scimScope(req.actor);
      return req.actor;
    };

    await server.register(scimMeAndSearchRoutes(app));
    server.get(
      '/ServiceProviderConfig',
      { schema: { ...doc, summary: 'SCIM service provider configuration', querystring: NoQuery } },
      async (req) => {
        reader(req);
        return serviceProviderConfig(base(req));
      },
    );
    server.get(
      '/ResourceTypes',
      { schema: { ...doc, summary: 'SCIM resource types', querystring: NoQuery } },
      async (req) => {
        reader(req);
        const all = resourceTypes(base(req));
        return { schemas: [LIST], totalResults: all.length, itemsPerPage: all.length, startIndex: 1, Resources: all };
      },
    );
    server.get('/ResourceTypes/:id', { schema: { ...doc, params: IdParam, querystring: NoQuery } }, async (req) => {
      reader(req);
      const found = resourceTypes(base(req)).find((r) => r.id === req.params.id);
      if (!found) throw new ScimError(404, `ResourceType ${req.params.id} not found`);
      return found;
    });
    server.get('/Schemas', { schema: { ...doc, summary: 'SCIM schemas', querystring: NoQuery } }, async (req) => {
      reader(req);
      const all = schemaDocs(base(req));
      return { schemas: [LIST], totalResults: all.length, itemsPerPage: all.length, startIndex: 1, Resources: all };
    });
    server.get('/Schemas/:id', { schema: { ...doc, params: IdParam, querystring: NoQuery } }, async (req) => {
      reader(req);
      const found = schemaDocs(base(req)).find((r) => r.id === req.params.id);
      if (!found) throw new ScimError(404, `Schema ${req.params.id} not found`);
      return found;
    });

    const listUsers = async (req: FastifyRequest, page: PageRequest) => {
      const actor = reader(req);
      const { total, rows } = await scim.searchUsers(actor, page);
      const users = await scim.usersOf(rows, base(req), actor);
      return {
        schemas: [LIST],
        totalResults: total,
        itemsPerPage: users.length,
        startIndex: page.startIndex,
        Resources: users.map((u) =>
          projectResource(u, { attributes: page.attributes, excluded: page.excludedAttributes, extensions }),
        ),
      };
    };
    server.get('/Users', { schema: { ...doc, summary: 'SCIM Users', querystring: ListQuery } }, async (req) =>
      listUsers(req, pageRequest(req.query)),
    );
    server.post(
      '/Users/.search',
      { schema: { ...doc, summary: 'SCIM Users by POST', body: SearchBody } },
      async (req, reply) => {
        const { schemas, ...query } = req.body;
        if (!schemas.includes(SEARCH)) throw new ScimError(400, `schemas must hold ${SEARCH}`, 'invalidSyntax');
        return reply.status(200).send(await listUsers(req, pageRequest(query)));
      },
    );
    const listGroups = async (req: FastifyRequest, page: PageRequest) => {
      const actor = reader(req);
      const { total, rows } = await scim.searchGroups(actor, page);
      const groups = await scim.groupsOf(actor, rows, base(req));
      const options = { attributes: page.attributes, excluded: page.excludedAttributes, extensions };
      return {
        schemas: [LIST],
        totalResults: total,
        itemsPerPage: groups.length,
        startIndex: page.startIndex,
        Resources: groups.map((g) => projectResource(g, options)),
      };
    };
    server.get('/Groups', { schema: { ...doc, summary: 'SCIM Groups', querystring: ListQuery } }, async (req) =>
      listGroups(req, pageRequest(req.query)),
    );
    server.post(
      '/Groups/.search',
      { schema: { ...doc, summary: 'SCIM Groups by POST', body: SearchBody } },
      async (req) => {
        const { schemas, ...query } = req.body;
        if (!schemas.includes(SEARCH)) throw new ScimError(400, `schemas must hold ${SEARCH}`, 'invalidSyntax');
        return listGroups(req, pageRequest(query));
      },
    );
    server.get(
      '/Groups/:id',
      { schema: { ...doc, summary: 'A SCIM Group', params: IdParam, querystring: OneQuery } },
      async (req, reply) => {
        const actor = reader(req);
        const row = await scim.getGroup(actor, req.params.id);
        const etag = weakEtag(row.version);
        reply.header('etag', etag);
        if (notModified(req.headers['if-none-match'], etag)) return reply.status(304).send();
        const [group] = await scim.groupsOf(actor, [row], base(req));
        const page = pageRequest({ ...req.query });
        return projectResource(group!, { attributes: page.attributes, excluded: page.excludedAttributes, extensions });
      },
    );
    await server.register(scimUserWriteRoutes(app));
    server.get(
      '/Users/:id',
      { schema: { ...doc, summary: 'A SCIM User', params: IdParam, querystring: OneQuery } },
      async (req, reply) => {
        const actor = reader(req);
        const row = await scim.getUser(actor, req.params.id);
        const etag = weakEtag(row.version);
        reply.header('etag', etag);
        if (notModified(req.headers['if-none-match'], etag)) return reply.status(304).send();
        const [user] = await scim.usersOf([row], base(req), actor);
        const page = pageRequest({ ...req.query });
        return projectResource(user!, { attributes: page.attributes, excluded: page.excludedAttributes, extensions });
      },
    );
  };
}
