// One Steward process of the crash campaign (scripts/crash-campaign.ts): it opens the
// storage, does one kind of work to the end and exits; the campaign kills it with SIGKILL
// at a random moment and starts another on the same storage.
// Usage: node scripts/crash-child.ts '<json: { databaseUrl?, dataDir?, now, kind, csv?, smtpUrl?, target? }>'
import { createReadStream } from 'node:fs';
import pino from 'pino';
import { createApp } from '../src/app.ts';
import { systemActor } from '../src/platform/auth/actor.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import { openDatabase } from '../src/platform/db/database.ts';

interface Options {
  databaseUrl?: string;
  dataDir?: string;
  now: string;
  kind: 'import' | 'mail' | 'provision' | 'guests';
  csv?: string;
  smtpUrl?: string;
  target?: string;
}

const options = JSON.parse(process.argv[2]) as Options;
const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, poolSize: 3 });
const app = createApp({
  config: loadConfig(
    {},
    {
      dataDir: '/nonexistent',
      webDir: '/nonexistent',
      logLevel: 'silent',
      smtpUrl: options.smtpUrl,
      mailFrom: 'Steward <steward@uni.example>',
    },
  ),
  database,
  clock: new ManualClock(options.now),
  logger: pino({ level: 'silent' }),
});
const actor = systemActor('crash-campaign');
process.stdout.write('started\n');

async function work(): Promise<unknown> {
  switch (options.kind) {
    case 'import':
      return app.people.importPeople(actor, createReadStream(options.csv!), { source: 'hr', batchSize: 100 });
    case 'mail':
      return app.mail.outbox.deliver(actor);
    case 'provision':
      return app.provision.runner.runTarget(options.target!);
    case 'guests':
      return app.guests.sweepGuests(actor);
  }
}

const report = await work();
process.stdout.write(`${JSON.stringify({ report })}\n`);
await database.close();
