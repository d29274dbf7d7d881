import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App as Steward } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import {
  App,
  AppBody,
  AppParams,
  AssignBody,
  Assignment,
  AssignmentPatch,
  AssignmentQuery,
  BatchBody,
  BatchResult,
  CheckBody,
  Count,
  CountsQuery,
  Decision,
  PermissionBody,
  PermissionParams,
  Resource,
  ResourceBody,
  ResourcePatch,
  RevokeQuery,
  Role,
  RoleBody,
  RolePatch,
  WhatCan,
  WhatCanQuery,
  WhoCan,
  WhoCanQuery,
} from './access-schemas.ts';
import { idOf } from '../platform/refs.ts';

const tags = ['access'];
/** The decision point also takes a decision client's Basic credentials (or its token from POST /oauth/token). */
const decisionSecurity: { [scheme: string]: string[] }[] = [{ bearer: [] }, { session: [] }, { clientBasic: [] }];
const appRef = (s: string) => idOf(s) ?? s;

/** Access configuration, assignments and the decision point (POST /check is kept lean: one call into the index). */
export function accessRoutes(app: Steward): FastifyPluginAsyncTypebox {
  return async (server) => {
    const access = app.access;
    access.start();
    server.addHook('onClose', async () => access.stop());

    server.post(
      '/check',
      {
        config: { decisionClients: true },
        schema: {
          security: decisionSecurity,
          tags,
          summary:
            'Decide whether a subject may do an action on a resource (in a scope, at a time), with the chain of reasons',
          body: CheckBody,
          response: { 200: Decision, ...problems },
        },
      },
      async (req) => access.check(actorOf(req), req.body),
    );
    server.post(
      '/check/batch',
      {
        config: { decisionClients: true },
        schema: {
          security: decisionSecurity,
          tags,
          summary: 'Many decisions in one call, in order',
          body: BatchBody,
          response: { 200: BatchResult, ...problems },
        },
      },
      async (req) => ({ results: await access.checkBatch(actorOf(req), req.body.checks) }),
    );
    server.get(
      '/access/who-can',
      {
        schema: {
          tags,
          summary: 'The people who may do an action on a resource (in a scope, at a time), each with reasons',
          querystring: WhoCanQuery,
          response: { 200: WhoCan, ...problems },
        },
      },
      async (req) => access.whoCan(actorOf(req), req.query),
    );
    server.get(
      '/access/what-can',
      {
        schema: {
          tags,
          summary: 'What a person or group may do (per application, scope, time)',
          querystring: WhatCanQuery,
          response: { 200: WhatCan, ...problems },
        },
      },
      async (req) =>
        access.whatCan(actorOf(req), {
          subject: { type: req.query.subjectType ?? 'person', id: req.query.subjectId },
          application: req.query.application,
          scope: req.query.scope,
          at: req.query.at,
          knownAt: req.query.knownAt,
        }),
    );

    server.get(
      '/access/applications',
      { schema: { tags, summary: 'Applications', response: { 200: Type.Array(App), ...problems } } },
      async (req) => access.config.listApps(actorOf(req)),
    );
    server.post(
      '/access/applications',
      {
        schema: {
          tags,
          summary: "Register an application (its actions' implications and time zone)",
          body: AppBody,
          response: { 201: App, ...problems },
        },
      },
      async (req, reply) =>
        reply.status(201).send(withEtag(reply, await access.config.createApp(actorOf(req), req.body))),
    );
    server.get(
      '/access/applications/:app',
      { schema: { tags, summary: 'One application (ETag)', params: AppParams, response: { 200: App, ...problems } } },
      async (req, reply) => withEtag(reply, await access.config.getApp(actorOf(req), appRef(req.params.app))),
    );
    server.put(
      '/access/applications/:app',
      {
        schema: {
          tags,
          summary: 'Replace an application (If-Match)',
          params: AppParams,
          body: AppBody,
          response: { 200: App, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(
          reply,
          await access.config.updateApp(
            actorOf(req),
            (await access.config.appRow(appRef(req.params.app))).id,
            expectedVersion(req),
            req.body,
          ),
        ),
    );
    server.delete(
      '/access/applications/:app',
      {
        schema: {
          tags,
          summary: 'Delete an application without roles or resources',
          params: AppParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await access.config.deleteApp(actorOf(req), (await access.config.appRow(appRef(req.params.app))).id);
        return reply.status(204).send(null);
      },
    );

    server.get(
      '/access/applications/:app/resources',
      {
        schema: {
          tags,
          summary: "The application's resources (a tree by parent)",
          params: AppParams,
          response: { 200: Type.Array(Resource), ...problems },
        },
      },
      async (req) => access.config.listResources(actorOf(req), appRef(req.params.app)),
    );
    server.post(
      '/access/applications/:app/resources',
      {
        schema: {
          tags,
          summary: 'Add a resource under an optional parent',
          params: AppParams,
          body: ResourceBody,
          response: { 201: Resource, ...problems },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(withEtag(reply, await access.config.createResource(actorOf(req), appRef(req.params.app), req.body))),
    );
    server.patch(
      '/access/resources/:id',
      {
        schema: {
          tags,
          summary: 'Relabel or move a resource (If-Match; no cycles)',
          params: IdParams,
          body: ResourcePatch,
          response: { 200: Resource, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(
          reply,
          await access.config.updateResource(actorOf(req), req.params.id, expectedVersion(req), req.body),
        ),
    );
    server.delete(
      '/access/resources/:id',
      {
        schema: {
          tags,
          summary: 'Delete a resource without children or permissions',
          params: IdParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await access.config.deleteResource(actorOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );

    server.get(
      '/access/applications/:app/roles',
      {
        schema: {
          tags,
          summary: "The application's roles with their permissions",
          params: AppParams,
          response: { 200: Type.Array(Role), ...problems },
        },
      },
      async (req) => access.roles.listRoles(actorOf(req), appRef(req.params.app)),
    );
    server.post(
      '/access/applications/:app/roles',
      {
        schema: {
          tags,
          summary: 'Add a role',
          params: AppParams,
          body: RoleBody,
          response: { 201: Role, ...problems },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(withEtag(reply, await access.roles.createRole(actorOf(req), appRef(req.params.app), req.body))),
    );
    server.get(
      '/access/roles/:id',
      {
        schema: {
          tags,
          summary: 'One role with its permissions (ETag)',
          params: IdParams,
          response: { 200: Role, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await access.roles.getRole(actorOf(req), req.params.id)),
    );
    server.patch(
      '/access/roles/:id',
      {
        schema: {
          tags,
          summary: 'Relabel a role (If-Match)',
          params: IdParams,
          body: RolePatch,
          response: { 200: Role, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await access.roles.updateRole(actorOf(req), req.params.id, expectedVersion(req), req.body)),
    );
    server.delete(
      '/access/roles/:id',
      {
        schema: {
          tags,
          summary: 'Delete a role nobody is assigned',
          params: IdParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await access.roles.deleteRole(actorOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
    server.post(
      '/access/roles/:id/permissions',
      {
        schema: {
          tags,
          summary: 'Grant the role an action on a resource (and its subtree), with limits',
          params: IdParams,
          body: PermissionBody,
          response: { 201: Role, ...problems },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await access.roles.addPermission(actorOf(req), req.params.id, req.body)),
    );
    server.delete(
      '/access/roles/:id/permissions/:permissionId',
      {
        schema: {
          tags,
          summary: 'Take a permission from the role',
          params: PermissionParams,
          response: { 200: Role, ...problems },
        },
      },
      async (req) => access.roles.removePermission(actorOf(req), req.params.id, req.params.permissionId),
    );

    server.get(
      '/access/assignments',
      {
        schema: {
          tags,
          summary: 'Role assignments (an organisation administrator sees those in their subtrees)',
          querystring: AssignmentQuery,
          response: { 200: Type.Array(Assignment), ...problems },
        },
      },
      async (req) => access.assignments.list(actorOf(req), req.query),
    );
    server.post(
      '/access/assignments',
      {
        schema: {
          tags,
          summary: 'Assign a role to people and groups in many scopes at once: all or nothing',
          body: AssignBody,
          response: { 201: Type.Array(Assignment), ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(await access.assignments.assign(actorOf(req), req.body)),
    );
    server.get(
      '/access/assignments/:id',
      {
        schema: {
          tags,
          summary: 'One assignment (ETag)',
          params: IdParams,
          response: { 200: Assignment, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await access.assignments.get(actorOf(req), req.params.id)),
    );
    server.patch(
      '/access/assignments/:id',
      {
        schema: {
          tags,
          summary: "Change an assignment's dates, limits or reason (If-Match)",
          params: IdParams,
          body: AssignmentPatch,
          response: { 200: Assignment, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await access.assignments.update(actorOf(req), req.params.id, expectedVersion(req), req.body)),
    );
    server.delete(
      '/access/assignments/:id',
      {
        schema: {
          tags,
          summary: 'Revoke an assignment',
          params: IdParams,
          querystring: RevokeQuery,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await access.assignments.revoke(actorOf(req), req.params.id, req.query.reason);
        return reply.status(204).send(null);
      },
    );
    server.get(
      '/access/counts',
      {
        schema: {
          tags,
          summary: 'Assignments per scope and role (people and groups)',
          querystring: CountsQuery,
          response: { 200: Type.Array(Count), ...problems },
        },
      },
      async (req) => access.assignments.counts(actorOf(req), req.query),
    );
  };
}
