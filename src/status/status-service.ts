import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { invalid, notFound } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { guardedPreview } from '../platform/mass-change/mass-change-guard.ts';
import { displayName } from '../registry/names.ts';
import { currentOrgPaths } from '../registry/person-store.ts';
import { lastBefore, statusesOn } from './derive.ts';
import {
  addCounts,
  loadStatusContext,
  noChanges,
  refreshPeople,
  type RefreshCounts,
  type StatusRow,
  statusRowsOf,
} from './status-store.ts';
import { createStatusTypeService } from './status-type-service.ts';
import { isoDate } from '../platform/dates.ts';
import { idOf } from '../platform/refs.ts';

/**
 * Ranked status for people: what a person holds today, what is pending, their history and
 * "what was their status before it ended"; refreshing one person (what every change of
 * their affiliations also does, in its own transaction); the full recompute in batches; and
 * who holds a status on a day. Status types and the look-ahead setting are `types`.
 */
export interface StatusEntry {
  id: number;
  statusTypeId: number;
  name: string;
  rank: number;
  category: string;
  cardLabel: string | null;
  directory: string;
  start: string | null;
  end: string | null;
  because: { affiliationId: number; source: string; kind: string; orgCode: string }[];
  /** Set when look-ahead carried this status's end over to the next status of its category. */
  bridgedTo: { statusTypeId: number; name: string | null; start: string; originalEnd: string } | null;
}

export interface PersonStatuses {
  personId: number;
  today: string;
  /** The highest-ranked status held today, or null. */
  primary: StatusEntry | null;
  /** Every status held today, primary first. */
  held: StatusEntry[];
  /** Statuses that start after today, earliest first. */
  pending: StatusEntry[];
  /** Every interval, oldest first. */
  history: StatusEntry[];
  /** The primary one of the statuses that ended last before today: "what was their status before it ended". */
  lastBefore: StatusEntry | null;
}

export interface RecomputeOptions {
  /** People per transaction (default 1,000). */
  batchSize?: number;
  /** Start after this person id (a recompute cut short resumes from its last committed batch). */
  afterPersonId?: number;
  /** Stop after this many people; the answer's nextAfter says where to go on. */
  maxPeople?: number;
  /** Called (and awaited) after each batch. */
  onProgress?: (progress: { done: number; total: number; counts: RefreshCounts }) => unknown;
}

export interface RecomputeResult extends RefreshCounts {
  /** People in the registry, and how many of them (by id order) are now done. */
  total: number;
  done: number;
  /** The last person id done when maxPeople stopped the run early; null when finished. */
  nextAfter: number | null;
}

export interface HolderQuery {
  /** The status type: its id, or its name (ignoring case). */
  type: string;
  on?: string;
  limit?: number;
  offset?: number;
}

/** How many history rows a refresh wrote. */
const changes = (c: RefreshCounts) => c.opened + c.updated + c.closed + c.deleted;

