import { sql } from 'kysely';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import type { UpsertItem } from './snapshot-store.ts';

/**
 * Keeps what the source said about the written records in `source_records`. A record staged by a snapshot
 * (`stagedIn`) is copied from its staged row by INSERT … SELECT (its record, hash and fingerprint, already parsed
 * there), so only keys and ids travel; any other record is sent as JSON. The staged row is a LATERAL probe of the
 * index (its LIMIT keeps it from being turned into a hash join, which read every staged row of the snapshot for each
 * batch of 2,000).
 */
export async function writeSourceRecords(
  uow: UnitOfWork,
  source: string,
  written: readonly { u: UpsertItem; personId: number; affiliationId: number }[],
): Promise<void> {
  const upsert = sql`on conflict (source, record_key) do update set hash = excluded.hash, person_id = excluded.person_id,
    affiliation_id = excluded.affiliation_id, record = excluded.record, fingerprint = excluded.fingerprint, updated_at = excluded.updated_at`;
  type Written = (typeof written)[number];
  const staged = new Map<number, Written[]>();
  const sent: Written[] = [];
  for (const w of written) {
    if (w.u.stagedIn === undefined) {
      sent.push(w);
      continue;
    }
    let ws = staged.get(w.u.stagedIn);
    if (!ws) staged.set(w.u.stagedIn, (ws = []));
    ws.push(w);
  }
  for (const [snapshotId, ws] of staged) {
    const {
      rows: [done],
    } = await sql<{ n: number }>`
      with w as (
        insert into source_records (source, record_key, hash, person_id, affiliation_id, record, fingerprint, updated_at)
        select ${source}, s.record_key, s.hash, r.person_id, r.affiliation_id, s.record, s.fingerprint, ${uow.now}::timestamptz
        from unnest(${ws.map((w) => w.u.recordKey)}::text[], ${ws.map((w) => w.personId)}::bigint[], ${ws.map((w) => w.affiliationId)}::bigint[])
          as r(record_key, person_id, affiliation_id)
        cross join lateral (select s.record_key, s.hash, s.record, s.fingerprint from snapshot_rows s
          where s.snapshot_id = ${snapshotId}::bigint and s.record_key = r.record_key and s.record <> 'null'::jsonb limit 1) s
        ${upsert}
        returning 1)
      select count(*)::int as n from w`.execute(uow.db);
    // The staged rows are read in this transaction and dropped only once the snapshot is applied; should one be
    // missing all the same, the batch fails whole rather than forget a record.
    if (done.n !== ws.length) throw new Error(`snapshot ${snapshotId}: ${ws.length - done.n} staged records are gone`);
  }
  if (sent.length)
    await sql`
      insert into source_records (source, record_key, hash, person_id, affiliation_id, record, fingerprint, updated_at)
      select ${source}, r.record_key, r.hash, r.person_id, r.affiliation_id, r.record, r.fingerprint, ${uow.now}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(sent.map((w) => ({ record_key: w.u.recordKey, hash: w.u.hash, person_id: w.personId, affiliation_id: w.affiliationId, record: w.u.record, fingerprint: w.u.fingerprint ?? null })))}::jsonb)
        as r(record_key text, hash text, person_id bigint, affiliation_id bigint, record jsonb, fingerprint text)
      ${upsert}`.execute(uow.db);
}
