import Type, { type Static } from 'typebox';
import { Id, IsoDateTime, Nullable } from '../platform/http/schemas.ts';
import { MembershipAddedFields } from '../groups/group-schemas.ts';

/** HTTP shapes of administrative and service accounts (subjects with an owner) and their group memberships. */
const Kind = Type.Union([Type.Literal('admin'), Type.Literal('service')]);
const Attributes = Type.Record(
  Type.String({ maxLength: 100 }),
  Type.Unsafe<string | number | boolean | null>({ type: ['string', 'number', 'boolean', 'null'], maxLength: 500 }),
);

export const AccountBody = Type.Object(
  {
    kind: Kind,
    username: Type.String({ minLength: 1, maxLength: 64 }),
    ownerPersonId: Id,
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    attributes: Type.Optional(Attributes),
  },
  { additionalProperties: false },
);
export const AccountPatch = Type.Object(
  {
    ownerPersonId: Type.Optional(Id),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    attributes: Type.Optional(Attributes),
    endedAt: Type.Optional(Nullable(IsoDateTime)),
  },
  { additionalProperties: false },
);
export const AccountQuery = Type.Object(
  { ownerPersonId: Type.Optional(Id), kind: Type.Optional(Kind) },
  { additionalProperties: false },
);
export const AccountView = Type.Object({
  id: Type.Integer(),
  kind: Kind,
  username: Type.String(),
  ownerPersonId: Type.Integer(),
  ownerName: Type.String(),
  description: Type.String(),
  attributes: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String(),
  endedAt: Nullable(Type.String()),
  version: Type.Integer(),
});

export const AccountMemberBody = Type.Object(
  {
    groupId: Id,
    reason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    ticket: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    disabledAt: Type.Optional(Nullable(IsoDateTime)),
  },
  { additionalProperties: false },
);
export const AccountMembershipView = Type.Object({
  id: Type.Integer(),
  groupId: Type.Integer(),
  groupName: Type.String(),
  accountId: Type.Integer(),
  ...MembershipAddedFields,
  disabledAt: Nullable(Type.String()),
  version: Type.Integer(),
});
export const AccountMemberParams = Type.Object({ id: Id, membershipId: Id });

export type AccountInput = Static<typeof AccountBody>;
export type AccountPatchInput = Static<typeof AccountPatch>;
export type AccountViewT = Static<typeof AccountView>;
export type AccountMemberInput = Static<typeof AccountMemberBody>;
export type AccountMembershipViewT = Static<typeof AccountMembershipView>;
