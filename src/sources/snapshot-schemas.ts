import Type, { type Static } from 'typebox';
import { IsoDateTime, Nullable, IdOf } from '../platform/http/schemas.ts';

/** HTTP schemas of snapshots, single-record updates and match reviews (validation and the OpenAPI document). */
export const SnapshotStateSchema = Type.Union(
  [
    Type.Literal('receiving'),
    Type.Literal('held'),
    Type.Literal('applying'),
    Type.Literal('applied'),
    Type.Literal('discarded'),
    Type.Literal('dry-run'),
    Type.Literal('failed'),
  ],
  {
    description:
      'receiving → held | applying → applied; dry-run; discarded (from held); failed (interrupted or in error: send the same file again to finish it)',
  },
);
export const DiffChangeSchema = Type.Union([Type.Literal('added'), Type.Literal('changed'), Type.Literal('removed')]);

const RowError = Type.Object({
  line: Type.Integer(),
  field: Type.String(),
  rule: Type.String(),
  message: Type.String(),
});

const text = (max: number, description?: string) =>
  Type.String({ maxLength: max, ...(description ? { description } : {}) });
const optionalText = (max: number, description?: string) => Type.Optional(Nullable(text(max, description)));

/** One affiliation record as a source sends it (a JSON line, or a single-record update's body). */
export const SourceRecord = Type.Object({
  recordKey: text(200, "the source's unique key of this record (one affiliation)"),
  personKey: text(200, "the source's key for the person, e.g. the employee number"),
  givenName: optionalText(200),
  middleName: optionalText(200),
  familyName: optionalText(200),
  birthDate: optionalText(10, 'YYYY-MM-DD'),
  email: optionalText(254),
  idNumber: optionalText(40),
  username: optionalText(64),
  kind: text(40, 'affiliation kind, e.g. employee, student'),
  orgCode: text(64, 'code of the org unit'),
  title: optionalText(300),
  codes: Type.Optional(
    Nullable(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100, description: 'classification codes' })),
  ),
  validFrom: optionalText(10, 'YYYY-MM-DD'),
  validTo: optionalText(10, 'YYYY-MM-DD, inclusive'),
  attributes: Type.Optional(Nullable(Type.Record(Type.String(), Nullable(Type.String({ maxLength: 1000 }))))),
});

/** The body of PUT /sources/:name/records/:recordKey: a record (its key may be left out: the URL names it). */
export const RecordBody = Type.Object(
  { ...SourceRecord.properties, recordKey: Type.Optional(SourceRecord.properties.recordKey) },
  { additionalProperties: false },
);

export const SnapshotSummary = Type.Object({
  id: Type.Integer(),
  source: Type.String(),
  format: Type.Union([Type.Literal('csv'), Type.Literal('jsonl')]),
  dryRun: Type.Boolean(),
  state: SnapshotStateSchema,
  records: Type.Integer({ description: 'records staged (lines read without errors)' }),
  errorLines: Type.Integer({
    description: 'lines with at least one error (a snapshot with any is held and cannot be released)',
  }),
  added: Nullable(Type.Integer()),
  changed: Nullable(Type.Integer()),
  removed: Nullable(Type.Integer()),
  unchanged: Nullable(Type.Integer()),
  decision: Nullable(Type.String({ description: 'the decision in one sentence' })),
  reason: Nullable(
    Type.String({ description: 'first-snapshot | within-threshold | over-threshold | forced | row-errors | resumed' }),
  ),
  resumes: Nullable(Type.Integer({ description: 'the interrupted snapshot this one finished' })),
  applied: Type.Integer({
    description:
      'records applied so far (added, changed or removed): progress while applying, how far an interrupted one got',
  }),
  peopleCreated: Type.Integer(),
  reviews: Type.Integer({ description: 'records left for an administrator to match (GET /sources/reviews)' }),
  receivedBy: Type.String(),
  receivedAt: IsoDateTime,
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(IsoDateTime),
  finishedAt: Nullable(IsoDateTime),
  version: Type.Integer(),
});
export type SnapshotSummary = Static<typeof SnapshotSummary>;

export const Snapshot = Type.Object({
  ...SnapshotSummary.properties,
  errors: Type.Array(RowError, { description: 'the first 1,000 errors, by line' }),
  errorCount: Type.Integer({ description: 'every error (a line may have several)' }),
});
export type Snapshot = Static<typeof Snapshot>;

