import { type Kysely, sql } from 'kysely';
import type { DatabaseKind } from '../db/database.ts';
import type { DB } from '../db/schema.ts';

/** The advisory lock held by whichever Steward process is running scheduled jobs. */
const SWEEP_LOCK = 73_011_981;

/**
 * Runs `fn` only if no other sweep is running, and returns null otherwise. On PostgreSQL
 * several Steward processes may share the database: the lock is a session-level advisory
 * lock held on one reserved connection for the whole sweep (the jobs themselves write on
 * other pooled connections), released when the sweep ends or the process dies. PGlite
 * has one process (its data directory is pid-locked), so an in-process flag suffices, and
 * holding its one connection would starve the jobs.
 */
export function createSweepLock(db: Kysely<DB>, kind: DatabaseKind) {
  let inProcess = false;
  return async function withSweepLock<T>(fn: () => Promise<T>): Promise<T | null> {
    if (inProcess) return null;
    inProcess = true;
    try {
      if (kind === 'pglite') return await fn();
      return await db.connection().execute(async (conn) => {
        const {
          rows: [got],
        } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${SWEEP_LOCK}) as locked`.execute(conn);
        if (!got.locked) return null;
        try {
          return await fn();
        } finally {
          await sql`select pg_advisory_unlock(${SWEEP_LOCK})`.execute(conn);
        }
      });
    } finally {
      inProcess = false;
    }
  };
}
