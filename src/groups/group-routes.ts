import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import {
  DatesResult,
  Effective,
  FollowResult,
  Group,
  GroupBody,
  GroupDetail,
  GroupMove,
  GroupPatch,
  HistoryEntry,
  MemberBody,
  MemberParams,
  MemberPatch,
  Membership,
  NameParams,
  OptInBody,
  PrivilegeBody,
  PrivilegeParams,
  PrivilegeView,
  ReasonQuery,
  RebuildResult,
  EffectiveQuery,
} from './group-schemas.ts';

const tags = ['groups'];

/** Groups, their direct and effective members, privileges, history, and the maintenance runs. */
export function groupRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const { groups, members, effective, privileges } = app.groups;

    server.post(
      '/groups',
      {
        schema: {
          tags,
          summary:
            'Create a basic, composite (union | intersection | complement of two groups) or rule group (admin on the folder)',
          body: GroupBody,
          response: { 201: Group, ...problems },
        },
      },
      async (req, reply) =>
        reply.status(201).send(withEtag(reply, await groups.create(actorOf(req), req.body as never))),
    );

    server.get(
      '/groups/by-name/:name',
      {
        schema: {
          tags,
          summary: 'A group by its full name (uni:apps:payroll:clerk), with what the caller may do with it',
          params: NameParams,
          response: { 200: GroupDetail, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await groups.byName(actorOf(req), req.params.name)),
    );

    server.get(
      '/groups/:id',
      {
        schema: {
          tags,
          summary: 'One group with the privileges the caller holds on it and what they may do with it (ETag)',
          params: IdParams,
          response: { 200: GroupDetail, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await groups.get(actorOf(req), req.params.id)),
    );

    server.patch(
      '/groups/:id',
      {
        schema: {
          tags,
          summary: 'Rename a group, change its description, composite or rule (If-Match, admin)',
          params: IdParams,
          body: GroupPatch,
          response: { 200: Group, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await groups.update(actorOf(req), req.params.id, expectedVersion(req), req.body as never)),
    );

    server.post(
      '/groups/:id/move',
      {
        schema: {
          tags,
          summary: 'Move a group to another folder (If-Match, admin on both)',
          params: IdParams,
          body: GroupMove,
          response: { 200: Group, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await groups.move(actorOf(req), req.params.id, expectedVersion(req), req.body.folderId)),
    );

    server.delete(
      '/groups/:id',
      {
        schema: {
          tags,
          summary: 'Delete a group (409 while it is a member, a composite operand or a privilege holder)',
          params: IdParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await groups.remove(actorOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );

    server.get(
      '/groups/:id/members',
      {
        schema: {
          tags,
          summary: 'Direct members with reason, ticket, who requested, approved and added them, and their dates',
          params: IdParams,
          response: { 200: Type.Array(Membership), ...problems },
        },
      },
      async (req) => members.listDirect(actorOf(req), req.params.id),
    );

    server.get(
      '/groups/:id/members/effective',
      {
        schema: {
          tags,
          summary:
            'Effective members at `at` (default now), or every interval (all=true), each with why: the path of groups and the direct membership at its root',
          params: IdParams,
          querystring: EffectiveQuery,
          response: { 200: Type.Array(Effective), ...problems },
        },
      },
      async (req) => effective.listEffective(actorOf(req), req.params.id, req.query),
    );

    server.post(
      '/groups/:id/members',
      {
        schema: {
          tags,
          summary: 'Add a person or group as a direct member, with reason, ticket and dates (update privilege)',
          params: IdParams,
          body: MemberBody,
          response: { 201: Membership, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(await members.add(actorOf(req), req.params.id, req.body)),
    );

    server.patch(
      '/groups/:id/members/:membershipId',
      {
        schema: {
          tags,
          summary: "Change a membership's dates, reason or ticket (If-Match: the membership version)",
          params: MemberParams,
          body: MemberPatch,
          response: { 200: Membership, ...problems },
        },
      },
      async (req) =>
        members.update(actorOf(req), req.params.id, req.params.membershipId, expectedVersion(req), req.body),
    );

    server.delete(
      '/groups/:id/members/:membershipId',
      {
        schema: {
          tags,
          summary: 'Remove a direct membership (update privilege)',
          params: MemberParams,
          querystring: ReasonQuery,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await members.remove(actorOf(req), req.params.id, req.params.membershipId, req.query.reason ?? null);
        return reply.status(204).send(null);
      },
    );

    server.post(
      '/groups/:id/opt-in',
      {
        schema: {
          tags,
          summary: 'Join a group yourself (optin privilege)',
          params: IdParams,
          body: OptInBody,
          response: { 201: Membership, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(await members.optIn(actorOf(req), req.params.id, req.body ?? {})),
    );

    server.post(
      '/groups/:id/opt-out',
      {
        schema: {
          tags,
          summary: 'Leave a group yourself (optout privilege)',
          params: IdParams,
          querystring: ReasonQuery,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await members.optOut(actorOf(req), req.params.id, req.query.reason ?? null);
        return reply.status(204).send(null);
      },
    );

    server.get(
      '/groups/:id/privileges',
      {
        schema: {
          tags,
          summary: 'Privileges granted on a group (those inherited from folders are on the folders)',
          params: IdParams,
          response: { 200: Type.Array(PrivilegeView), ...problems },
        },
      },
      async (req) => privileges.list(actorOf(req), { groupId: req.params.id }),
    );

    server.post(
      '/groups/:id/privileges',
      {
        schema: {
          tags,
          summary: 'Grant a privilege on a group to a person or group (admin)',
          params: IdParams,
          body: PrivilegeBody,
          response: { 201: PrivilegeView, ...problems },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await privileges.grant(actorOf(req), { groupId: req.params.id }, req.body as never)),
    );

    server.delete(
      '/groups/:id/privileges/:privilegeId',
      {
        schema: {
          tags,
          summary: 'Revoke a privilege on a group (admin)',
          params: PrivilegeParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await privileges.revoke(actorOf(req), { groupId: req.params.id }, req.params.privilegeId);
        return reply.status(204).send(null);
      },
    );

    server.get(
      '/groups/:id/history',
      {
        schema: {
          tags,
          summary:
            'What happened to a group: members added, changed, removed, started and ended; privileges; definition changes',
          params: IdParams,
          response: { 200: Type.Array(HistoryEntry), ...problems },
        },
      },
      async (req) => effective.history(actorOf(req), req.params.id),
    );

    server.post(
      '/groups/rebuild',
      {
        schema: {
          tags,
          summary: 'Recompute every effective membership from scratch and fix what differs (system administrators)',
          response: { 200: RebuildResult, ...problems },
        },
      },
      async (req) => effective.rebuildAll(actorOf(req)),
    );

    server.post(
      '/groups/rules/follow',
      {
        schema: {
          tags,
          summary:
            'Recompute rule groups for the people whose facts changed since the last run (what the group-rules job does)',
          response: { 200: FollowResult, ...problems },
        },
      },
      async (req) => app.groups.rules.follow(actorOf(req)),
    );

    server.post(
      '/groups/memberships/boundaries',
      {
        schema: {
          tags,
          summary: 'Record the membership starts and ends that have passed (what the group-membership-dates job does)',
          response: { 200: DatesResult, ...problems },
        },
      },
      async (req) => app.groups.dates.recordBoundaries(actorOf(req)),
    );
  };
}
