import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import {
  Affected,
  DeliveriesQuery,
  Delivery,
  ObjectsBody,
  PassReport,
  PersonTarget,
  QueueItem,
  QueueQuery,
  ReplayBody,
  SyncBody,
  SyncRun,
  Target,
  TargetBody,
  TargetParams,
  TargetUpdateBody,
} from './provision-schemas.ts';

import { Job, WaitQuery } from '../platform/jobs/job-schemas.ts';

const tags = ['provisioning'];

/** Provisioning targets (LDAP directories, webhook consumers), their queues, deliveries and full syncs. */
export function provisionRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const targets = app.provision.targets;
    const ops = app.provision.ops;
    server.get(
      '/provision/targets',
      { schema: { tags, summary: 'Provisioning targets', response: { 200: Type.Array(Target), ...problems } } },
      async (req) => targets.list(actorOf(req)),
    );
    server.post(
      '/provision/targets',
      {
        schema: {
          tags,
          summary: 'Define a target: an LDAP directory or a webhook consumer (secrets are write-only)',
          body: TargetBody,
          response: { 201: Target, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(withEtag(reply, await targets.create(actorOf(req), req.body))),
    );
    server.get(
      '/provision/targets/:name',
      { schema: { tags, summary: 'One target (ETag)', params: TargetParams, response: { 200: Target, ...problems } } },
      async (req, reply) => withEtag(reply, await targets.get(actorOf(req), req.params.name)),
    );
    server.put(
      '/provision/targets/:name',
      {
        schema: {
          tags,
          summary: 'Change a target (If-Match); secrets left out are kept',
          params: TargetParams,
          body: TargetUpdateBody,
          response: { 200: Target, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await targets.update(actorOf(req), req.params.name, expectedVersion(req), req.body)),
    );
    for (const [verb, state] of [
      ['pause', 'paused'],
      ['resume', 'active'],
    ] as const)
      server.post(
        `/provision/targets/:name/${verb}`,
        {
          schema: {
            tags,
            summary: `${verb === 'pause' ? 'Pause' : 'Resume'} a target (If-Match); a paused target still queues, so nothing is lost`,
            params: TargetParams,
            response: { 200: Target, ...problems },
          },
        },
        async (req, reply) =>
          withEtag(reply, await targets.setState(actorOf(req), req.params.name, expectedVersion(req), state)),
      );
    server.delete(
      '/provision/targets/:name',
      {
        schema: {
          tags,
          summary: 'Remove a target with its sync table and queues (If-Match); the directory is left as it is',
          params: TargetParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await targets.remove(actorOf(req), req.params.name, expectedVersion(req));
        return reply.status(204).send(null);
      },
    );
    server.post(
      '/provision/targets/:name/run',
      {
        schema: { tags, summary: 'Run a pass now', params: TargetParams, response: { 200: PassReport, ...problems } },
      },
      async (req) => ops.run(actorOf(req), req.params.name),
    );
    server.post(
      '/provision/targets/:name/release',
      {
        schema: {
          tags,
          summary: 'Release a held mass change, then run a pass',
          params: TargetParams,
          response: { 200: PassReport, ...problems },
        },
      },
      async (req) => ops.release(actorOf(req), req.params.name),
    );
    server.get(
      '/provision/targets/:name/queue',
      {
        schema: {
          tags,
          summary: 'Objects waiting to be brought in step; state=errors lists the error queue',
          params: TargetParams,
          querystring: QueueQuery,
          response: { 200: Type.Array(QueueItem), ...problems },
        },
      },
      async (req) => ops.queue(actorOf(req), req.params.name, req.query.state),
    );
    for (const how of ['retry', 'skip'] as const)
      server.post(
        `/provision/targets/:name/${how}`,
        {
          schema: {
            tags,
            summary:
              how === 'retry'
                ? 'Try objects again now (left out: every failed object)'
                : 'Drop objects from the queue until their next change',
            params: TargetParams,
            body: ObjectsBody,
            response: { 200: Affected, ...problems },
          },
        },
        async (req) => ({ affected: await ops[how](actorOf(req), req.params.name, req.body.objects) }),
      );
    server.get(
      '/provision/targets/:name/deliveries',
      {
        schema: {
          tags,
          summary: "A webhook target's deliveries, oldest first",
          params: TargetParams,
          querystring: DeliveriesQuery,
          response: { 200: Type.Array(Delivery), ...problems },
        },
      },
      async (req) => ops.deliveries(actorOf(req), req.params.name, req.query),
    );
    server.post(
      '/provision/targets/:name/replay',
      {
        schema: {
          tags,
          summary: 'Deliver dead-lettered events again',
          params: TargetParams,
          body: ReplayBody,
          response: { 200: Affected, ...problems },
        },
      },
      async (req) => ({ affected: await ops.replay(actorOf(req), req.params.name, req.body.ids) }),
    );
    server.post(
      '/provision/targets/:name/sync',
      {
        schema: {
          tags,
          summary:
            'Full sync: read the directory, fix drift and report each fix (dryRun: list only). With wait=false: 202 with the job (Location: /jobs/{id})',
          params: TargetParams,
          querystring: WaitQuery,
          body: SyncBody,
          response: { 200: SyncRun, 202: Job, ...problems },
        },
      },
      async (req, reply) => {
        const dryRun = req.body.dryRun ?? false;
        if (req.query.wait !== false) return reply.send(await ops.sync(actorOf(req), req.params.name, dryRun));
        const job = await app.longJobs.fullSync(actorOf(req), req.params.name, dryRun);
        return reply.status(202).header('location', `/jobs/${job.id}`).send(job);
      },
    );
    server.get(
      '/provision/targets/:name/runs',
      {
        schema: {
          tags,
          summary: 'The latest full syncs and dry runs',
          params: TargetParams,
          response: { 200: Type.Array(SyncRun), ...problems },
        },
      },
      async (req) => ops.runs(actorOf(req), req.params.name),
    );
    server.get(
      '/people/:id/provisioning',
      {
        schema: {
          tags,
          summary: "A person's provisioning per target: selected or not and why, the DN, groups, queue",
          params: IdParams,
          response: { 200: Type.Array(PersonTarget), ...problems },
        },
      },
      async (req) => app.provision.personTargets(actorOf(req), req.params.id),
    );
  };
}