export const SnapshotsQuery = Type.Object(
  {
    source: Type.Optional(Type.String({ maxLength: 40 })),
    state: Type.Optional(SnapshotStateSchema),
    before: Type.Optional(IdOf('newest first: snapshots with an id below this')),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);

export const DiffQuery = Type.Object(
  {
    change: Type.Optional(DiffChangeSchema),
    after: Type.Optional(
      Type.String({ maxLength: 200, description: "the record key to go on after (the previous page's next)" }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);

export const DiffEntry = Type.Object({
  change: DiffChangeSchema,
  recordKey: Type.String(),
  line: Nullable(Type.Integer()),
  record: Nullable(SourceRecord),
  previous: Nullable(SourceRecord),
});

export const DiffPage = Type.Object({
  snapshot: Type.Integer(),
  source: Type.String(),
  items: Type.Array(DiffEntry),
  next: Nullable(Type.String({ description: 'pass as after for the next page; null at the end' })),
});
export type DiffPage = Static<typeof DiffPage>;

export const UploadQuery = Type.Object(
  {
    format: Type.Optional(
      Type.Union([Type.Literal('csv'), Type.Literal('jsonl')], {
        description: 'default: from Content-Type (text/csv or application/x-ndjson)',
      }),
    ),
    dryRun: Type.Optional(Type.Boolean({ default: false, description: 'report the diff, apply nothing' })),
    force: Type.Optional(
      Type.Boolean({ default: false, description: "apply even over the source's threshold (never over row errors)" }),
    ),
    wait: Type.Optional(
      Type.Boolean({
        default: true,
        description:
          'false: answer as soon as the snapshot is received and decided; one to apply is answered 202 in state applying and applied in the background (follow GET /snapshots/{id}: state, applied so far)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const DiscardBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);

export const RecordOutcome = Type.Object({
  source: Type.String(),
  recordKey: Type.String(),
  change: Type.Union([
    Type.Literal('added'),
    Type.Literal('changed'),
    Type.Literal('removed'),
    Type.Literal('unchanged'),
    Type.Literal('review'),
  ]),
  personId: Nullable(Type.Integer()),
  affiliationId: Nullable(Type.Integer()),
  reviewId: Nullable(Type.Integer({ description: 'the match review the record waits in (change = review)' })),
});
export type RecordOutcome = Static<typeof RecordOutcome>;

export const ReviewStateSchema = Type.Union([
  Type.Literal('open'),
  Type.Literal('matched'),
  Type.Literal('created'),
  Type.Literal('dismissed'),
]);

export const Review = Type.Object({
  id: Type.Integer(),
  source: Type.String(),
  recordKey: Type.String(),
  snapshotId: Nullable(Type.Integer()),
  record: SourceRecord,
  candidates: Type.Array(
    Type.Object({
      personId: Type.Integer(),
      similarity: Nullable(
        Type.Number({
          description: "how similar the record's name is to the person's, 0 … 1 (null: the record has no name)",
        }),
      ),
      name: Nullable(Type.String({ description: 'the name when the review was opened' })),
      birthDate: Nullable(Type.String({ description: "the person's birth date now" })),
      matchedBy: Type.Array(
        Type.Object({
          kind: Type.Union([Type.Literal('id-number'), Type.Literal('username'), Type.Literal('email')]),
          value: Type.String(),
        }),
        {
          description:
            "the record's identifiers this person holds (identifier, reservation or contact address): why they were considered",
        },
      ),
    }),
  ),
  reason: Type.String(),
  state: ReviewStateSchema,
  personId: Nullable(
    Type.Integer({ description: "once matched or created: the person the source's record belongs to now" }),
  ),
  createdAt: IsoDateTime,
  resolvedBy: Nullable(Type.String()),
  resolvedAt: Nullable(IsoDateTime),
});
export type Review = Static<typeof Review>;

export const ReviewsQuery = Type.Object(
  {
    source: Type.Optional(Type.String({ maxLength: 40 })),
    state: Type.Optional(ReviewStateSchema),
    after: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);

export const ResolveBody = Type.Union([
  Type.Object(
    {
      personId: IdOf('the record belongs to this person, who takes the source key'),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { create: Type.Literal(true, { description: 'create a new person from the record' }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { dismiss: Type.Literal(true, { description: 'do not apply the record' }) },
    { additionalProperties: false },
  ),
]);

export type SnapshotsQuery = Static<typeof SnapshotsQuery>;
export type ReviewsQuery = Static<typeof ReviewsQuery>;
