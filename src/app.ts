import type { Logger } from 'pino';
import { createLogger } from './platform/logger.ts';
import { createAccountService } from './platform/auth/account-service.ts';
import { createSsoService } from './platform/auth/sso-service.ts';
import type { Argon2Cost } from './platform/auth/secrets.ts';
import { createDecisionClientService } from './platform/auth/decision-client-service.ts';
import { createAuditService } from './platform/audit/audit-service.ts';
import { createChangeService } from './platform/changes/change-service.ts';
import { createHeldChangeService } from './platform/mass-change/held-change-service.ts';
import { registerHeldChangeKinds } from './held-change-kinds.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import { createScimService } from './scim/scim-service.ts';
import { createScimGroupWriteService } from './scim/scim-group-write-service.ts';
import { createScimUserWriteService } from './scim/scim-user-write-service.ts';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db/database.ts';
import type { ServiceDeps } from './platform/deps.ts';
import { createScheduleService } from './platform/schedule/schedule-service.ts';
import { createJobService } from './platform/jobs/job-service.ts';
import { longJobs } from './long-jobs.ts';
import { scheduledJobs } from './scheduled-jobs.ts';
import { createAccessServices } from './access/access.ts';
import { createConfigFileService } from './config-file/config-file-service.ts';
import { createFeedService } from './feeds/feed-service.ts';
import { createGuestServices } from './guests/guests.ts';
import { createGroupServices } from './groups/groups.ts';
import { createGovernanceAddServices } from './governance/add-services.ts';
import { governedAdds } from './governance/add-hook.ts';
import { createGraceServices } from './governance/grace.ts';
import { createReviewServices } from './governance/reviews.ts';
import { createGuestRequestServices } from './guests/requests/requests.ts';
import { createLoanServices } from './loans/loans.ts';
import { createCalendarService } from './calendars/calendar-service.ts';
import { createMailService } from './notify/mail-service.ts';
import { createOrgService } from './organisations/org-service.ts';
import { createPeopleService } from './registry/people-service.ts';
import { createProvisionServices } from './provision/provision.ts';
import { createRecordService } from './sources/record-service.ts';
import { createSnapshotService } from './sources/snapshot-service.ts';
import { createSourceService } from './sources/source-service.ts';
import { createStatusService } from './status/status-service.ts';
import { createStreamService } from './status/stream-service.ts';

export interface AppOptions {
  config: Config;
  database: Database;
  clock?: Clock;
  logger?: Logger;
  passwordCost?: Argon2Cost;
}

/**
 * The composition root: one place that wires storage, clock and logger into every
 * capability's use cases. Transports (HTTP, CLI, jobs) receive an App and call into it.
 */
export function createApp(options: AppOptions) {
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? createLogger(options.config.logLevel, undefined, options.config.logFormat);
  const db = options.database.db;
  const deps: ServiceDeps = { db, clock, log };
  // Groups consult membership governance on every direct add (a hook, so groups import none of it).
  const links = { publicUrl: options.config.publicUrl };
  const groups = createGroupServices(deps, governedAdds(deps));
  const scim = createScimService(deps);
  const access = createAccessServices({ ...deps, followChanges: options.database.followChanges });
  const services = {
    config: options.config,
    database: options.database,
    db,
    clock,
    log,
    accounts: createAccountService({
      db,
      clock,
      sessionTtlHours: options.config.sessionTtlHours,
      authCacheMs: options.config.authCacheMs,
      passwordCost: options.passwordCost,
    }),
    decisionClients: createDecisionClientService({
      db,
      clock,
      passwordCost: options.passwordCost,
      authCacheMs: options.config.authCacheMs,
    }),
    audit: createAuditService(deps),
    changes: createChangeService(deps),
    heldChanges: createHeldChangeService(deps),
    people: createPeopleService(deps),
    orgs: createOrgService(deps),
    calendars: createCalendarService(deps),
    sources: createSourceService(deps),
    snapshots: createSnapshotService(deps, options.database.kind),
    sourceRecords: createRecordService(deps),
    status: createStatusService(deps),
    streams: createStreamService(deps),
    feeds: createFeedService(deps),
    guests: createGuestServices(deps),
    groups,
    governance: createGovernanceAddServices(deps, links, groups.members.insertApproved),
    reviews: createReviewServices(deps, { publicUrl: options.config.publicUrl }),
    guestRequests: createGuestRequestServices(deps, { publicUrl: options.config.publicUrl }),
    loans: createLoanServices({ ...deps, passwordCost: options.passwordCost }),
    mail: createMailService(deps, options.config),
    access,
    // The configuration as a file: applying it changes access configuration, which the decision index catches up on.
    configFile: createConfigFileService({ ...deps, afterApply: () => access.follower.catchUp() }),
    provision: createProvisionServices({ ...deps, followChanges: options.database.followChanges }),
    governanceGrace: createGraceServices(deps, { publicUrl: options.config.publicUrl }),
    scim,
    scimGroupWrites: createScimGroupWriteService(deps, governedAdds(deps)),
    scimUserWrites: createScimUserWriteService(deps, scim),
    jobs: createJobService(deps, options.database.kind),
  };
  registerHeldChangeKinds(services);
  return {
    ...services,
    schedule: createScheduleService({ ...deps, kind: options.database.kind }, scheduledJobs(services)),
    longJobs: longJobs(services),
    sso: createSsoService({
      db,
      clock,
      sessionTtlHours: options.config.sessionTtlHours,
      providers: options.config.oidcProviders ?? [],
      accounts: services.accounts,
    }),
  };
}

export type App = ReturnType<typeof createApp>;
