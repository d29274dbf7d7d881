import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { type App, createApp } from '../src/app.ts';
import { systemActor } from '../src/platform/auth/actor.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { type Config, loadConfig } from '../src/platform/config.ts';
import { type Database, openDatabase } from '../src/platform/db/database.ts';
import type { RoleName } from '../src/platform/db/schema.ts';
import { buildServer } from '../src/server/build-server.ts';
import pino from 'pino';

/** Which storage this run tests: PGlite unless STEWARD_TEST_DATABASE_URL names a server. */
export const storageKind = process.env.STEWARD_TEST_DATABASE_URL ? 'postgres' : 'pglite';

/** A fresh, migrated database for one test file (a clone of the run's template). */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.STEWARD_TEST_DATABASE_URL;
  if (!url) {
    const dump = readFileSync(inject('pgliteTemplate'));
    return openDatabase({ loadDataDir: new Blob([dump]) });
  }
  const name = `steward_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: target.toString(), poolSize: 5 });
  const close = database.close;
  return {
    ...database,
    async close() {
      await close();
      const again = new pg.Client({ connectionString: url });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

export interface TestApp {
  app: App;
  server: FastifyInstance;
  clock: ManualClock;
  database: Database;
  /** API tokens of ready-made accounts. */
  tokens: { admin: string; auditor: string };
  /** Creates an account with the given roles and returns its API token. */
  tokenFor(username: string, roles: { role: RoleName; orgId?: number; office?: string }[]): Promise<string>;
  /** inject() with a bearer token; JSON bodies are sent as JSON. */
  call(token: string | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  /** The Kysely handle, for tests that inspect or tamper with rows directly. */
  db(): Database['db'];
  close(): Promise<void>;
}

/** A whole Steward (use cases + HTTP server) on a fresh database, with a movable clock. */
export async function makeTestApp(
  options: {
    start?: string;
    config?: Partial<Config>;
    database?: Database;
    /** The app's logger (silent unless given), and whether the server logs each request with it. */
    logger?: pino.Logger;
    logRequests?: boolean;
  } = {},
): Promise<TestApp> {
  const database = options.database ?? (await openTestDatabase());
  const clock = new ManualClock(options.start ?? '2026-09-01T09:00:00Z');
  const config = loadConfig(
    {},
    { dataDir: '/nonexistent', webDir: '/nonexistent', logLevel: 'silent', ...options.config },
  );
  const app = createApp({
    config,
    database,
    clock,
    logger: options.logger ?? pino({ level: 'silent' }),
    passwordCost: { memoryKiB: 1024, passes: 1, parallelism: 1 },
  });
  const server = await buildServer(app, { logRequests: options.logRequests });
  const system = systemActor('test');
  const tokenFor = async (username: string, roles: { role: RoleName; orgId?: number; office?: string }[]) => {
    const user = await app.accounts.createUser(system, {
      username,
      displayName: username,
      password: 'correct horse battery',
      roles,
    });
    return (await app.accounts.createToken(system, { name: 'test', userId: user.id })).token;
  };
  const tokens = {
    admin: await tokenFor('root', [{ role: 'sysadmin' }]),
    auditor: await tokenFor('auditor', [{ role: 'auditor' }]),
  };
  return {
    app,
    server,
    clock,
    database,
    tokens,
    tokenFor,
    call(token, opts) {
      const headers = { ...(opts.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) };
      return server.inject({ ...opts, headers });
    },
    db: () => database.db,
    async close() {
      const closing = server.close();
      // A client connection still open (kept alive, or a request body cut short) must not
      // keep the file's teardown waiting: the server only waits for idle ones to go.
      server.server.closeAllConnections();
      await closing;
      await database.close();
    },
  };
}
