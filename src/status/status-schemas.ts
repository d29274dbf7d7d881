import Type, { type Static } from 'typebox';
import { IsoDate, IsoDateTime, Nullable } from '../platform/http/schemas.ts';
import {
  type DirectoryFlag,
  directoryFlags,
  type StatusMatch,
  statusMatchSchema,
  statusTypeSchema,
} from './status-types.ts';

/** HTTP shapes of ranked status: status types, a person's statuses, recompute and holders. */
const p = statusTypeSchema.properties;

export const StatusTypeBody = Type.Object(
  {
    name: p.name,
    rank: Type.Integer({
      minimum: 0,
      maximum: 1_000_000,
      description: 'higher wins: the highest-ranked status a person holds is their primary status',
    }),
    category: Type.String({
      minLength: 1,
      maxLength: 32,
      description: "statuses of one category bridge each other's gaps (look-ahead)",
    }),
    cardLabel: Type.Optional(p.cardLabel),
    directory: Type.Optional(
      Type.Unsafe<'Y' | 'N' | 'O' | 'P'>({
        type: 'string',
        enum: [...directoryFlags],
        description:
          'Y in the directory, N not, O optional and in by default, P optional and out by default (default N)',
      }),
    ),
    description: Type.Optional(p.description),
    match: statusMatchSchema,
  },
  {
    additionalProperties: false,
    description:
      'a match is a conjunction of sources, kinds, codes (a trailing % is a prefix wildcard), orgPath (a subtree) and attributes',
  },
);

export const StatusType = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  rank: Type.Integer(),
  category: Type.String(),
  cardLabel: Nullable(Type.String()),
  directory: Type.Unsafe<DirectoryFlag>({ type: 'string', enum: [...directoryFlags] }),
  description: Type.String(),
  match: Type.Unsafe<StatusMatch>({
    type: 'object',
    additionalProperties: true,
    description: 'sources, kinds, codes, orgPath, attributes',
  }),
  holders: Type.Integer({ description: 'people who hold it today' }),
  version: Type.Integer(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});

const Because = Type.Object({
  affiliationId: Type.Integer(),
  source: Type.String(),
  kind: Type.String(),
  orgCode: Type.String(),
});

export const StatusEntry = Type.Object({
  id: Type.Integer(),
  statusTypeId: Type.Integer(),
  name: Type.String(),
  rank: Type.Integer(),
  category: Type.String(),
  cardLabel: Nullable(Type.String()),
  directory: Type.String(),
  start: Nullable(IsoDate),
  end: Nullable(IsoDate),
  because: Type.Array(Because, { description: 'the affiliations that make it hold' }),
  bridgedTo: Nullable(
    Type.Object(
      {
        statusTypeId: Type.Integer(),
        name: Nullable(Type.String()),
        start: IsoDate,
        originalEnd: IsoDate,
      },
      {
        description:
          'look-ahead carried this status over to the next one of its category: which, from when, and the end the affiliations gave',
      },
    ),
  ),
});

export const PersonStatuses = Type.Object({
  personId: Type.Integer(),
  today: IsoDate,
  primary: Nullable(StatusEntry),
  held: Type.Array(StatusEntry),
  pending: Type.Array(StatusEntry),
  history: Type.Array(StatusEntry),
  lastBefore: Nullable(StatusEntry),
});

export const RefreshCounts = Type.Object({
  people: Type.Integer(),
  opened: Type.Integer(),
  updated: Type.Integer(),
  closed: Type.Integer(),
  deleted: Type.Integer(),
});

export const RefreshResult = Type.Object({ counts: RefreshCounts, statuses: PersonStatuses });

export const RecomputeBody = Type.Object(
  {
    batchSize: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 50_000, default: 1000, description: 'people per transaction' }),
    ),
    afterPersonId: Type.Optional(
      Type.Integer({ minimum: 0, description: 'start after this person id (to go on from nextAfter)' }),
    ),
    maxPeople: Type.Optional(
      Type.Integer({ minimum: 1, description: 'stop after this many people; nextAfter says where to go on' }),
    ),
  },
  { additionalProperties: false },
);

export const RecomputeResult = Type.Object({
  ...RefreshCounts.properties,
  total: Type.Integer({ description: 'people in the registry' }),
  done: Type.Integer({ description: 'people done so far, by id order' }),
  nextAfter: Nullable(
    Type.Integer({ description: 'where to go on when maxPeople stopped the run; null when finished' }),
  ),
});

export const HoldersQuery = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 100, description: 'status type id or name' }),
    on: Type.Optional(IsoDate),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);

export const HoldersPage = Type.Object({
  statusType: Type.Object({ id: Type.Integer(), name: Type.String(), rank: Type.Integer(), category: Type.String() }),
  on: IsoDate,
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      personId: Type.Integer(),
      displayName: Type.String(),
      start: Nullable(IsoDate),
      end: Nullable(IsoDate),
      bridged: Type.Boolean(),
    }),
  ),
});

export const StatusSettings = Type.Object({
  lookAheadDays: Type.Integer(),
  version: Type.Integer({ description: '0 until first saved' }),
});
export const StatusSettingsBody = Type.Object(
  {
    lookAheadDays: Type.Integer({
      minimum: 0,
      maximum: 366,
      description: 'largest gap in days bridged between two statuses of one category',
    }),
  },
  { additionalProperties: false },
);

export type StatusType = Static<typeof StatusType>;
export type StatusTypeBody = Static<typeof StatusTypeBody>;
export type StatusEntry = Static<typeof StatusEntry>;
export type PersonStatuses = Static<typeof PersonStatuses>;
export type RefreshResult = Static<typeof RefreshResult>;
export type RecomputeResult = Static<typeof RecomputeResult>;
export type HoldersPage = Static<typeof HoldersPage>;
export type StatusSettings = Static<typeof StatusSettings>;
