import { hash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { SnapshotFormat } from './snapshot-rows.ts';

/**
 * The reconciler's fast path for records a snapshot delivers exactly as last time. Each
 * record's raw text (a CSV record without its line end, quoted newlines included, or a
 * JSON line) gets a fingerprint: SHA-1 (base64url) of the text, after a tag of the format,
 * the CSV header's raw text and the reader's version, so the same bytes under another
 * header (columns reordered) or another reading of them are a different fingerprint.
 * `source_records.fingerprint` keeps the fingerprint of the text a record was last applied
 * from (null when written otherwise). A record whose fingerprint is on file says what is
 * on file: the reconciler neither reads, checks, hashes nor stages it.
 *
 * Memory: the source's record keys and fingerprints are held while a snapshot is received
 * (about 150 bytes a record: some 150 MB for a million records).
 */

/** Bumped whenever reading or normalising a record changes: every fingerprint on file then misses once. */
const READER_VERSION = '1';

/** Computes fingerprints for one snapshot (caches the tag of the header it is given). */
export function fingerprinter(format: SnapshotFormat): (raw: string, context: string) => string {
  let context: string | null = null;
  let tag = '';
  return (raw, ctx) => {
    if (ctx !== context) {
      context = ctx;
      tag = hash('sha1', `${READER_VERSION}\n${format}\n${ctx}`, 'base64url').slice(0, 8);
    }
    return tag + hash('sha1', raw, 'base64url');
  };
}

/** What a source has on file, as the fast path needs it. */
export interface OnFile {
  /** Every record key on file. */
  keys: string[];
  /** Fingerprint → index in `keys` (records with a fingerprint only). */
  byFingerprint: Map<string, number>;
  /** Each fingerprinted record's kind and org code (for the whole-snapshot checks), by index. */
  kinds: string[];
  orgCodes: string[];
}

const PAGE = 20_000;

/**
 * Loads a source's record keys and fingerprints in one pass: a cursor read a page at a
 * time (in whatever order the table is stored: paging by key order made the server sort
 * or jump about the table, several times slower).
 */
export async function loadOnFile(db: Kysely<DB>, source: string): Promise<OnFile> {
  const onFile: OnFile = { keys: [], byFingerprint: new Map(), kinds: [], orgCodes: [] };
  // Kinds and org codes are few: each distinct value is kept once.
  const interned = new Map<string, string>();
  const intern = (v: string | null) => {
    if (v === null) return '';
    let s = interned.get(v);
    if (s === undefined) interned.set(v, (s = v));
    return s;
  };
  await db.transaction().execute(async (trx) => {
    await sql`set local cursor_tuple_fraction = 1`.execute(trx);
    await sql`
      declare on_file no scroll cursor for
      select record_key, fingerprint,
        case when fingerprint is not null then record->>'kind' end as kind,
        case when fingerprint is not null then record->>'orgCode' end as org_code
      from source_records where source = ${source}`.execute(trx);
    for (let more = true; more;) {
      const { rows } = await sql<{
        record_key: string;
        fingerprint: string | null;
        kind: string | null;
        org_code: string | null;
      }>`fetch ${sql.raw(String(PAGE))} from on_file`.execute(trx);
      for (const r of rows) {
        const i = onFile.keys.length;
        onFile.keys.push(r.record_key);
        onFile.kinds.push(intern(r.kind));
        onFile.orgCodes.push(intern(r.org_code));
        if (r.fingerprint !== null) onFile.byFingerprint.set(r.fingerprint, i);
      }
      more = rows.length === PAGE;
    }
  });
  return onFile;
}
