import Type, { type Static } from 'typebox';
import { Selection } from '../feeds/feed-schemas.ts';
import { IsoDateTime, Nullable, Id } from '../platform/http/schemas.ts';

/** HTTP shapes of provisioning: targets, their queues, deliveries, full syncs and a person's panel. */
const Name = Type.String({
  pattern: '^[a-z][a-z0-9-]{0,47}$',
  description: '1-48 lowercase letters, digits or dashes',
});
export const TargetParams = Type.Object({ name: Name });

const TargetSelection = Type.Object(
  {
    ...Selection.properties,
    groups: Type.Optional(
      Type.Array(Type.String(), { description: 'group names; the person must be a current member of one' }),
    ),
  },
  { additionalProperties: false },
);

const SpecId = Type.Optional(
  Type.Integer({ description: "the group's or role's id, recorded by Steward when saved (a value sent is ignored)" }),
);
const GroupSpec = Type.Union([
  Type.Object(
    { group: Type.String({ description: 'a Steward group name' }), name: Type.Optional(Type.String()), id: SpecId },
    { additionalProperties: false },
  ),
  Type.Object(
    { role: Type.String({ description: 'application/role' }), name: Type.Optional(Type.String()), id: SpecId },
    { additionalProperties: false },
  ),
]);

const Lifecycle = Type.Object(
  {
    disable: Type.Optional(Type.Boolean({ description: 'disable when no longer selected (false: delete at once)' })),
    // Null first: with type coercion on, a null would otherwise become the integer 0 (delete at once).
    deleteAfterDays: Type.Optional(
      Type.Union([
        Type.Null(),
        Type.Integer({ description: 'days a disabled account is kept before deletion; null keeps it' }),
      ]),
    ),
  },
  { additionalProperties: false },
);

const Definition = {
  label: Type.Optional(Type.String({ maxLength: 200 })),
  kind: Type.String({ description: 'ldap, webhook or scim' }),
  settings: Type.Record(Type.String(), Type.Unknown(), {
    description:
      'ldap: url, bindDn, baseDn, groupsDn, rdnAttribute, objectClasses, groupObjectClasses, requiredAttributes, disable {attribute, enabled, disabled}, timeoutSeconds, startTls, tlsInsecure; webhook: url, events, timeoutSeconds, source; scim: url (the SCIM base URL), timeoutSeconds, groupFolders',
  }),
  secrets: Type.Optional(
    Type.Record(Type.String(), Type.String(), {
      description:
        'write-only: ldap password, webhook secret (whsec_…), scim token (the bearer token); left out on a change, kept',
    }),
  ),
  selection: Type.Optional(TargetSelection),
  mappings: Type.Optional(
    Type.Record(Type.String(), Type.String(), {
      description:
        'attribute → template, e.g. "{username}@example.edu"; scim: userName, externalId, displayName, name.givenName, name.familyName, emails, enterprise:employeeNumber …',
    }),
  ),
  groups: Type.Optional(Type.Array(GroupSpec)),
  lifecycle: Type.Optional(Lifecycle),
  thresholdPercent: Type.Optional(Type.Number({ description: 'hold a pass retiring more than this share (10)' })),
  maxAttempts: Type.Optional(Type.Integer({ description: 'tries before an object waits for an administrator (8)' })),
  paused: Type.Optional(Type.Boolean()),
};
export const TargetBody = Type.Object({ name: Name, ...Definition }, { additionalProperties: false });
export type TargetBody = Static<typeof TargetBody>;
export const TargetUpdateBody = Type.Object(Definition, { additionalProperties: false });

const Counts = Type.Object({
  provisioned: Type.Integer(),
  disabled: Type.Integer(),
  pending: Type.Integer(),
  errors: Type.Integer(),
  waiting: Type.Integer(),
});

