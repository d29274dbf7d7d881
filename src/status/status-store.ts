import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import type { Because, Bridge, StatusInterval } from './derive.ts';
import { DEFAULT_LOOK_AHEAD_DAYS, deriveIntervals } from './derive.ts';
import { diffHistory, type HistoryOp, type StoredInterval } from './history-diff.ts';
import { type AffiliationFact, compileMatchers, type Matcher } from './matching.ts';
import type { DirectoryFlag, StatusMatch, StatusType } from './status-types.ts';
import { isoDate } from '../platform/dates.ts';

/**
 * Storage of ranked status: reading status types and the look-ahead setting, and the one
 * writer of `person_statuses`, `refreshPeople`. It loads the people's affiliations as facts,
 * derives their intervals (pure), diffs them against the stored history (pure) and applies
 * the operations with one statement per kind of write, recording each one in the audit
 * trail and the change log of the caller's unit of work. Everything that changes a person's
 * affiliations calls it in the same transaction, and the full recompute calls it batch by
 * batch, so both write exactly the same rows.
 */

/** The settings row that holds the look-ahead window. */
export const STATUS_SETTINGS_KEY = 'status';

export interface StatusSettings {
  /** Largest gap (in days) look-ahead bridges between two statuses of one category. */
  lookAheadDays: number;
}

export const defaultStatusSettings: StatusSettings = { lookAheadDays: DEFAULT_LOOK_AHEAD_DAYS };

/** A status type row as the API shows it (without the holder count). */
export interface StatusTypeRecord extends StatusType {
  version: number;
  createdAt: string;
  updatedAt: string;
}

type StatusTypeRow = {
  id: number;
  name: string;
  rank: number;
  category: string;
  card_label: string | null;
  directory: string;
  description: string;
  match: unknown;
  created_at: Date;
  updated_at: Date;
  version: number;
};

