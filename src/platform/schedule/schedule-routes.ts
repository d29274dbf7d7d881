import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../../app.ts';
import { actorOf } from '../http/auth-hook.ts';
import { expectedVersion, withEtag } from '../http/etag.ts';
import { problems } from '../http/schemas.ts';

const tags = ['schedule'];
const Stamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

const ScheduledJob = Type.Object(
  {
    name: Type.String(),
    description: Type.String(),
    cron: Type.String({ description: 'five fields: minute hour day-of-month month weekday' }),
    timeZone: Type.String(),
    enabled: Type.Boolean(),
    nextRunAt: Stamp,
    lastSlot: Stamp,
    lastStartedAt: Stamp,
    lastFinishedAt: Stamp,
    lastOutcome: Type.Union([Type.Literal('succeeded'), Type.Literal('failed'), Type.Null()]),
    lastSummary: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    lastError: Type.Union([Type.String(), Type.Null()]),
    failures: Type.Integer(),
    version: Type.Integer(),
  },
  { $id: 'ScheduledJob' },
);

const ScheduleBody = Type.Object(
  {
    cron: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const RunReport = Type.Object({
  job: Type.String(),
  outcome: Type.Union([Type.Literal('succeeded'), Type.Literal('failed')]),
  idle: Type.Boolean({ description: 'the job found nothing to do' }),
  slot: Stamp,
  summary: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});

const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });

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
