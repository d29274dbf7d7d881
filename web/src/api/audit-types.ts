/** The audit trail and change log as the API returns them (src/platform/http/audit-routes.ts). */
export interface AuditEntry {
  seq: number;
  at: string;
  actorId: number | null;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  reason: string | null;
  before: unknown;
  after: unknown;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  headSeq: number;
  headHash: string;
  problems: { seq: number; problem: string }[];
}

export interface Change {
  position: number;
  at: string;
  entityType: string;
  entityId: string;
  op: string;
  data: unknown;
}

export interface ChangePage {
  changes: Change[];
  next: number;
  head: number;
}
