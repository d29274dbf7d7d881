import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { SyncedUser } from './scim-plan-rules.ts';
import { personSyncRows } from '../sync-rows.ts';

/**
 * The sync table's rows of a SCIM target: per person the application's user id
 * (`remote_id` `Users/<id>`), the values and groups Steward last wrote, active or
 * deactivated; per pushed group its SCIM id (`Groups/<id>`). Recorded a page at a time,
 * together with the queue rows done or failed.
 */
type Db = Kysely<DB>;

export const userRemoteId = (id: string) => `Users/${id}`;
export const groupRemoteId = (id: string) => `Groups/${id}`;
const localId = (remote: string) => remote.slice(remote.indexOf('/') + 1);

export async function syncedUsers(db: Db, targetId: number, ids: number[]): Promise<Map<number, SyncedUser>> {
  const out = new Map<number, SyncedUser>();
  if (ids.length === 0) return out;
  const rows = await personSyncRows(db, targetId, ids);
  for (const r of rows) {
    const w = r.written as { values?: Record<string, string>; groups?: string[] };
    out.set(r.object_id, {
      id: localId(r.remote_id),
      values: w.values ?? {},
      groups: w.groups ?? [],
      active: r.state === 'active',
      disabledAt: (r.disabled_at as Date | null) ?? null,
    });
  }
  return out;
}

export interface UserOutcome {
  id: number;
  since: Date;
  next: SyncedUser | null;
}

export interface UserFailure {
  id: number;
  since: Date;
  error: string;
  state: 'retrying' | 'waiting';
  nextAt: Date;
  /** A 429 or 503: the try is not counted against the target's maximum. */
  throttled?: boolean;
}

/** Records a page in one transaction: sync rows written or removed, queue rows done or failed. */
export async function recordUsers(
  db: Db,
  targetId: number,
  done: UserOutcome[],
  failed: UserFailure[],
  now: Date,
): Promise<void> {
  if (done.length === 0 && failed.length === 0) return;
  await db.transaction().execute(async (trx) => {
    if (done.length)
      await sql`delete from provision_objects where target_id = ${targetId} and object_type = 'person'
        and object_id = any(${done.map((d) => d.id)}::bigint[])`.execute(trx);
    const kept = done.filter((d) => d.next !== null);
    if (kept.length) {
      const rows = kept.map((d) => ({
        id: d.id,
        remote: userRemoteId(d.next!.id),
        state: d.next!.active ? 'active' : 'disabled',
        written: { values: d.next!.values, groups: d.next!.groups },
        disabled_at: d.next!.disabledAt?.toISOString() ?? null,
      }));
      await sql`insert into provision_objects (target_id, object_type, object_id, remote_id, state, written, disabled_at, written_at)
        select ${targetId}, 'person', r.id, r.remote, r.state, r.written, r.disabled_at, ${now}
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id bigint, remote text, state text, written jsonb, disabled_at timestamptz)`.execute(
        trx,
      );
    }
    if (done.length)
      await sql`delete from provision_pending p using jsonb_to_recordset(${JSON.stringify(done.map((d) => ({ id: d.id, since: d.since })))}::jsonb) as d(id bigint, since timestamptz)
        where p.target_id = ${targetId} and p.object_type = 'person' and p.object_id = d.id and p.since = d.since`.execute(
        trx,
      );
    if (failed.length) {
      const rows = failed.map((f) => ({
        id: f.id,
        since: f.since,
        error: f.error,
        state: f.state,
        next_at: f.nextAt,
        add: f.throttled ? 0 : 1,
      }));
      await sql`update provision_pending p set attempts = p.attempts + f.add, last_error = f.error, state = f.state, next_at = f.next_at
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as f(id bigint, since timestamptz, error text, state text, next_at timestamptz, add int)
        where p.target_id = ${targetId} and p.object_type = 'person' and p.object_id = f.id`.execute(trx);
    }
  });
}

/** The application asked to wait: nothing of the target's queue is tried before `until`. */
export async function holdQueueUntil(db: Db, targetId: number, until: Date): Promise<void> {
  await db
    .updateTable('provision_pending')
    .set({ next_at: until })
    .where('target_id', '=', targetId)
    .where('next_at', '<', until)
    .execute();
}

/** The pushed groups' SCIM ids and the names they were written with (key → row). */
export async function syncedGroups(db: Db, targetId: number): Promise<Map<string, { id: string; name: string }>> {
  const rows = await db
    .selectFrom('provision_objects')
    .select(['object_type', 'object_id', 'remote_id', 'written'])
    .where('target_id', '=', targetId)
    .where('object_type', 'in', ['group', 'role'])
    .execute();
  return new Map(
    rows.map((r) => [
      `${r.object_type}:${r.object_id}`,
      { id: localId(r.remote_id), name: String((r.written as { name?: string }).name ?? '') },
    ]),
  );
}

export async function recordGroup(
  db: Db,
  targetId: number,
  g: { type: 'group' | 'role'; id: number; name: string },
  scimId: string,
  now: Date,
): Promise<void> {
  await sql`insert into provision_objects (target_id, object_type, object_id, remote_id, state, written, written_at)
    values (${targetId}, ${g.type}, ${g.id}, ${groupRemoteId(scimId)}, 'active', ${JSON.stringify({ name: g.name })}::jsonb, ${now})
    on conflict (target_id, object_type, object_id) do update
      set remote_id = excluded.remote_id, written = excluded.written, written_at = excluded.written_at`.execute(db);
}
