import { type AuditRecord, auditHash, GENESIS } from './audit-hash.ts';

/** One stored audit row as the chain check reads it: its hashed content and the two hashes. */
export interface ChainRow {
  record: AuditRecord;
  prevHash: Uint8Array;
  hash: Uint8Array;
}

export interface ChainProblem {
  seq: number;
  problem: string;
}

/** The check stops collecting after this many problems: a broken chain is named, not listed in full. */
export const MAX_PROBLEMS = 100;

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/**
 * Walks a chain row by row, in `seq` order. Pure (no I/O): the audit service feeds it a page at a
 * time. Every row's hash must follow from its predecessor and its own content, sequence numbers
 * must be contiguous from 1, and the last row must match the recorded head. An edited, inserted,
 * deleted, reordered or truncated row breaks one of these, and the problem names the row.
 */
export function createChainCheck() {
  const problems: ChainProblem[] = [];
  let prev: Uint8Array = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
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
      if (!same(auditHash(r.prevHash, r.record), r.hash))
        problems.push({ seq, problem: 'content does not match its hash (the row was edited)' });
      prev = r.hash;
      expectedSeq = seq + 1;
      checked += 1;
      return problems.length < MAX_PROBLEMS;
    },
    /** The rows after `seq` that the check still wants (the next page starts there). */
    get nextSeq(): number {
      return expectedSeq;
    },
    get checked(): number {
      return checked;
    },
    /** Ends the walk against the recorded head and returns every problem found. */
    finish(head: { seq: number; hash: Uint8Array | null }): ChainProblem[] {
      if (problems.length < MAX_PROBLEMS) {
        const found = expectedSeq - 1;
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
