import Type, { type Static } from 'typebox';
import { Id, Nullable } from '../http/schemas.ts';

/** HTTP shapes of the mass-change guard: the preview, a dry run's and a hold's answers, held changes, the threshold. */

const Effect = Type.Object({
  kind: Type.Union([
    Type.Literal('status'),
    Type.Literal('affiliation'),
    Type.Literal('membership'),
    Type.Literal('permission'),
  ]),
  name: Type.String({ description: 'the status, "staff at CHEM", the group or role' }),
  detail: Type.String({ description: 'how: "from 2026-09-01", "ends 2026-09-30", "now under ART"' }),
});

export const MassChangePreview = Type.Object({
  counts: Type.Object({
    people: Type.Integer({ description: 'people affected' }),
    gains: Type.Integer(),
    losses: Type.Integer(),
    changes: Type.Integer(),
    units: Type.Integer({ description: 'org units changed' }),
  }),
  people: Type.Array(
    Type.Object({
      id: Id,
      name: Type.String(),
      gains: Type.Array(Effect),
      losses: Type.Array(Effect),
      changes: Type.Array(Effect),
    }),
    { description: 'everyone affected, by id (the first 1000)' },
  ),
  truncated: Type.Boolean({ description: 'true when more people are affected than listed' }),
});

const Guard = {
  message: Type.String({ description: 'what the guard decided and why' }),
  preview: MassChangePreview,
};

/** What a guarded route answers to `dryRun=true`: the preview, nothing changed. */
export const DryRunAnswer = Type.Object({
  dryRun: Type.Literal(true),
  wouldBe: Type.Union([Type.Literal('apply'), Type.Literal('hold')]),
  ...Guard,
});

/** What a guarded route answers (202) when the change affects more people than the threshold. */
export const HeldAnswer = Type.Object({
  held: Type.Literal(true),
  id: Id,
  link: Type.String({ description: 'the held change: GET it, POST …/release or …/discard' }),
  ...Guard,
});

export const DryRunQuery = Type.Object(
  {
    dryRun: Type.Optional(
      Type.Boolean({ default: false, description: 'answer the preview of who gains and loses what; change nothing' }),
    ),
  },
  { additionalProperties: false },
);

const State = Type.Union([Type.Literal('held'), Type.Literal('released'), Type.Literal('discarded')]);

export const HeldChange = Type.Object({
  id: Id,
  kind: Type.String({ description: 'org.end, org.move, status.type.update, status.recompute' }),
  subject: Type.String(),
  state: State,
  affected: Type.Integer(),
  holdAbove: Type.Integer(),
  request: Type.Record(Type.String(), Type.Unknown(), { description: 'what a release runs again' }),
  requestedBy: Type.String(),
  requestedAt: Type.String({ format: 'date-time' }),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
  decisionReason: Nullable(Type.String()),
  result: Type.Unknown({ description: 'what the release answered' }),
  version: Type.Integer(),
  link: Type.String(),
});

export const HeldChangeDetail = Type.Object({ ...HeldChange.properties, preview: MassChangePreview });

export const HeldChangeQuery = Type.Object(
  {
    state: Type.Optional(State),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);

export const DiscardBody = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })) },
  { additionalProperties: false },
);

export const GuardSettings = Type.Object({
  holdAbove: Type.Integer({ description: 'a change affecting more people than this is held' }),
  version: Type.Integer(),
});

export const GuardSettingsBody = Type.Object(
  { holdAbove: Type.Integer({ minimum: 0, maximum: 10_000_000 }) },
  { additionalProperties: false },
);

export type DryRunAnswer = Static<typeof DryRunAnswer>;
export type HeldAnswer = Static<typeof HeldAnswer>;
export type MassChangePreview = Static<typeof MassChangePreview>;
export type HeldChange = Static<typeof HeldChange>;
export type HeldChangeDetail = Static<typeof HeldChangeDetail>;
