import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from './schema.ts';
import { listenPGlite, listenPostgres, type StopListening } from './change-signal.ts';
import { SerialPGliteDialect } from './pglite-serial-dialect.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** An open database: Kysely for queries plus the few raw abilities bulk work needs. */
export interface Database {
  kind: DatabaseKind;
  db: Kysely<DB>;
  /** Human description for logs: the data directory or the server URL without password. */
  where: string;
  /** Loads CSV text into a table with COPY (bulk loads and benchmarks). */
  copyCsv(table: string, columns: string[], csv: string): Promise<void>;
  /**
   * Calls `onCommit` soon after any transaction, in this process or another, that appended
   * to the change log commits. Resolves to a function that stops it; `close` stops all.
   */
  followChanges(onCommit: () => void, onError?: (e: unknown) => void): Promise<StopListening>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite data directory; omitted means in memory. */
  dataDir?: string;
  /** A PGlite data directory dump to start from (tests start from a migrated template). */
  loadDataDir?: Blob;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

// int8 as number (ids and positions stay far below 2^53); dates as YYYY-MM-DD strings.
const INT8 = 20;
const DATE = 1082;
const parsers = { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v };

export async function openDatabase(options: OpenOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.poolSize ?? 10) : openPGlite(options);
}

async function openPostgres(url: string, max: number): Promise<Database> {
  // The PostgreSQL driver is loaded only when PostgreSQL is used (a PGlite start does not pay for it).
  const { default: pg } = await import('pg');
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      (parsers as Record<number, (v: string) => unknown>)[oid] ?? pg.types.getTypeParser(oid, format as 'text'),
  };
  const pool = new pg.Pool({ connectionString: url, max, types: types as never });
  pool.on('error', () => {}); // idle-client errors surface on the next query instead of crashing
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const listeners = new Set<StopListening>();
  return {
    kind: 'postgres',
    db,
    where: url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@'),
    async copyCsv(table, columns, csv) {
      const { from } = await import('pg-copy-streams');
      const client = await pool.connect();
      try {
        const stream = client.query(from(`copy ${table} (${columns.join(', ')}) from stdin with (format csv)`));
        await new Promise<void>((ok, fail) => {
          stream.on('finish', ok);
          stream.on('error', fail);
          stream.end(csv);
        });
      } finally {
        client.release();
      }
    },
    async followChanges(onCommit, onError = () => {}) {
      return tracked(listeners, await listenPostgres(url, onCommit, onError));
    },
    async close() {
      await Promise.all([...listeners].map((stop) => stop()));
      await db.destroy();
    },
  };
}

/** A stop function that also leaves `listeners`, which `close` empties. */
function tracked(listeners: Set<StopListening>, stop: StopListening): StopListening {
  const once: StopListening = async () => {
    if (!listeners.delete(once)) return;
    await stop();
  };
  listeners.add(once);
  return once;
}

async function openPGlite(options: OpenOptions): Promise<Database> {
  let lockFile: string | null = null;
  if (options.dataDir) {
    const dir = resolve(options.dataDir);
    mkdirSync(dir, { recursive: true });
    lockFile = takeLock(dir);
  }
  const pglite = new PGlite({
    dataDir: options.dataDir ? join(resolve(options.dataDir), 'pg') : undefined,
    loadDataDir: options.loadDataDir,
    extensions: { pg_trgm },
    parsers,
  });
  await pglite.waitReady;
  const db = new Kysely<DB>({ dialect: new SerialPGliteDialect(pglite) });
  const listeners = new Set<StopListening>();
  return {
    kind: 'pglite',
    db,
    where: options.dataDir ? resolve(options.dataDir) : 'memory',
    async copyCsv(table, columns, csv) {
      await pglite.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob' with (format csv)`, [], {
        blob: new Blob([csv]),
      });
    },
    async followChanges(onCommit) {
      return tracked(listeners, await listenPGlite(pglite, db as never, onCommit));
    },
    async close() {
      await Promise.all([...listeners].map((stop) => stop()));
      await db.destroy();
      if (lockFile) rmSync(lockFile, { force: true });
    },
  };
}

/**
 * PGlite's data directory belongs to one process. A second process (say, the CLI while a
 * server runs) is refused with a message telling it to go through the server's API.
 */
function takeLock(dir: string): string {
  const file = join(dir, 'steward.pid');
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `the data directory ${dir} is in use by process ${pid}; stop it, or use the steward CLI against that server's API`,
      );
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  writeFileSync(file, String(process.pid));
  return file;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
