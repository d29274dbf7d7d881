import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import {
  CalendarBody,
  CalendarPatch,
  CalendarView,
  ResolveForUnitQuery,
  ResolveQuery,
  Resolved,
} from './calendar-schemas.ts';

const tags = ['calendars'];

/** Institution calendars (issue 16): CRUD for system administrators, reads and date resolution for org readers. */
export function calendarRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/calendars',
      {
        schema: {
          tags,
          summary: 'Institution calendars: working days, holidays, terms',
          response: { 200: Type.Array(CalendarView), ...problems },
        },
      },
      async (req) => app.calendars.list(actorOf(req)),
    );

    server.get(
      '/calendars/resolve',
      {
        schema: {
          tags,
          summary:
            'The date a duration comes to on the calendar that applies to a unit (the nearest up its tree; the institution calendar without orgUnit)',
          querystring: ResolveForUnitQuery,
          response: { 200: Resolved, ...problems },
        },
      },
      async (req) => app.calendars.resolveFor(actorOf(req), req.query),
    );

    server.get(
      '/calendars/:id',
      {
        schema: {
          tags,
          summary: 'One calendar (ETag)',
          params: IdParams,
          response: { 200: CalendarView, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await app.calendars.get(actorOf(req), req.params.id)),
    );

    server.get(
      '/calendars/:id/resolve',
      {
        schema: {
          tags,
          summary: 'The date a duration from a day comes to on this calendar',
          params: IdParams,
          querystring: ResolveQuery,
          response: { 200: Resolved, ...problems },
        },
      },
      async (req) => app.calendars.resolve(actorOf(req), req.params.id, req.query),
    );

    server.post(
      '/calendars',
      {
        schema: {
          tags,
          summary: 'Add a calendar for the institution or an org subtree (checked whole: terms may not overlap)',
          body: CalendarBody,
          response: { 201: CalendarView, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(withEtag(reply, await app.calendars.create(actorOf(req), req.body))),
    );

    server.patch(
      '/calendars/:id',
      {
        schema: {
          tags,
          summary: "Change a calendar's label or definition (If-Match)",
          params: IdParams,
          body: CalendarPatch,
          response: { 200: CalendarView, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await app.calendars.update(actorOf(req), req.params.id, expectedVersion(req), req.body)),
    );

    server.delete(
      '/calendars/:id',
      {
        schema: {
          tags,
          summary: 'Delete a calendar (the next one up the tree then applies)',
          params: IdParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await app.calendars.remove(actorOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
