import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import { calendarRoutes } from '../calendars/calendar-routes.ts';
import { DryRunAnswer, DryRunQuery, HeldAnswer } from '../platform/mass-change/held-change-schemas.ts';
import { unapplied } from '../platform/mass-change/held-change-routes.ts';
import { importRoutes } from './import-routes.ts';
import { kindRoutes } from './kind-routes.ts';
import { officerRoutes } from './officer-routes.ts';
import {
  EndBody,
  EndedUnit,
  MoveBody,
  NewUnitBody,
  TreeNode,
  TreeQuery,
  UnitDetail,
  UnitPage,
  UnitPatchBody,
  UnitPeoplePage,
  UnitPeopleQuery,
  UnitSearchQuery,
} from './org-schemas.ts';

const tags = ['organisations'];

/** HTTP routes of the organisation tree; each is one call into the org service. */
export function orgRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    await server.register(kindRoutes(app));
    await server.register(officerRoutes(app));
    await server.register(importRoutes(app));
    await server.register(calendarRoutes(app));

    server.get(
      '/orgs',
      {
        schema: {
          tags,
          summary: 'Search units by text, code, kind, subtree and validity date',
          querystring: UnitSearchQuery,
          response: { 200: UnitPage, ...problems },
        },
      },
      async (req) => app.orgs.listUnits(actorOf(req), req.query),
    );

    server.get(
      '/orgs/tree',
      {
        schema: {
          tags,
          summary: 'The unit tree (nested) under one unit or under every root, for browsing',
          querystring: TreeQuery,
          response: { 200: Type.Array(TreeNode), ...problems },
        },
      },
      async (req) => app.orgs.tree(actorOf(req), req.query),
    );

    server.post(
      '/orgs',
      {
        schema: {
          tags,
          summary: 'Create a unit under a parent; custom fields are checked against its kind',
          body: NewUnitBody,
          response: { 201: UnitDetail, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(withEtag(reply, await app.orgs.createUnit(actorOf(req), req.body))),
    );

    server.get(
      '/orgs/:id',
      {
        schema: {
          tags,
          summary: 'A unit with its breadcrumb, children, effective officers and subtree counts (ETag)',
          params: IdParams,
          response: { 200: UnitDetail, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await app.orgs.getUnit(actorOf(req), req.params.id)),
    );

    server.patch(
      '/orgs/:id',
      {
        schema: {
          tags,
          summary: 'Rename a unit or change its custom fields or start date (If-Match)',
          params: IdParams,
          body: UnitPatchBody,
          response: { 200: UnitDetail, ...problems },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const { reason, ...patch } = req.body;
        await app.orgs.updateUnit(actor, req.params.id, expectedVersion(req), patch, reason ?? null);
        return withEtag(reply, await app.orgs.getUnit(actor, req.params.id));
      },
    );

    server.post(
      '/orgs/:id/move',
      {
        schema: {
          tags,
          summary:
            'Move a unit and its subtree under another parent (If-Match); cycles are refused. Guarded: dryRun=true answers who it affects; over the threshold it is held (202)',
          params: IdParams,
          querystring: DryRunQuery,
          body: MoveBody,
          response: { 200: Type.Union([DryRunAnswer, UnitDetail]), 202: HeldAnswer, ...problems },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const outcome = await app.orgs.moveUnit(
          actor,
          req.params.id,
          expectedVersion(req),
          req.body.parentId,
          req.body.reason ?? null,
          { dryRun: req.query.dryRun },
        );
        return unapplied(reply, outcome) ?? withEtag(reply, await app.orgs.getUnit(actor, req.params.id));
      },
    );

    server.post(
      '/orgs/:id/end',
      {
        schema: {
          tags,
          summary:
            'End a unit on a date (If-Match); with living units or affiliations below it, answers 409 cascade-required unless cascade is true. Guarded: dryRun=true answers who it affects; over the threshold it is held (202)',
          params: IdParams,
          querystring: DryRunQuery,
          body: EndBody,
          response: { 200: Type.Union([DryRunAnswer, EndedUnit]), 202: HeldAnswer, ...problems },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const outcome = await app.orgs.endUnit(actor, req.params.id, expectedVersion(req), req.body, {
          dryRun: req.query.dryRun,
        });
        if (outcome.outcome !== 'applied') return unapplied(reply, outcome)!;
        return withEtag(reply, { ...(await app.orgs.getUnit(actor, req.params.id)), ...outcome.result });
      },
    );

    server.get(
      '/orgs/:id/people',
      {
        schema: {
          tags,
          summary: 'People with an affiliation valid today to the unit, or anywhere in its subtree',
          params: IdParams,
          querystring: UnitPeopleQuery,
          response: { 200: UnitPeoplePage, ...problems },
        },
      },
      async (req) => app.orgs.people(actorOf(req), req.params.id, req.query),
    );
  };
}
