import { type Kysely, sql } from 'kysely';
import { isoDate } from '../platform/clock.ts';
import type { DB } from '../platform/db/schema.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import type { Because, Bridge, StatusInterval } from './derive.ts';
import { DEFAULT_LOOK_AHEAD_DAYS, deriveIntervals } from './derive.ts';
import { diffHistory, type HistoryOp, type StoredInterval } from './history-diff.ts';
import { type AffiliationFact, compileMatchers, type Matcher } from './matching.ts';
import type { DirectoryFlag, StatusMatch, StatusType } from './status-types.ts';

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

type StatusTypeRow = { id: number; name: string; rank: number; category: string; card_label: string | null; directory: string; description: string; match: unknown; created_at: Date; updated_at: Date; version: number };

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
  const row = await db.selectFrom('settings').select(['value', 'version']).where('key', '=', STATUS_SETTINGS_KEY).executeTakeFirst();
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

/** The refresh context, or null when no status type exists (then nobody can hold a status). */
export async function loadStatusContext(db: Kysely<DB>): Promise<StatusContext | null> {
  const types = await loadStatusTypes(db);
  if (types.length === 0) return null;
  const { settings } = await readStatusSettings(db);
  return { types, matcher: compileMatchers(types), names: new Map(types.map((t) => [t.id, t.name])), lookAheadDays: settings.lookAheadDays };
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
  return { people: a.people + b.people, opened: a.opened + b.opened, updated: a.updated + b.updated, closed: a.closed + b.closed, deleted: a.deleted + b.deleted };
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

interface FactRow {
  id: number;
  person_id: number;
  source: string;
  kind: string;
  org_id: number;
  org_path: string;
  org_code: string;
  title: string | null;
  codes: string[] | null;
  valid_from: string | null;
  valid_to: string | null;
  attributes: unknown;
}

/** The affiliations of these people as the status rules see them, grouped by person. */
export async function loadFacts(db: Kysely<DB>, personIds: number[]): Promise<Map<number, AffiliationFact[]>> {
  const out = new Map<number, AffiliationFact[]>();
  if (personIds.length === 0) return out;
  const { rows } = await sql<FactRow>`
    select a.id, a.person_id, a.source, a.kind, a.org_id, u.path as org_path, u.code as org_code, a.title, a.codes, a.valid_from, a.valid_to, a.attributes
    from affiliations a join org_units u on u.id = a.org_id
    where a.person_id = any(${personIds}::bigint[])`.execute(db);
  for (const r of rows) {
    const fact: AffiliationFact = {
      id: Number(r.id),
      personId: Number(r.person_id),
      source: r.source,
      kind: r.kind,
      orgId: Number(r.org_id),
      orgPath: r.org_path,
      orgCode: r.org_code,
      title: r.title,
      codes: r.codes ?? [],
      validFrom: r.valid_from,
      validTo: r.valid_to,
      attributes: attributeText(r.attributes),
    };
    const list = out.get(fact.personId);
    if (list) list.push(fact);
    else out.set(fact.personId, [fact]);
  }
  return out;
}

interface StoredRow {
  id: number;
  person_id: number;
  status_type_id: number;
  start_date: string | null;
  end_date: string | null;
  bridged_to: Bridge | null;
  because: Because[];
}

/** A stored row as the pure history diff sees it. */
function storedOf(r: StoredRow): StoredInterval {
  return { id: Number(r.id), statusTypeId: Number(r.status_type_id), start: r.start_date, end: r.end_date, bridgedTo: r.bridged_to ?? null, because: r.because ?? [] };
}

/** The stored status history of these people, grouped by person. */
export async function loadStored(db: Kysely<DB>, personIds: number[]): Promise<Map<number, StoredInterval[]>> {
  const out = new Map<number, StoredInterval[]>();
  if (personIds.length === 0) return out;
  const { rows } = await sql<StoredRow>`
    select id, person_id, status_type_id, start_date, end_date, bridged_to, because
    from person_statuses where person_id = any(${personIds}::bigint[])`.execute(db);
  for (const r of rows) {
    const personId = Number(r.person_id);
    const list = out.get(personId);
    if (list) list.push(storedOf(r));
    else out.set(personId, [storedOf(r)]);
  }
  return out;
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
  return { id, person_id: personId, status_type_id: i.statusTypeId, start_date: i.start, end_date: i.end, bridged_to: i.bridgedTo, because: i.because };
}

/**
 * Brings the status history of these people up to date with their affiliations, inside the
 * caller's unit of work (so it commits, or not, with the change that caused it). The people
 * rows are locked in id order first, so two refreshes of one person never interleave.
 * Costs one query and nothing else when no status type exists. `context` lets a caller that
 * refreshes many batches load the types once per batch; `reason` goes on every audit row.
 */
export async function refreshPeople(uow: UnitOfWork, personIds: readonly number[], options: { context?: StatusContext | null; reason?: string } = {}): Promise<RefreshCounts> {
  const ids = [...new Set(personIds.filter((id) => Number.isSafeInteger(id) && id > 0))].sort((a, b) => a - b);
  if (ids.length === 0) return noChanges();
  const context = options.context === undefined ? await loadStatusContext(uow.db) : options.context;
  if (context === null) return noChanges(ids.length);
  const db = uow.db;
  await sql`select id from people where id = any(${ids}::bigint[]) order by id for no key update`.execute(db);
  const facts = await loadFacts(db, ids);
  const stored = await loadStored(db, ids);
  const today = isoDate(uow.now);
  const ops: PersonOp[] = [];
  for (const personId of ids) {
    const derived = deriveIntervals(facts.get(personId) ?? [], context.matcher, { lookAheadDays: context.lookAheadDays });
    for (const op of diffHistory(stored.get(personId) ?? [], derived, today).ops) ops.push({ personId, op });
  }
  const counts = noChanges(ids.length);
  if (ops.length === 0) return counts;

  const opens = ops.flatMap((o) => (o.op.op === 'open' ? [{ personId: o.personId, after: o.op.after }] : []));
  const newIds: number[] = [];
  if (opens.length) {
    const { rows } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('person_statuses', 'id')) as id from generate_series(1, ${opens.length})`.execute(db);
    for (const r of rows) newIds.push(Number(r.id));
    const records = opens.map((o, i) => rowOf(newIds[i], o.personId, o.after));
    await sql`
      insert into person_statuses (id, person_id, status_type_id, start_date, end_date, bridged_to, because, created_at, updated_at)
      select r.id, r.person_id, r.status_type_id, r.start_date, r.end_date, r.bridged_to, r.because, ${uow.now}::timestamptz, ${uow.now}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(records)}::jsonb)
        as r(id bigint, person_id bigint, status_type_id bigint, start_date date, end_date date, bridged_to jsonb, because jsonb)`.execute(db);
  }
  const changes = ops.flatMap((o) => (o.op.op === 'update' || o.op.op === 'close' ? [rowOf(o.op.id, o.personId, o.op.after)] : []));
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
    if (op.op === 'open') {
      uow.record({ ...entry, targetId: newIds[opened++], after: described(personId, op.after, context.names), reason: options.reason ?? null });
      counts.opened += 1;
    } else if (op.op === 'delete') {
      uow.record({ ...entry, targetId: op.id, before: described(personId, op.before, context.names), reason: reasons[op.reason] });
      counts.deleted += 1;
    } else {
      uow.record({ ...entry, targetId: op.id, before: described(personId, op.before, context.names), after: described(personId, op.after, context.names), reason: op.op === 'close' ? reasons.close : options.reason ?? null });
      counts[op.op === 'close' ? 'closed' : 'updated'] += 1;
    }
  }
  return counts;
}

/**
 * Refreshes everyone affiliated to a unit of this subtree, after the subtree moved. Only a
 * status type that matches on an org subtree can change with a move, so without one this
 * is one query.
 */
export async function refreshPeopleUnder(uow: UnitOfWork, paths: readonly string[], reason?: string): Promise<RefreshCounts> {
  if (paths.length === 0) return noChanges();
  const context = await loadStatusContext(uow.db);
  if (context === null || !context.types.some((t) => t.match.orgPath !== undefined)) return noChanges();
  const { rows } = await sql<{ person_id: number }>`
    select distinct a.person_id from affiliations a join org_units u on u.id = a.org_id
    where u.path like any(${paths.map((p) => `${p}%`)}::text[])`.execute(uow.db);
  return refreshPeople(uow, rows.map((r) => Number(r.person_id)), { context, reason });
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
  const { rows } = await sql<StoredRow & { name: string; rank: number; category: string; card_label: string | null; directory: DirectoryFlag }>`
    select s.id, s.person_id, s.status_type_id, s.start_date, s.end_date, s.bridged_to, s.because, t.name, t.rank, t.category, t.card_label, t.directory
    from person_statuses s join status_types t on t.id = s.status_type_id
    where s.person_id = ${personId}
    order by s.start_date asc nulls first, t.rank desc, t.id, s.id`.execute(db);
  return rows.map((r) => ({ ...storedOf(r), personId: Number(r.person_id), name: r.name, rank: r.rank, category: r.category, cardLabel: r.card_label, directory: r.directory }));
}
