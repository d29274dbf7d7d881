import Type, { type Static } from 'typebox';
import { IsoDateTime, Nullable, Id } from '../platform/http/schemas.ts';

/** HTTP shapes of access: applications, resources, roles, permissions, assignments and decisions. */
const Name = Type.String({ minLength: 1, maxLength: 200 });
export const Limit = Type.Union([
  Type.Object({
    kind: Type.Literal('time-window'),
    from: Type.String({ description: 'HH:MM' }),
    to: Type.String({ description: 'HH:MM; earlier than from wraps midnight' }),
  }),
  Type.Object({
    kind: Type.Literal('weekdays'),
    days: Type.Array(Type.Integer(), { description: 'ISO weekdays, 1 = Monday' }),
  }),
  Type.Object({
    kind: Type.Literal('dates'),
    from: Type.Optional(Nullable(Type.String())),
    to: Type.Optional(Nullable(Type.String())),
  }),
]);
const Implications = Type.Record(Type.String(), Type.Array(Type.String()), {
  description: 'action → the actions it implies',
});

export const AppBody = Type.Object({
  name: Name,
  label: Type.String({ minLength: 1 }),
  description: Type.Optional(Type.String()),
  timeZone: Type.Optional(Type.String({ description: 'IANA zone limits are read in' })),
  implications: Type.Optional(Implications),
});
export const AppAbilities = Type.Object(
  {
    configure: Type.Boolean({ description: 'change the application, its resources, roles and permissions' }),
    assign: Type.Boolean({ description: 'assign its roles somewhere' }),
    assignIn: Type.Object({
      everywhere: Type.Boolean(),
      affiliation: Type.Boolean({ description: 'wherever the person is affiliated' }),
      units: Type.Union([Type.Array(Id), Type.Null()], {
        description: 'the units (each with its subtree) to assign in; null: every unit',
      }),
    }),
  },
  { description: 'what the caller may do with the application' },
);
export const App = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  label: Type.String(),
  description: Type.String(),
  timeZone: Type.String(),
  implications: Implications,
  version: Type.Integer(),
  abilities: AppAbilities,
});
export const AppParams = Type.Object({ app: Type.String({ minLength: 1, description: 'application id or name' }) });

export const ResourceBody = Type.Object({
  name: Name,
  label: Type.Optional(Type.String()),
  parent: Type.Optional(Nullable(Type.String({ description: 'name of the parent resource' }))),
});
export const ResourcePatch = Type.Object({
  label: Type.Optional(Type.String()),
  parent: Type.Optional(Nullable(Type.String())),
});
export const Resource = Type.Object({
  id: Type.Integer(),
  applicationId: Type.Integer(),
  name: Type.String(),
  label: Type.String(),
  parentId: Nullable(Type.Integer()),
  parent: Nullable(Type.String()),
  version: Type.Integer(),
});

export const RoleBody = Type.Object({
  name: Name,
  label: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
});
export const RolePatch = Type.Object({
  label: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
});
export const Permission = Type.Object({
  id: Type.Integer(),
  action: Type.String(),
  resourceId: Type.Integer(),
  resource: Type.String(),
  limits: Type.Array(Limit),
});
export const Role = Type.Object({
  id: Type.Integer(),
  applicationId: Type.Integer(),
  application: Type.String(),
  name: Type.String(),
  label: Type.String(),
  description: Type.String(),
  version: Type.Integer(),
  permissions: Type.Array(Permission),
});
export const PermissionBody = Type.Object({
  action: Name,
  resource: Type.String({ minLength: 1 }),
  limits: Type.Optional(Type.Array(Limit)),
});
export const PermissionParams = Type.Object({
  id: Id,
  permissionId: Id,
});

