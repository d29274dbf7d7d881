import Type, { type Static } from 'typebox';
import { IsoDateTime, Nullable } from './schemas.ts';

/** HTTP shapes of the audit trail and the change log. */
export const AuditEntry = Type.Object({
  seq: Type.Integer(),
  at: IsoDateTime,
  actorId: Nullable(Type.Integer()),
  actor: Type.String(),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.String(),
  reason: Nullable(Type.String()),
  before: Type.Unknown(),
  after: Type.Unknown(),
});

export const VerifyReport = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer(),
  headSeq: Type.Integer(),
  headHash: Type.String({ description: 'record this outside Steward to detect a rewritten chain later' }),
  problems: Type.Array(Type.Object({ seq: Type.Integer(), problem: Type.String() })),
});

export const Change = Type.Object({
  position: Type.Integer(),
  at: IsoDateTime,
  entityType: Type.String(),
  entityId: Type.String(),
  op: Type.String(),
  data: Type.Unknown(),
});

export const ChangePage = Type.Object({ changes: Type.Array(Change), next: Type.Integer(), head: Type.Integer() });

/** The JSON shapes above as TypeScript types, shared by the web UI (import type only). */
export type AuditEntry = Static<typeof AuditEntry>;
export type VerifyReport = Static<typeof VerifyReport>;
export type Change = Static<typeof Change>;
export type ChangePage = Static<typeof ChangePage>;
