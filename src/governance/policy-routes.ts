import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import {
  DelegateBody,
  DelegateParams,
  DelegateView,
  EffectivePolicyView,
  PolicyBody,
  PolicyPatch,
  PolicyQuery,
  PolicyView,
} from './policy-schemas.ts';

const tags = ['governance'];

/** Governance policies, their department delegates, and a group's effective policy. */
export function policyRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const { policies } = app.governance;

    server.get(
      '/governance/policies',
      {
        schema: {
          tags,
          summary:
            'Policies (every one for system administrators and auditors; else of a group or folder you administer)',
          querystring: PolicyQuery,
          response: { 200: Type.Array(PolicyView), ...problems },
        },
      },
      async (req) => policies.list(actorOf(req), req.query),
    );

    server.post(
      '/governance/policies',
      {
        schema: {
          tags,
          summary: 'Create a policy on a group, a folder or an access role (admin on the group or folder)',
          body: PolicyBody,
          response: { 201: PolicyView, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(withEtag(reply, await policies.create(actorOf(req), req.body))),
    );

    server.get(
      '/governance/policies/:id',
      {
        schema: { tags, summary: 'One policy (ETag)', params: IdParams, response: { 200: PolicyView, ...problems } },
      },
      async (req, reply) => withEtag(reply, await policies.get(actorOf(req), req.params.id)),
    );

    server.patch(
      '/governance/policies/:id',
      {
        schema: {
          tags,
          summary: 'Change a policy (If-Match); its target stays',
          params: IdParams,
          body: PolicyPatch,
          response: { 200: PolicyView, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await policies.update(actorOf(req), req.params.id, expectedVersion(req), req.body)),
    );

    server.delete(
      '/governance/policies/:id',
      {
        schema: {
          tags,
          summary: 'Delete a policy no membership or request refers to',
          params: IdParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await policies.remove(actorOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );

    server.get(
      '/groups/:id/policy',
      {
        schema: {
          tags,
          summary: "The policy governing a group and where it comes from (the group's own, a folder above, a role)",
          params: IdParams,
          response: { 200: EffectivePolicyView, ...problems },
        },
      },
      async (req) => policies.effective(actorOf(req), req.params.id),
    );

    server.get(
      '/governance/policies/:id/delegates',
      {
        schema: {
          tags,
          summary: "A policy's department delegates (per org unit; a unit without any inherits its parent's)",
          params: IdParams,
          response: { 200: Type.Array(DelegateView), ...problems },
        },
      },
      async (req) => policies.listDelegates(actorOf(req), req.params.id),
    );

    server.post(
      '/governance/policies/:id/delegates',
      {
        schema: {
          tags,
          summary: 'Name a delegate of a policy for an org unit (and the units below it without their own)',
          params: IdParams,
          body: DelegateBody,
          response: { 201: DelegateView, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(await policies.addDelegate(actorOf(req), req.params.id, req.body)),
    );

    server.delete(
      '/governance/policies/:id/delegates/:delegateId',
      {
        schema: {
          tags,
          summary: 'Remove a delegate',
          params: DelegateParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await policies.removeDelegate(actorOf(req), req.params.id, req.params.delegateId);
        return reply.status(204).send(null);
      },
    );
  };
}
