import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ChainBatch, type ChainRow, createChainCheck, MAX_PROBLEMS } from './audit-chain-rules.ts';
import { type AuditRecord, auditHash, batchHash, GENESIS } from './audit-hash.ts';

/** A chain as Steward writes it: each row's prev_hash is the previous row's hash; the head is the last row. */
function chainOf(records: Omit<AuditRecord, 'seq'>[]): { rows: ChainRow[]; head: { seq: number; hash: Uint8Array } } {
  const rows: ChainRow[] = [];
  let prev: Uint8Array = GENESIS;
  records.forEach((content, i) => {
    const record = { ...content, seq: i + 1 };
    const hash = auditHash(prev, record);
    rows.push({ record, prevHash: prev, hash });
    prev = hash;
  });
  return { rows, head: { seq: rows.length, hash: prev } };
}

function check(rows: ChainRow[], head: { seq: number; hash: Uint8Array | null }) {
  const c = createChainCheck();
  for (const r of rows) if (!c.row(r)) break;
  return c.finish(head);
}

/** The row rehashed after its content changed, as a forger who knows the hash function would. */
const rehashed = (r: ChainRow, record: AuditRecord): ChainRow => ({
  ...r,
  record,
  hash: auditHash(r.prevHash ?? GENESIS, record),
});

const content = (i: number): Omit<AuditRecord, 'seq'> => ({
  at: new Date(Date.UTC(2026, 8, 1, 12, i)),
  actorId: i % 2 ? 7 : null,
  actor: i % 2 ? 'alice' : 'system:sweep',
  action: 'person.update',
  targetType: 'person',
  targetId: String(100 + i),
  reason: i % 3 ? null : `round ${i}`,
  before: { n: i },
  after: { n: i + 1, nested: { b: 2, a: 1 } },
});

describe('the audit chain check', () => {
  const { rows, head } = chainOf([0, 1, 2, 3, 4].map(content));

  it('passes an untouched chain and an empty one', () => {
    expect(check(rows, head)).toEqual([]);
    expect(check([], { seq: 0, hash: null })).toEqual([]);
  });

  it('names an edited row whatever column was edited, the `before` image included', () => {
    const edits: Partial<AuditRecord>[] = [
      { before: { n: 99 } },
      { after: null },
      { actor: 'mallory' },
      { actorId: 8 },
      { action: 'person.read' },
      { targetType: 'group' },
      { targetId: '999' },
      { reason: 'nothing to see' },
      { at: new Date('2020-01-01T00:00:00Z') },
    ];
    for (const edit of edits) {
      const tampered = rows.map((r, i) => (i === 2 ? { ...r, record: { ...r.record, ...edit } } : r));
      expect(check(tampered, head), JSON.stringify(edit)).toEqual([
        { seq: 3, problem: expect.stringContaining('edited') },
      ]);
    }
  });

  it('names the row after one that was edited and rehashed: its link to the predecessor breaks', () => {
    const tampered = rows.map((r, i) => (i === 1 ? rehashed(r, { ...r.record, reason: 'forged' }) : r));
    expect(check(tampered, head)).toEqual([{ seq: 3, problem: expect.stringContaining('does not follow') }]);
    // The last row rehashed: only the recorded head can tell.
    const last = rows.map((r, i) => (i === 4 ? rehashed(r, { ...r.record, reason: 'forged' }) : r));
    expect(check(last, head)).toEqual([{ seq: 5, problem: 'the last row does not match the chain head' }]);
  });

  it('names the gap a deleted row leaves, counts the rows it read and says where to read on', () => {
    const c = createChainCheck();
    expect(c.nextSeq).toBe(1);
    for (const r of [rows[0], rows[1], rows[3], rows[4]]) expect(c.row(r)).toBe(true);
    expect([c.checked, c.nextSeq]).toEqual([4, 6]);
    expect(c.finish(head)).toEqual([
      { seq: 4, problem: 'rows 3..3 are missing' },
      { seq: 4, problem: expect.stringContaining('does not follow') },
    ]);
  });

  it(`stops asking for rows once ${MAX_PROBLEMS} problems are found, and then leaves the head alone`, () => {
    const broken = chainOf(Array.from({ length: MAX_PROBLEMS + 5 }, (_, i) => content(i)));
    const c = createChainCheck();
    const answers = broken.rows.map((r) => c.row({ ...r, record: { ...r.record, reason: 'edited' } }));
    expect(answers.indexOf(false)).toBe(MAX_PROBLEMS - 1);
    expect(c.finish({ seq: 1, hash: null })).toHaveLength(MAX_PROBLEMS + 5);
    // Exactly at the cap the head is not judged either.
    const exactly = chainOf(Array.from({ length: MAX_PROBLEMS }, (_, i) => content(i)));
    const edited = exactly.rows.map((r) => ({ ...r, record: { ...r.record, reason: 'edited' } }));
    expect(check(edited, { seq: 1, hash: null })).toHaveLength(MAX_PROBLEMS);
    // Below the cap, a head without a hash over a non-empty chain is named.
    expect(check(rows, { seq: 5, hash: null })).toEqual([
      { seq: 5, problem: 'the last row does not match the chain head' },
    ]);
  });

  it('names rows added after the head, and rows removed from the end, by the count', () => {
    const extra = chainOf([0, 1, 2, 3, 4, 5].map(content)).rows;
    expect(check(extra, head)).toEqual([
      { seq: 5, problem: expect.stringContaining('the chain head says 5 rows but 6 were found') },
    ]);
    expect(check(rows.slice(0, 3), head)).toEqual([
      { seq: 5, problem: expect.stringContaining('the chain head says 5 rows but 3 were found') },
    ]);
  });
});

