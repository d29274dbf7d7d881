import Type, { type Static } from 'typebox';
import { Id, IsoDate, Nullable } from '../platform/http/schemas.ts';
import { MAX_REQUEST_DAYS } from './request-rules.ts';

/** HTTP shapes of membership requests, their decisions, and the one inbox of everything a person must decide. */
const State = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('denied'),
  Type.Literal('withdrawn'),
]);

export const MembershipRequestBody = Type.Object(
  {
    groupId: Id,
    personId: Type.Optional(Nullable(Id)),
    accountId: Type.Optional(Nullable(Id)),
    reason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    ticket: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    endsOn: Type.Optional(Nullable(IsoDate)),
    days: Type.Optional(Nullable(Type.Integer({ description: `1 to ${MAX_REQUEST_DAYS} days from today` }))),
  },
  {
    additionalProperties: false,
    description: 'the member (personId or accountId), a reason or ticket, and an end date or a number of days',
  },
);

export const MembershipDecisionBody = Type.Object(
  { comment: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) },
  { additionalProperties: false },
);

export const MembershipRequestQuery = Type.Object(
  {
    state: Type.Optional(State),
    groupId: Type.Optional(Id),
    personId: Type.Optional(Id),
    mine: Type.Optional(Type.Boolean({ description: 'only the requests you made or that are for you' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);

const Problem = Type.Object({ field: Type.String(), rule: Type.String(), message: Type.String() });

const StageView = Type.Object({
  index: Type.Integer(),
  state: Type.Union([
    Type.Literal('approved'),
    Type.Literal('denied'),
    Type.Literal('current'),
    Type.Literal('waiting'),
    Type.Literal('skipped'),
  ]),
  approvers: Type.Array(Type.String(), { description: 'the principals of the stage, in words' }),
  decision: Nullable(
    Type.Object({
      decision: Type.Union([Type.Literal('approve'), Type.Literal('deny')]),
      decider: Type.String(),
      comment: Type.String(),
      at: Type.String(),
    }),
  ),
});

export const MembershipRequestView = Type.Object({
  id: Type.Integer(),
  policyId: Type.Integer(),
  policyName: Type.String(),
  groupId: Type.Integer(),
  groupName: Type.String(),
  member: Type.Object({
    kind: Type.Union([Type.Literal('person'), Type.Literal('account')]),
    id: Type.Integer(),
    name: Type.String(),
  }),
  personId: Nullable(Type.Integer()),
  accountId: Nullable(Type.Integer()),
  reason: Type.String(),
  ticket: Nullable(Type.String()),
  endsOn: Nullable(Type.String()),
  requestedBy: Type.String(),
  requestedByPersonId: Nullable(Type.Integer()),
  state: State,
  stage: Type.Integer({ description: 'the index of the stage that waits (the last one once decided)' }),
  stages: Type.Array(StageView),
  checks: Type.Array(Problem, { description: 'the checks that failed when last run (none on a request that waits)' }),
  membershipId: Nullable(Type.Integer()),
  createdAt: Type.String(),
  decidedAt: Nullable(Type.String()),
  version: Type.Integer(),
  abilities: Type.Object({ approve: Type.Boolean(), deny: Type.Boolean(), withdraw: Type.Boolean() }),
});

export const InboxItem = Type.Object({
  kind: Type.Union([Type.Literal('guest-request'), Type.Literal('membership-request')]),
  id: Type.Integer(),
  summary: Type.String(),
  submittedAt: Type.String(),
  link: Type.String({ description: 'the path of the page to decide it on' }),
  version: Type.Integer(),
});

export const RequestCheckView = Type.Object(
  {
    groupId: Type.Integer(),
    group: Type.String(),
    policy: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
    endsOn: Nullable(Type.String({ description: 'the end date the request asks for (null: open-ended or not valid)' })),
    ok: Type.Boolean({ description: 'every check passed: a submit of the same body would be accepted now' }),
    checks: Type.Array(
      Type.Object({
        check: Type.String({
          description:
            'request, governed, requester, unique, subject, attributes, identifiers, support, expiry, separation',
        }),
        label: Type.String(),
        passed: Type.Boolean(),
        problems: Type.Array(Problem),
      }),
    ),
  },
  { description: 'the checks a submit of the same body would run, each passed or failed with its problems' },
);

export type MembershipRequestInputT = Static<typeof MembershipRequestBody>;
export type MembershipRequestViewT = Static<typeof MembershipRequestView>;
export type MembershipRequestQueryT = Static<typeof MembershipRequestQuery>;
export type InboxItemT = Static<typeof InboxItem>;
export type RequestCheckViewT = Static<typeof RequestCheckView>;
export type StageViewT = Static<typeof StageView>;
