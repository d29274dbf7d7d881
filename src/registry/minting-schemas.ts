import Type, { type Static } from 'typebox';
import { MINTABLE_KINDS } from './identifiers.ts';
import { MintingSettingsSchema } from './minting-settings.ts';
import { Id } from '../platform/http/schemas.ts';

/** HTTP shapes of minting: the settings document, one value for one person, one kind for many people. */
export const MintKind = Type.Enum(MINTABLE_KINDS);

export const VersionedSettings = Type.Object({
  settings: MintingSettingsSchema,
  version: Type.Integer({ description: '0 until first saved' }),
});

export const MintBody = Type.Object({ kind: MintKind }, { additionalProperties: false });

export const MintedIdentifier = Type.Object({
  kind: MintKind,
  scope: Type.String(),
  value: Type.String(),
  personId: Type.Integer(),
});

export const MintBatchBody = Type.Object(
  { kind: MintKind, personIds: Type.Array(Id, { minItems: 1, maxItems: 100_000 }) },
  { additionalProperties: false },
);

export const MintBatchReport = Type.Object({
  minted: Type.Array(Type.Object({ personId: Type.Integer(), value: Type.String() })),
  skipped: Type.Array(Type.Object({ personId: Type.Integer(), reason: Type.String() })),
});

export type VersionedSettings = Static<typeof VersionedSettings>;
export type MintBody = Static<typeof MintBody>;
export type MintedIdentifier = Static<typeof MintedIdentifier>;
export type MintBatchBody = Static<typeof MintBatchBody>;
export type MintBatchReport = Static<typeof MintBatchReport>;
