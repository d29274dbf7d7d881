import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../../app.ts';
import { actorOf } from '../http/auth-hook.ts';
import { IdParams, problems } from '../http/schemas.ts';
import { Job, JobsQuery } from './job-schemas.ts';

const tags = ['jobs'];

/** Following long jobs (a people import, a status recompute, a full sync started with wait=false). */
export function jobRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/jobs',
      {
        schema: {
          tags,
          summary:
            'Long jobs, newest first (before: older than this id): every job for system administrators and auditors, the jobs an account started for it',
          querystring: JobsQuery,
          response: { 200: Type.Array(Job), ...problems },
        },
      },
      async (req) => app.jobs.list(actorOf(req), req.query),
    );
    server.get(
      '/jobs/:id',
      {
        schema: {
          tags,
          summary: 'One job: state, progress (done of total), counts so far, and its answer or why it failed',
          params: IdParams,
          response: { 200: Job, ...problems },
        },
      },
      async (req) => app.jobs.get(actorOf(req), req.params.id),
    );
  };
}
