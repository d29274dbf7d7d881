// A Steward process that runs one provisioning pass of a target and exits; the crash test
// kills it with SIGKILL in the middle of its batch and starts it again.
// Usage: node test/ldap/provision-child.ts '<json: { databaseUrl?, dataDir?, now, target }>'
import pino from 'pino';
import { createApp } from '../../src/app.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase } from '../../src/platform/db/database.ts';

const options = JSON.parse(process.argv[2]) as { databaseUrl?: string; dataDir?: string; now: string; target: string };
const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, poolSize: 3 });
const app = createApp({
  config: loadConfig({}, { dataDir: '/nonexistent', webDir: '/nonexistent', logLevel: 'silent' }),
  database,
  clock: new ManualClock(options.now),
  logger: pino({ level: 'silent' }),
});
process.stdout.write('started\n');
const report = await app.provision.runner.runTarget(options.target);
process.stdout.write(`${JSON.stringify(report)}\n`);
await database.close();
