import Type, { type Static } from 'typebox';
import { IsoDateTime, Nullable } from '../platform/http/schemas.ts';

/** HTTP shapes of outbound feeds. The service checks names against what exists (400 naming field and rule). */
const Name = Type.String({
  pattern: '^[a-z][a-z0-9-]{0,47}$',
  description: '1-48 lowercase letters, digits or dashes',
});
export const FeedParams = Type.Object({ name: Name });

const StreamCriterion = Type.Object(
  {
    stream: Type.String(),
    field: Type.String(),
    value: Type.String({
      description: "the value in the field's canonical text (numbers as digits, true/false, YYYY-MM-DD)",
    }),
  },
  { additionalProperties: false },
);

export const Selection = Type.Object(
  {
    statuses: Type.Optional(
      Type.Array(Type.String(), { description: 'status type names; a qualifying status is one of them' }),
    ),
    primaryOnly: Type.Optional(
      Type.Boolean({ description: "the qualifying status must be the person's primary status" }),
    ),
    orgUnits: Type.Optional(
      Type.Array(Type.String(), {
        description:
          'org unit codes; the qualifying status must hold because of an affiliation in one of their subtrees',
      }),
    ),
    streams: Type.Optional(
      Type.Array(StreamCriterion, { description: "the qualifying status's type must have one of these stream values" }),
    ),
  },
  { additionalProperties: false },
);

const Ldif = Type.Object(
  {
    baseDn: Type.String({ description: 'the DN the entries sit under, e.g. ou=people,dc=example,dc=edu' }),
    rdnAttribute: Type.Optional(Type.String({ description: 'the attribute that names each entry (default uid)' })),
    objectClasses: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);

const Definition = {
  label: Type.Optional(Type.String({ maxLength: 200 })),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  format: Type.String({ description: 'csv, ldif or jsonl' }),
  selection: Selection,
  columns: Type.Array(Type.String(), {
    description:
      'id, idNumber, username, email, givenName, familyName, displayName, primaryStatus, statuses, category, orgUnit, title, cardLabel, directory, or stream:<stream>.<field>',
  }),
  ldif: Type.Optional(Nullable(Ldif)),
  schedule: Type.Optional(Nullable(Type.String({ description: 'a cron expression in UTC, e.g. "0 2 * * *"' }))),
};
export const FeedBody = Type.Object({ name: Type.String(), ...Definition }, { additionalProperties: false });
export const FeedUpdateBody = Type.Object(Definition, { additionalProperties: false });

export const Feed = Type.Object({
  name: Type.String(),
  label: Type.String(),
  description: Type.String(),
  format: Type.Union([Type.Literal('csv'), Type.Literal('ldif'), Type.Literal('jsonl')]),
  selection: Type.Object({
    statuses: Type.Array(Type.String()),
    primaryOnly: Type.Boolean(),
    orgUnits: Type.Array(Type.String()),
    streams: Type.Array(StreamCriterion),
  }),
  columns: Type.Array(Type.String()),
  ldif: Nullable(
    Type.Object({ baseDn: Type.String(), rdnAttribute: Type.String(), objectClasses: Type.Array(Type.String()) }),
  ),
  schedule: Nullable(Type.String()),
  version: Type.Integer(),
  lastSeq: Type.Integer(),
  lastGeneratedAt: Nullable(IsoDateTime),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});

const Row = Type.Record(Type.String(), Type.String());
export const Preview = Type.Object({ columns: Type.Array(Type.String()), rows: Type.Array(Row) });
export const PreviewQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) });

export const Refreshed = Type.Object({
  feed: Type.String(),
  added: Type.Integer(),
  changed: Type.Integer(),
  removed: Type.Integer(),
  fromSeq: Type.Integer(),
  toSeq: Type.Integer(),
  batches: Type.Integer(),
  complete: Type.Boolean(),
});

const Change = Type.Object({
  seq: Type.Integer(),
  personId: Type.Integer(),
  op: Type.Union([Type.Literal('add'), Type.Literal('change'), Type.Literal('remove')]),
  row: Row,
  at: IsoDateTime,
});
const pageFields = {
  feed: Type.String(),
  after: Type.Integer({ description: 'the changes are those after this sequence number' }),
  cursor: Type.Integer({ description: 'the last sequence number handed back: the next since' }),
  more: Type.Boolean({ description: 'more changes wait after the cursor' }),
  changes: Type.Array(Change),
};
export const ChangesPage = Type.Object(pageFields);
export const PullPage = Type.Object({ ...pageFields, refreshed: Refreshed });
export const ChangesQuery = Type.Object({
  since: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
});
export const PullBody = Type.Object(
  {
    since: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'fetch again from here (a response was lost) instead of from your last pull',
      }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  },
  { additionalProperties: false },
);

export type Feed = Static<typeof Feed>;
export type FeedBody = Static<typeof FeedBody>;
export type FeedUpdateBody = Static<typeof FeedUpdateBody>;
export type Preview = Static<typeof Preview>;
