import type { PGlite } from '@electric-sql/pglite';
import { type Kysely, sql } from 'kysely';
import type pg from 'pg';

/**
 * The channel on which every transaction that appended to the change log notifies, at its
 * commit (`UnitOfWork.flush`). Followers such as the access index listen here and read the
 * log at once instead of waiting for their next poll; the poll stays as the safety net.
 */
export const CHANGES_CHANNEL = 'steward_changes';

export type StopListening = () => Promise<void>;

/** PGlite is one session: it hears its own notifications once it listens. */
export async function listenPGlite(pglite: PGlite, db: Kysely<never>, onCommit: () => void): Promise<StopListening> {
  const off = pglite.onNotification((channel) => {
    if (channel === CHANGES_CHANNEL) onCommit();
  });
  // Through Kysely, so the statement waits its turn on the one connection.
  await sql.raw(`listen ${CHANGES_CHANNEL}`).execute(db);
  return async () => {
    off();
    await sql
      .raw(`unlisten ${CHANGES_CHANNEL}`)
      .execute(db)
      .catch(() => undefined);
  };
}

/**
 * PostgreSQL: a connection of its own (outside the pool) that listens. When it drops it
 * reconnects after a second and calls `onCommit` once, since commits may have passed
 * unheard meanwhile; `onError` hears why it dropped.
 */
export async function listenPostgres(
  url: string,
  onCommit: () => void,
  onError: (e: unknown) => void,
): Promise<StopListening> {
  let stopped = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const { Client } = (await import('pg')).default;
    const c = new Client({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel === CHANGES_CHANNEL) onCommit();
    });
    c.on('error', (e) => {
      onError(e);
      if (client === c) again();
    });
    await c.connect();
    await c.query(`listen ${CHANGES_CHANNEL}`);
    client = c;
  };
  const again = () => {
    client = null;
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      if (stopped) return;
      connect().then(onCommit, (e: unknown) => {
        onError(e);
        again();
      });
    }, 1000);
    retry.unref();
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = null;
    await c?.end().catch(() => undefined);
  };
}
