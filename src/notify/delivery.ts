import type { Actor } from '../platform/auth/actor.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { write } from '../platform/unit-of-work.ts';
import { afterFailure, claimIsStale, messageIdFor, type SendFailure } from './delivery-rules.ts';
import { failureOf, type Mailer, type MailerFactory } from './mailer.ts';

/**
 * Delivering the outbox (the rule that nothing is sent twice is in delivery-rules.ts).
 * Each due mail is claimed on its own (`for update skip locked`, so several Steward
 * processes share the work without sending one mail twice), the claim is committed, the
 * mail goes over SMTP, and its outcome is written and audited: sent, retried later after
 * a pause that doubles, or dead. Claims are bookkeeping and not audited; outcomes are.
 * When the server does not answer at all, the run stops after that mail: the others stay
 * queued, untouched, for the next run rather than each waiting out the connection timeout.
 */
export interface MailSettings {
  smtpUrl?: string;
  mailFrom: string;
}

export interface DeliveryReport {
  configured: boolean;
  sent: number;
  retrying: number;
  dead: number;
  /** Mails found claimed by a process that died, moved to `check` (not resent). */
  checked: number;
  /** Mails due but not sent in this run (no SMTP server configured, or over the limit). */
  waiting: number;
}

export type Claimed = NonNullable<Awaited<ReturnType<typeof claimNext>>>;

/** Moves mails whose claim outlived the lease to `check`, audited; returns how many. */
export async function checkStaleClaims(deps: ServiceDeps, actor: Actor): Promise<number> {
  return write(deps, actor, async (uow) => {
    const claimed = await uow.db
      .selectFrom('outbox')
      .select(['id', 'claimed_at', 'recipient', 'subject', 'message_id', 'attempts'])
      .where('state', '=', 'sending')
      .forUpdate()
      .skipLocked()
      .execute();
    const stale = claimed.filter((m) => claimIsStale(new Date(m.claimed_at!), uow.now));
    for (const m of stale) {
      await uow.db
        .updateTable('outbox')
        .set({
          state: 'check',
          last_error:
            'the process sending this mail stopped before it recorded the outcome; it may or may not have been delivered',
          updated_at: uow.now,
        })
        .where('id', '=', m.id)
        .execute();
      uow.record({
        action: 'mail.check',
        op: 'check',
        targetType: 'mail',
        targetId: m.id,
        after: {
          to: m.recipient,
          subject: m.subject,
          messageId: m.message_id,
          claimedAt: m.claimed_at,
          attempts: m.attempts,
        },
      });
    }
    return stale.length;
  });
}

/** Claims the next due mail, committed before anything is sent; null when none is due. */
export async function claimNext(deps: ServiceDeps, actor: Actor, from: string) {
  return write(deps, actor, async (uow) => {
    const due = await uow.db
      .selectFrom('outbox')
      .select('id')
      .where('state', 'in', ['queued', 'failed'])
      .where('next_attempt_at', '<=', uow.now)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!due) return null;
    return uow.db
      .updateTable('outbox')
      .set((eb) => ({
        state: 'sending',
        claimed_at: uow.now,
        attempts: eb('attempts', '+', 1),
        message_id: messageIdFor(due.id, from),
        updated_at: uow.now,
      }))
      .where('id', '=', due.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export interface SendOutcome {
  state: 'sent' | 'failed' | 'dead';
  /** False when the SMTP server did not answer at all (the rest of the run would fare no better). */
  answered: boolean;
}

/** Which count of the run's report each outcome adds to. */
const COUNTED: Record<SendOutcome['state'], 'sent' | 'retrying' | 'dead'> = {
  sent: 'sent',
  failed: 'retrying',
  dead: 'dead',
};

/** Sends one claimed mail and records the outcome. */
export async function sendClaimed(
  deps: ServiceDeps,
  actor: Actor,
  mailer: Mailer,
  from: string,
  mail: Claimed,
): Promise<SendOutcome> {
  let failure: SendFailure | null = null;
  try {
    await mailer.send({
      from,
      to: mail.recipient,
      subject: mail.subject,
      text: mail.text_body,
      html: mail.html_body,
      messageId: mail.message_id!,
    });
  } catch (e) {
    failure = failureOf(e);
  }
  return write(deps, actor, async (uow) => {
    const summary = {
      event: mail.event,
      to: mail.recipient,
      subject: mail.subject,
      messageId: mail.message_id,
      attempts: mail.attempts,
    };
    if (failure === null) {
      await uow.db
        .updateTable('outbox')
        .set({ state: 'sent', sent_at: uow.now, last_error: null, updated_at: uow.now })
        .where('id', '=', mail.id)
        .where('state', '=', 'sending')
        .execute();
      uow.record({ action: 'mail.send', op: 'sent', targetType: 'mail', targetId: mail.id, after: summary });
      return { state: 'sent', answered: true };
    }
    const next = afterFailure(mail.attempts, failure, uow.now);
    await uow.db
      .updateTable('outbox')
      .set({
        state: next.state,
        last_error: failure.message,
        ...(next.state === 'failed' ? { next_attempt_at: next.nextAttemptAt } : {}),
        updated_at: uow.now,
      })
      .where('id', '=', mail.id)
      .where('state', '=', 'sending')
      .execute();
    uow.record({
      action: 'mail.send',
      op: next.state,
      targetType: 'mail',
      targetId: mail.id,
      after: {
        ...summary,
        error: failure.message,
        ...(next.state === 'failed' ? { nextAttemptAt: next.nextAttemptAt.toISOString() } : {}),
      },
    });
    return { state: next.state, answered: failure.responseCode !== undefined };
  });
}

async function countDue(deps: ServiceDeps): Promise<number> {
  const { n } = await deps.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', 'in', ['queued', 'failed'])
    .where('next_attempt_at', '<=', deps.clock.now())
    .executeTakeFirstOrThrow();
  return n;
}

/** Sends every due mail (at most `limit` in one run). */
export async function deliverDue(
  deps: ServiceDeps,
  actor: Actor,
  settings: MailSettings,
  mailerFor: MailerFactory,
  limit = 500,
): Promise<DeliveryReport> {
  const report: DeliveryReport = {
    configured: Boolean(settings.smtpUrl),
    sent: 0,
    retrying: 0,
    dead: 0,
    checked: await checkStaleClaims(deps, actor),
    waiting: 0,
  };
  if (!settings.smtpUrl) {
    report.waiting = await countDue(deps);
    // Said once, in the start banner; here only at debug level, not at every run of the job.
    if (report.waiting)
      deps.log.debug(
        { waiting: report.waiting },
        `no SMTP server is configured (STEWARD_SMTP_URL): ${report.waiting} mails stay queued`,
      );
    return report;
  }
  const mailer = mailerFor(settings.smtpUrl);
  try {
    for (let n = 0; n < limit; n++) {
      const mail = await claimNext(deps, actor, settings.mailFrom);
      if (!mail) break;
      const outcome = await sendClaimed(deps, actor, mailer, settings.mailFrom, mail);
      report[COUNTED[outcome.state]] += 1;
      if (!outcome.answered) break; // unreachable: leave the rest queued for the next run
    }
  } finally {
    mailer.close();
  }
  report.waiting = await countDue(deps);
  return report;
}
