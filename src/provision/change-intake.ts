import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { ProvisionObjectType } from '../platform/db/provision-tables.ts';
import { isoDate } from '../platform/dates.ts';

/**
 * From the change log to the objects a target must bring in step. Each pass reads the log
 * after the target's cursor, works out which people, groups and units the entries touch,
 * queues them (one row per object: a later change of a queued object only brings its turn
 * forward), and moves the cursor, in one transaction: a crash either queues and moves, or
 * neither. Desired state is worked out later from the current facts, never from the entry.
 */
export interface ChangeRow {
  position: number;
  entity_type: string;
  entity_id: string;
  op: string;
  data: Record<string, unknown> | null;
}

export interface Touched {
  people: Set<number>;
  groups: Set<number>;
  units: Set<number>;
  /** Groups whose current members are touched (a role assigned to a group). */
  memberGroups: Set<number>;
}

const BATCH = 5000;
const num = (v: unknown): number | null => {
  const n = Number(v);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
};

/** Which objects one change-log entry touches. Pure. */
export function touchedBy(rows: ChangeRow[], followedGroups: ReadonlySet<number>): Touched {
  const t: Touched = { people: new Set(), groups: new Set(), units: new Set(), memberGroups: new Set() };
  const person = (v: unknown) => {
    const id = num(v);
    if (id !== null) t.people.add(id);
  };
  for (const r of rows) {
    const d = r.data ?? {};
    switch (r.entity_type) {
      case 'person':
        person(r.entity_id);
        person(d.into);
        person(d.survivorId);
        break;
      case 'affiliation':
      case 'person_status':
        person(d.personId);
        break;
      case 'group_effective':
        if (followedGroups.has(Number(r.entity_id)))
          for (const p of (d.personIds as unknown[] | undefined) ?? []) person(p);
        break;
      case 'group':
        if (followedGroups.has(Number(r.entity_id))) t.groups.add(Number(r.entity_id));
        break;
      case 'access_assignment': {
        const s = d.subject as { type?: string; id?: unknown } | undefined;
        if (s?.type === 'person') person(s.id);
        else if (s?.type === 'group' && num(s.id)) t.memberGroups.add(num(s.id)!);
        break;
      }
      case 'org':
        if (num(r.entity_id)) t.units.add(num(r.entity_id)!);
        break;
      default:
        break;
    }
  }
  return t;
}

type Tx = Transaction<DB>;

/** Queues objects (a queued object's turn comes now, its tries start again). */
export async function enqueue(
  db: Tx | Kysely<DB>,
  targetId: number,
  type: ProvisionObjectType,
  ids: number[],
  now: Date,
): Promise<void> {
  for (let i = 0; i < ids.length; i += 10_000) {
    const part = ids.slice(i, i + 10_000);
    await sql`
      insert into provision_pending (target_id, object_type, object_id, since, attempts, next_at, state)
      select ${targetId}, ${type}, x, ${now}, 0, ${now}, 'pending' from unnest(${part}::bigint[]) x
      on conflict (target_id, object_type, object_id)
      do update set since = excluded.since, attempts = 0, next_at = excluded.next_at, state = 'pending'`.execute(db);
  }
}

async function membersOf(db: Tx, groups: number[], now: Date): Promise<number[]> {
  if (groups.length === 0) return [];
  const { rows } = await sql<{ person_id: number }>`
    select distinct person_id from group_effective_members where group_id = any(${groups}::bigint[])
      and (valid_from is null or valid_from <= ${now}) and (valid_until is null or valid_until > ${now})`.execute(db);
  return rows.map((r) => r.person_id);
}

/**
 * Date-driven changes since the last day evaluated: statuses that began or ended, followed
 * group memberships that began or ended, disabled accounts whose retention ran out.
 */
async function dueByDate(db: Tx, targetId: number, from: string, today: string, groups: number[], now: Date) {
  const { rows } = await sql<{ person_id: number }>`
    select person_id from person_statuses
    where (start_date > ${from}::date and start_date <= ${today}::date) or (end_date >= ${from}::date and end_date < ${today}::date)
    union
    select person_id from group_effective_members where group_id = any(${groups}::bigint[])
      and ((valid_from > ${from}::date and valid_from <= ${now}) or (valid_until > ${from}::date and valid_until <= ${now}))
    union
    select object_id from provision_objects where target_id = ${targetId} and object_type = 'person' and state = 'disabled'`.execute(
    db,
  );
  return rows.map((r) => r.person_id);
}

export interface IntakeResult {
  read: number;
  queued: number;
  cursor: number;
}

/** Reads the log after the target's cursor (to the head, in batches) and queues what it touches. */
export async function intake(
  db: Kysely<DB>,
  targetId: number,
  followedGroups: number[],
  now: Date,
): Promise<IntakeResult> {
  const followed = new Set(followedGroups);
  let read = 0;
  let queued = 0;
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      const target = await trx
        .selectFrom('provision_targets')
        .select(['cursor', 'evaluated_on'])
        .where('id', '=', targetId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const { rows } = await sql<ChangeRow>`
        select position, entity_type, entity_id, op, data from change_log
        where position > ${target.cursor} order by position limit ${BATCH}`.execute(trx);
      const t = touchedBy(rows, followed);
      const today = isoDate(now);
      let byDate: number[] = [];
      if (target.evaluated_on !== null && target.evaluated_on < today)
        byDate = await dueByDate(trx, targetId, target.evaluated_on, today, followedGroups, now);
      const people = [...new Set([...t.people, ...byDate, ...(await membersOf(trx, [...t.memberGroups], now))])];
      await enqueue(trx, targetId, 'person', people, now);
      await enqueue(trx, targetId, 'group', [...t.groups], now);
      await enqueue(trx, targetId, 'unit', [...t.units], now);
      const cursor = rows.length ? rows[rows.length - 1].position : target.cursor;
      await trx
        .updateTable('provision_targets')
        .set({ cursor, evaluated_on: today })
        .where('id', '=', targetId)
        .execute();
      read += rows.length;
      queued += people.length + t.groups.size + t.units.size;
      return { cursor, more: rows.length === BATCH };
    });
    if (!done.more) return { read, queued, cursor: done.cursor };
  }
}
