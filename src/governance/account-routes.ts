import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import { ReasonQuery } from '../groups/group-schemas.ts';
import {
  AccountBody,
  AccountMemberBody,
  AccountMemberParams,
  AccountMembershipView,
  AccountPatch,
  AccountQuery,
  AccountView,
} from './account-schemas.ts';

const tags = ['governance'];

/** Administrative and service accounts with their owners, and their group memberships. */
export function accountRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const { accounts } = app.governance;

    server.get(
      '/governance/accounts',
      {
        schema: {
          tags,
          summary: 'Administrative and service accounts (registry readers), by owner or kind',
          querystring: AccountQuery,
          response: { 200: Type.Array(AccountView), ...problems },
        },
      },
      async (req) => accounts.list(actorOf(req), req.query),
    );

    server.post(
      '/governance/accounts',
      {
        schema: {
          tags,
          summary: "Create an account owned by a person (who may update the owner: the owner's org administrators)",
          body: AccountBody,
          response: { 201: AccountView, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(withEtag(reply, await accounts.create(actorOf(req), req.body))),
    );

    server.get(
      '/governance/accounts/:id',
      {
        schema: { tags, summary: 'One account (ETag)', params: IdParams, response: { 200: AccountView, ...problems } },
      },
      async (req, reply) => withEtag(reply, await accounts.get(actorOf(req), req.params.id)),
    );

    server.patch(
      '/governance/accounts/:id',
      {
        schema: {
          tags,
          summary: 'Change its owner, description, attributes or end (If-Match)',
          params: IdParams,
          body: AccountPatch,
          response: { 200: AccountView, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await accounts.update(actorOf(req), req.params.id, expectedVersion(req), req.body)),
    );

    server.delete(
      '/governance/accounts/:id',
      {
        schema: {
          tags,
          summary: 'Delete an account that has no memberships or requests (else end it)',
          params: IdParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await accounts.remove(actorOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );

    server.get(
      '/governance/accounts/:id/memberships',
      {
        schema: {
          tags,
          summary: "An account's direct group memberships",
          params: IdParams,
          response: { 200: Type.Array(AccountMembershipView), ...problems },
        },
      },
      async (req) => accounts.memberships(actorOf(req), req.params.id),
    );

    server.post(
      '/governance/accounts/:id/memberships',
      {
        schema: {
          tags,
          summary: 'Add an account to a group directly (update privilege; a governed group: its direct adders, checks)',
          params: IdParams,
          body: AccountMemberBody,
          response: { 201: AccountMembershipView, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(await accounts.addMembership(actorOf(req), req.params.id, req.body)),
    );

    server.delete(
      '/governance/accounts/:id/memberships/:membershipId',
      {
        schema: {
          tags,
          summary: "Remove an account's membership (update privilege on the group)",
          params: AccountMemberParams,
          querystring: ReasonQuery,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await accounts.removeMembership(actorOf(req), req.params.id, req.params.membershipId, req.query.reason ?? null);
        return reply.status(204).send(null);
      },
    );
  };
}
