import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { IdParams, problems, Id } from '../platform/http/schemas.ts';
import { NewOfficerBody, Officer, OfficerLists } from './org-schemas.ts';

const tags = ['organisations'];

/** Administrators and approvers of units, own and inherited. */
export function officerRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/orgs/:id/officers',
      {
        schema: {
          tags,
          summary:
            "A unit's own officers, and its effective ones (inherited from the nearest ancestor that has any, per function)",
          params: IdParams,
          response: { 200: OfficerLists, ...problems },
        },
      },
      async (req) => app.orgs.listOfficers(actorOf(req), req.params.id),
    );

    server.post(
      '/orgs/:id/officers',
      {
        schema: {
          tags,
          summary: 'Appoint a person as administrator or approver of a unit, with a role name',
          params: IdParams,
          body: NewOfficerBody,
          response: { 201: Officer, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(await app.orgs.addOfficer(actorOf(req), req.params.id, req.body)),
    );

    server.delete(
      '/orgs/:id/officers/:officerId',
      {
        schema: {
          tags,
          summary: 'Remove an officer from a unit',
          params: Type.Object({ id: IdParams.properties.id, officerId: Id }),
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await app.orgs.removeOfficer(actorOf(req), req.params.id, req.params.officerId);
        return reply.status(204).send(null);
      },
    );
  };
}
