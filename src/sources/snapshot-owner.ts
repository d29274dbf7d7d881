import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { heldElsewhere, holdOwnerLock, type Ownership } from '../platform/db/owner-lock.ts';

/**
 * Who works on a snapshot in flight ('receiving' or 'applying'), so that one left in flight by a process that stopped
 * is told from one another process is still applying (platform/db/owner-lock.ts: a session advisory lock on
 * PostgreSQL, the process's own list of snapshots in progress on PGlite).
 */
const OWNER_LOCK = 73_011_981;

export type { Ownership };

/** Takes the lock on snapshot `id` until `release` (PostgreSQL); on PGlite nothing is taken. */
export async function ownSnapshot(db: Kysely<DB>, kind: 'postgres' | 'pglite', id: number): Promise<Ownership> {
  return holdOwnerLock(db, kind, OWNER_LOCK, id);
}

/** True if a live process other than the caller's transaction holds snapshot `id` (PostgreSQL); false on PGlite. */
export async function ownedElsewhere(trx: Kysely<DB>, id: number): Promise<boolean> {
  return heldElsewhere(trx, OWNER_LOCK, id);
}