type Tamper =
  | { kind: 'edit'; at: number; field: keyof Omit<AuditRecord, 'seq'>; rehash: boolean }
  | { kind: 'insert'; at: number }
  | { kind: 'delete'; at: number }
  | { kind: 'swap'; at: number; with: number }
  | { kind: 'truncate'; keep: number };

const FIELDS = ['at', 'actorId', 'actor', 'action', 'targetType', 'targetId', 'reason', 'before', 'after'] as const;

/** A different value for one field. */
function otherValue(record: AuditRecord, field: (typeof FIELDS)[number]): Partial<AuditRecord> {
  switch (field) {
    case 'at':
      return { at: new Date(record.at.getTime() + 1000) };
    case 'actorId':
      return { actorId: record.actorId === null ? 1 : null };
    case 'before':
    case 'after':
      return { [field]: { changed: [record[field]] } };
    case 'reason':
      return { reason: record.reason === null ? '' : null };
    default:
      return { [field]: `${record[field]}!` };
  }
}

/** Applies a tamper to a copy of the rows; returns them and the seqs a report may name for it. */
function applyTamper(rows: ChainRow[], t: Tamper): { rows: ChainRow[]; named: number[] } {
  const n = rows.length;
  const out = [...rows];
  switch (t.kind) {
    case 'edit': {
      const r = out[t.at];
      const record = { ...r.record, ...otherValue(r.record, t.field) };
      out[t.at] = t.rehash ? rehashed(r, record) : { ...r, record };
      // Rehashed, the row itself is consistent: the next row (or, for the last, the head) gives it away.
      return { rows: out, named: t.rehash ? [t.at + 2 <= n ? t.at + 2 : n] : [t.at + 1] };
    }
    case 'insert': {
      // A well-formed row chained to its predecessor, the later rows renumbered to make room.
      const prev = t.at === 0 ? GENESIS : out[t.at - 1].hash;
      const forged = { ...content(99), seq: t.at + 1 };
      const row = { record: forged, prevHash: prev, hash: auditHash(prev, forged) };
      const later = out.slice(t.at).map((r) => ({ ...r, record: { ...r.record, seq: r.record.seq + 1 } }));
      return { rows: [...out.slice(0, t.at), row, ...later], named: [t.at + 2, n] };
    }
    case 'delete':
      out.splice(t.at, 1);
      return { rows: out, named: t.at === n - 1 ? [n] : [t.at + 2] };
    case 'swap': {
      // Two rows exchange places (their sequence numbers): the walk reads them in the new order.
      const [a, b] = [out[t.at], out[t.with]];
      out[t.at] = { ...b, record: { ...b.record, seq: a.record.seq } };
      out[t.with] = { ...a, record: { ...a.record, seq: b.record.seq } };
      return { rows: out, named: [Math.min(t.at, t.with) + 1] };
    }
    case 'truncate':
      return { rows: out.slice(0, t.keep), named: [n] };
  }
}

