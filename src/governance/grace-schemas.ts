import Type, { type Static } from 'typebox';
import { Id, Nullable } from '../platform/http/schemas.ts';

/** HTTP shapes of grace and notice: the reconcile run, mass-loss holds, and a membership's "why". */
const Kind = Type.Union([
  Type.Literal('job'),
  Type.Literal('department'),
  Type.Literal('leaving'),
  Type.Literal('requirement'),
]);
const Fact = Type.Union([
  Type.Literal('department'),
  Type.Literal('title'),
  Type.Literal('statuses'),
  Type.Literal('supporting'),
]);
const FactValue = Nullable(Type.Union([Type.String(), Type.Array(Type.String()), Type.Array(Type.Integer())]));
const Level = Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('custom')]);

export const Facts = Type.Object({
  statuses: Type.Array(Type.String()),
  department: Nullable(Type.String()),
  title: Nullable(Type.String()),
  supporting: Type.Array(Type.Integer()),
});

export const ReconcileBody = Type.Object(
  {
    mode: Type.Optional(
      Type.Union([Type.Literal('full'), Type.Literal('incremental')], {
        description: 'full (default): every governed membership; incremental: the people the change log names',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ReconcileResult = Type.Object({
  mode: Type.Union([Type.Literal('full'), Type.Literal('incremental')]),
  people: Nullable(Type.Integer()),
  candidates: Type.Integer(),
  started: Type.Integer(),
  ended: Type.Integer(),
  escalated: Type.Integer(),
  replaced: Type.Integer(),
  cleared: Type.Integer(),
  notices: Type.Integer(),
  held: Type.Integer(),
  holds: Type.Array(Type.Integer()),
  batches: Type.Integer(),
});

const HoldItem = Type.Object({
  membershipId: Type.Integer(),
  personId: Type.Integer(),
  kind: Kind,
  fact: Fact,
  from: FactValue,
  to: FactValue,
  seenAt: Type.String(),
  days: Type.Integer(),
});

export const Hold = Type.Object({
  id: Type.Integer(),
  policyId: Type.Integer(),
  policy: Type.String(),
  groupId: Type.Integer(),
  group: Type.String(),
  affected: Type.Integer(),
  members: Type.Integer(),
  reason: Type.String(),
  state: Type.Union([Type.Literal('open'), Type.Literal('released'), Type.Literal('discarded')]),
  items: Type.Array(HoldItem),
  createdAt: Type.String(),
  releasedAt: Nullable(Type.String()),
  releasedBy: Nullable(Type.String()),
  discardedAt: Nullable(Type.String()),
  appliedAt: Nullable(Type.String()),
  version: Type.Integer(),
});

export const HoldQuery = Type.Object(
  {
    state: Type.Optional(
      Type.Union([Type.Literal('open'), Type.Literal('released'), Type.Literal('discarded'), Type.Literal('all')], {
        default: 'open',
      }),
    ),
  },
  { additionalProperties: false },
);
export const HoldParams = Type.Object({ id: Id });
export const HoldDecision = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

const Notice = Type.Object({
  personId: Type.Integer(),
  name: Type.String(),
  roles: Type.Array(Type.String()),
  address: Nullable(Type.String()),
  mailId: Nullable(Type.Integer()),
  mailState: Nullable(Type.String()),
});

export const Why = Type.Object({
  membershipId: Type.Integer(),
  groupId: Type.Integer(),
  group: Type.String(),
  personId: Nullable(Type.Integer()),
  member: Nullable(Type.String()),
  governed: Type.Boolean(),
  endsAt: Nullable(Type.String({ description: "the membership's end (disabled-at), if any" })),
  summary: Type.String({ description: 'the answer in one or two sentences' }),
  policy: Nullable(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      level: Level,
      grace: Type.Object({
        job: Type.Integer(),
        department: Type.Integer(),
        leaving: Type.Integer(),
        requirement: Type.Integer(),
      }),
    }),
  ),
  grace: Nullable(
    Type.Object({
      kind: Kind,
      fact: Fact,
      from: FactValue,
      to: FactValue,
      seenAt: Type.String(),
      endsAt: Type.String(),
      membershipEndsAt: Type.String(),
      previousEnd: Nullable(Type.String()),
      rule: Type.Object({ level: Level, kind: Kind, days: Type.Integer(), policy: Type.String() }),
      sentence: Type.String(),
      notified: Type.Boolean(),
      notifiedAt: Nullable(Type.String()),
      notices: Type.Array(Notice),
    }),
  ),
  hold: Nullable(Type.Object({ id: Type.Integer(), state: Type.String() })),
  facts: Nullable(
    Type.Object({
      atGrant: Facts,
      recordedAt: Type.String(),
      recordedBy: Type.String(),
      approvedAt: Nullable(Type.String()),
      approvedBy: Nullable(Type.String()),
      today: Facts,
      differences: Type.Array(Type.Object({ fact: Fact, atGrant: FactValue, today: FactValue })),
    }),
  ),
  history: Type.Array(
    Type.Object({ at: Type.String(), actor: Type.String(), event: Type.String(), sentence: Type.String() }),
  ),
});

export type WhyView = Static<typeof Why>;
export type ReconcileView = Static<typeof ReconcileResult>;
export type HoldViewStatic = Static<typeof Hold>;
