import Type, { type Static } from 'typebox';
import { IsoDate, IsoDateTime, Nullable } from '../../platform/http/schemas.ts';
import { approvalSteps, services } from '../guest-types.ts';
import { enumOf } from '../lifecycle.ts';

/** HTTP shapes of guest requests, their decisions, the inbox, duplicate hints and the waiting report. */
const Service = enumOf(services);
const Step = enumOf(approvalSteps);
const OptionalId = Type.Optional(Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1 }));
const Name = Type.String({ maxLength: 200 });

export const RequestBody = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 64, description: 'the guest type, by name' }),
    personId: Type.Optional(
      Type.Unsafe<number | null>({
        type: ['integer', 'null'],
        minimum: 1,
        description: 'an existing person (e.g. picked from the duplicate hints) instead of names and email',
      }),
    ),
    givenName: Type.Optional(Nullable(Name)),
    familyName: Type.Optional(Nullable(Name)),
    email: Type.Optional(Nullable(Type.String({ maxLength: 320 }))),
    birthDate: Type.Optional(Nullable(IsoDate)),
    hostOrgId: OptionalId,
    sponsorId: OptionalId,
    guarantorId: Type.Optional(
      Type.Unsafe<number | null>({
        type: ['integer', 'null'],
        minimum: 1,
        description: "system administrators only: ask in another person's name",
      }),
    ),
    reason: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    services: Type.Optional(Type.Array(Service, { uniqueItems: true })),
    validFrom: IsoDate,
    validTo: IsoDate,
    inDirectory: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const RenewalBody = Type.Object(
  {
    validTo: IsoDate,
  },
  { additionalProperties: false },
);

export const DecisionBody = Type.Object(
  {
    comment: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);

export const RequestQuery = Type.Object({
  state: Type.Optional(
    Type.Union([
      Type.Literal('waiting'),
      Type.Literal('approved'),
      Type.Literal('rejected'),
      Type.Literal('withdrawn'),
    ]),
  ),
  all: Type.Optional(Type.Boolean({ description: "everyone's requests (guest readers), not only your own" })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

const StepView = Type.Object({
  index: Type.Integer(),
  step: Step,
  label: Type.String(),
  state: Type.Union([
    Type.Literal('approved'),
    Type.Literal('rejected'),
    Type.Literal('withdrawn'),
    Type.Literal('current'),
    Type.Literal('waiting'),
    Type.Literal('skipped'),
  ]),
  approvers: Type.Array(Type.String()),
  decision: Nullable(
    Type.Object({ decision: Type.String(), actor: Type.String(), comment: Nullable(Type.String()), at: IsoDateTime }),
  ),
});

export const GuestRequest = Type.Object({
  id: Type.Integer(),
  kind: Type.Union([Type.Literal('new'), Type.Literal('renewal')]),
  type: Type.String(),
  typeLabel: Type.String(),
  guestId: Nullable(Type.Integer()),
  personId: Nullable(Type.Integer()),
  visitor: Type.Object({
    givenName: Type.String(),
    familyName: Type.String(),
    email: Nullable(Type.String()),
    birthDate: Nullable(Type.String()),
  }),
  visitorName: Type.String(),
  hostOrg: Nullable(Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() })),
  sponsorId: Nullable(Type.Integer()),
  guarantorId: Type.Integer(),
  guarantorName: Type.String(),
  submittedBy: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  services: Type.Array(Service),
  validFrom: Type.String(),
  validTo: Type.String(),
  state: Type.Union([
    Type.Literal('waiting'),
    Type.Literal('approved'),
    Type.Literal('rejected'),
    Type.Literal('withdrawn'),
  ]),
  currentStep: Nullable(Step),
  steps: Type.Array(StepView),
  minted: Nullable(Type.Object({ username: Nullable(Type.String()), email: Nullable(Type.String()) })),
  createdAt: IsoDateTime,
  decidedAt: Nullable(IsoDateTime),
  version: Type.Integer(),
  abilities: Type.Object(
    {
      approve: Type.Boolean({ description: 'you may approve the current step' }),
      reject: Type.Boolean({ description: 'you may reject the request at its current step' }),
      withdraw: Type.Boolean({ description: 'you may withdraw the request' }),
    },
    { description: 'what you may do with the request now (request-policy.ts)' },
  ),
});

export const HintBody = Type.Object(
  {
    givenName: Type.String({ maxLength: 200 }),
    familyName: Type.String({ maxLength: 200 }),
    email: Type.Optional(Nullable(Type.String({ maxLength: 320 }))),
    birthDate: Type.Optional(Nullable(IsoDate)),
  },
  { additionalProperties: false },
);

export const DuplicateHint = Type.Object({
  personId: Type.Integer(),
  displayName: Type.String(),
  birthYear: Nullable(Type.Integer()),
  score: Type.Number(),
  reasons: Type.Array(Type.String()),
  currentGuest: Type.Array(Type.String(), { description: 'guest stays of this person that have not ended' }),
});

export const WaitingReport = Type.Object({
  on: Type.String(),
  totalWaiting: Type.Integer(),
  approvers: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('person'), Type.Literal('office')]),
      personId: Nullable(Type.Integer()),
      office: Nullable(Type.String()),
      name: Type.String(),
      step: Type.String(),
      waiting: Type.Integer(),
      oldestSince: Type.String(),
      oldestDays: Type.Integer(),
      requestIds: Type.Array(Type.Integer()),
    }),
  ),
});

export const FormatQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
});

export const FormOptions = Type.Object({
  today: Type.String(),
  types: Type.Array(
    Type.Object({
      name: Type.String(),
      label: Type.String(),
      services: Type.Array(Service),
      reasons: Type.Array(Type.String()),
      maxDays: Type.Integer({
        description: "the longest stay a request may ask for: the type's maximum, at most a year",
      }),
      defaultDays: Nullable(Type.Integer()),
      defaultUnit: Type.Unsafe<'days' | 'working-days' | 'end-of-term'>({
        type: 'string',
        enum: ['days', 'working-days', 'end-of-term'],
        description: 'what defaultDays counts, on the calendar of the department (the form shows the date it comes to)',
      }),
      sponsorRequired: Type.Boolean(),
      orgSubtree: Nullable(Type.String()),
      orgSubtreePath: Nullable(
        Type.String({ description: 'departments of this type are the units whose path starts with this' }),
      ),
    }),
  ),
  units: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), path: Type.String() })),
});

export type RequestBodyInput = Static<typeof RequestBody>;
export type DuplicateHintInput = Static<typeof HintBody>;
export type DuplicateHintView = Static<typeof DuplicateHint>;
export type RequestStepView = Static<typeof StepView>;
/** A request as the API shows it to one caller, with what that caller may do (`abilities`). */
export type GuestRequestView = Static<typeof GuestRequest>;
/** A request as stored, the same for every caller (the view without `abilities`). */
export type RequestView = Omit<GuestRequestView, 'abilities'>;
export type RequestOptions = Static<typeof FormOptions>;
export type RequestableType = RequestOptions['types'][number];
export type WaitingByApproverReport = Static<typeof WaitingReport>;
export type WaitingApprover = WaitingByApproverReport['approvers'][number];
