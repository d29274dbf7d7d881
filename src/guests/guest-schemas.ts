import Type, { type Static } from 'typebox';
import { IsoDate, IsoDateTime, Nullable, IdOf } from '../platform/http/schemas.ts';
import { guestTypeSchema, services } from './guest-types.ts';
import { enumOf, lifecycleSchema } from './lifecycle.ts';

/** HTTP shapes of guests: lifecycles, guest types, settings, guest records and their history. */
const p = guestTypeSchema.properties;

export const LifecycleBody = lifecycleSchema;
export const Lifecycle = Type.Object({ ...lifecycleSchema.properties, version: Type.Integer() });
export const LifecycleParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });

export const GuestTypeBody = Type.Object(
  {
    name: p.name,
    label: p.label,
    lifecycle: p.lifecycle,
    sponsorRequired: Type.Optional(p.sponsorRequired),
    requesterRequired: Type.Optional(p.requesterRequired),
    idNumberRequired: Type.Optional(p.idNumberRequired),
    defaultDays: Type.Optional(p.defaultDays),
    defaultUnit: p.defaultUnit,
    maxDays: Type.Optional(p.maxDays),
    renewable: Type.Optional(p.renewable),
    renewalWindowDays: Type.Optional(p.renewalWindowDays),
    directory: Type.Optional(p.directory),
    orgSubtree: Type.Optional(p.orgSubtree),
    services: Type.Optional(p.services),
    approvalChain: Type.Optional(p.approvalChain),
    reasons: Type.Optional(p.reasons),
    expiringDays: Type.Optional(p.expiringDays),
    retentionDays: Type.Optional(p.retentionDays),
    displayRank: Type.Optional(p.displayRank),
    handoverDays: Type.Optional(p.handoverDays),
  },
  {
    additionalProperties: false,
    description:
      'left-out fields take their defaults (no requirements, open-ended, directory N, 14 expiring days, 90 retention days)',
  },
);

export const GuestType = Type.Object({ id: Type.Integer(), ...guestTypeSchema.properties, version: Type.Integer() });

export const GuestSettings = Type.Object({ sponsorStatusTypes: Type.Array(Type.String()), version: Type.Integer() });
export const GuestSettingsBody = Type.Object(
  {
    sponsorStatusTypes: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
      uniqueItems: true,
      description: 'status types whose holders may sponsor; empty = anyone with a current affiliation',
    }),
  },
  { additionalProperties: false },
);

const Service = enumOf(services);
const OptionalId = Type.Optional(Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1 }));
const NullableDate = Type.Unsafe<string | null>({
  type: ['string', 'null'],
  format: 'date',
  description: 'YYYY-MM-DD or null',
});