function tamperOf(n: number): fc.Arbitrary<Tamper> {
  const at = fc.integer({ min: 0, max: n - 1 });
  return fc.oneof(
    fc.record({ kind: fc.constant('edit' as const), at, field: fc.constantFrom(...FIELDS), rehash: fc.boolean() }),
    fc.record({ kind: fc.constant('insert' as const), at }),
    fc.record({ kind: fc.constant('delete' as const), at }),
    fc
      .tuple(at, at)
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => ({ kind: 'swap' as const, at: a, with: b })),
    fc.record({ kind: fc.constant('truncate' as const), keep: fc.integer({ min: 0, max: n - 1 }) }),
  );
}

const recordContent = fc.record({
  at: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
  actorId: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }),
  actor: fc.string({ minLength: 1, maxLength: 8 }),
  action: fc.constantFrom('person.update', 'group.add', 'guest.renew'),
  targetType: fc.constantFrom('person', 'group', 'guest'),
  targetId: fc.integer({ min: 1, max: 10_000 }).map(String),
  reason: fc.option(fc.string({ maxLength: 12 }), { nil: null }),
  before: fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.integer()), { nil: null }),
  after: fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.integer()), { nil: null }),
});

describe('the audit chain check, for any chain and any single tamper', () => {
  const scenario = fc
    .array(recordContent, { minLength: 2, maxLength: 8 })
    .chain((records) => fc.tuple(fc.constant(records), tamperOf(records.length)));

  it('passes the untouched chain, and names the tampered row (or the head) after any one change', () => {
    fc.assert(
      fc.property(scenario, ([records, tamper]) => {
        const { rows, head } = chainOf(records);
        expect(check(rows, head)).toEqual([]);
        const { rows: tampered, named } = applyTamper(rows, tamper);
        const problems = check(tampered, head);
        expect(problems.length).toBeGreaterThan(0);
        expect(problems.map((p) => p.seq).filter((s) => named.includes(s)).length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});

/** Batches as Steward writes them after a per-row chain ending at `prev`: sizes given, digests arbitrary but fixed. */
function batchesOf(sizes: number[], prev: Uint8Array = GENESIS, firstSeq = 1): ChainBatch[] {
  const out: ChainBatch[] = [];
  let seq = firstSeq;
  sizes.forEach((size, i) => {
    const digest = createHash('sha256').update(`batch ${i}`).digest();
    const hash = batchHash(prev, digest);
    out.push({
      firstSeq: seq,
      lastSeq: seq + size - 1,
      prevHash: prev,
      digest,
      hash,
      rows: { count: size, digest, missing: [] },
    });
    prev = hash;
    seq += size;
  });
  return out;
}

function checkBatches(
  rows: ChainRow[],
  batches: ChainBatch[],
  head: { seq: number; hash: Uint8Array | null },
  lastRow = 0,
) {
  const c = createChainCheck();
  for (const r of rows) c.row(r);
  for (const b of batches) c.batch(b);
  return c.finish(head, lastRow || head.seq);
}

describe('the audit chain check over batches', () => {
  let batches: ChainBatch[];
  let head: { seq: number; hash: Uint8Array };
  beforeAll(() => {
    batches = batchesOf([3, 1, 4]);
    head = { seq: 8, hash: batches[2].hash };
  });

  it('passes batches following a per-row chain, counting their rows, and an empty chain of batches', () => {
    const { rows, head: rowHead } = chainOf([0, 1].map(content));
    const after = batchesOf([2, 2], rowHead.hash, 3);
    const c = createChainCheck();
    for (const r of rows) c.row(r);
    for (const b of after) expect(c.batch(b)).toBe(true);
    expect([c.checked, c.nextSeq]).toEqual([6, 7]);
    expect(c.finish({ seq: 6, hash: after[1].hash }, 6)).toEqual([]);
    expect(checkBatches([], batches, head)).toEqual([]);
  });

  it('names the first batch after the per-row chain when it does not link to its last hash', () => {
    const { rows } = chainOf([0, 1].map(content));
    const after = batchesOf([2], GENESIS, 3);
    expect(checkBatches(rows, after, { seq: 4, hash: after[0].hash })).toEqual([
      { seq: 3, problem: expect.stringContaining('batch 3..4 does not follow its predecessor') },
    ]);
  });

  it('names rows missing inside a batch, and the batch whose digest its rows no longer give', () => {
    const gap = batches.map((b, i) =>
      i === 2 ? { ...b, rows: { count: 2, digest: null, missing: [{ from: 6, to: 7 }] } } : b,
    );
    expect(checkBatches([], gap, head)).toEqual([{ seq: 6, problem: 'rows 6..7 are missing' }]);
    const rehashed = batches.map((b, i) => (i === 0 ? { ...b, rows: { ...b.rows, digest: Buffer.alloc(32) } } : b));
    expect(checkBatches([], rehashed, head)).toEqual([
      { seq: 1, problem: expect.stringContaining("rows 1..3 do not match their batch's digest") },
    ]);
  });

  it('names an edited batch record, a removed one, and one that overlaps the batch before', () => {
    const edited = batches.map((b, i) => (i === 1 ? { ...b, digest: Buffer.alloc(32) } : b));
    expect(checkBatches([], edited, head)).toContainEqual({
      seq: 4,
      problem: expect.stringContaining('batch 4..4 does not match its hash'),
    });
    expect(checkBatches([], [batches[0], batches[2]], head)).toEqual([
      { seq: 4, problem: 'no batch holds rows 4..4' },
      { seq: 5, problem: expect.stringContaining('batch 5..8 does not follow') },
    ]);
    const overlapping = batches.map((b, i) => (i === 1 ? { ...b, firstSeq: 3 } : b));
    expect(checkBatches([], overlapping, head)).toContainEqual({
      seq: 3,
      problem: 'batch 3..4 overlaps the batch before it',
    });
  });

  it('counts rows removed from the end and rows added after the last batch against the head', () => {
    const truncated = batches.map((b, i) => (i === 2 ? { ...b, rows: { count: 0, digest: null, missing: [] } } : b));
    expect(checkBatches([], truncated, head, 4)).toEqual([
      { seq: 8, problem: expect.stringContaining('the chain head says 8 rows but 4 were found') },
    ]);
    // An emptied batch followed by one with rows is a hole, not an end.
    const hole = batches.map((b, i) => (i === 1 ? { ...b, rows: { count: 0, digest: null, missing: [] } } : b));
    expect(checkBatches([], hole, head)).toEqual([{ seq: 4, problem: 'rows 4..4 are missing' }]);
    expect(checkBatches([], batches, head, 9)).toEqual([
      { seq: 8, problem: expect.stringContaining('the chain head says 8 rows but 9 were found') },
    ]);
    expect(checkBatches([], batches, { seq: 8, hash: batches[1].hash })).toEqual([
      { seq: 8, problem: 'the last row does not match the chain head' },
    ]);
  });

  it('names the rows the database found edited, up to the cap', () => {
    const c = createChainCheck();
    for (const b of batches) c.batch(b);
    expect(c.edited([2, 5])).toBe(true);
    expect(c.finish(head, 8)).toEqual([
      { seq: 2, problem: 'content does not match its hash (the row was edited)' },
      { seq: 5, problem: 'content does not match its hash (the row was edited)' },
    ]);
    const many = createChainCheck();
    expect(many.edited(Array.from({ length: MAX_PROBLEMS + 10 }, (_, i) => i + 1))).toBe(false);
    expect(many.finish(head, 8)).toHaveLength(MAX_PROBLEMS);
  });
});
