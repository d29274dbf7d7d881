import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type App, createApp } from '../app.ts';
import { systemActor } from '../platform/auth/actor.ts';
import type { Clock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import { openDatabase } from '../platform/db/database.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { startSweeps } from '../platform/schedule/sweep-timer.ts';
import { buildServer } from './build-server.ts';

export interface Running {
  app: App;
  server: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

/** Opens storage, migrates, creates the first administrator, loads the demo if asked, listens. */
export async function startServer(
  config: Config,
  options: { clock?: Clock; print?: (line: string) => void } = {},
): Promise<Running> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });
  const app = createApp({ config, database, clock: options.clock });
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length) app.log.info({ applied }, 'database migrated');
    const admin = await app.accounts.ensureAdmin(systemActor('setup'), config.adminPassword);
    if (admin.created && !config.adminPassword) {
      const file = join(resolve(config.dataDir), 'initial-admin-password.txt');
      writeFileSync(file, `${admin.password}\n`, { mode: 0o600 });
    }
    // The demo accounts get the administrator's password when it is known (first start, or STEWARD_ADMIN_PASSWORD).
    const adminPassword = admin.password ?? config.adminPassword ?? null;
    // The jobs' schedules exist before the server answers, so GET /schedule and the change
    // log show them from the first request rather than after the first sweep.
    // A snapshot a stopped process left in flight reads 'failed' (interrupted) from the first request on, too.
    await Promise.all([app.schedule.ensureRows(), app.snapshots.failInterrupted()]);
    let demo: 'loaded' | 'present' | null = null;
    if (config.demo) {
      print('Loading the demo institution (first start only)…');
      demo = (await seedDemo(app, { password: adminPassword })) ? 'loaded' : 'present';
      print(
        demo === 'loaded'
          ? 'Demo institution loaded.'
          : 'The registry already holds people or organisations; the demo was not loaded again.',
      );
    }
    const server = await buildServer(app, { logRequests: config.logLevel === 'debug' || config.logLevel === 'trace' });
    try {
      await server.listen({ host: config.host, port: config.port });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE')
        throw new Error(`port ${config.port} on ${config.host} is in use; stop whatever holds it or set STEWARD_PORT`, {
          cause: e,
        });
      throw e;
    }
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    const url = config.publicUrl ?? `http://${host}:${port}`;
    print('');
    print(`Steward is running at ${url}/`);
    print(`  API documentation: ${url}/docs`);
    print(`  storage:           ${database.kind} (${database.where})`);
    if (admin.created)
      print(
        `  sign in as:        admin / ${config.adminPassword ? '(the password in STEWARD_ADMIN_PASSWORD)' : admin.password}`,
      );
    else
      print(
        `  sign in as:        admin${config.adminPassword ? '' : ` (first password: ${join(config.dataDir, 'initial-admin-password.txt')})`}`,
      );
    if (demo === 'loaded')
      print(
        `  demo accounts:     auditor, sci-admin, fse-approver, it-desk (${adminPassword ? 'same password as admin' : 'no password yet; an administrator sets one'})`,
      );
    else if (demo === 'present')
      print(
        '  demo accounts:     auditor, sci-admin, fse-approver, it-desk, if the demo was loaded on an earlier start (with the admin password of that start)',
      );
    const sweeps = config.scheduler ? await startBackground(app) : null;
    print(
      `  scheduled jobs:    ${sweeps ? 'running here, with provisioning (GET /schedule, GET /provision/targets)' : 'off in this process (STEWARD_SCHEDULER=false)'}`,
    );
    print('Press Ctrl+C to stop.');
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await sweeps?.stop();
      await server.close();
      await database.close();
    };
    return { app, server, url, stop };
  } catch (e) {
    await database.close();
    throw e;
  }
}

/** The work a server does on its own: the scheduled sweeps and the provisioning runner. */
async function startBackground(app: App): Promise<{ stop(): Promise<void> }> {
  const sweeps = startSweeps(app.schedule, app.log);
  await app.provision.runner.start();
  return {
    async stop() {
      await sweeps.stop();
      await app.provision.runner.stop();
    },
  };
}