export const GuestBody = Type.Object(
  {
    personId: IdOf('a person of the registry (create them first; POST /people checks for duplicates)'),
    type: Type.String({ minLength: 1, maxLength: 64, description: 'the guest type, by name' }),
    validFrom: Type.Optional(IsoDate),
    validTo: Type.Optional(NullableDate),
    hostOrgId: OptionalId,
    tenantOrgId: OptionalId,
    guarantorId: OptionalId,
    sponsorId: OptionalId,
    requesterId: OptionalId,
    reason: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    services: Type.Optional(Type.Array(Service, { uniqueItems: true })),
    inDirectory: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const Guest = Type.Object({
  id: Type.Integer(),
  personId: Type.Integer(),
  type: Type.String(),
  typeId: Type.Integer(),
  lifecycle: Type.String(),
  state: Type.String(),
  stateSince: IsoDate,
  validFrom: IsoDate,
  validTo: Nullable(IsoDate),
  hostOrgId: Nullable(Type.Integer()),
  tenantOrgId: Nullable(Type.Integer()),
  guarantorId: Nullable(Type.Integer()),
  sponsorId: Nullable(Type.Integer()),
  requesterId: Nullable(Type.Integer()),
  reason: Nullable(Type.String()),
  services: Type.Array(Type.String()),
  inDirectory: Type.Boolean(),
  version: Type.Integer(),
});

export const GuestAbilities = Type.Object(
  {
    requestRenewal: Type.Boolean({ description: 'you may ask for a later valid-to (a renewal request)' }),
    changeDates: Type.Boolean({ description: 'you may set the valid-to or renew directly' }),
    transitions: Type.Array(Type.String(), { description: 'the manual transitions you may trigger now' }),
    takeOver: Type.Boolean({
      description: 'you may take over the handed-over guest as its new guarantor or sponsor (handover-policy.ts)',
    }),
  },
  { description: 'what you may do with the guest now (guest-policy.ts)' },
);

/** A guest's open handover: its guarantor or sponsor can no longer vouch; the unit's guest managers may take over. */
export const GuestHandover = Type.Object({
  id: Type.Integer(),
  role: Type.Union([Type.Literal('guarantor'), Type.Literal('sponsor')]),
  voucherId: Type.Integer({ description: 'the person who can no longer vouch' }),
  orgId: Type.Integer({ description: 'the unit whose guest managers answer for the guest' }),
  orgCode: Type.String(),
  since: IsoDate,
  deadline: Type.String({
    format: 'date',
    description: "the last day to take over; after it the lifecycle's rule applies",
  }),
});

/**
 * One guest as its page shows it to the caller: the record with what the caller may do (`abilities`) and its open
 * handover, if any.
 */
export const GuestView = Type.Object({
  ...Guest.properties,
  abilities: GuestAbilities,
  handover: Nullable(GuestHandover),
});

export const TakeOverBody = Type.Object(
  { reason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) },
  { additionalProperties: false },
);

export const GuestQuery = Type.Object({
  state: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  orgId: Type.Optional(
    Type.Integer({ minimum: 1, description: 'guests whose host or tenant unit lies in this subtree' }),
  ),
  type: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  afterId: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const GuestPage = Type.Object({ items: Type.Array(Guest), next: Nullable(Type.Integer()) });

export const ValidToBody = Type.Object(
  { validTo: NullableDate, reason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) },
  { additionalProperties: false },
);
export const RenewBody = Type.Object(
  { validTo: IsoDate, reason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) },
  { additionalProperties: false },
);
export const TransitionBody = Type.Object(
  {
    transition: Type.String({ minLength: 1, maxLength: 64 }),
    reason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

export const GuestTransition = Type.Object({
  id: Type.Integer(),
  transition: Type.String(),
  from: Type.String(),
  to: Type.String(),
  dueOn: Nullable(IsoDate),
  at: IsoDateTime,
  actor: Type.String(),
  reason: Nullable(Type.String()),
  notices: Type.Array(Type.Unsafe<unknown>({ type: 'object', additionalProperties: true })),
});

export const SweepResult = Type.Object({
  moved: Type.Integer(),
  transitions: Type.Record(Type.String(), Type.Integer()),
  notices: Type.Integer(),
  passes: Type.Integer(),
  handovers: Type.Object({ opened: Type.Integer(), closed: Type.Integer() }),
});

export const ReportQuery = Type.Object({
  on: Type.Optional(IsoDate),
  within: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650, description: 'days from `on` (default 30)' })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
});
const ReportWindow = { on: IsoDate, within: Type.Integer(), until: IsoDate };
export const ReportByOrg = Type.Object({
  ...ReportWindow,
  states: Type.Array(Type.String()),
  orgs: Type.Array(
    Type.Object({
      orgId: Nullable(Type.Integer()),
      code: Nullable(Type.String()),
      name: Nullable(Type.String()),
      counts: Type.Record(Type.String(), Type.Integer()),
      total: Type.Integer(),
      endingWithin: Type.Integer(),
    }),
  ),
});
/** The columns every guest list in the reports shows (guest-reports.ts `reportedGuest`). */
const ReportedGuest = {
  guestId: Type.Integer(),
  personName: Type.String(),
  type: Type.String(),
  state: Type.String(),
  orgCode: Nullable(Type.String()),
};
const ReportFormat = Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')]));
export const ReportExpiring = Type.Object({
  ...ReportWindow,
  items: Type.Array(
    Type.Object({
      ...ReportedGuest,
      validTo: IsoDate,
      guarantor: Nullable(Type.String()),
    }),
  ),
});

export const UnvouchedQuery = Type.Object(
  {
    on: Type.Optional(IsoDate),
    format: ReportFormat,
  },
  { additionalProperties: false },
);
export const ReportUnvouched = Type.Object({
  on: IsoDate,
  items: Type.Array(
    Type.Object({
      ...ReportedGuest,
      validTo: NullableDate,
      role: Type.Union([Type.Literal('guarantor'), Type.Literal('sponsor')], {
        description: 'who vouched: the guarantor of a visitor, the sponsor of a dependant',
      }),
      voucherId: Type.Integer(),
      voucherName: Type.String(),
      voucherLastDay: NullableDate,
      handover: Nullable(
        Type.Object(
          { orgId: Type.Integer(), orgCode: Type.String(), since: IsoDate, deadline: IsoDate },
          { description: 'the open handover: the unit whose guest managers may take over until the deadline' },
        ),
      ),
    }),
  ),
});

export type Guest = Static<typeof Guest>;
export type GuestView = Static<typeof GuestView>;
export type GuestType = Static<typeof GuestType>;
export type GuestTransition = Static<typeof GuestTransition>;
export type Lifecycle = Static<typeof Lifecycle>;
export type SweepResult = Static<typeof SweepResult>;
export type ReportByOrg = Static<typeof ReportByOrg>;
export type ReportExpiring = Static<typeof ReportExpiring>;
export type ReportUnvouched = Static<typeof ReportUnvouched>;
