import { Command, CommanderError } from 'commander';
import { StewardError } from '../platform/errors.ts';
import { ApiError } from './api-client.ts';
import { type CliIo, cliIo, withCliIo, writeErr, writeOut } from './io.ts';
import { registerAccess } from './commands/access.ts';
import { registerAudit } from './commands/audit.ts';
import { registerConfigFile } from './commands/config-file.ts';
import { registerCalendars } from './commands/calendars.ts';
import { registerDecisionClients } from './commands/decision-clients.ts';
import { registerFeeds } from './commands/feeds.ts';
import { registerGuests } from './commands/guests.ts';
import { registerJobs } from './commands/jobs.ts';
import { registerLoans } from './commands/loans.ts';
import { registerGroups } from './commands/groups.ts';
import { registerGovernanceGrace } from './commands/governance-grace.ts';
import { registerGuestRequests } from './commands/guest-requests.ts';
import { registerGovernancePolicies } from './commands/governance-policies.ts';
import { registerMembershipRequests } from './commands/membership-requests.ts';
import { registerMail } from './commands/mail.ts';
import { registerOrgs } from './commands/orgs.ts';
import { registerPeople } from './commands/people.ts';
import { registerProvision } from './commands/provision.ts';
import { registerReviews } from './commands/reviews.ts';
import { registerSchedule } from './commands/schedule.ts';
import { registerServe } from './commands/serve.ts';
import { registerSession } from './commands/session.ts';
import { registerSnapshots } from './commands/snapshots.ts';
import { registerSources } from './commands/sources.ts';
import { registerStatus } from './commands/status.ts';
import { registerStreams } from './commands/streams.ts';

/** `steward`: the server and a client of its API (a fresh command tree for every run). */
export function buildProgram(): Command {
  const program = new Command('steward')
    .description('Steward: people, organisations and access')
    .option('--url <url>', 'Steward server (STEWARD_URL, or the one you logged in to)')
    .option('--token <token>', 'API token (STEWARD_TOKEN, or the one saved by login)')
    .option('--json', 'print JSON')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut, writeErr });

  registerServe(program);
  registerSession(program);
  registerAudit(program);
  registerPeople(program);
  registerOrgs(program);
  registerCalendars(program);
  registerSources(program);
  registerSnapshots(program);
  registerStatus(program);
  registerStreams(program);
  registerFeeds(program);
  registerSchedule(program);
  registerJobs(program);
  registerMail(program);
  registerGuests(program);
  registerAccess(program);
  registerDecisionClients(program);
  registerLoans(program);
  registerGroups(program);
  registerGuestRequests(program);
  registerGovernancePolicies(program);
  registerMembershipRequests(program);
  registerProvision(program);
  registerGovernanceGrace(program);
  registerReviews(program);
  registerConfigFile(program);
  return program;
}

/**
 * Runs one `steward …` command line (without the program name) and returns its exit code.
 * Errors are written to the run's stderr: an API problem with its fields and rules, a
 * refusal with each problem, anything else by its message.
 */
export function runSteward(args: string[], io: CliIo = cliIo()): Promise<number> {
  return withCliIo(io, async () => {
    try {
      await buildProgram().parseAsync(args, { from: 'user' });
      return io.exitCode;
    } catch (e) {
      if (e instanceof CommanderError) return e.exitCode;
      if (e instanceof ApiError) writeErr(`${e.describe()}\n`);
      else if (e instanceof StewardError) {
        writeErr(`${e.message}\n`);
        for (const p of e.problems) writeErr(`  ${p.field}: ${p.message} [${p.rule}]\n`);
      } else writeErr(`${(e as Error).message}\n`);
      return io.exitCode !== 0 ? io.exitCode : 1;
    }
  });
}
