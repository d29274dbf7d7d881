import type { FeedService } from './feeds/feed-service.ts';
import type { GroupServices } from './groups/groups.ts';
import type { GraceServices } from './governance/grace.ts';
import type { ReviewServices } from './governance/reviews.ts';
import type { GuestServices } from './guests/guests.ts';
import type { LoanServices } from './loans/loans.ts';
import type { MailService } from './notify/mail-service.ts';
import type { JobDefinition } from './platform/schedule/schedule-service.ts';
import type { createStatusService } from './status/status-service.ts';

/** The capabilities whose work runs on a schedule. */
interface Scheduled {
  status: ReturnType<typeof createStatusService>;
  feeds: FeedService;
  guests: GuestServices;
  groups: GroupServices;
  reviews: ReviewServices;
  loans: LoanServices;
  mail: MailService;
  governanceGrace: GraceServices;
}

/**
 * Every scheduled job, with its default schedule (changed as data through /schedule).
 * Each is idempotent: a run when nothing changed writes nothing.
 */
export function scheduledJobs(app: Scheduled): JobDefinition[] {
  return [
    {
      name: 'feeds',
      description: 'Refresh every outbound feed whose own schedule came due (each feed carries its cron expression)',
      defaultCron: '* * * * *',
      async run(actor) {
        const refreshed = await app.feeds.runDue(actor);
        return {
          feeds: refreshed.map((r) => ({
            feed: r.feed,
            added: r.added,
            changed: r.changed,
            removed: r.removed,
            complete: r.complete,
          })),
        };
      },
      idle: (summary) => Array.isArray(summary.feeds) && summary.feeds.length === 0,
    },
    {
      name: 'mail-delivery',
      description:
        'Send the mail that is due from the outbox (retries after a growing pause; a mail whose sender died goes to check, never resent)',
      defaultCron: '* * * * *',
      async run(actor) {
        return { ...(await app.mail.outbox.deliver(actor)) };
      },
      idle: (s) => s.sent === 0 && s.retrying === 0 && s.dead === 0 && s.checked === 0,
    },
    {
      name: 'mail-digest',
      description: 'Combine the mail held for each recipient who chose the daily digest into one mail',
      defaultCron: '0 7 * * *',
      async run(actor) {
        return { ...(await app.mail.outbox.digest(actor)) };
      },
      idle: (s) => s.digests === 0,
    },
    {
      name: 'guest-lifecycle',
      description:
        'Move guests whose timed transitions came due (pending → active → expiring → disabled → archived, dependants whose sponsor may no longer sponsor); each once, in order, after any downtime',
      defaultCron: '10 * * * *',
      async run(actor) {
        return { ...(await app.guests.sweepGuests(actor)) };
      },
      idle: (summary) => summary.moved === 0,
    },
    {
      name: 'temp-accounts',
      description:
        'End the temporary-account loans whose time is up: reset each credential and free the account in its pool (each loan once, also after a crash)',
      defaultCron: '*/5 * * * *',
      async run(actor) {
        return { ...(await app.loans.expireDue(actor)) };
      },
      idle: (summary) => summary.ended === 0,
    },
    {
      name: 'group-rules',
      description:
        'Recompute rule groups for the people whose registry facts (affiliations, identifiers, statuses) changed since the last run, following the change log',
      defaultCron: '* * * * *',
      async run(actor) {
        return { ...(await app.groups.rules.follow(actor)) };
      },
      // Reading entries is not work: its own run's entry would otherwise make the next run busy, every minute, for
      // ever.
      idle: (summary) => summary.groupsChanged === 0,
    },
    {
      name: 'group-membership-dates',
      description:
        'Record in group history and the change log the membership starts (enabled-from) and ends (disabled-at) that have passed; each once',
      defaultCron: '* * * * *',
      async run(actor) {
        return { ...(await app.groups.dates.recordBoundaries(actor)) };
      },
      idle: (summary) => summary.started === 0 && summary.ended === 0,
    },
    {
      name: 'governance-follow',
      description:
        'Re-check the governed memberships of the people whose facts the change log (or the calendar) says changed: start grace with notice, tighten it, or clear it when they are eligible again',
      defaultCron: '*/5 * * * *',
      async run(actor) {
        return { ...(await app.governanceGrace.reconcile.incremental(actor)) };
      },
      idle: (s) => s.candidates === 0,
    },
    {
      name: 'governance-reconcile',
      description:
        "Re-check every governed membership's facts at grant against today's (the safety net under the change log): grace with notice, mass losses held for release",
      defaultCron: '15 3 * * *',
      async run(actor) {
        return { ...(await app.governanceGrace.reconcile.full(actor)) };
      },
      idle: (s) => s.candidates === 0,
    },
    {
      name: 'review-deadlines',
      description:
        'Close the access reviews past their deadline (undecided items by each campaign’s policy: keep, remove or escalate to the owner) and finish interrupted closings, open the next of recurring ones, send the reminders due',
      defaultCron: '*/10 * * * *',
      async run(actor) {
        return { ...(await app.reviews.closing.sweep(actor)) };
      },
      idle: (s) => s.closed === 0 && s.escalated === 0 && s.opened === 0 && s.reminded === 0,
    },
    {
      name: 'status-recompute',
      description:
        "Recompute everyone's statuses from their affiliations (agrees with the per-person refresh; catches what a changed status type or look-ahead window alters)",
      defaultCron: '30 2 * * *',
      async run(actor) {
        const result = await app.status.recomputeAll(actor);
        return { ...result };
      },
    },
  ];
}