export const Target = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  label: Type.String(),
  kind: Type.String(),
  settings: Type.Record(Type.String(), Type.Unknown()),
  secretsSet: Type.Array(Type.String()),
  selection: TargetSelection,
  mappings: Type.Record(Type.String(), Type.String()),
  groups: Type.Array(GroupSpec),
  lifecycle: Lifecycle,
  thresholdPercent: Type.Number(),
  maxAttempts: Type.Integer(),
  state: Type.String(),
  cursor: Type.Integer(),
  hold: Nullable(
    Type.Object({
      reason: Type.String(),
      retiring: Type.Integer(),
      provisioned: Type.Integer(),
      since: Type.String(),
      thresholdPercent: Type.Optional(Type.Number()),
    }),
  ),
  lastRunAt: Nullable(IsoDateTime),
  lastError: Nullable(Type.String()),
  counts: Counts,
  version: Type.Integer(),
  generatedSecret: Type.Optional(Type.String({ description: 'a webhook secret Steward made; shown this once' })),
});

export const PassReport = Type.Object({
  target: Type.String(),
  queued: Type.Integer(),
  held: Type.Boolean(),
  accounts: Type.Record(Type.String(), Type.Integer()),
  renamedOus: Type.Integer(),
  deliveries: Type.Object({ delivered: Type.Integer(), failed: Type.Integer(), dead: Type.Integer() }),
  error: Nullable(Type.String()),
});

export const QueueQuery = Type.Object(
  {
    state: Type.Optional(
      Type.Union([Type.Literal('pending'), Type.Literal('retrying'), Type.Literal('waiting'), Type.Literal('errors')]),
    ),
  },
  { additionalProperties: false },
);
export const QueueItem = Type.Object({
  objectType: Type.String(),
  objectId: Type.Integer(),
  label: Nullable(Type.String()),
  state: Type.String(),
  attempts: Type.Integer(),
  since: IsoDateTime,
  nextAt: IsoDateTime,
  lastError: Nullable(Type.String()),
});
export type QueueItem = Static<typeof QueueItem>;

export const ObjectRef = Type.Object(
  {
    objectType: Type.Union([Type.Literal('person'), Type.Literal('group'), Type.Literal('role'), Type.Literal('unit')]),
    objectId: Id,
  },
  { additionalProperties: false },
);
export const ObjectsBody = Type.Object(
  { objects: Type.Optional(Type.Array(ObjectRef, { description: 'left out: every waiting or failed object' })) },
  { additionalProperties: false },
);
export const Affected = Type.Object({ affected: Type.Integer() });

export const DeliveriesQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')])),
    after: Type.Optional(Type.Integer({ minimum: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);
export const Delivery = Type.Object({
  id: Type.Integer(),
  position: Type.Integer(),
  subject: Type.String(),
  type: Type.String(),
  state: Type.String(),
  attempts: Type.Integer(),
  nextAt: Nullable(IsoDateTime),
  lastError: Nullable(Type.String()),
  deliveredAt: Nullable(IsoDateTime),
  createdAt: IsoDateTime,
});
export const ReplayBody = Type.Object(
  { ids: Type.Optional(Type.Array(Id, { description: 'left out: every dead delivery' })) },
  { additionalProperties: false },
);

export const SyncBody = Type.Object(
  { dryRun: Type.Optional(Type.Boolean({ description: 'list the fixes without making them' })) },
  { additionalProperties: false },
);
export const Fix = Type.Object({
  objectType: Type.String(),
  objectId: Nullable(Type.Integer()),
  dn: Type.String(),
  action: Type.String(),
  detail: Type.String(),
});
export type Fix = Static<typeof Fix>;
export const SyncRun = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  state: Type.String(),
  startedAt: IsoDateTime,
  finishedAt: Nullable(IsoDateTime),
  counts: Type.Record(Type.String(), Type.Integer()),
  fixes: Type.Array(Fix),
  error: Nullable(Type.String()),
});
export type SyncRun = Static<typeof SyncRun>;

export const PersonTarget = Type.Object({
  target: Type.String(),
  label: Type.String(),
  kind: Type.String(),
  provisioned: Type.Boolean(),
  why: Type.String({ description: 'which selection rule selects the person, or why none does' }),
  remoteId: Nullable(Type.String({ description: 'the DN there' })),
  state: Nullable(Type.String()),
  groups: Type.Array(Type.String()),
  lastWrite: Nullable(IsoDateTime),
  pending: Nullable(
    Type.Object({
      state: Type.String(),
      attempts: Type.Integer(),
      nextAt: IsoDateTime,
      lastError: Nullable(Type.String()),
    }),
  ),
});
export type PersonTarget = Static<typeof PersonTarget>;
