import Type, { type Static } from 'typebox';

/** HTTP shapes of the configuration file routes; the document itself is `ConfigDocument` (config-document.ts). */
export const ExportQuery = Type.Object(
  {
    format: Type.Optional(
      Type.Union([Type.Literal('json'), Type.Literal('yaml')], { description: 'json (default) or yaml' }),
    ),
  },
  { additionalProperties: false },
);

const FieldChange = Type.Object({
  field: Type.String({ description: 'path inside the item, e.g. /rank or /roles/reader/permissions' }),
  before: Type.Optional(Type.Unknown()),
  after: Type.Optional(Type.Unknown()),
});
const SectionDiff = Type.Object({
  added: Type.Array(Type.String(), { description: 'natural keys of the items the document adds' }),
  changed: Type.Array(Type.Object({ key: Type.String(), fields: Type.Array(FieldChange) })),
  removed: Type.Array(Type.String(), { description: 'natural keys of the items the document leaves out' }),
});
export const ConfigDiff = Type.Object(
  {
    orgKinds: SectionDiff,
    statusTypes: SectionDiff,
    guestLifecycles: SectionDiff,
    guestTypes: SectionDiff,
    applications: SectionDiff,
    mailTemplates: SectionDiff,
  },
  { $id: 'ConfigDiff', description: 'what loading the document changes, per section' },
);
export type ConfigDiffView = Static<typeof ConfigDiff>;

/** A document in the body: JSON (an object) or YAML (text, `Content-Type: application/yaml`). */
export const DocumentBody = Type.Union([
  Type.Object({}, { additionalProperties: true, description: 'the document as JSON' }),
  Type.String({ description: 'the document as YAML' }),
]);
