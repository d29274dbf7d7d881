import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { type App, createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { onCleanup } from './cleanup.ts';

/**
 * Where a benchmark runs: a fresh database on the PostgreSQL server (created for the run,
 * dropped afterwards) or a PGlite data directory in a temporary folder (removed
 * afterwards), migrated, with a whole Steward App on top so benchmarks call the real
 * services in-process.
 */
export type Engine = 'postgres' | 'pglite';
export const ENGINES: Engine[] = ['postgres', 'pglite'];

export interface Target {
  engine: Engine;
  app: App;
  /** The database name (PostgreSQL) or data directory (PGlite). */
  where: string;
  close(): Promise<void>;
}

/** The PostgreSQL server benchmarks create their databases on. */
export function serverUrl(): string {
  return process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

let serial = 0;

export async function openTarget(engine: Engine, label: string): Promise<Target> {
  const config = loadConfig({}, { dataDir: '/nonexistent', webDir: '/nonexistent', logLevel: 'silent' });
  const logger = pino({ level: 'silent' });
  if (engine === 'postgres') {
    const name = `steward_bench_${process.pid}_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${++serial}`;
    await admin((c) => c.query(`create database ${name}`));
    const url = new URL(serverUrl());
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
    const close = onCleanup(`database ${name}`, async () => {
      await database.close().catch(() => {});
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    });
    try {
      await migrateToLatest(database.db);
    } catch (e) {
      await close();
      throw e;
    }
    return { engine, app: createApp({ config, database, logger }), where: name, close };
  }
  const dir = mkdtempSync(join(tmpdir(), `steward-bench-${label}-`));
  const database = await openDatabase({ dataDir: dir });
  const close = onCleanup(`data directory ${dir}`, async () => {
    await database.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    await migrateToLatest(database.db);
  } catch (e) {
    await close();
    throw e;
  }
  return { engine, app: createApp({ config, database, logger }), where: dir, close };
}

/** The server's version line, for the results file. */
export async function serverVersion(): Promise<string> {
  return admin(async (c) => (await c.query<{ v: string }>('select version() as v')).rows[0].v);
}
