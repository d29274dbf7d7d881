// One Steward process of the crash campaign (scripts/crash-campaign.ts): it opens the
// storage, does one kind of work to the end and exits; the campaign kills it with SIGKILL
// at a random moment and starts another on the same storage.
// Usage: node scripts/crash-child.ts '<json: { databaseUrl?, dataDir?, now, kind, csv?, smtpUrl?, target? }>'
import { ManualClock } from '../src/platform/clock.ts';
import { openDatabase } from '../src/platform/db/database.ts';
import { campaignApp, doWork, type Kind } from './crash-work.ts';

interface Options {
  databaseUrl?: string;
  dataDir?: string;
  now: string;
  kind: Kind;
  csv?: string;
  smtpUrl?: string;
  target?: string;
}

const options = JSON.parse(process.argv[2]) as Options;
const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, poolSize: 3 });
const app = campaignApp(database, new ManualClock(options.now), options.smtpUrl);
process.stdout.write('started\n');

const report = await doWork(app, options.kind, options);
process.stdout.write(`${JSON.stringify({ report })}\n`);
await database.close();
