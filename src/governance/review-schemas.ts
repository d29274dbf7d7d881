import Type, { type Static } from 'typebox';
import { Id, IdOf, IsoDate, IsoDateTime, Nullable } from '../platform/http/schemas.ts';

/** The shapes of the access review API (review-routes.ts); services, the CLI and the web use their Static types. */

const Facts = Type.Object(
  {
    statuses: Type.Array(Type.String()),
    department: Nullable(Type.String()),
    title: Nullable(Type.String()),
    supporting: Type.Array(Type.Integer()),
  },
  {
    description:
      'employment status (status names, highest rank first), department (org code), title, supporting groups',
  },
);

const Decision = Type.Union([Type.Literal('keep'), Type.Literal('remove'), Type.Literal('end-date')]);
const SplitBy = Type.Union([Type.Literal('none'), Type.Literal('department'), Type.Literal('division')]);
const Undecided = Type.Union([Type.Literal('keep'), Type.Literal('remove'), Type.Literal('escalate')]);
const Ref = Type.Object({ id: Type.Integer(), name: Type.String() });
const PersonRef = Type.Object({ personId: Type.Integer(), name: Type.String() });

export const CampaignBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' }),
    label: Type.Optional(Type.String({ maxLength: 200 })),
    scope: Type.Object(
      {
        kind: Type.Union([Type.Literal('application'), Type.Literal('group'), Type.Literal('folder')]),
        id: Type.Optional(Id),
        name: Type.Optional(
          Type.String({ minLength: 1, maxLength: 1000, description: 'the application, or the full group/folder name' }),
        ),
      },
      { additionalProperties: false, description: 'what is reviewed: by id or by name' },
    ),
    splitBy: Type.Optional(SplitBy),
    divisionKinds: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        minItems: 1,
        maxItems: 10,
        description: 'the org kinds a division is (default division, faculty)',
      }),
    ),
    reviewers: Type.Optional(
      Type.Array(
        Type.Object(
          {
            orgId: Type.Optional(
              Nullable(IdOf('the unit (with the units below it); null or left out: the default reviewer')),
            ),
            personId: Id,
          },
          { additionalProperties: false },
        ),
        { maxItems: 1000 },
      ),
    ),
    deadline: IsoDateTime,
    remindDays: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, maximum: 365 }), {
        maxItems: 10,
        description: 'days before the deadline on which reviewers with undecided items get a reminder (default 7, 1)',
      }),
    ),
    undecided: Type.Optional(Undecided),
    everyMonths: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 60 }))),
    ownerPersonId: Type.Optional(IdOf("the owner (fallback reviewer); default the caller's person")),
  },
  { additionalProperties: false },
);
export type CampaignInput = Static<typeof CampaignBody>;

const Counts = Type.Object({ total: Type.Integer(), decided: Type.Integer(), undecided: Type.Integer() });

export const Campaign = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  label: Type.String(),
  scope: Type.Object({
    kind: Type.String(),
    id: Type.Integer(),
    name: Type.String(),
    groups: Type.Array(Ref, { description: 'the groups whose direct members are reviewed' }),
  }),
  splitBy: SplitBy,
  divisionKinds: Type.Array(Type.String()),
  deadline: Type.String(),
  remindDays: Type.Array(Type.Integer()),
  undecided: Undecided,
  everyMonths: Nullable(Type.Integer()),
  state: Type.Union([Type.Literal('open'), Type.Literal('closing'), Type.Literal('closed')]),
  owner: Nullable(PersonRef),
  reviewers: Type.Array(
    Type.Object({ orgId: Nullable(Type.Integer()), orgCode: Nullable(Type.String()), ...PersonRef.properties }),
  ),
  previousId: Nullable(Type.Integer()),
  nextId: Nullable(Type.Integer()),
  createdBy: Type.String(),
  createdAt: Type.String(),
  escalatedAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  counts: Counts,
  abilities: Type.Object({
    decide: Type.Boolean(),
    decideAll: Type.Boolean(),
    close: Type.Boolean(),
    report: Type.Boolean(),
  }),
  version: Type.Integer(),
});
export type CampaignView = Static<typeof Campaign>;

export const CampaignListQuery = Type.Object(
  { state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])) },
  { additionalProperties: false },
);
export const CampaignSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  label: Type.String(),
  scope: Type.Object({ kind: Type.String(), id: Type.Integer() }),
  deadline: Type.String(),
  state: Type.String(),
  owner: Nullable(PersonRef),
  counts: Counts,
  mine: Type.Object({ total: Type.Integer(), undecided: Type.Integer() }, { description: "the caller's own items" }),
});
export type CampaignSummaryView = Static<typeof CampaignSummary>;

const FilterProps = {
  reviewer: Type.Optional(
    Type.String({ pattern: '^(me|all|[1-9][0-9]{0,15})$', description: 'me (default), all, or a person id' }),
  ),
  decided: Type.Optional(Type.Boolean()),
  changed: Type.Optional(Type.Boolean({ description: 'only items whose facts changed since grant' })),
  groupId: Type.Optional(Id),
  department: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: "the member's department (org code) now" }),
  ),
  q: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: "text in the member's name or the group's" }),
  ),
};
export const ItemFilter = Type.Object(FilterProps, { additionalProperties: false });
export type ItemFilterInput = Static<typeof ItemFilter>;

