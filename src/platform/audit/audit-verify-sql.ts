import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { ChainBatch, ChainRow } from './audit-chain-rules.ts';
import { digestSql, itemHashSql } from './audit-item-sql.ts';

/** Where the batches start: rows before this seq belong to the per-row chain (null when there is no batch). */
export async function firstBatchSeq(db: Kysely<DB>): Promise<number | null> {
  const row = await db
    .selectFrom('audit_batches')
    .select((eb) => eb.fn.min('first_seq').as('first'))
    .executeTakeFirst();
  return row?.first === null || row?.first === undefined ? null : Number(row.first);
}

/** The next `limit` rows of the per-row chain from `fromSeq`, below `beforeSeq`. */
export async function chainRows(
  db: Kysely<DB>,
  fromSeq: number,
  beforeSeq: number,
  limit: number,
): Promise<ChainRow[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('seq', '>=', fromSeq)
    .where('seq', '<', beforeSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    record: {
      seq: r.seq,
      at: r.at as Date,
      actorId: r.actor_id,
      actor: r.actor,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      reason: r.reason,
      before: r.before,
      after: r.after,
    },
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}

/**
 * The batches from `fromSeq` on, about `rows` rows' worth (at least one batch), each with what the database finds in
 * its range now: the row count and the digest of the stored row hashes, computed in SQL.
 */
export async function batchPage(db: Kysely<DB>, fromSeq: number, rows: number): Promise<ChainBatch[]> {
  const { rows: found } = await sql<{
    first_seq: number;
    last_seq: number;
    prev_hash: Uint8Array;
    digest: Uint8Array;
    hash: Uint8Array;
    count: number;
    found_digest: Uint8Array | null;
  }>`
    with page as (
      select b.*, sum(b.last_seq - b.first_seq + 1) over (order by b.first_seq) as upto
      from (select * from audit_batches where first_seq >= ${fromSeq} order by first_seq limit 2000) b
    )
    select p.first_seq, p.last_seq, p.prev_hash, p.digest, p.hash,
           (select count(*) from audit_log a where a.seq between p.first_seq and p.last_seq)::int as count,
           (select ${digestSql('a')} from audit_log a where a.seq between p.first_seq and p.last_seq) as found_digest
    from page p
    where p.upto - (p.last_seq - p.first_seq + 1) < ${rows}
    order by p.first_seq`.execute(db);
  const batches = found.map((r) => ({
    firstSeq: Number(r.first_seq),
    lastSeq: Number(r.last_seq),
    prevHash: r.prev_hash,
    digest: r.digest,
    hash: r.hash,
    rows: { count: r.count, digest: r.found_digest, missing: [] as { from: number; to: number }[] },
  }));
  const short = batches.filter((b) => b.rows.count > 0 && b.rows.count < b.lastSeq - b.firstSeq + 1);
  for (const b of short) b.rows.missing = await missingRuns(db, b.firstSeq, b.lastSeq);
  return batches;
}

/** The runs of seqs in from..to that have no row (read only for a batch found short). */
async function missingRuns(db: Kysely<DB>, from: number, to: number): Promise<{ from: number; to: number }[]> {
  const { rows } = await sql<{ from: number; to: number }>`
    select min(s.seq)::int8 as "from", max(s.seq)::int8 as "to"
    from (select s.seq, s.seq - row_number() over (order by s.seq) as run
          from generate_series(${from}::bigint, ${to}::bigint) s(seq)
          where not exists (select 1 from audit_log a where a.seq = s.seq)) s
    group by s.run order by 1`.execute(db);
  return rows.map((r) => ({ from: Number(r.from), to: Number(r.to) }));
}

/** Rows in from..to whose stored hash does not match their content (at most `limit`), in seq order. */
export async function editedRows(db: Kysely<DB>, from: number, to: number, limit: number): Promise<number[]> {
  const { rows } = await sql<{ seq: number }>`
    select a.seq from audit_log a
    where a.seq between ${from} and ${to} and a.hash is distinct from ${itemHashSql('a')}
    order by a.seq limit ${limit}`.execute(db);
  return rows.map((r) => Number(r.seq));
}

/** The highest seq stored, 0 for none. */
export async function lastRowSeq(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('seq').as('last'))
    .executeTakeFirst();
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last);
}
