import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { App } from '../app.ts';
import { systemActor } from '../platform/auth/actor.ts';
import type { Clock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import { openDatabase } from '../platform/db/database.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { readDemoState } from '../demo/demo-marker.ts';
import { mailBannerLine } from './mail-banner.ts';
import { startSweeps } from '../platform/schedule/sweep-timer.ts';

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
  // The database opens while the server's ~1,700 modules load: PGlite compiles its WebAssembly on V8's background
  // threads meanwhile, so a restart takes about the longer of the two rather than their sum.
  const opening = openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });
  opening.catch(() => {}); // awaited below, where a failure is thrown
  const modules = await Promise.all([import('../app.ts'), import('./build-server.ts')]).catch(async (e: unknown) => {
    await (await opening.catch(() => null))?.close();
    throw e;
  });
  const [{ createApp }, { buildServer }] = modules;
  const database = await opening;
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
    // A snapshot or a job a stopped process left in flight reads 'failed' (interrupted) from the first request on, too.
    await Promise.all([app.schedule.ensureRows(), app.snapshots.failInterrupted(), app.jobs.failInterrupted()]);
    const demo = config.demo ? await loadDemo(app, adminPassword, print) : null;
    // Served from here on; what is big (the decision index) and the scheduler load behind it, /health saying
    // "starting" (503) until they have.
    let starting = true;
    const server = await buildServer(app, {
      logRequests: config.logLevel === 'debug' || config.logLevel === 'trace',
      starting: () => starting,
    });
    const url = await listen(server, config);
    printBanner(print, { url, database, config, admin, adminPassword, demo });
    print('Press Ctrl+C to stop.');
    const background = warmUp(app, config.scheduler).finally(() => {
      starting = false;
    });
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      await (await background)?.stop();
      await server.close();
      await database.close();
    };
    return { app, server, url, stop };
  } catch (e) {
    await database.close();
    throw e;
  }
}

/**
 * The demo on first start. A restart finds the marker "loaded" in one read and imports none of the demo's modules
 * (its name lists and faker cost a quarter of a second of CPU to load).
 */
async function loadDemo(app: App, password: string | null, print: (line: string) => void) {
  if ((await readDemoState(app)) === 'loaded') return 'present';
  print('Loading the demo institution (first start only)…');
  const { seedDemo } = await import('../demo/seed-demo.ts');
  const demo = (await seedDemo(app, { password })) ? 'loaded' : 'present';
  print(
    demo === 'loaded'
      ? 'Demo institution loaded.'
      : 'The registry already holds people or organisations; the demo was not loaded again.',
  );
  return demo;
}

/** Listens on the configured address; returns the URL to print. */
async function listen(server: FastifyInstance, config: Config): Promise<string> {
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
  return config.publicUrl ?? `http://${host}:${port}`;
}

/** Where the server is and how to sign in, for the person who started it. */
function printBanner(
  print: (line: string) => void,
  s: {
    url: string;
    database: { kind: string; where: string };
    config: Config;
    admin: { created: boolean; password?: string | null };
    adminPassword: string | null;
    demo: 'loaded' | 'present' | null;
  },
): void {
  const { url, database, config, admin, adminPassword, demo } = s;
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
  print(mailBannerLine(config));
  print(
    `  scheduled jobs:    ${config.scheduler ? 'running here, with provisioning (GET /schedule, GET /provision/targets)' : 'off in this process (STEWARD_SCHEDULER=false)'}`,
  );
}

/**
 * After listening: loads the decision index (a failure is logged; the first decision loads it again), then starts
 * the scheduler. Resolves to what stops the scheduler (null when it is off or could not start).
 */
async function warmUp(app: App, scheduler: boolean): Promise<{ stop(): Promise<void> } | null> {
  const started = performance.now();
  await app.access.follower
    .index()
    .catch((e: unknown) => app.log.error({ err: e }, 'the decision index did not load; the first decision loads it'));
  const sweeps = scheduler
    ? await startBackground(app).catch((e: unknown) => {
        app.log.error({ err: e }, 'the scheduler did not start');
        return null;
      })
    : null;
  app.log.info({ ms: Math.round(performance.now() - started) }, 'ready');
  return sweeps;
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
