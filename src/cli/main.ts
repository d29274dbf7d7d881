import { Command, CommanderError } from 'commander';
import { StewardError } from '../platform/errors.ts';
import { ApiError } from './api-client.ts';
import { registerAccess } from './commands/access.ts';
import { registerAudit } from './commands/audit.ts';
import { registerFeeds } from './commands/feeds.ts';
import { registerGuests } from './commands/guests.ts';
import { registerLoans } from './commands/loans.ts';
import { registerGroups } from './commands/groups.ts';
import { registerGuestRequests } from './commands/guest-requests.ts';
import { registerMail } from './commands/mail.ts';
import { registerOrgs } from './commands/orgs.ts';
import { registerPeople } from './commands/people.ts';
import { registerSchedule } from './commands/schedule.ts';
import { registerServe } from './commands/serve.ts';
import { registerSession } from './commands/session.ts';
import { registerSnapshots } from './commands/snapshots.ts';
import { registerSources } from './commands/sources.ts';
import { registerStatus } from './commands/status.ts';
import { registerStreams } from './commands/streams.ts';

/** `steward`: the server and a client of its API. */
const program = new Command('steward')
  .description('Steward: people, organisations and access')
  .option('--url <url>', 'Steward server (STEWARD_URL, or the one you logged in to)')
  .option('--token <token>', 'API token (STEWARD_TOKEN, or the one saved by login)')
  .option('--json', 'print JSON')
  .showHelpAfterError()
  .exitOverride();

registerServe(program);
registerSession(program);
registerAudit(program);
registerPeople(program);
registerOrgs(program);
registerSources(program);
registerSnapshots(program);
registerStatus(program);
registerStreams(program);
registerFeeds(program);
registerSchedule(program);
registerMail(program);
registerGuests(program);
registerAccess(program);
registerLoans(program);
registerGroups(program);
registerGuestRequests(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode);
  if (e instanceof ApiError) process.stderr.write(`${e.describe()}\n`);
  else if (e instanceof StewardError) {
    process.stderr.write(`${e.message}\n`);
    for (const p of e.problems) process.stderr.write(`  ${p.field}: ${p.message} [${p.rule}]\n`);
  } else process.stderr.write(`${(e as Error).message}\n`);
  process.exit(process.exitCode && process.exitCode !== 0 ? process.exitCode : 1);
}