export function createStatusService(deps: ServiceDeps) {
  const { db, clock } = deps;
  const types = createStatusTypeService(deps);
  const today = () => isoDate(clock.now());

  function entry(row: StatusRow, names: Map<number, string>): StatusEntry {
    return {
      id: row.id,
      statusTypeId: row.statusTypeId,
      name: row.name,
      rank: row.rank,
      category: row.category,
      cardLabel: row.cardLabel,
      directory: row.directory,
      start: row.start,
      end: row.end,
      because: row.because,
      bridgedTo:
        row.bridgedTo === null ? null : { ...row.bridgedTo, name: names.get(row.bridgedTo.statusTypeId) ?? null },
    };
  }

  async function assertPerson(personId: number): Promise<void> {
    const exists = await db.selectFrom('people').select('id').where('id', '=', personId).executeTakeFirst();
    if (!exists) throw notFound('person', personId);
  }

  async function view(personId: number): Promise<PersonStatuses> {
    const on = today();
    const rows = await statusRowsOf(db, personId);
    const bridgeTargets = [...new Set(rows.flatMap((r) => (r.bridgedTo ? [r.bridgedTo.statusTypeId] : [])))];
    const names = new Map<number, string>();
    if (bridgeTargets.length)
      for (const t of await db
        .selectFrom('status_types')
        .select(['id', 'name'])
        .where('id', 'in', bridgeTargets)
        .execute())
        names.set(t.id, t.name);
    const now = statusesOn(rows, on);
    const last = lastBefore(rows, on);
    const e = (r: StatusRow) => entry(r, names);
    return {
      personId,
      today: on,
      primary: now.primary && e(now.primary),
      held: now.held.map(e),
      pending: now.pending.map(e),
      history: rows.map(e),
      lastBefore: last && e(last),
    };
  }

  /** A person's statuses: today's (primary first), pending, the history, and the last one that ended. */
  async function personStatuses(actor: Actor, personId: number): Promise<PersonStatuses> {
    authorise(actor, 'status:read');
    await assertPerson(personId);
    return view(personId);
  }

  /**
   * Brings one person's status history up to date with their affiliations now. Anyone who
   * may change the person may ask (their changes already do it).
   */
  async function refreshPerson(
    actor: Actor,
    personId: number,
  ): Promise<{ counts: RefreshCounts; statuses: PersonStatuses }> {
    await assertPerson(personId);
    authorise(actor, 'people:update', { orgPaths: (await currentOrgPaths(db, [personId], today())).get(personId)! });
    const counts = await write(deps, actor, (uow) => refreshPeople(uow, [personId], { reason: 'refresh' }));
    return { counts, statuses: await view(personId) };
  }

  /**
   * Recomputes everyone's status history from their affiliations, in batches of people by
   * id, each batch one transaction. Writes exactly what refreshing each person would (the
   * same pure rules), so running it again writes nothing; one that was cut short is
   * finished by running it again (or from `afterPersonId`).
   */
  async function recomputeAll(actor: Actor, options: RecomputeOptions = {}): Promise<RecomputeResult> {
    authorise(actor, 'status:configure');
    const batchSize = options.batchSize ?? 1000;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000)
      throw invalid('/batchSize', 'range', 'must be a whole number from 1 to 50000');
    let after = options.afterPersonId ?? 0;
    const {
      rows: [tally],
    } = await sql<{
      total: number;
      before: number;
    }>`select count(*)::int as total, (count(*) filter (where id <= ${after}))::int as before from people`.execute(db);
    const total = tally.total;
    let done = tally.before;
    let counts = noChanges();
    if ((await loadStatusContext(db)) === null) return { ...counts, total, done: total, nextAfter: null };
    let budget = options.maxPeople ?? Number.POSITIVE_INFINITY;
    let lock: 'first' | 'on-change' = 'on-change';
    while (budget > 0) {
      const ids = (
        await db
          .selectFrom('people')
          .select('id')
          .where('id', '>', after)
          .orderBy('id')
          .limit(Math.min(batchSize, budget))
          .execute()
      ).map((r) => r.id);
      if (ids.length === 0) return { ...counts, total, done, nextAfter: null };
      const batch = await write(deps, actor, (uow) => refreshPeople(uow, ids, { reason: 'full recompute', lock }));
      // A batch that changed most of its people (a first run, a new status type) is likely
      // followed by another: lock the next one first rather than read it twice.
      lock = changes(batch) * 2 >= ids.length ? 'first' : 'on-change';
      counts = addCounts(counts, batch);
      after = ids[ids.length - 1];
      done += ids.length;
      budget -= ids.length;
      await options.onProgress?.({ done, total, counts });
    }
    const more = await db.selectFrom('people').select('id').where('id', '>', after).limit(1).executeTakeFirst();
    return { ...counts, total, done: more ? done : total, nextAfter: more ? after : null };
  }

  /**
   * The mass-change guard before a full recompute asked over HTTP: the recompute runs once in a transaction that is
   * rolled back, to preview who gains and loses which status; answers `proceed` when it may go on (at most the
   * threshold's people affected, or released), else the dry run's preview or the hold.
   */
  async function guardRecompute(
    actor: Actor,
    options: Omit<RecomputeOptions, 'onProgress'>,
    guard: { dryRun?: boolean; releasing?: number } = {},
  ) {
    authorise(actor, 'status:configure');
    const { batchSize, afterPersonId, maxPeople } = options;
    const change = {
      kind: 'status.recompute',
      subject: `recompute statuses${afterPersonId ? ` after person ${afterPersonId}` : ''}${maxPeople ? ` (at most ${maxPeople} people)` : ''}`,
      request: { body: { batchSize, afterPersonId, maxPeople } },
      permission: 'status:configure' as const,
      orgPaths: [],
      ...guard,
    };
    return guardedPreview(deps, actor, change, async (uow) => {
      let after = afterPersonId ?? 0;
      let budget = maxPeople ?? Number.POSITIVE_INFINITY;
      while (budget > 0) {
        const ids = (
          await uow.db
            .selectFrom('people')
            .select('id')
            .where('id', '>', after)
            .orderBy('id')
            .limit(Math.min(1000, budget))
            .execute()
        ).map((r) => r.id);
        if (ids.length === 0) return;
        await refreshPeople(uow, ids, { reason: 'full recompute', lock: 'on-change' });
        after = ids[ids.length - 1];
        budget -= ids.length;
      }
    });
  }

  /** Who holds a status on a day (default today), by family name, a page at a time. */
  async function holders(actor: Actor, query: HolderQuery) {
    authorise(actor, 'status:read');
    const on = query.on ?? today();
    const id = idOf(query.type);
    const type = await db
      .selectFrom('status_types')
      .select(['id', 'name', 'rank', 'category'])
      .where(id !== null ? sql<boolean>`id = ${id}` : sql<boolean>`lower(name) = lower(${query.type.trim()})`)
      .executeTakeFirst();
    if (!type) throw invalid('/type', 'exists', `no status type is called ${query.type}`);
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const held = sql`s.status_type_id = ${type.id} and (s.start_date is null or s.start_date <= ${on}) and (s.end_date is null or s.end_date >= ${on})`;
    const {
      rows: [count],
    } = await sql<{ n: number }>`select count(*)::int as n from person_statuses s where ${held}`.execute(db);
    const { rows } = await sql<{
      person_id: number;
      given_name: string;
      family_name: string;
      preferred_name: string | null;
      start_date: string | null;
      end_date: string | null;
      bridged_to: { statusTypeId: number; start: string; originalEnd: string } | null;
    }>`
      select s.person_id, p.given_name, p.family_name, p.preferred_name, s.start_date, s.end_date, s.bridged_to
      from person_statuses s join people p on p.id = s.person_id
      where ${held}
      order by p.family_name, p.given_name, p.id
      limit ${limit} offset ${offset}`.execute(db);
    return {
      statusType: { id: type.id, name: type.name, rank: type.rank, category: type.category },
      on,
      total: count.n,
      items: rows.map((r) => ({
        personId: r.person_id,
        displayName: displayName({
          givenName: r.given_name,
          familyName: r.family_name,
          preferredName: r.preferred_name,
        }),
        start: r.start_date,
        end: r.end_date,
        bridged: r.bridged_to !== null,
      })),
    };
  }

  return { types, personStatuses, refreshPerson, recomputeAll, guardRecompute, holders };
}

export type StatusService = ReturnType<typeof createStatusService>;
