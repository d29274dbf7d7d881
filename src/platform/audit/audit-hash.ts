import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';

const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

/** The fields of an audit row that its hash covers. */
export interface AuditRecord {
  seq: number;
  at: Date;
  actorId: number | null;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  reason: string | null;
  before: unknown;
  after: unknown;
}

export const GENESIS = Buffer.alloc(32);

/**
 * The per-row chain of rows written before audit batches (migration 0032); those rows are still verified by it.
 * hash(n) = SHA-256(hash(n-1) ‖ canonical JSON of row n). Canonical JSON (RFC 8785) makes
 * the bytes independent of key order, so a row read back from jsonb hashes the same.
 */
export function auditHash(prev: Uint8Array, record: AuditRecord): Buffer {
  const body = canonicalize({
    seq: record.seq,
    at: record.at.toISOString(),
    actorId: record.actorId,
    actor: record.actor,
    action: record.action,
    targetType: record.targetType,
    targetId: record.targetId,
    reason: record.reason,
    before: record.before ?? null,
    after: record.after ?? null,
  })!;
  return createHash('sha256').update(prev).update(body).digest();
}

/** A batch's place on the chain: SHA-256(previous batch's hash, or the last per-row hash ‖ the batch's digest). */
export function batchHash(prev: Uint8Array, digest: Uint8Array): Buffer {
  return createHash('sha256').update(prev).update(digest).digest();
}
