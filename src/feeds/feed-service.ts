import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, conflict, stale } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { type FeedInput, feedProblems, normalise } from './feed-definition.ts';
import { feedFile, feedRows } from './feed-output.ts';
import { refreshFeed, type RefreshOptions, type RefreshResult } from './feed-refresh.ts';
import { CONTENT_TYPES, EXTENSIONS, type FeedRow } from './feed-rows.ts';
import { isDue } from './feed-schedule.ts';
import { definitionColumns, definitionOf, feedOf, type FeedView, loadFeed, loadKnown } from './feed-store.ts';
import { isoDate } from '../platform/dates.ts';

/**
 * Outbound feeds: system administrators define them; system administrators and auditors
 * read them, download the whole file, and pull "what changed since my last pull". A pull
 * refreshes the feed first (feed-refresh.ts), then hands back the changes after the
 * caller's cursor (or after `since`, to fetch again what a lost response held) and moves
 * the cursor, audited. `runDue` refreshes every feed whose cron schedule came due.
 */
export interface FeedChangeView {
  seq: number;
  personId: number;
  op: 'add' | 'change' | 'remove';
  row: FeedRow;
  at: string;
}

export interface ChangesPage {
  feed: string;
  /** The changes are those after this sequence number. */
  after: number;
  /** The last sequence number handed back (the next `since`). */
  cursor: number;
  /** True when more changes wait after the cursor. */
  more: boolean;
  changes: FeedChangeView[];
}

const MAX_PAGE = 10_000;

