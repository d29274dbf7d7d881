import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { StewardError } from '../platform/errors.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import { SNAPSHOT_COLUMNS } from './snapshot-rows.ts';
import {
  DiffPage,
  DiffQuery,
  DiscardBody,
  RecordBody,
  RecordOutcome,
  ResolveBody,
  Review,
  ReviewsQuery,
  Snapshot,
  SnapshotSummary,
  SnapshotsQuery,
  UploadQuery,
} from './snapshot-schemas.ts';
import { SourceName } from './source-schemas.ts';

const tags = ['sources'];
/** Content types whose body is streamed to the reconciler as it arrives (registered in build-server.ts). */
export const SNAPSHOT_CONTENT_TYPES = { 'text/csv': 'csv', 'application/x-ndjson': 'jsonl' } as const;
const StatusByState = { applied: 201, held: 202, applying: 202, 'dry-run': 200 } as const;
const RecordParams = Type.Object({ name: SourceName, recordKey: Type.String({ minLength: 1, maxLength: 200 }) });

/** Snapshots of sources (upload, the held flow), single-record updates and match reviews. */
export function snapshotRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.post(
      '/sources/:name/snapshots',
      {
        schema: {
          tags,
          summary:
            `Deliver a full snapshot, streamed (Content-Type text/csv with columns ${SNAPSHOT_COLUMNS.join(', ')}, attr.<name>; or application/x-ndjson, one record a line). ` +
            'Answers 201 when applied, 202 when held for an administrator (over the threshold, or with row errors, listed by line), 200 for a dry run. ' +
            'With wait=false a snapshot to apply is answered 202 in state applying as soon as it is received and decided, with Location: /snapshots/{id} to follow.',
          params: Type.Object({ name: SourceName }),
          querystring: UploadQuery,
          response: { 200: Snapshot, 201: Snapshot, 202: Snapshot, ...problems, 415: problems[400] },
        },
      },
      async (req, reply) => {
        const type = String(req.headers['content-type'] ?? '')
          .split(';')[0]
          .trim()
          .toLowerCase() as keyof typeof SNAPSHOT_CONTENT_TYPES;
        const sent = SNAPSHOT_CONTENT_TYPES[type];
        if (!sent)
          throw new StewardError(
            'unsupported-media-type',
            'send the snapshot as Content-Type: text/csv or application/x-ndjson',
          );
        const summary = await app.snapshots.receiveSnapshot(actorOf(req), req.params.name, req.body as Readable, {
          format: req.query.format ?? sent,
          dryRun: req.query.dryRun,
          force: req.query.force,
          background: req.query.wait === false,
        });
        if (summary.state === 'applying') void reply.header('location', `/snapshots/${summary.id}`);
        return reply.status(StatusByState[summary.state as keyof typeof StatusByState] ?? 200).send(summary);
      },
    );

    server.get(
      '/snapshots',
      {
        schema: {
          tags,
          summary: 'Snapshots, newest first',
          querystring: SnapshotsQuery,
          response: { 200: Type.Array(SnapshotSummary), ...problems },
        },
      },
      async (req) => app.snapshots.listSnapshots(actorOf(req), req.query),
    );

    server.get(
      '/snapshots/:id',
      {
        schema: {
          tags,
          summary: 'One snapshot: counts, the decision and why, and its errors by line',
          params: IdParams,
          response: { 200: Snapshot, ...problems },
        },
      },
      async (req) => app.snapshots.getSnapshot(actorOf(req), req.params.id),
    );

    server.get(
      '/snapshots/:id/diff',
      {
        schema: {
          tags,
          summary:
            "A held snapshot's or dry run's differences from what the source has on file, by record key: each record and what the source said before (409 once applied or discarded)",
          params: IdParams,
          querystring: DiffQuery,
          response: { 200: DiffPage, ...problems },
        },
      },
      async (req) => app.snapshots.snapshotDiff(actorOf(req), req.params.id, req.query),
    );

    server.post(
      '/snapshots/:id/release',
      {
        schema: {
          tags,
          summary: 'Apply a held snapshot over its threshold (never one with row errors); answers when it is applied',
          params: IdParams,
          response: { 200: Snapshot, ...problems },
        },
      },
      async (req) => app.snapshots.release(actorOf(req), req.params.id),
    );

    server.post(
      '/snapshots/:id/discard',
      {
        schema: {
          tags,
          summary: 'Discard a held snapshot (or a dry run): nothing of it is applied; its counts remain',
          params: IdParams,
          body: Type.Optional(DiscardBody),
          response: { 200: Snapshot, ...problems },
        },
      },
      async (req) => app.snapshots.discard(actorOf(req), req.params.id, req.body?.reason),
    );

    server.put(
      '/sources/:name/records/:recordKey',
      {
        schema: {
          tags,
          summary:
            'Add or replace one record of a source (no safety valve); 200 applied or unchanged, 202 left for review (a near-match)',
          params: RecordParams,
          body: RecordBody,
          response: { 200: RecordOutcome, 202: RecordOutcome, ...problems },
        },
      },
      async (req, reply) => {
        const outcome = await app.sourceRecords.putRecord(
          actorOf(req),
          req.params.name,
          req.params.recordKey,
          req.body,
        );
        return reply.status(outcome.change === 'review' ? 202 : 200).send(outcome);
      },
    );

    server.delete(
      '/sources/:name/records/:recordKey',
      {
        schema: {
          tags,
          summary: 'The source no longer has this record: its affiliation ends the day before today',
          params: RecordParams,
          response: { 200: RecordOutcome, ...problems },
        },
      },
      async (req) => app.sourceRecords.deleteRecord(actorOf(req), req.params.name, req.params.recordKey),
    );

    server.get(
      '/sources/reviews',
      {
        schema: {
          tags,
          summary: 'Records waiting for an administrator to say who they belong to (near-matches), oldest first',
          querystring: ReviewsQuery,
          response: { 200: Type.Array(Review), ...problems },
        },
      },
      async (req) => app.sourceRecords.listReviews(actorOf(req), req.query),
    );

    server.post(
      '/sources/reviews/:id/resolve',
      {
        schema: {
          tags,
          summary:
            'Settle a review: { personId } (that person takes the source key and the record), { create: true } (a new person) or { dismiss: true }',
          params: IdParams,
          body: ResolveBody,
          response: { 200: Review, ...problems },
        },
      },
      async (req) => app.sourceRecords.resolveReview(actorOf(req), req.params.id, req.body),
    );
  };
}
