import Type, { type Static } from 'typebox';
import { IsoDate, IsoDateTime, Nullable, Id, IdOf } from '../platform/http/schemas.ts';

/** HTTP schemas of the organisation routes (validation and the OpenAPI document). */
export const KindKey = Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$', description: 'e.g. department, tenant' });

export const KindField = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 63, description: "snake_case key in the units' custom object" }),
    label: Type.Optional(Type.String({ maxLength: 200 })),
    type: Type.Union([
      Type.Literal('string'),
      Type.Literal('integer'),
      Type.Literal('number'),
      Type.Literal('boolean'),
      Type.Literal('date'),
      Type.Literal('email'),
      Type.Literal('enum'),
    ]),
    required: Type.Optional(Type.Boolean()),
    default: Type.Optional(Type.Unknown()),
    options: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
  },
  { additionalProperties: false },
);

export const Kind = Type.Object({
  kind: Type.String(),
  label: Type.String(),
  fields: Type.Array(KindField),
  units: Type.Integer({ description: 'units of this kind' }),
  version: Type.Integer(),
});

export const KindBody = Type.Object(
  { label: Type.String({ minLength: 1, maxLength: 200 }), fields: Type.Array(KindField, { maxItems: 100 }) },
  { additionalProperties: false },
);

export const NewKindBody = Type.Object(
  { kind: KindKey, label: KindBody.properties.label, fields: KindBody.properties.fields },
  { additionalProperties: false },
);

const summaryProps = {
  id: Type.Integer(),
  code: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  abbreviation: Nullable(Type.String()),
  validFrom: Nullable(IsoDate),
  validTo: Nullable(IsoDate),
  current: Type.Boolean({ description: "valid at the server clock's date" }),
};

export const UnitSummary = Type.Object(summaryProps);
export const ListedUnit = Type.Object({ ...summaryProps, parentId: Nullable(Type.Integer()), path: Type.String() });

export const UnitRef = Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() });
export const OfficerFunction = Type.Union([Type.Literal('administrator'), Type.Literal('approver')]);
const officerProps = {
  id: Type.Integer(),
  orgId: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  function: OfficerFunction,
  roleName: Type.String(),
  createdAt: IsoDateTime,
};
export const Officer = Type.Object(officerProps);
export const EffectiveOfficer = Type.Object({ ...officerProps, inheritedFrom: Nullable(UnitRef) });
export const OfficerLists = Type.Object({ direct: Type.Array(Officer), effective: Type.Array(EffectiveOfficer) });

export const NewOfficerBody = Type.Object(
  {
    personId: Id,
    function: OfficerFunction,
    roleName: Type.String({ minLength: 1, maxLength: 200, description: 'e.g. "Head of department", "IT desk"' }),
  },
  { additionalProperties: false },
);

/** The full unit (dates as YYYY-MM-DD, instants as ISO strings). */
export const UnitView = Type.Object({
  ...summaryProps,
  altNames: Type.Array(Type.String()),
  parentId: Nullable(Type.Integer()),
  path: Type.String({ description: 'ids from the root down, e.g. /1/4/9/' }),
  custom: Type.Record(Type.String(), Type.Unknown()),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Type.Integer(),
});

export const UnitCounts = Type.Object({
  descendants: Type.Integer({ description: 'units below this one, at any depth' }),
  currentDescendants: Type.Integer({ description: 'of those, the ones valid today' }),
  currentAffiliations: Type.Integer({ description: 'affiliations valid today to this unit or any below it' }),
  currentPeople: Type.Integer({ description: 'distinct people holding those affiliations' }),
});

export const UnitDetail = Type.Object({
  ...UnitView.properties,
  ancestors: Type.Array(UnitSummary, { description: 'breadcrumb, root first' }),
  children: Type.Array(UnitSummary),
  officers: Type.Array(EffectiveOfficer, { description: 'effective administrators and approvers, own or inherited' }),
  counts: UnitCounts,
});

/** What ending a unit answers: the unit as it now is, and how much the cascade ended below it. */
export const EndedUnit = Type.Object({
  ...UnitDetail.properties,
  endedUnits: Type.Integer({ description: 'units below it ended by the cascade' }),
  endedAffiliations: Type.Integer(),
});

const AltNames = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 });
const Custom = Type.Record(Type.String(), Type.Unknown(), { description: "values for the kind's custom fields" });

export const NewUnitBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64 }),
    kind: Type.String({ minLength: 1 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    parentId: Nullable(IdOf('null creates a root (system administrators only)')),
    abbreviation: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
    altNames: Type.Optional(AltNames),
    validFrom: Type.Optional(Nullable(IsoDate)),
    validTo: Type.Optional(Nullable(IsoDate)),
    custom: Type.Optional(Custom),
  },
  { additionalProperties: false },
);

