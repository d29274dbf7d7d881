import Type, { type Static } from 'typebox';
import { Id, IsoDateTime, Nullable } from '../http/schemas.ts';

/** HTTP shapes of long jobs: a job, the list's query, and the `wait` switch the long routes share. */

export const JOB_KINDS = ['people-import', 'status-recompute', 'provision-sync'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JobKindSchema = Type.Union(
  [Type.Literal('people-import'), Type.Literal('status-recompute'), Type.Literal('provision-sync')],
  {
    description:
      'people-import (POST /imports/people), status-recompute (POST /statuses/recompute), provision-sync (POST /provision/targets/{name}/sync)',
  },
);
export const JobStateSchema = Type.Union(
  [Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')],
  {
    description:
      'queued → running → succeeded | failed (in error, or "interrupted: …" when the process running it stopped; run it again to finish it)',
  },
);

export const Job = Type.Object({
  id: Type.Integer(),
  kind: JobKindSchema,
  subject: Nullable(Type.String({ description: 'what it works on: a target, a source' })),
  state: JobStateSchema,
  startedBy: Type.String({ description: 'the account (or Steward itself) that started it' }),
  progress: Type.Object(
    {
      done: Type.Integer({ description: 'rows read, people recomputed or fixes applied so far' }),
      total: Nullable(Type.Integer({ description: 'how many there are (null while not known)' })),
      unit: Type.String({ description: 'what done and total count: rows, people, fixes' }),
    },
    { description: 'written after each batch' },
  ),
  counts: Type.Record(Type.String(), Type.Integer(), {
    description: 'what it did so far (created, updated, opened…), written after each batch',
  }),
  result: Type.Unknown({ description: 'once succeeded: what the request with wait=true would have answered' }),
  failure: Nullable(Type.String({ description: 'why it failed; starts with "interrupted:" when its process stopped' })),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  finishedAt: Nullable(IsoDateTime),
});

export const JobsQuery = Type.Object(
  {
    kind: Type.Optional(JobKindSchema),
    state: Type.Optional(JobStateSchema),
    before: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

/** The switch a long route takes (alone in its query, or among its other parameters). */
export const waitParameter = Type.Optional(
  Type.Boolean({
    default: true,
    description:
      'false: answer 202 at once with the job (Location: /jobs/{id}) and do the work in the background; follow GET /jobs/{id}',
  }),
);
export const WaitQuery = Type.Object({ wait: waitParameter }, { additionalProperties: false });

export type Job = Static<typeof Job>;
export type JobsQuery = Static<typeof JobsQuery>;