const SubjectType = Type.Union([Type.Literal('person'), Type.Literal('group')]);
export const Subject = Type.Object({ type: SubjectType, id: Id });
export const Scope = Type.Object({
  kind: Type.Union([Type.Literal('everywhere'), Type.Literal('org'), Type.Literal('affiliation')]),
  orgId: Type.Optional(Nullable(Type.Integer())),
  affiliationKind: Type.Optional(Nullable(Type.String())),
});
export const AssignBody = Type.Object({
  roleId: Id,
  subjects: Type.Array(Subject, { description: 'people and groups; each gets the role in every scope' }),
  scopes: Type.Array(Scope),
  enabledFrom: Type.Optional(Nullable(IsoDateTime)),
  enabledUntil: Type.Optional(Nullable(IsoDateTime)),
  limits: Type.Optional(Type.Array(Limit)),
  reason: Type.Optional(Nullable(Type.String())),
});
export const AssignmentPatch = Type.Object({
  enabledFrom: Type.Optional(Nullable(IsoDateTime)),
  enabledUntil: Type.Optional(Nullable(IsoDateTime)),
  limits: Type.Optional(Type.Array(Limit)),
  reason: Type.Optional(Nullable(Type.String())),
});
export const Assignment = Type.Object({
  id: Type.Integer(),
  roleId: Type.Integer(),
  role: Type.String(),
  application: Type.String(),
  subject: Subject,
  scope: Type.Object({
    kind: Type.String(),
    orgId: Nullable(Type.Integer()),
    orgCode: Nullable(Type.String()),
    affiliationKind: Nullable(Type.String()),
  }),
  enabledFrom: Nullable(Type.String()),
  enabledUntil: Nullable(Type.String()),
  limits: Type.Array(Limit),
  reason: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: Type.String(),
  version: Type.Integer(),
  abilities: Type.Object(
    { update: Type.Boolean(), revoke: Type.Boolean() },
    { description: 'what the caller may do with the assignment (it follows the scope)' },
  ),
});
export const AssignmentQuery = Type.Object({
  roleId: Type.Optional(Type.Integer()),
  application: Type.Optional(Type.String()),
  subjectType: Type.Optional(SubjectType),
  subjectId: Type.Optional(Type.Integer()),
  orgId: Type.Optional(Type.Integer()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
});
export const RevokeQuery = Type.Object({ reason: Type.Optional(Type.String()) });
export const CountsQuery = Type.Object({ application: Type.Optional(Type.String()) });
export const Count = Type.Object({
  scopeKind: Type.String(),
  orgId: Nullable(Type.Integer()),
  orgCode: Nullable(Type.String()),
  orgName: Nullable(Type.String()),
  roleId: Type.Integer(),
  role: Type.String(),
  application: Type.String(),
  people: Type.Integer(),
  groups: Type.Integer(),
});

// null first: with type coercion on, an integer branch tried first would turn null into 0 ("no unit 0").
const NoScopeOrRef = Type.Union([Type.Null(), Type.Integer(), Type.String()], {
  description: 'org unit id or code; null or absent for no scope',
});
export const CheckBody = Type.Object({
  subject: Subject,
  application: Type.String(),
  action: Type.String(),
  resource: Type.String(),
  scope: Type.Optional(NoScopeOrRef),
  at: Type.Optional(Nullable(IsoDateTime)),
  knownAt: Type.Optional(
    Nullable(
      Type.String({
        format: 'date-time',
        description:
          'as Steward knew it at this moment (recorded time): what was recorded later is left out; `at` defaults to it',
      }),
    ),
  ),
});
export const Reason = Type.Object({ step: Type.String(), text: Type.String(), id: Type.Optional(Type.Integer()) });
export const Decision = Type.Object({
  decision: Type.Union([Type.Literal('allow'), Type.Literal('deny')]),
  reasons: Type.Array(Reason),
});
export const BatchBody = Type.Object({ checks: Type.Array(CheckBody, { maxItems: 10_000 }) });
/** A check of a batch that has no decision: it names something unknown (400) or the caller may not ask it (403). */
export const BatchError = Type.Object({
  error: Type.Object({
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.String(),
    errors: Type.Array(Type.Object({ field: Type.String(), rule: Type.String(), message: Type.String() })),
  }),
});
export const BatchResult = Type.Object({
  results: Type.Array(Type.Union([Decision, BatchError]), {
    description: 'in the order asked: a decision, or `{ error }` for a check naming something unknown or not allowed',
  }),
});
export const WhoCanQuery = Type.Object({
  application: Type.String(),
  action: Type.String(),
  resource: Type.String(),
  scope: Type.Optional(Type.String()),
  at: Type.Optional(IsoDateTime),
  knownAt: Type.Optional(
    Type.String({
      format: 'date-time',
      description:
        'as Steward knew it at this moment (recorded time): what was recorded later is left out; `at` defaults to it',
    }),
  ),
});
export const WhoCan = Type.Object({
  people: Type.Array(Type.Object({ personId: Type.Integer(), reasons: Type.Array(Reason) })),
});
export const WhatCanQuery = Type.Object({
  subjectType: Type.Optional(SubjectType),
  subjectId: Id,
  application: Type.Optional(Type.String()),
  scope: Type.Optional(Type.String()),
  at: Type.Optional(IsoDateTime),
  knownAt: Type.Optional(
    Type.String({
      format: 'date-time',
      description:
        'as Steward knew it at this moment (recorded time): what was recorded later is left out; `at` defaults to it',
    }),
  ),
});
export const WhatCan = Type.Array(
  Type.Object({
    application: Type.String(),
    role: Type.String(),
    roleId: Type.Integer(),
    assignmentId: Type.Integer(),
    action: Type.String(),
    implied: Type.Array(Type.String()),
    resource: Type.String(),
    covers: Type.Array(Type.String()),
    scope: Type.String(),
    limits: Type.Array(Type.String()),
    via: Type.Array(Reason),
  }),
);

/** The shapes above as TypeScript types, shared by the services, the CLI and the web UI (import type only). */
export type Limit = Static<typeof Limit>;
export type AppBody = Static<typeof AppBody>;
export type App = Static<typeof App>;
export type AppAbilities = Static<typeof AppAbilities>;
export type ResourceBody = Static<typeof ResourceBody>;
export type ResourcePatch = Static<typeof ResourcePatch>;
export type Resource = Static<typeof Resource>;
export type RoleBody = Static<typeof RoleBody>;
export type RolePatch = Static<typeof RolePatch>;
export type Permission = Static<typeof Permission>;
export type Role = Static<typeof Role>;
export type PermissionBody = Static<typeof PermissionBody>;
export type Subject = Static<typeof Subject>;
export type Scope = Static<typeof Scope>;
export type AssignBody = Static<typeof AssignBody>;
export type AssignmentPatch = Static<typeof AssignmentPatch>;
export type Assignment = Static<typeof Assignment>;
export type AssignmentQuery = Static<typeof AssignmentQuery>;
export type CountsQuery = Static<typeof CountsQuery>;
export type Count = Static<typeof Count>;
export type CheckBody = Static<typeof CheckBody>;
export type Reason = Static<typeof Reason>;
export type Decision = Static<typeof Decision>;
export type BatchItem = Decision | Static<typeof BatchError>;
export type WhatCan = Static<typeof WhatCan>;
export type WhoCan = Static<typeof WhoCan>;
