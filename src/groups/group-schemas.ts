import Type, { type Static } from 'typebox';
import { IsoDateTime, Nullable, Id } from '../platform/http/schemas.ts';

/** HTTP shapes of folders, groups, memberships (direct and effective), privileges and history. */
const Extension = Type.String({
  minLength: 1,
  maxLength: 100,
  description: 'one segment of the name: letters, digits, "_", "-", "." (no colon)',
});
const Privilege = Type.Union([
  Type.Literal('admin'),
  Type.Literal('update'),
  Type.Literal('read'),
  Type.Literal('view'),
  Type.Literal('optin'),
  Type.Literal('optout'),
]);

const folderFields = {
  id: Type.Integer(),
  name: Type.String(),
  extension: Type.String(),
  parentId: Nullable(Type.Integer()),
  displayName: Nullable(Type.String()),
  description: Type.String(),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};
export const Folder = Type.Object(folderFields);
const FolderAbilities = Type.Object(
  {
    update: Type.Boolean({ description: 'change its display name or description' }),
    rename: Type.Boolean({ description: 'change its extension (a root folder: system administrators)' }),
    move: Type.Boolean(),
    delete: Type.Boolean({ description: 'delete it once empty' }),
    readPrivileges: Type.Boolean(),
    managePrivileges: Type.Boolean(),
    createFolder: Type.Boolean(),
    createGroup: Type.Boolean(),
  },
  { description: 'what the caller may do with the folder (group-policy.ts)' },
);
export const FolderDetail = Type.Object({
  ...folderFields,
  privileges: Type.Array(Privilege, { description: 'the privileges the caller holds on it' }),
  abilities: FolderAbilities,
});
export const FolderBody = Type.Object(
  {
    parentId: Type.Optional(Nullable(Id)),
    extension: Extension,
    displayName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export const FolderPatch = Type.Object(
  {
    extension: Type.Optional(Extension),
    displayName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export const FolderMove = Type.Object({ parentId: Nullable(Id) }, { additionalProperties: false });

const GroupKind = Type.Union([Type.Literal('basic'), Type.Literal('composite'), Type.Literal('rule')]);
const CompositeOp = Type.Union([Type.Literal('union'), Type.Literal('intersection'), Type.Literal('complement')]);

const Condition = Type.Object(
  {
    type: Type.Union([
      Type.Literal('affiliation'),
      Type.Literal('identifier'),
      Type.Literal('attribute'),
      Type.Literal('status'),
    ]),
    orgCode: Type.Optional(Type.String()),
    subtree: Type.Optional(Type.Boolean()),
    kinds: Type.Optional(Type.Array(Type.String())),
    kind: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    value: Type.Optional(Type.String()),
    statusType: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export const Rule = Type.Object(
  { all: Type.Array(Condition, { description: 'every condition must hold at once' }) },
  { additionalProperties: false },
);
const Composite = Type.Object(
  {
    op: CompositeOp,
    leftId: Id,
    rightId: Id,
  },
  { additionalProperties: false, description: 'complement = left minus right' },
);

const groupFields = {
  id: Type.Integer(),
  name: Type.String(),
  extension: Type.String(),
  folderId: Type.Integer(),
  displayName: Nullable(Type.String()),
  description: Type.String(),
  kind: GroupKind,
  composite: Nullable(
    Type.Object({
      op: CompositeOp,
      leftId: Type.Integer(),
      rightId: Type.Integer(),
      leftName: Type.String(),
      rightName: Type.String(),
    }),
  ),
  rule: Nullable(Rule),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
};
export const Group = Type.Object(groupFields);
const GroupAbilities = Type.Object(
  {
    update: Type.Boolean({ description: 'change its name, description or definition' }),
    move: Type.Boolean(),
    delete: Type.Boolean(),
    readMembers: Type.Boolean({ description: 'read its direct and effective members and history' }),
    manageMembers: Type.Boolean({ description: 'add, change and remove direct members (basic groups)' }),
    readPrivileges: Type.Boolean(),
    managePrivileges: Type.Boolean(),
    optIn: Type.Boolean({ description: 'join it oneself' }),
    optOut: Type.Boolean({ description: 'leave it oneself' }),
  },
  { description: 'what the caller may do with the group (group-policy.ts)' },
);
export const GroupDetail = Type.Object({
  ...groupFields,
  privileges: Type.Array(Privilege, { description: 'the privileges the caller holds on it' }),
  abilities: GroupAbilities,
});
export const GroupBody = Type.Object(
  {
    folderId: Id,
    extension: Extension,
    displayName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    kind: Type.Optional(GroupKind),
    composite: Type.Optional(Composite),
    rule: Type.Optional(Rule),
  },
  { additionalProperties: false },
);
export const GroupPatch = Type.Object(
  {
    extension: Type.Optional(Extension),
    displayName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    composite: Type.Optional(Composite),
    rule: Type.Optional(Rule),
  },
  { additionalProperties: false },
);
export const GroupMove = Type.Object({ folderId: Id }, { additionalProperties: false });
export const FolderListing = Type.Object({
  folder: Nullable(Folder),
  folders: Type.Array(Folder),
  groups: Type.Array(Group),
  abilities: Type.Object(
    { createFolder: Type.Boolean(), createGroup: Type.Boolean() },
    { description: 'what the caller may create here (group-policy.ts)' },
  ),
});
export const NameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 1000 }) });
export const FolderQuery = Type.Object({ parentId: Type.Optional(Id) });

/** What every membership view says about why and by whom it was added (group and account memberships alike). */
export const MembershipAddedFields = {
  reason: Nullable(Type.String()),
  ticket: Nullable(Type.String()),
  requestedBy: Nullable(Type.String()),
  approvedBy: Nullable(Type.String()),
  addedBy: Type.String(),
  addedAt: Type.String(),
};
export const Membership = Type.Object({
  id: Type.Integer(),
  groupId: Type.Integer(),
  groupName: Type.String(),
  personId: Nullable(Type.Integer()),
  personName: Nullable(Type.String()),
  memberGroupId: Nullable(Type.Integer()),
  memberGroupName: Nullable(Type.String()),
  ...MembershipAddedFields,
  enabledFrom: Nullable(Type.String()),
  disabledAt: Nullable(Type.String()),
  version: Type.Integer(),
  countsNow: Type.Optional(Type.Boolean()),
});
export const MemberBody = Type.Object(
  {
    personId: Type.Optional(Id),
    groupId: Type.Optional(Id),
    reason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    ticket: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    requestedBy: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    approvedBy: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    enabledFrom: Type.Optional(Nullable(IsoDateTime)),
    disabledAt: Type.Optional(Nullable(IsoDateTime)),
  },
  {
    additionalProperties: false,
    description: 'either personId or groupId; the membership counts in [enabledFrom, disabledAt)',
  },
);
export const MemberPatch = Type.Object(
  {
    reason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    ticket: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    enabledFrom: Type.Optional(Nullable(IsoDateTime)),
    disabledAt: Type.Optional(Nullable(IsoDateTime)),
  },
  { additionalProperties: false },
);
export const OptInBody = Type.Object(
  {
    reason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    disabledAt: Type.Optional(Nullable(IsoDateTime)),
  },
  { additionalProperties: false },
);
export const ReasonQuery = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2000 })) });
export const MemberParams = Type.Object({
  id: Id,
  membershipId: Id,
});
export const EffectiveQuery = Type.Object({
  at: Type.Optional(IsoDateTime),
  all: Type.Optional(Type.Boolean({ description: 'every interval, past and future, not only those counting at `at`' })),
  knownAt: Type.Optional(
    Type.String({
      format: 'date-time',
      description:
        'as Steward knew it at this moment (recorded time): memberships and definitions recorded later are left out; `at` defaults to it',
    }),
  ),
});
export const Effective = Type.Object({
  personId: Type.Integer(),
  personName: Type.String(),
  validFrom: Nullable(Type.String()),
  validUntil: Nullable(Type.String()),
  why: Type.Object({
    membership: Nullable(Membership),
    path: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
    rule: Type.Boolean(),
  }),
});
export const PrivilegeView = Type.Object({
  id: Type.Integer(),
  privilege: Privilege,
  personId: Nullable(Type.Integer()),
  personName: Nullable(Type.String()),
  subjectGroupId: Nullable(Type.Integer()),
  subjectGroupName: Nullable(Type.String()),
  grantedBy: Type.String(),
  grantedAt: Type.String(),
});
export const PrivilegeBody = Type.Object(
  {
    privilege: Privilege,
    personId: Type.Optional(Id),
    groupId: Type.Optional(Id),
  },
  { additionalProperties: false, description: 'held by a person or by the members of a group' },
);
export const PrivilegeParams = Type.Object({
  id: Id,
  privilegeId: Id,
});
export const HistoryEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actor: Type.String(),
  event: Type.String(),
  membershipId: Nullable(Type.Integer()),
  personId: Nullable(Type.Integer()),
  memberGroupId: Nullable(Type.Integer()),
  boundaryAt: Nullable(Type.String()),
  data: Type.Unknown(),
});
export const RebuildResult = Type.Object({
  groups: Type.Integer(),
  groupsChanged: Type.Integer(),
  peopleChanged: Type.Integer(),
});
export const FollowResult = Type.Object({
  changes: Type.Integer(),
  people: Type.Integer(),
  groupsChanged: Type.Integer(),
});
export const DatesResult = Type.Object({ started: Type.Integer(), ended: Type.Integer() });

export type FolderView = Static<typeof Folder>;
export type FolderDetail = Static<typeof FolderDetail>;
export type GroupView = Static<typeof Group>;
export type GroupDetail = Static<typeof GroupDetail>;
export type FolderListing = Static<typeof FolderListing>;
export type MembershipView = Static<typeof Membership>;
export type EffectiveView = Static<typeof Effective>;
export type PrivilegeView = Static<typeof PrivilegeView>;
export type HistoryView = Static<typeof HistoryEntry>;
