import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { OutboxState } from '../platform/db/mail-tables.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { conflict, notFound } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { deliverDue, type DeliveryReport, type MailSettings } from './delivery.ts';
import { type DigestReport, sendDigests } from './digest.ts';
import { type MailerFactory, smtpMailer } from './mailer.ts';

/**
 * The outbox as system administrators and auditors see it, retrying a mail that died or
 * waits for a check, and the two jobs: delivery and the daily digest.
 */
export interface OutboxView {
  id: number;
  event: string;
  to: string;
  personId: number | null;
  userId: number | null;
  subject: string;
  text: string;
  html: string | null;
  state: OutboxState;
  digest: boolean;
  digestId: number | null;
  attempts: number;
  nextAttemptAt: string;
  claimedAt: string | null;
  lastError: string | null;
  sentAt: string | null;
  messageId: string | null;
  createdAt: string;
}

export interface OutboxFilter {
  state?: OutboxState;
  recipient?: string;
  limit?: number;
  /** Mails with a smaller id than this (the next page). */
  before?: number;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

type Row = Awaited<ReturnType<typeof loadRow>>;
async function loadRow(deps: ServiceDeps, id: number) {
  return deps.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

function view(r: NonNullable<Row>): OutboxView {
  return {
    id: r.id,
    event: r.event,
    to: r.recipient,
    personId: r.person_id,
    userId: r.user_id,
    subject: r.subject,
    text: r.text_body,
    html: r.html_body,
    state: r.state,
    digest: r.digest,
    digestId: r.digest_id,
    attempts: r.attempts,
    nextAttemptAt: iso(r.next_attempt_at)!,
    claimedAt: iso(r.claimed_at),
    lastError: r.last_error,
    sentAt: iso(r.sent_at),
    messageId: r.message_id,
    createdAt: iso(r.created_at)!,
  };
}

export function createOutboxService(deps: ServiceDeps, settings: MailSettings, mailerFor: MailerFactory = smtpMailer) {
  const { db } = deps;

  async function list(actor: Actor, filter: OutboxFilter = {}): Promise<OutboxView[]> {
    authorise(actor, 'mail:read');
    let q = db
      .selectFrom('outbox')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(Math.min(filter.limit ?? 100, 1000));
    if (filter.state) q = q.where('state', '=', filter.state);
    if (filter.recipient)
      q = q.where((eb) => eb(eb.fn('lower', ['recipient']), '=', filter.recipient!.trim().toLowerCase()));
    if (filter.before) q = q.where('id', '<', filter.before);
    return (await q.execute()).map(view);
  }

  async function get(actor: Actor, id: number): Promise<OutboxView> {
    authorise(actor, 'mail:read');
    const row = await loadRow(deps, id);
    if (!row) throw notFound('mail', id);
    return view(row);
  }

  /** Queues a dead mail, or one waiting for a check, again from its first attempt (audited). */
  async function retry(actor: Actor, id: number, reason?: string): Promise<OutboxView> {
    authorise(actor, 'mail:configure');
    await write(deps, actor, async (uow) => {
      const row = await uow.db.selectFrom('outbox').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row) throw notFound('mail', id);
      if (row.state !== 'dead' && row.state !== 'check') {
        throw conflict(`mail ${id} is ${row.state}; only a dead mail or one waiting for a check can be retried`);
      }
      await uow.db
        .updateTable('outbox')
        .set({ state: 'queued', attempts: 0, next_attempt_at: uow.now, claimed_at: null, updated_at: uow.now })
        .where('id', '=', id)
        .execute();
      uow.record({
        action: 'mail.retry',
        op: 'queued',
        targetType: 'mail',
        targetId: id,
        before: { state: row.state, attempts: row.attempts, lastError: row.last_error },
        after: { state: 'queued', to: row.recipient, subject: row.subject },
        reason: reason ?? null,
      });
    });
    return view((await loadRow(deps, id))!);
  }

  async function deliver(actor: Actor): Promise<DeliveryReport> {
    authorise(actor, 'mail:configure');
    return deliverDue(deps, actor, settings, mailerFor);
  }

  async function digest(actor: Actor): Promise<DigestReport> {
    authorise(actor, 'mail:configure');
    return sendDigests(deps, actor);
  }

  return { list, get, retry, deliver, digest };
}