export const UnitPatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    abbreviation: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
    altNames: Type.Optional(AltNames),
    validFrom: Type.Optional(Nullable(IsoDate)),
    custom: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), { description: 'merged into the stored values; null clears a field' }),
    ),
    reason: Type.Optional(Nullable(Type.String({ maxLength: 500, description: 'kept in the audit trail' }))),
  },
  { additionalProperties: false },
);

export const MoveBody = Type.Object(
  { parentId: Id, reason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) },
  { additionalProperties: false },
);

export const EndBody = Type.Object(
  {
    validTo: IsoDate,
    cascade: Type.Optional(Type.Boolean({ default: false })),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);

export const Page = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
};

export const UnitSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ description: 'text in the code, name, abbreviation or an alternate name' })),
    code: Type.Optional(Type.String({ description: 'exact code' })),
    kind: Type.Optional(Type.String()),
    under: Type.Optional(IdOf('only this unit and its subtree')),
    validOn: Type.Optional(IsoDate),
    ...Page,
  },
  { additionalProperties: false },
);

export const TreeQuery = Type.Object(
  {
    root: Type.Optional(Id),
    depth: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 50, description: 'levels below the root(s); all when omitted' }),
    ),
    currentOnly: Type.Optional(
      Type.Boolean({ description: 'leave out units not valid today (and what is under them)' }),
    ),
  },
  { additionalProperties: false },
);

export const UnitPeopleQuery = Type.Object(
  { subtree: Type.Optional(Type.Boolean({ default: false })), ...Page },
  { additionalProperties: false },
);

export const TreeNode = Type.Cyclic(
  {
    OrgTreeNode: Type.Object({
      ...summaryProps,
      parentId: Nullable(Type.Integer()),
      path: Type.String(),
      childCount: Type.Integer({ description: 'children in the database, shown or not' }),
      children: Type.Array(Type.Ref('OrgTreeNode')),
    }),
  },
  'OrgTreeNode',
);

export const UnitPerson = Type.Object({
  id: Type.Integer(),
  givenName: Type.String(),
  familyName: Type.String(),
  preferredName: Nullable(Type.String()),
  affiliations: Type.Array(
    Type.Object({
      id: Type.Integer(),
      orgId: Type.Integer(),
      orgCode: Type.String(),
      orgName: Type.String(),
      kind: Type.String(),
      title: Nullable(Type.String()),
      validFrom: Nullable(IsoDate),
      validTo: Nullable(IsoDate),
    }),
  ),
});

export const UnitPage = Type.Object({ total: Type.Integer(), items: Type.Array(ListedUnit) });
export const UnitPeoplePage = Type.Object({ total: Type.Integer(), items: Type.Array(UnitPerson) });

export const ImportReport = Type.Object({
  rows: Type.Integer({ description: 'data lines read (the header excluded)' }),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  failed: Type.Integer({ description: 'lines with at least one error; nothing of them was written' }),
  dryRun: Type.Boolean(),
  errors: Type.Array(
    Type.Object({ line: Type.Integer(), field: Type.String(), rule: Type.String(), message: Type.String() }),
  ),
});

/** The JSON shapes above as TypeScript types, shared by the web UI and the CLI (import type only). */
export type KindField = Static<typeof KindField>;
export type Kind = Static<typeof Kind>;
export type KindBody = Static<typeof KindBody>;
export type NewKindBody = Static<typeof NewKindBody>;
export type UnitSummary = Static<typeof UnitSummary>;
export type ListedUnit = Static<typeof ListedUnit>;
export type Officer = Static<typeof Officer>;
export type EffectiveOfficer = Static<typeof EffectiveOfficer>;
export type OfficerLists = Static<typeof OfficerLists>;
export type NewOfficerBody = Static<typeof NewOfficerBody>;
export type UnitRef = Static<typeof UnitRef>;
export type UnitView = Static<typeof UnitView>;
export type UnitCounts = Static<typeof UnitCounts>;
export type UnitDetail = Static<typeof UnitDetail>;
export type EndedUnit = Static<typeof EndedUnit>;
export type NewUnitBody = Static<typeof NewUnitBody>;
export type UnitPatchBody = Static<typeof UnitPatchBody>;
export type MoveBody = Static<typeof MoveBody>;
export type EndBody = Static<typeof EndBody>;
export type UnitSearchQuery = Static<typeof UnitSearchQuery>;
export type TreeQuery = Static<typeof TreeQuery>;
export type UnitPeopleQuery = Static<typeof UnitPeopleQuery>;
export type TreeNode = Static<typeof TreeNode>;
export type UnitPerson = Static<typeof UnitPerson>;
export type UnitPage = Static<typeof UnitPage>;
export type UnitPeoplePage = Static<typeof UnitPeoplePage>;
export type ImportReport = Static<typeof ImportReport>;
