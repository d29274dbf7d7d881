import { type Kysely, sql } from 'kysely';
import type { DB } from '../platform/db/schema.ts';

/**
 * Who works on a snapshot in flight ('receiving' or 'applying'), so that one left in flight
 * by a process that stopped (kill -9, power loss) is told from one another process is still
 * applying. On PostgreSQL the working process holds a session advisory lock on the
 * snapshot's id on a connection of its own for as long as it works on it; the server drops
 * the lock when that process dies. PGlite is one process's own database (its data directory
 * is locked), so there only the process's own list of snapshots in progress counts.
 */
const OWNER_LOCK = 73_011_981;

export interface Ownership {
  release(): Promise<void>;
}

const NONE: Ownership = { release: async () => {} };

/**
 * Takes the lock on snapshot `id` on a connection reserved until `release` (PostgreSQL); on
 * PGlite nothing is taken (the caller's in-process list says it is busy).
 */
export async function ownSnapshot(db: Kysely<DB>, kind: 'postgres' | 'pglite', id: number): Promise<Ownership> {
  if (kind !== 'postgres') return NONE;
  let taken!: () => void;
  let failed!: (e: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => ([taken, failed] = [resolve, reject]));
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const held = db
    .connection()
    .execute(async (conn) => {
      await sql`select pg_advisory_lock(${OWNER_LOCK}::int, ${id}::int)`.execute(conn);
      taken();
      await finished;
      await sql`select pg_advisory_unlock(${OWNER_LOCK}::int, ${id}::int)`.execute(conn);
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
 * True if a live process other than the caller's transaction holds snapshot `id` (PostgreSQL); always false on
 * PGlite. Run inside the transaction that marks the snapshot failed: the probe is held until it ends, so the owner
 * cannot take it meanwhile.
 */
export async function ownedElsewhere(trx: Kysely<DB>, id: number): Promise<boolean> {
  const {
    rows: [r],
  } = await sql<{ free: boolean }>`select pg_try_advisory_xact_lock(${OWNER_LOCK}::int, ${id}::int) as free`.execute(
    trx,
  );
  return !r.free;
}
