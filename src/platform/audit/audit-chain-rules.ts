import { type AuditRecord, auditHash, batchHash, GENESIS } from './audit-hash.ts';

/** One stored audit row of the per-row chain (written before batches) as the check reads it. */
export interface ChainRow {
  record: AuditRecord;
  prevHash: Uint8Array | null;
  hash: Uint8Array;
}

/** One batch record and what the database found in its range of rows now. */
export interface ChainBatch {
  firstSeq: number;
  lastSeq: number;
  prevHash: Uint8Array;
  digest: Uint8Array;
  hash: Uint8Array;
  /** The rows in firstSeq..lastSeq now: how many, the digest of their stored hashes, and the runs of absent seqs. */
  rows: { count: number; digest: Uint8Array | null; missing: { from: number; to: number }[] };
}

export interface ChainProblem {
  seq: number;
  problem: string;
}

/** The check stops collecting after this many problems: a broken chain is named, not listed in full. */
export const MAX_PROBLEMS = 100;

const same = (a: Uint8Array | null, b: Uint8Array | null) =>
  a !== null && b !== null && Buffer.from(a).equals(Buffer.from(b));

/**
 * Walks the chain in `seq` order. Pure (no I/O): the audit service feeds it a page at a time, first the rows of the
 * per-row chain (written before batches), then the batches. A per-row chain row's hash must follow from its
 * predecessor and its own content. A batch must start where the chain stands, link to the hash before it, carry
 * SHA-256(prev ‖ digest), and its rows must all be there with the digest it recorded; rows whose own hash does not
 * match their content are named by the database's check (`edited`). Sequence numbers must be contiguous from 1, and
 * the end must match the recorded head. An edited, inserted, deleted, reordered or truncated row breaks one of these,
 * and the problem names the row (a row edited and then rehashed, the batch it is in).
 */
export function createChainCheck() {
  const problems: ChainProblem[] = [];
  let prev: Uint8Array = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  /** Batches whose rows are all gone: missing rows if a later batch has rows, a truncated end if none has. */
  let empty: ChainBatch[] = [];
  const more = () => problems.length < MAX_PROBLEMS;
  return {
    /** Checks the next row; false once enough problems are collected to stop reading. */
    row(r: ChainRow): boolean {
      const seq = r.record.seq;
      if (seq !== expectedSeq) problems.push({ seq, problem: `rows ${expectedSeq}..${seq - 1} are missing` });
      if (!same(r.prevHash, prev))
        problems.push({
          seq,
          problem: 'does not follow its predecessor (a row before it was changed, removed or inserted)',
        });
      if (!same(auditHash(r.prevHash ?? GENESIS, r.record), r.hash))
        problems.push({ seq, problem: 'content does not match its hash (the row was edited)' });
      prev = r.hash;
      expectedSeq = seq + 1;
      checked += 1;
      return more();
    },
    /** Checks the next batch record and the rows it covers; false once enough problems are collected. */
    batch(b: ChainBatch): boolean {
      const range = `${b.firstSeq}..${b.lastSeq}`;
      if (b.firstSeq > expectedSeq)
        problems.push({ seq: expectedSeq, problem: `no batch holds rows ${expectedSeq}..${b.firstSeq - 1}` });
      if (b.firstSeq < expectedSeq)
        problems.push({ seq: b.firstSeq, problem: `batch ${range} overlaps the batch before it` });
      if (!same(b.prevHash, prev))
        problems.push({
          seq: b.firstSeq,
          problem: `batch ${range} does not follow its predecessor (a batch before it was changed, removed or inserted)`,
        });
      if (!same(batchHash(b.prevHash, b.digest), b.hash))
        problems.push({ seq: b.firstSeq, problem: `batch ${range} does not match its hash (its record was edited)` });
      if (b.rows.count === 0) empty.push(b);
      else {
        for (const e of empty)
          problems.push({ seq: e.firstSeq, problem: `rows ${e.firstSeq}..${e.lastSeq} are missing` });
        empty = [];
        for (const m of b.rows.missing) problems.push({ seq: m.from, problem: `rows ${m.from}..${m.to} are missing` });
        if (b.rows.missing.length === 0 && !same(b.rows.digest, b.digest))
          problems.push({
            seq: b.firstSeq,
            problem: `rows ${range} do not match their batch's digest (a row in it was edited and rehashed, or moved)`,
          });
      }
      prev = b.hash;
      expectedSeq = b.lastSeq + 1;
      checked += b.rows.count;
      return more();
    },
    /** Names rows of batches whose stored hash does not match their content. */
    edited(seqs: number[]): boolean {
      for (const seq of seqs)
        if (more()) problems.push({ seq, problem: 'content does not match its hash (the row was edited)' });
      return more();
    },
    /** The rows after `seq` that the check still wants (the next page starts there). */
    get nextSeq(): number {
      return expectedSeq;
    },
    get checked(): number {
      return checked;
    },
    /**
     * Ends the walk against the recorded head and returns every problem found. `lastRow` is the highest seq stored,
     * so rows added after the last batch are counted.
     */
    finish(head: { seq: number; hash: Uint8Array | null }, lastRow = 0): ChainProblem[] {
      if (problems.length < MAX_PROBLEMS) {
        const walked = empty.length ? empty[0].firstSeq - 1 : expectedSeq - 1;
        const found = Math.max(walked, lastRow);
        if (head.seq !== found)
          problems.push({
            seq: head.seq,
            problem: `the chain head says ${head.seq} rows but ${found} were found (rows at the end were removed or added)`,
          });
        else if (head.seq > 0 && (head.hash === null || !same(head.hash, prev)))
          problems.push({ seq: head.seq, problem: 'the last row does not match the chain head' });
      }
      return problems;
    },
  };
}