export function statusTypeOf(r: StatusTypeRow): StatusTypeRecord {
  return {
    id: r.id,
    name: r.name,
    rank: r.rank,
    category: r.category,
    cardLabel: r.card_label,
    directory: r.directory as DirectoryFlag,
    description: r.description,
    match: r.match as StatusMatch,
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** Every status type, highest rank first (ties: lower id). */
export async function loadStatusTypes(db: Kysely<DB>): Promise<StatusTypeRecord[]> {
  const rows = await db.selectFrom('status_types').selectAll().orderBy('rank', 'desc').orderBy('id').execute();
  return rows.map((r) => statusTypeOf(r as StatusTypeRow));
}

/** The look-ahead setting in force and its version (0 = never saved: the defaults apply). */
export async function readStatusSettings(db: Kysely<DB>): Promise<{ settings: StatusSettings; version: number }> {
  const row = await db
    .selectFrom('settings')
    .select(['value', 'version'])
    .where('key', '=', STATUS_SETTINGS_KEY)
    .executeTakeFirst();
  if (!row) return { settings: { ...defaultStatusSettings }, version: 0 };
  return { settings: { ...defaultStatusSettings, ...(row.value as Partial<StatusSettings>) }, version: row.version };
}

/** What a refresh needs besides the people: the types (compiled once), their names and the look-ahead. */
export interface StatusContext {
  types: StatusType[];
  matcher: Matcher;
  names: Map<number, string>;
  lookAheadDays: number;
}

function contextOf(types: StatusType[], settings: Partial<StatusSettings> | null): StatusContext | null {
  if (types.length === 0) return null;
  const lookAheadDays = { ...defaultStatusSettings, ...(settings ?? {}) }.lookAheadDays;
  return { types, matcher: compileMatchers(types), names: new Map(types.map((t) => [t.id, t.name])), lookAheadDays };
}

/** The refresh context, or null when no status type exists (then nobody can hold a status). */
export async function loadStatusContext(db: Kysely<DB>): Promise<StatusContext | null> {
  const types = await loadStatusTypes(db);
  if (types.length === 0) return null;
  return contextOf(types, (await readStatusSettings(db)).settings);
}

/** What one refresh wrote. */
export interface RefreshCounts {
  people: number;
  opened: number;
  updated: number;
  closed: number;
  deleted: number;
}

export function noChanges(people = 0): RefreshCounts {
  return { people, opened: 0, updated: 0, closed: 0, deleted: 0 };
}

export function addCounts(a: RefreshCounts, b: RefreshCounts): RefreshCounts {
  return {
    people: a.people + b.people,
    opened: a.opened + b.opened,
    updated: a.updated + b.updated,
    closed: a.closed + b.closed,
    deleted: a.deleted + b.deleted,
  };
}

/** Attribute values as the matcher compares them: text (numbers and booleans written out; null dropped). */
function attributeText(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === null || typeof value !== 'object') return out;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}

/**
 * One affiliation as the refresh query returns it: [id, person, source, kind, org, path, code, title, codes, from, to,
 * attributes].
 */
type FactTuple = [
  number,
  number,
  string,
  string,
  number,
  string,
  string,
  string | null,
  string[] | null,
  string | null,
  string | null,
  unknown,
];
/** One stored interval as the refresh query returns it: [id, person, type, start, end, bridgedTo, because]. */
type StoredTuple = [number, number, number, string | null, string | null, Bridge | null, Because[] | null];

function factOf(r: FactTuple): AffiliationFact {
  return {
    id: r[0],
    personId: r[1],
    source: r[2],
    kind: r[3],
    orgId: r[4],
    orgPath: r[5],
    orgCode: r[6],
    title: r[7],
    codes: r[8] ?? [],
    validFrom: r[9],
    validTo: r[10],
    attributes: attributeText(r[11]),
  };
}

function storedOf(r: StoredTuple): StoredInterval {
  return {
    id: r[0],
    statusTypeId: r[2],
    start: r[3],
    end: r[4],
    bridgedTo: r[5] ?? null,
    because: r[6] ?? [],
  };
}

function groupBy<T>(items: T[], key: (item: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/**
 * The affiliations (as facts) and stored status history of these people, grouped by
 * person, in one round trip. Read after the people are locked, so a concurrent refresh of
 * the same person has committed (or not begun) by then. Each person is a LATERAL index
 * probe, whatever the planner's statistics say: a first recompute fills `person_statuses`
 * long before anything analyses it, and with `= any(ids)` on a table without statistics
 * the planner expects every row to match and scans the whole table for each batch (the
 * recompute then slows with every batch: 0.56 s a batch at 357,000 rows, issue 19). Built
 * as `json`, not `jsonb`: the text form costs the server less and parses the same.
 */
export async function loadFactsAndHistory(
  db: Kysely<DB>,
  personIds: number[],
): Promise<{ facts: Map<number, AffiliationFact[]>; stored: Map<number, StoredInterval[]> }> {
  const {
    rows: [row],
  } = await sql<{ facts: FactTuple[] | null; stored: StoredTuple[] | null }>`
    select
      (select json_agg(json_build_array(a.id, a.person_id, a.source, a.kind, a.org_id, u.path, u.code, a.title, a.codes, a.valid_from, a.valid_to, a.attributes))
         from unnest(${personIds}::bigint[]) as k(id)
         cross join lateral (select * from affiliations a where a.person_id = k.id offset 0) a
         join org_units u on u.id = a.org_id) as facts,
      (select json_agg(json_build_array(s.id, s.person_id, s.status_type_id, s.start_date, s.end_date, s.bridged_to, s.because))
         from unnest(${personIds}::bigint[]) as k(id)
         cross join lateral (select * from person_statuses s where s.person_id = k.id offset 0) s) as stored`.execute(
    db,
  );
  return {
    facts: groupBy((row.facts ?? []).map(factOf), (f) => f.personId),
    stored: new Map([...groupBy(row.stored ?? [], (r) => r[1]).entries()].map(([k, list]) => [k, list.map(storedOf)])),
  };
}

/** An interval as the audit trail and change log carry it: with the person and the status's name. */
function described(personId: number, i: StatusInterval, names: Map<number, string>) {
  return {
    personId,
    statusTypeId: i.statusTypeId,
    status: names.get(i.statusTypeId) ?? null,
    start: i.start,
    end: i.end,
    bridgedTo: i.bridgedTo === null ? null : { ...i.bridgedTo, status: names.get(i.bridgedTo.statusTypeId) ?? null },
    because: i.because,
  };
}

const opNames = { open: 'opened', update: 'updated', close: 'closed', delete: 'deleted' } as const;
const reasons = {
  close: 'no affiliation gives this status any more',
  superseded: 'superseded by a corrected interval of the same status',
  'not-started': 'it had not started and no affiliation gives it any more',
} as const;

interface PersonOp {
  personId: number;
  op: HistoryOp;
}

function rowOf(id: number, personId: number, i: StatusInterval) {
  return {
    id,
    person_id: personId,
    status_type_id: i.statusTypeId,
    start_date: i.start,
    end_date: i.end,
    bridged_to: i.bridgedTo,
    because: i.because,
  };
}

/**
 * Brings the status history of these people up to date with their affiliations, inside the
 * caller's unit of work (so it commits, or not, with the change that caused it). The people
 * rows are locked in id order before the history is read, so two refreshes of one person
 * never interleave; with `lock: 'on-change'` (the full recompute) the read comes first and
 * only the people with something to write are locked and read again.
 * Costs one query and nothing else when no status type exists; otherwise one more to read,
 * and one statement per kind of write. `reason` goes on the audit rows of opened and
 * updated statuses (closed and deleted ones say why they went).
 */
export async function refreshPeople(
  uow: UnitOfWork,
  personIds: readonly number[],
  options: { reason?: string; lock?: 'first' | 'on-change' } = {},
): Promise<RefreshCounts> {
  const ids = [...new Set(personIds.filter((id) => Number.isSafeInteger(id) && id > 0))].sort((a, b) => a - b);
  if (ids.length === 0) return noChanges();
  const db = uow.db;
  const lockFirst = (options.lock ?? 'first') === 'first';
  // One statement: the types and the look-ahead, and, only if any type exists (and the caller
  // expects changes), the people locked in id order. It also turns JIT off for the rest of
  // the transaction: without statistics on person_statuses the planner prices the history's
  // index probes far above jit_above_cost and would spend seconds compiling a 50 ms read.
  const {
    rows: [head],
  } = await sql<{ types: StatusTypeRow[] | null; settings: Partial<StatusSettings> | null }>`
    select
      set_config('jit', 'off', true) as jit,
      (select jsonb_agg(to_jsonb(t) order by t.rank desc, t.id) from status_types t) as types,
      (select value from settings where key = ${STATUS_SETTINGS_KEY}) as settings,
      case when ${lockFirst} and exists (select 1 from status_types) then
        (select count(*) from (select id from people where id = any(${ids}::bigint[]) order by id for no key update) locked)
      end as locked`.execute(db);
  const context = contextOf((head.types ?? []).map(statusTypeOf), head.settings);
  if (context === null) return noChanges(ids.length);
  const today = isoDate(uow.now);
  const diff = async (people: number[]): Promise<PersonOp[]> => {
    const { facts, stored } = await loadFactsAndHistory(db, people);
    const out: PersonOp[] = [];
    for (const personId of people) {
      const derived = deriveIntervals(facts.get(personId) ?? [], context.matcher, {
        lookAheadDays: context.lookAheadDays,
      });
      for (const op of diffHistory(stored.get(personId) ?? [], derived, today).ops) out.push({ personId, op });
    }
    return out;
  };
  let ops = await diff(ids);
  if (!lockFirst && ops.length) {
    // Read without locks (a recompute over people whose history is up to date writes nothing,
    // not even a row lock); lock only those with something to write, and decide again on
    // what they hold once locked.
    const changing = [...new Set(ops.map((o) => o.personId))];
    await sql`select id from people where id = any(${changing}::bigint[]) order by id for no key update`.execute(db);
    ops = await diff(changing);
  }
  const counts = noChanges(ids.length);
  if (ops.length === 0) return counts;

  const opens = ops.flatMap((o) => (o.op.op === 'open' ? [{ personId: o.personId, after: o.op.after }] : []));
  const newIds: number[] = [];
  if (opens.length) {
    const { rows } = await sql<{
      id: number;
    }>`select nextval(pg_get_serial_sequence('person_statuses', 'id')) as id from generate_series(1, ${opens.length})`.execute(
      db,
    );
    for (const r of rows) newIds.push(r.id);
    const records = opens.map((o, i) => rowOf(newIds[i], o.personId, o.after));
    await sql`
      insert into person_statuses (id, person_id, status_type_id, start_date, end_date, bridged_to, because, created_at, updated_at)
      select r.id, r.person_id, r.status_type_id, r.start_date, r.end_date, r.bridged_to, r.because, ${uow.now}::timestamptz, ${uow.now}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
        as r(id bigint, person_id bigint, status_type_id bigint, start_date date, end_date date, bridged_to jsonb, because jsonb)`.execute(
      db,
    );
  }
  const changes = ops.flatMap((o) =>
    o.op.op === 'update' || o.op.op === 'close' ? [rowOf(o.op.id, o.personId, o.op.after)] : [],
  );
  if (changes.length) {
    await sql`
      update person_statuses p set start_date = r.start_date, end_date = r.end_date, bridged_to = r.bridged_to, because = r.because, updated_at = ${uow.now}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as r(id bigint, start_date date, end_date date, bridged_to jsonb, because jsonb)
      where p.id = r.id`.execute(db);
  }
  const deletes = ops.flatMap((o) => (o.op.op === 'delete' ? [o.op.id] : []));
  if (deletes.length) await sql`delete from person_statuses where id = any(${deletes}::bigint[])`.execute(db);

  let opened = 0;
  for (const { personId, op } of ops) {
    const entry = { op: opNames[op.op], targetType: 'person_status', action: `status.${op.op}` };
    switch (op.op) {
      case 'open':
        uow.record({
          ...entry,
          targetId: newIds[opened++],
          after: described(personId, op.after, context.names),
          reason: options.reason ?? null,
        });
        counts.opened += 1;
        break;
      case 'delete':
        uow.record({
          ...entry,
          targetId: op.id,
          before: described(personId, op.before, context.names),
          reason: reasons[op.reason],
        });
        counts.deleted += 1;
        break;
      case 'update':
      case 'close':
        uow.record({
          ...entry,
          targetId: op.id,
          before: described(personId, op.before, context.names),
          after: described(personId, op.after, context.names),
          reason: op.op === 'close' ? reasons.close : (options.reason ?? null),
        });
        counts[op.op === 'close' ? 'closed' : 'updated'] += 1;
        break;
      default: {
        const unknown: never = op;
        throw new Error(`unknown history operation ${JSON.stringify(unknown)}`);
      }
    }
  }
  return counts;
}

/**
 * Refreshes everyone affiliated to a unit of this subtree, after the subtree moved. Only a
 * status type that matches on an org subtree can change with a move, so without one this
 * is one query.
 */
export async function refreshPeopleUnder(
  uow: UnitOfWork,
  paths: readonly string[],
  reason?: string,
): Promise<RefreshCounts> {
  if (paths.length === 0) return noChanges();
  const context = await loadStatusContext(uow.db);
  if (context === null || !context.types.some((t) => t.match.orgPath !== undefined)) return noChanges();
  const { rows } = await sql<{ person_id: number }>`
    select distinct a.person_id from affiliations a join org_units u on u.id = a.org_id
    where u.path like any(${paths.map((p) => `${p}%`)}::text[])`.execute(uow.db);
  return refreshPeople(
    uow,
    rows.map((r) => r.person_id),
    { reason },
  );
}

/** A stored interval with its status type's current name, rank and flags: what the person page shows. */
export interface StatusRow extends StoredInterval {
  personId: number;
  name: string;
  rank: number;
  category: string;
  cardLabel: string | null;
  directory: DirectoryFlag;
}

/** A person's stored status history with each type's current facts, oldest first. */
export async function statusRowsOf(db: Kysely<DB>, personId: number): Promise<StatusRow[]> {
  const { rows } = await sql<{
    id: number;
    person_id: number;
    status_type_id: number;
    start_date: string | null;
    end_date: string | null;
    bridged_to: Bridge | null;
    because: Because[];
    name: string;
    rank: number;
    category: string;
    card_label: string | null;
    directory: DirectoryFlag;
  }>`
    select s.id, s.person_id, s.status_type_id, s.start_date, s.end_date, s.bridged_to, s.because, t.name, t.rank, t.category, t.card_label, t.directory
    from person_statuses s join status_types t on t.id = s.status_type_id
    where s.person_id = ${personId}
    order by s.start_date asc nulls first, t.rank desc, t.id, s.id`.execute(db);
  return rows.map((r) => ({
    ...storedOf([r.id, r.person_id, r.status_type_id, r.start_date, r.end_date, r.bridged_to, r.because]),
    personId: r.person_id,
    name: r.name,
    rank: r.rank,
    category: r.category,
    cardLabel: r.card_label,
    directory: r.directory,
  }));
}
