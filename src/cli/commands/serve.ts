import type { Command } from 'commander';
import { loadConfig } from '../../platform/config.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the Steward server (PGlite in --data-dir unless DATABASE_URL is set)')
    .option('--port <port>', 'port to listen on (STEWARD_PORT, default 8080)')
    .option('--host <host>', 'address to listen on (STEWARD_HOST, default 127.0.0.1)')
    .option('--data-dir <dir>', 'PGlite data directory (STEWARD_DATA_DIR, default ./data)')
    .option('--demo', 'load the demo institution on first start (STEWARD_DEMO)')
    .action(async (opts: { port?: string; host?: string; dataDir?: string; demo?: boolean }) => {
      const config = loadConfig(process.env, {
        port:
          opts.port === undefined
            ? undefined
            : Number.isNaN(Number(opts.port))
              ? (opts.port as never)
              : Number(opts.port),
        host: opts.host,
        dataDir: opts.dataDir,
        demo: opts.demo,
      });
      // Loaded only here: the other commands are HTTP clients and start faster without the server's modules.
      const { startServer } = await import('../../server/start.ts');
      const running = await startServer(config);
      // A signal may come twice (Ctrl+C reaches both bin/steward.js and this process, which the launcher also
      // forwards it to): the first one stops the server, the others wait for it.
      let stopping = false;
      const shutdown = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        running.app.log.info({ signal }, 'stopping');
        await running.stop();
        process.exit(0);
      };
      process.on('SIGINT', () => void shutdown('SIGINT'));
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
    });
}
