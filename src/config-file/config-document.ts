import Type, { type Static } from 'typebox';
import { AppBody } from '../access/access-schemas.ts';
import { KindBody, NewKindBody } from '../organisations/org-schemas.ts';

/**
 * The configuration as one document (issue 16, point 6): every section keyed by a natural key (a kind, a name, an
 * event), never by a numeric id, so a document exported from one instance loads into another. Secrets are never in
 * it. Sections not yet covered are listed in `notCovered` rather than silently left out.
 */
export const CONFIG_FORMAT = 'steward-configuration/1';

/** The sections this version exports and applies, in apply order, each with the field that names an item. */
export const sectionKeys = {
  orgKinds: 'kind',
  statusTypes: 'name',
  guestLifecycles: 'name',
  guestTypes: 'name',
  applications: 'name',
  mailTemplates: 'event',
} as const;
export type SectionName = keyof typeof sectionKeys;
export const sectionNames = Object.keys(sectionKeys) as SectionName[];

/**
 * Configuration this version does not export yet, named in every document. To cover one (calendars, when issue 16
 * point 5 lands): add it to `sectionKeys` with its natural key and to `ConfigDocument`, read it in
 * config-export-store.ts, give it its written form in config-canonical-rules.ts, apply it through its service in
 * config-apply.ts (in `sectionKeys` order: what it references first), and take it off this list.
 */
export const notCovered = [
  'sources',
  'feeds',
  'folders',
  'groups',
  'governancePolicies',
  'schedules',
  'calendars',
  'provisionTargets',
  'statusSettings',
  'guestSettings',
] as const;

export const SECRETS_NOTE =
  'No secrets are exported: passwords, API tokens, client secrets, source and target credentials stay in the ' +
  'instance that holds them and are never read from or written by this document.';

const Item = Type.Record(Type.String(), Type.Unknown());
const Resource = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    label: Type.Optional(Type.String()),
    parent: Type.Optional(Type.Union([Type.String({ minLength: 1 }), Type.Null()])),
  },
  { additionalProperties: false },
);
const PermissionItem = Type.Object(
  {
    action: Type.String({ minLength: 1 }),
    resource: Type.String({ minLength: 1 }),
    limits: Type.Optional(Type.Array(Type.Unknown())),
  },
  { additionalProperties: false },
);
const RoleItem = Type.Object(
  {
    name: Type.String({ minLength: 1 }),
    label: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    permissions: Type.Optional(Type.Array(PermissionItem)),
  },
  { additionalProperties: false },
);
export const ApplicationItem = Type.Object(
  {
    name: AppBody.properties.name,
    label: AppBody.properties.label,
    description: Type.Optional(Type.String()),
    timeZone: Type.Optional(Type.String()),
    implications: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
    resources: Type.Optional(Type.Array(Resource)),
    roles: Type.Optional(Type.Array(RoleItem)),
  },
  { additionalProperties: false },
);
export const MailTemplateItem = Type.Object(
  {
    event: Type.String({ minLength: 1 }),
    subject: Type.String(),
    text: Type.String(),
    html: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  },
  { additionalProperties: false },
);
const OrgKindItem = Type.Object(
  { kind: NewKindBody.properties.kind, label: KindBody.properties.label, fields: KindBody.properties.fields },
  { additionalProperties: false },
);

/**
 * The document's shape; items whose rules live in a capability (status types, lifecycles, guest types) are checked
 * there.
 */
export const ConfigDocument = Type.Object(
  {
    format: Type.Literal(CONFIG_FORMAT),
    secrets: Type.Optional(Type.String()),
    notCovered: Type.Optional(Type.Array(Type.String())),
    orgKinds: Type.Array(OrgKindItem),
    statusTypes: Type.Array(Item),
    guestLifecycles: Type.Array(Item),
    guestTypes: Type.Array(Item),
    applications: Type.Array(ApplicationItem),
    mailTemplates: Type.Array(MailTemplateItem),
  },
  { additionalProperties: false, $id: 'ConfigDocument' },
);
export type ConfigDocument = Static<typeof ConfigDocument>;
export type ApplicationItem = Static<typeof ApplicationItem>;
/** An application with every default filled in (what the export writes). */
export interface CanonicalApplication {
  name: string;
  label: string;
  description: string;
  timeZone: string;
  implications: Record<string, string[]>;
  resources: { name: string; label: string; parent: string | null }[];
  roles: {
    name: string;
    label: string;
    description: string;
    permissions: { action: string; resource: string; limits: unknown[] }[];
  }[];
}
export type MailTemplateItem = Static<typeof MailTemplateItem>;
export type ConfigItem = Record<string, unknown>;
