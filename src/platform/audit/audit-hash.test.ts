import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type AuditRecord, auditHash, batchHash, GENESIS } from './audit-hash.ts';

const record: AuditRecord = {
  seq: 1,
  at: new Date(Date.UTC(2026, 8, 1, 12, 0)),
  actorId: 7,
  actor: 'alice',
  action: 'person.update',
  targetType: 'person',
  targetId: '100',
  reason: null,
  before: { n: 1 },
  after: { z: 1, a: { y: 2, b: 3 } },
};

const sha256 = (...parts: (Uint8Array | string)[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

describe('the audit hash', () => {
  it('is SHA-256 over the previous hash and the row as canonical JSON, so anyone can recompute it', () => {
    const canonical =
      '{"action":"person.update","actor":"alice","actorId":7,"after":{"a":{"b":3,"y":2},"z":1},' +
      '"at":"2026-09-01T12:00:00.000Z","before":{"n":1},"reason":null,"seq":1,"targetId":"100","targetType":"person"}';
    expect(auditHash(GENESIS, record).equals(sha256(GENESIS, canonical))).toBe(true);
    expect(GENESIS).toEqual(Buffer.alloc(32));
  });

  it('hashes a row without images as null images', () => {
    const bare = { ...record, before: undefined, after: undefined };
    const canonical =
      '{"action":"person.update","actor":"alice","actorId":7,"after":null,' +
      '"at":"2026-09-01T12:00:00.000Z","before":null,"reason":null,"seq":1,"targetId":"100","targetType":"person"}';
    expect(auditHash(GENESIS, bare).equals(sha256(GENESIS, canonical))).toBe(true);
  });
});

describe('the batch hash', () => {
  it('is SHA-256 over the previous hash and the batch digest', () => {
    const digest = sha256('rows');
    expect(batchHash(GENESIS, digest).equals(sha256(GENESIS, digest))).toBe(true);
    expect(batchHash(digest, GENESIS).equals(batchHash(GENESIS, digest))).toBe(false);
  });
});
