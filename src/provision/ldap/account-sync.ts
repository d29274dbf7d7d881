import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { SyncedAccount } from './ldap-plan.ts';
import { personSyncRows } from '../sync-rows.ts';

/** The sync table's account rows: what Steward last wrote for each person, read and written a page at a time. */
type Db = Kysely<DB>;

export interface WrittenAccount {
  attributes: Record<string, string[]>;
  groups: string[];
  collision?: boolean;
}

export async function syncedAccounts(db: Db, targetId: number, ids: number[]): Promise<Map<number, SyncedAccount>> {
  const out = new Map<number, SyncedAccount>();
  if (ids.length === 0) return out;
  const rows = await personSyncRows(db, targetId, ids);
  for (const r of rows) {
    const w = r.written as unknown as WrittenAccount;
    out.set(r.object_id, {
      dn: r.remote_id,
      attributes: w.attributes ?? {},
      groups: w.groups ?? [],
      disabled: r.state === 'disabled',
      disabledAt: (r.disabled_at as Date | null) ?? null,
    });
  }
  return out;
}

/** Which of `dns` another object of the target holds (lower-cased DN → object id). */
export async function takenDns(db: Db, targetId: number, dns: string[]): Promise<Map<string, number>> {
  if (dns.length === 0) return new Map();
  const lower = dns.map((d) => d.toLowerCase());
  const { rows } = await sql<{ dn: string; object_id: number }>`
    select lower(remote_id) as dn, object_id from provision_objects
    where target_id = ${targetId} and object_type = 'person' and lower(remote_id) = any(${lower}::text[])`.execute(db);
  return new Map(rows.map((r) => [r.dn, r.object_id]));
}

export interface Outcome {
  id: number;
  since: Date;
  next: SyncedAccount | null;
  collision: boolean;
  /** Group joins are still to be written at the end of the pass: the person stays queued until then. */
  joinsPending?: boolean;
}

export interface Failure {
  id: number;
  since: Date;
  error: string;
  state: 'retrying' | 'waiting';
  nextAt: Date;
}

/** Records a page's results in one transaction: sync rows written or removed, queue rows done or failed. */
export async function recordPage(
  db: Db,
  targetId: number,
  done: Outcome[],
  failed: Failure[],
  now: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const kept = done.filter((d) => d.next !== null);
    const gone = done.filter((d) => d.next === null).map((d) => d.id);
    if (gone.length)
      await sql`delete from provision_objects where target_id = ${targetId} and object_type = 'person'
        and object_id = any(${gone}::bigint[])`.execute(trx);
    if (kept.length) {
      const rows = kept.map((d) => ({
        id: d.id,
        dn: d.next!.dn,
        state: d.next!.disabled ? 'disabled' : 'active',
        written: {
          attributes: d.next!.attributes,
          groups: d.next!.groups,
          ...(d.collision ? { collision: true } : {}),
        },
        disabled_at: d.next!.disabledAt?.toISOString() ?? null,
      }));
      // Two objects may swap DNs within a page: clear the names first, then write them.
      await sql`delete from provision_objects where target_id = ${targetId} and object_type = 'person'
        and object_id = any(${kept.map((k) => k.id)}::bigint[])`.execute(trx);
      await sql`insert into provision_objects (target_id, object_type, object_id, remote_id, state, written, disabled_at, written_at)
        select ${targetId}, 'person', r.id, r.dn, r.state, r.written, r.disabled_at, ${now}
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id bigint, dn text, state text, written jsonb, disabled_at timestamptz)`.execute(
        trx,
      );
    }
    const finished = done.filter((d) => !d.joinsPending);
    if (finished.length)
      await sql`delete from provision_pending p using jsonb_to_recordset(${JSON.stringify(finished.map((d) => ({ id: d.id, since: d.since })))}::jsonb) as d(id bigint, since timestamptz)
        where p.target_id = ${targetId} and p.object_type = 'person' and p.object_id = d.id and p.since = d.since`.execute(
        trx,
      );
    if (failed.length)
      await sql`update provision_pending p set attempts = p.attempts + 1, last_error = f.error, state = f.state, next_at = f.next_at
        from jsonb_to_recordset(${JSON.stringify(failed.map((f) => ({ id: f.id, since: f.since, error: f.error, state: f.state, next_at: f.nextAt })))}::jsonb)
          as f(id bigint, since timestamptz, error text, state text, next_at timestamptz)
        where p.target_id = ${targetId} and p.object_type = 'person' and p.object_id = f.id and p.since = f.since`.execute(
        trx,
      );
  });
}

/** After a pass's group joins were written: the people's sync rows get those groups, and they leave the queue. */
export async function recordJoins(
  db: Db,
  targetId: number,
  joined: { id: number; since: Date; groups: string[] }[],
): Promise<void> {
  if (joined.length === 0) return;
  const rows = JSON.stringify(joined.map((j) => ({ id: j.id, since: j.since, groups: j.groups })));
  await db.transaction().execute(async (trx) => {
    await sql`update provision_objects o set written = jsonb_set(o.written, '{groups}', j.groups)
      from jsonb_to_recordset(${rows}::jsonb) as j(id bigint, since timestamptz, groups jsonb)
      where o.target_id = ${targetId} and o.object_type = 'person' and o.object_id = j.id`.execute(trx);
    await sql`delete from provision_pending p using jsonb_to_recordset(${rows}::jsonb) as j(id bigint, since timestamptz, groups jsonb)
      where p.target_id = ${targetId} and p.object_type = 'person' and p.object_id = j.id and p.since = j.since`.execute(
      trx,
    );
  });
}
