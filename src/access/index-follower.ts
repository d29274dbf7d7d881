import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { AccessIndex } from './access-index.ts';
import { applyChanges, type ChangeRow, loadIndex, type LoaderDeps } from './index-loader.ts';

/** The change-log entity types the index follows. */
const FOLLOWED = [
  'access_application',
  'access_resource',
  'access_role',
  'access_permission',
  'access_assignment',
  'org',
  'affiliation',
  'group_effective',
];
const BATCH = 5000;

/**
 * Keeps one process's index current: loads it on first use, then reads the change log
 * after its cursor — whenever a commit that appended to the log is heard (PostgreSQL
 * LISTEN/NOTIFY, in this process or any other; see `followChanges`), on a timer (every
 * `pollMs`, 50 by default) as the safety net, and whenever a caller asks (`catchUp`, e.g.
 * right after this process committed a change). Catch-ups run one at a
 * time; a caller arriving during one waits for the next. Heard commits and timer ticks
 * share one pending catch-up (`wake`), so a slow pass (a bulk change) never queues up
 * passes. A change committed by another process (or by another capability, such as a
 * group membership) shows once its commit is heard; polling alone gave a p99 of 54 ms at
 * 50 ms (`npm run bench -- access-freshness`, bench/README.md). A tick with nothing new is
 * one primary-key read of `chain_heads`.
 */
const POLL_MS = 50;

/** Hears commits that appended to the change log (`Database.followChanges`). */
export type FollowChanges = (onCommit: () => void, onError?: (e: unknown) => void) => Promise<() => Promise<void>>;

export function createIndexFollower(
  deps: LoaderDeps & { log: Logger; pollMs?: number; followChanges?: FollowChanges },
) {
  let index: AccessIndex | null = null;
  let position = 0;
  let loading: Promise<void> | null = null;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let lastCaughtUp = 0;
  let wakePending = false;
  let listening: Promise<(() => Promise<void>) | null> | null = null;

  async function ensureLoaded(): Promise<AccessIndex> {
    loading ??= loadIndex(deps)
      .then((r) => {
        index = r.index;
        position = r.position;
        lastCaughtUp = Date.now();
      })
      .catch((e: unknown) => {
        loading = null;
        throw e;
      });
    await loading;
    return index!;
  }

  async function pass(): Promise<void> {
    const idx = await ensureLoaded();
    for (;;) {
      const head = await deps.db
        .selectFrom('chain_heads')
        .select('seq')
        .where('name', '=', 'changes')
        .executeTakeFirstOrThrow();
      if (head.seq <= position) break;
      const rows = await sql<ChangeRow>`
        select position, at, entity_type, entity_id, op, data from change_log
        where position > ${position} and position <= ${head.seq} and entity_type = any(${FOLLOWED}::text[])
        order by position limit ${BATCH}`.execute(deps.db);
      if (rows.rows.length) await applyChanges(deps, idx, rows.rows);
      position = rows.rows.length === BATCH ? rows.rows[BATCH - 1].position : head.seq;
      if (rows.rows.length < BATCH) break;
    }
    lastCaughtUp = Date.now();
  }

  /** Brings the index up to everything committed before this call. */
  function catchUp(): Promise<void> {
    const next = running.then(pass, pass);
    running = next.catch(() => undefined);
    return next;
  }

  /**
   * A commit was heard, or the timer fired: one catch-up after the running one. Wake-ups
   * before that catch-up starts share it, so a burst of commits (or ticks during a slow
   * pass) costs one or two passes, not one each.
   */
  function wake(): void {
    if (wakePending) return;
    wakePending = true;
    const started = () => {
      wakePending = false;
      return pass();
    };
    const next = running.then(started, started);
    running = next.catch(() => undefined);
    next.catch((e: unknown) => deps.log.debug({ err: e }, 'access index catch-up failed'));
  }

  return {
    /** The loaded index (loads it on first call). */
    async index(): Promise<AccessIndex> {
      return ensureLoaded();
    },
    /** The index if loaded, for the fast synchronous path. */
    current(): AccessIndex | null {
      return index;
    },
    catchUp,
    start(): void {
      if (timer) return;
      timer = setInterval(wake, deps.pollMs ?? POLL_MS);
      timer.unref();
      listening = deps.followChanges
        ? deps
            .followChanges(wake, (e) =>
              deps.log.warn(
                { err: e },
                'access index: the change-log notification connection dropped; reconnecting (the poll goes on)',
              ),
            )
            .catch((e: unknown) => {
              deps.log.warn(
                { err: e },
                'access index: cannot listen for change-log commits; following by polling only',
              );
              return null;
            })
        : null;
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      const stopListening = await listening;
      listening = null;
      await stopListening?.();
      await running;
    },
    status(): { position: number; lastCaughtUp: number; loaded: boolean } {
      return { position, lastCaughtUp, loaded: index !== null };
    },
  };
}

export type IndexFollower = ReturnType<typeof createIndexFollower>;