export const ItemsQuery = Type.Object(
  {
    ...FilterProps,
    sort: Type.Optional(
      Type.Union([
        Type.Literal('person'),
        Type.Literal('group'),
        Type.Literal('department'),
        Type.Literal('added'),
        Type.Literal('expiry'),
        Type.Literal('decided'),
      ]),
    ),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  },
  { additionalProperties: false },
);
export type ItemsQueryInput = Static<typeof ItemsQuery>;

export const Item = Type.Object({
  id: Type.Integer(),
  campaignId: Type.Integer(),
  membershipId: Type.Integer(),
  group: Ref,
  person: PersonRef,
  reviewer: Nullable(PersonRef),
  escalatedFrom: Nullable(Type.Integer()),
  org: Nullable(Type.Object({ id: Type.Integer(), code: Type.String() })),
  access: Type.Array(Type.String(), { description: 'the access levels (role names) the membership gives' }),
  via: Type.Array(Ref, { description: 'the groups it comes through, from its own group up to the reviewed one' }),
  then: Nullable(Facts),
  now: Facts,
  changed: Type.Array(Type.String(), { description: 'the facts that differ from those at grant' }),
  status: Type.Union([Type.Literal('now'), Type.Literal('future'), Type.Literal('ended'), Type.Literal('removed')]),
  addedAt: Nullable(Type.String()),
  addedBy: Nullable(Type.String()),
  approvedAt: Nullable(Type.String()),
  approvedBy: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  ticket: Nullable(Type.String()),
  endsAt: Nullable(Type.String({ description: 'the membership’s end (disabled-at) as it is now' })),
  decision: Nullable(Decision),
  endDate: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  appliedAt: Nullable(Type.String()),
  outcome: Nullable(Type.String()),
  version: Type.Integer(),
});
export type ItemView = Static<typeof Item>;

export const ItemsPage = Type.Object({
  total: Type.Integer({ description: 'items matching every filter' }),
  decided: Type.Integer({ description: 'of those matching the other filters, decided' }),
  undecided: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  items: Type.Array(Item),
});
export type ItemsPageView = Static<typeof ItemsPage>;

export const ItemParams = Type.Object({ id: Id, itemId: Id });

const DecisionProps = {
  decision: Decision,
  comment: Type.Optional(Type.String({ maxLength: 2000, description: 'why; required to remove' })),
  endDate: Type.Optional(IsoDate),
};
export const DecisionBody = Type.Object(DecisionProps, { additionalProperties: false });
export type DecisionInputBody = Static<typeof DecisionBody>;
export const BulkBody = Type.Object(
  { ...DecisionProps, filter: Type.Optional(ItemFilter) },
  { additionalProperties: false },
);
export type BulkInput = Static<typeof BulkBody>;
export const BulkResult = Type.Object({ decided: Type.Integer() });

const Tally = {
  total: Type.Integer(),
  decided: Type.Integer(),
  kept: Type.Integer(),
  removed: Type.Integer(),
  endDated: Type.Integer(),
  undecided: Type.Integer(),
};
export const Report = Type.Object({
  campaign: Type.Object({ id: Type.Integer(), name: Type.String(), state: Type.String(), deadline: Type.String() }),
  reviewers: Type.Array(Type.Object({ ...PersonRef.properties, ...Tally })),
  totals: Type.Object(Tally),
  outcomes: Type.Object(
    {
      kept: Type.Integer(),
      removed: Type.Integer(),
      endDated: Type.Integer(),
      gone: Type.Integer(),
      pending: Type.Integer(),
    },
    { description: 'what closing did (pending until it has)' },
  ),
});
export type ReportView = Static<typeof Report>;

export const CloseResult = Type.Object({
  campaign: Campaign,
  escalated: Type.Integer({ description: 'undecided items handed to the owner (undecided = escalate)' }),
  outcomes: Type.Object({
    kept: Type.Integer(),
    removed: Type.Integer(),
    endDated: Type.Integer(),
    gone: Type.Integer(),
  }),
  next: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), deadline: Type.String() })),
});
export type CloseResultView = Static<typeof CloseResult>;

export const AttestationBody = Type.Object(
  { everyDays: Type.Integer({ minimum: 0, maximum: 3650, description: 'days between attestations; 0: none' }) },
  { additionalProperties: false },
);
export const Attestation = Type.Object({
  groupId: Type.Integer(),
  groupName: Type.String(),
  everyDays: Nullable(Type.Integer()),
  attestedAt: Nullable(Type.String()),
  dueAt: Nullable(Type.String({ description: 'null: never attested (due now) or no period' })),
  due: Type.Boolean(),
  version: Type.Integer(),
});
export type AttestationView = Static<typeof Attestation>;
