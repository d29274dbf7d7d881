import Type, { type Static, type TBoolean } from 'typebox';
import { type Permission, permissions } from '../auth/policy.ts';
import { IsoDateTime, Nullable } from './schemas.ts';

/** HTTP shapes of accounts and API tokens. */
export const Role = Type.Union([
  Type.Literal('sysadmin'),
  Type.Literal('orgadmin'),
  Type.Literal('auditor'),
  Type.Literal('office'),
  Type.Literal('scim'),
  Type.Literal('scim-writer'),
]);
export const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  email: Nullable(Type.String()),
  personId: Nullable(Type.Integer()),
  disabled: Type.Boolean(),
  roles: Type.Array(
    Type.Object({
      role: Role,
      orgId: Nullable(Type.Integer()),
      office: Type.Optional(Type.String({ description: 'the office an office role names, e.g. "library"' })),
    }),
  ),
  version: Type.Integer(),
});
export const Abilities = Type.Object(
  Object.fromEntries(permissions.map((p) => [p, Type.Boolean()])) as Record<Permission, TBoolean>,
  { description: 'for each permission, whether the account holds it somewhere (in at least one unit or office)' },
);
/** The signed-in account: what /auth/me and sign-in answer, with what the account may do. */
export const SessionUser = Type.Object({
  ...User.properties,
  abilities: Abilities,
  credentialExpiresAt: Type.Optional(
    Nullable(IsoDateTime), // when the token or session this request signed in with expires (null: never)
  ),
});
export const Token = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  name: Type.String(),
  createdAt: IsoDateTime,
  expiresAt: Nullable(IsoDateTime),
  lastUsedAt: Nullable(IsoDateTime),
  revoked: Type.Boolean(),
});

/** The JSON shape of an account as a TypeScript type, shared by the web UI (import type only). */
export type User = Static<typeof User>;
/** The signed-in account as the web UI holds it; its `abilities` decide which actions the pages offer. */
export type SessionUser = Static<typeof SessionUser>;
