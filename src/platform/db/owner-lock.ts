import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.ts';

/**
 * Who works on something long in flight (a snapshot being applied, a job running), so that one a stopped process
 * (kill -9, power loss) left in flight is told from one another live process still works on. On PostgreSQL the
 * working process holds a session advisory lock on (class, id) on a connection of its own for as long as it works;
 * the server drops the lock when that process dies. PGlite is one process's own database (its data directory is
 * locked), so there only the process's own list of what it works on counts.
 */
export interface Ownership {
  release(): Promise<void>;
}

const NONE: Ownership = { release: async () => {} };

/**
 * Takes the lock on (`lockClass`, `id`) on a connection reserved until `release` (PostgreSQL); on PGlite nothing is
 * taken (the caller's in-process list says it is busy).
 */
export async function holdOwnerLock(
  db: Kysely<DB>,
  kind: 'postgres' | 'pglite',
  lockClass: number,
  id: number,
): Promise<Ownership> {
  if (kind !== 'postgres') return NONE;
  let taken!: () => void;
  let failed!: (e: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => ([taken, failed] = [resolve, reject]));
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const held = db
    .connection()
    .execute(async (conn) => {
      await sql`select pg_advisory_lock(${lockClass}::int, ${id}::int)`.execute(conn);
      taken();
      await finished;
      await sql`select pg_advisory_unlock(${lockClass}::int, ${id}::int)`.execute(conn);
    })
    .catch(failed);
  await ready;
  return {
    async release() {
      done();
      await held;
    },
  };
}

/**
 * True if a live process other than the caller's transaction holds (`lockClass`, `id`) (PostgreSQL); always false on
 * PGlite. Run inside the transaction that marks the thing failed: the probe is held until it ends, so the owner cannot
 * take it meanwhile.
 */
export async function heldElsewhere(trx: Kysely<DB>, lockClass: number, id: number): Promise<boolean> {
  const {
    rows: [r],
  } = await sql<{ free: boolean }>`select pg_try_advisory_xact_lock(${lockClass}::int, ${id}::int) as free`.execute(
    trx,
  );
  return !r.free;
}
