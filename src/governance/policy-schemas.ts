import Type, { type Static } from 'typebox';
import { Id, Nullable } from '../platform/http/schemas.ts';
import { AUDIENCES, NOTIFY_EVENTS, SUBJECT_TYPES } from './policy-rules.ts';

/**
 * HTTP shapes of governance policies, their department delegates and a group's effective policy. Numbers that the
 * pure rules judge (grace days) are plain integers here, so a negative one is refused by policy-rules.ts naming
 * `/grace/job` rather than by the schema.
 */
const lit = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });

export const PrincipalSchema = Type.Union(
  [
    Type.Object({ kind: Type.Literal('person'), personId: Id }, { additionalProperties: false }),
    Type.Object({ kind: Type.Literal('group'), groupId: Id }, { additionalProperties: false }),
    Type.Object(
      { kind: Type.Literal('privilege'), privilege: lit(['admin', 'update'] as const) },
      { additionalProperties: false },
    ),
    Type.Object({ kind: Type.Literal('owner') }, { additionalProperties: false }),
    Type.Object({ kind: Type.Literal('delegates') }, { additionalProperties: false }),
    Type.Object({ kind: Type.Literal('manager') }, { additionalProperties: false }),
  ],
  {
    description: 'a person, the members of a group, holders of a privilege on the group, the owner, delegates, manager',
  },
);
const Principals = Type.Array(PrincipalSchema, { maxItems: 100 });
const Stage = Type.Object({ approvers: Principals }, { additionalProperties: false });

/** A string, number or boolean as sent (a type list, so the validator's coercion leaves it alone). */
const Scalar = Type.Unsafe<string | number | boolean>({ type: ['string', 'number', 'boolean'], maxLength: 500 });
const Names = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 });
export const ChecksSchema = Type.Object(
  {
    subjectTypes: Type.Optional(Type.Array(lit(SUBJECT_TYPES), { maxItems: 4 })),
    requiredAttributes: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            value: Type.Optional(Scalar),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
    requiredIdentifiers: Type.Optional(Names),
    requiredStatuses: Type.Optional(Names),
    supportingGroupIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
    expiryRequiredUnlessSupported: Type.Optional(Type.Boolean()),
    employmentKinds: Type.Optional(Names),
  },
  { additionalProperties: false, description: 'the checks before adding a member' },
);
const Grace = Type.Object(
  {
    job: Type.Optional(Type.Integer()),
    department: Type.Optional(Type.Integer()),
    leaving: Type.Optional(Type.Integer()),
    requirement: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false, description: 'grace days by kind of change (custom level only)' },
);
const Notify = Type.Object(
  Object.fromEntries(NOTIFY_EVENTS.map((e) => [e, Type.Optional(Type.Array(lit(AUDIENCES), { maxItems: 6 }))])),
  { additionalProperties: false, description: 'who is told of each event' },
);
const Level = lit(['high', 'medium', 'custom'] as const);

const settingsFields = {
  label: Type.Optional(Type.String({ maxLength: 200 })),
  directAdders: Type.Optional(Principals),
  requesters: Type.Optional(Principals),
  stages: Type.Optional(Type.Array(Stage, { maxItems: 10 })),
  checks: Type.Optional(ChecksSchema),
  securityLevel: Type.Optional(Level),
  grace: Type.Optional(Nullable(Grace)),
  notify: Type.Optional(Notify),
  expiryRequired: Type.Optional(Type.Boolean()),
  maxDays: Type.Optional(Nullable(Type.Integer())),
  massLossPercent: Type.Optional(Type.Integer()),
  ownerPersonId: Type.Optional(Nullable(Id)),
};

export const PolicyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    groupId: Type.Optional(Id),
    folderId: Type.Optional(Id),
    roleId: Type.Optional(Id),
    ...settingsFields,
  },
  { additionalProperties: false, description: 'exactly one of groupId, folderId, roleId' },
);
export const PolicyPatch = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), ...settingsFields },
  { additionalProperties: false },
);

const GraceView = Type.Object({
  job: Type.Integer(),
  department: Type.Integer(),
  leaving: Type.Integer(),
  requirement: Type.Integer(),
});
const TargetView = Type.Object({
  kind: lit(['group', 'folder', 'role'] as const),
  id: Type.Integer(),
  name: Type.String(),
});
export const PolicyView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  label: Type.String(),
  target: TargetView,
  directAdders: Type.Array(Type.Unknown()),
  requesters: Type.Array(Type.Unknown()),
  stages: Type.Array(Type.Object({ approvers: Type.Array(Type.Unknown()) })),
  checks: Type.Unknown(),
  securityLevel: Level,
  grace: GraceView,
  notify: Type.Unknown(),
  expiryRequired: Type.Boolean(),
  maxDays: Nullable(Type.Integer()),
  massLossPercent: Type.Integer(),
  ownerPersonId: Nullable(Type.Integer()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
});
export const PolicyQuery = Type.Object(
  { groupId: Type.Optional(Id), folderId: Type.Optional(Id), roleId: Type.Optional(Id) },
  { additionalProperties: false },
);
export const EffectivePolicyView = Type.Object({
  groupId: Type.Integer(),
  governed: Type.Boolean(),
  policy: Nullable(PolicyView),
  via: Nullable(TargetView),
});

export const DelegateBody = Type.Object({ orgId: Id, personId: Id }, { additionalProperties: false });
export const DelegateView = Type.Object({
  id: Type.Integer(),
  policyId: Type.Integer(),
  orgId: Type.Integer(),
  orgCode: Type.String(),
  personId: Type.Integer(),
  personName: Type.String(),
  createdAt: Type.String(),
});
export const DelegateParams = Type.Object({ id: Id, delegateId: Id });

export type PolicyBodyInput = Static<typeof PolicyBody>;
export type PolicyPatchInput = Static<typeof PolicyPatch>;
export type PolicyViewT = Static<typeof PolicyView>;
export type EffectivePolicyViewT = Static<typeof EffectivePolicyView>;
export type DelegateViewT = Static<typeof DelegateView>;