export function createFeedService(deps: ServiceDeps) {
  const { db, clock } = deps;

  async function checked(input: FeedInput) {
    const known = await loadKnown(db, input.selection?.orgUnits ?? []);
    assertNoProblems(feedProblems(input, known));
    return normalise(input, known);
  }

  async function list(actor: Actor): Promise<FeedView[]> {
    authorise(actor, 'feeds:read');
    return (await db.selectFrom('feeds').selectAll().orderBy('name').execute()).map(feedOf);
  }

  async function get(actor: Actor, name: string): Promise<FeedView> {
    authorise(actor, 'feeds:read');
    return loadFeed(db, name);
  }

  async function create(actor: Actor, input: FeedInput): Promise<FeedView> {
    authorise(actor, 'feeds:configure');
    const def = await checked(input);
    await write(deps, actor, async (uow) => {
      const taken = await uow.db.selectFrom('feeds').select('name').where('name', '=', def.name).executeTakeFirst();
      if (taken)
        throw conflict(`feed ${def.name} already exists`, {
          field: '/name',
          rule: 'unique',
          message: 'already exists',
        });
      await uow.db
        .insertInto('feeds')
        .values({ name: def.name, ...definitionColumns(def), created_at: uow.now, updated_at: uow.now })
        .execute();
      uow.record({ action: 'feed.create', op: 'created', targetType: 'feed', targetId: def.name, after: def });
    });
    return loadFeed(db, def.name);
  }

  /**
   * Replaces a definition (If-Match). Rows already emitted stay; the next refresh emits what the new definition
   * changes.
   */
  async function update(
    actor: Actor,
    name: string,
    expectedVersion: number,
    input: Omit<FeedInput, 'name'>,
  ): Promise<FeedView> {
    authorise(actor, 'feeds:configure');
    const def = await checked({ ...input, name });
    await write(deps, actor, async (uow) => {
      const current = await loadFeed(uow.db, name, { forUpdate: true });
      if (current.version !== expectedVersion) throw stale(`feed ${name}`, expectedVersion, current.version);
      await uow.db
        .updateTable('feeds')
        .set({ ...definitionColumns(def), updated_at: uow.now, version: sql`version + 1` })
        .where('name', '=', name)
        .execute();
      uow.record({
        action: 'feed.update',
        op: 'updated',
        targetType: 'feed',
        targetId: name,
        before: definitionOf(current),
        after: def,
      });
    });
    return loadFeed(db, name);
  }

  async function remove(actor: Actor, name: string): Promise<void> {
    authorise(actor, 'feeds:configure');
    await write(deps, actor, async (uow) => {
      const current = await loadFeed(uow.db, name, { forUpdate: true });
      await uow.db.deleteFrom('feeds').where('name', '=', name).execute();
      uow.record({
        action: 'feed.delete',
        op: 'deleted',
        targetType: 'feed',
        targetId: name,
        before: { ...definitionOf(current), lastSeq: current.lastSeq },
      });
    });
  }

  /** The whole file as it would be today, streamed, with its content type and a file name. */
  async function output(actor: Actor, name: string) {
    authorise(actor, 'feeds:read');
    const def = definitionOf(await loadFeed(db, name));
    return {
      contentType: CONTENT_TYPES[def.format],
      fileName: `${name}.${EXTENSIONS[def.format]}`,
      body: feedFile(db, def, isoDate(clock.now())),
    };
  }

  /** The first rows the feed selects today, for a preview. */
  async function preview(actor: Actor, name: string, limit = 20): Promise<{ columns: string[]; rows: FeedRow[] }> {
    authorise(actor, 'feeds:read');
    const def = definitionOf(await loadFeed(db, name));
    const rows: FeedRow[] = [];
    for await (const page of feedRows(db, def, isoDate(clock.now()), { pageSize: limit, limit })) rows.push(...page);
    return { columns: def.columns, rows };
  }

  /** A refresh on demand writes the feed's rows: a configuring change, not a read (auditors pull, which refreshes). */
  async function refresh(actor: Actor, name: string, options: RefreshOptions = {}): Promise<RefreshResult> {
    authorise(actor, 'feeds:configure');
    return refreshFeed(deps, actor, name, options);
  }

  async function readChanges(name: string, after: number, limit: number): Promise<ChangesPage> {
    const take = Math.max(1, Math.min(limit, MAX_PAGE));
    const rows = await db
      .selectFrom('feed_changes')
      .selectAll()
      .where('feed', '=', name)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(take + 1)
      .execute();
    const page = rows.slice(0, take);
    return {
      feed: name,
      after,
      cursor: page.length ? page[page.length - 1].seq : after,
      more: rows.length > take,
      changes: page.map((r) => ({
        seq: r.seq,
        personId: r.person_id,
        op: r.op,
        row: r.row as FeedRow,
        at: (r.at as Date).toISOString(),
      })),
    };
  }

  /** The changes after a sequence number, as last refreshed (reads only). */
  async function changes(actor: Actor, name: string, query: { since?: number; limit?: number }): Promise<ChangesPage> {
    authorise(actor, 'feeds:read');
    await loadFeed(db, name);
    return readChanges(name, query.since ?? 0, query.limit ?? 1_000);
  }

  /**
   * "What changed since my last pull": refreshes the feed, reads the changes after the
   * caller's cursor (or after `since` when given) and records the new cursor.
   */
  async function pull(
    actor: Actor,
    name: string,
    options: { since?: number; limit?: number } = {},
  ): Promise<ChangesPage & { refreshed: RefreshResult }> {
    authorise(actor, 'feeds:pull');
    const refreshed = await refreshFeed(deps, actor, name);
    const consumer = actor.name;
    const mark = await db
      .selectFrom('feed_pulls')
      .select('cursor')
      .where('feed', '=', name)
      .where('consumer', '=', consumer)
      .executeTakeFirst();
    const after = options.since ?? (mark ? mark.cursor : 0);
    const page = await readChanges(name, after, options.limit ?? 1_000);
    await write(deps, actor, async (uow) => {
      await uow.db
        .insertInto('feed_pulls')
        .values({ feed: name, consumer, cursor: page.cursor, pulled_at: uow.now })
        .onConflict((oc) => oc.columns(['feed', 'consumer']).doUpdateSet({ cursor: page.cursor, pulled_at: uow.now }))
        .execute();
      uow.record({
        action: 'feed.pull',
        op: 'pulled',
        targetType: 'feed',
        targetId: name,
        before: mark ? { consumer, cursor: mark.cursor } : null,
        after: { consumer, after, cursor: page.cursor, changes: page.changes.length, more: page.more },
      });
    });
    return { ...page, refreshed };
  }

  /**
   * Refreshes every feed whose schedule has a run due at `now` since it was last generated
   * (or, never generated, since it was created). Idempotent: a feed refreshed at `now` is
   * not due again until its next scheduled time. For the scheduler.
   */
  async function runDue(actor: Actor, now: Date = clock.now()): Promise<RefreshResult[]> {
    authorise(actor, 'feeds:pull');
    const feeds = await db
      .selectFrom('feeds')
      .select(['name', 'schedule', 'last_generated_at', 'created_at'])
      .where('schedule', 'is not', null)
      .orderBy('name')
      .execute();
    const due = feeds.filter((f) => isDue(f.schedule!, (f.last_generated_at ?? f.created_at) as Date, now));
    const results: RefreshResult[] = [];
    for (const f of due) results.push(await refreshFeed(deps, actor, f.name, { generatedAt: now }));
    return results;
  }

  return { list, get, create, update, remove, output, preview, refresh, changes, pull, runDue };
}

export type FeedService = ReturnType<typeof createFeedService>;
