import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../../app.ts';
import { actorOf } from '../http/auth-hook.ts';
import { expectedVersion, withEtag } from '../http/etag.ts';
import { problems } from '../http/schemas.ts';
import { NameParams, RunReport, ScheduleBody, ScheduledJob } from './schedule-schemas.ts';

const tags = ['schedule'];

/** Scheduled jobs: their schedules (data), last runs, and running one now. */
export function scheduleRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.addSchema(ScheduledJob);
    server.get(
      '/schedule',
      {
        schema: {
          tags,
          summary: 'Scheduled jobs with their schedules, next run and last outcome',
          response: { 200: Type.Array(Type.Ref('ScheduledJob')), ...problems },
        },
      },
      async (req) => app.schedule.list(actorOf(req)),
    );

    server.get(
      '/schedule/:name',
      {
        schema: {
          tags,
          summary: 'One scheduled job (ETag)',
          params: NameParams,
          response: { 200: Type.Ref('ScheduledJob'), ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await app.schedule.get(actorOf(req), req.params.name)),
    );

    server.put(
      '/schedule/:name',
      {
        schema: {
          tags,
          summary: "Change a job's cron expression, time zone or whether it runs (If-Match)",
          params: NameParams,
          body: ScheduleBody,
          response: { 200: Type.Ref('ScheduledJob'), ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await app.schedule.update(actorOf(req), req.params.name, expectedVersion(req), req.body)),
    );

    server.post(
      '/schedule/:name/runs',
      {
        schema: {
          tags,
          summary: 'Run a job now, whatever its schedule (409 while a sweep is running)',
          params: NameParams,
          response: { 200: RunReport, ...problems },
        },
      },
      async (req) => app.schedule.runNow(actorOf(req), req.params.name),
    );
  };
}
