import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../../platform/clock.ts';
import type { DB } from '../../platform/db/schema.ts';
import type { CloudEvent } from './cloud-event.ts';
import { isDead, nextAttemptAt } from './delivery-time.ts';
import { defaultTimeoutSeconds, sendEvent, type Endpoint } from './webhook-sender.ts';
import { webhookTarget } from './webhook-settings-rules.ts';

/**
 * Delivers a webhook target's due deliveries, in order per subject: of each subject only the
 * oldest delivery still pending is eligible, so a later event about one person waits while an
 * earlier one is being retried; different subjects go out side by side. A delivery that fails
 * `max_attempts` times is dead-lettered and the subject's next events go on: one receiver
 * refusing one event must not stop a person's later changes for good; the dead one stays listed
 * (deliveryList) until an administrator replays it (replayDead), which sends it again after
 * the later ones, and its event id lets the receiver recognise it.
 *
 * Each delivery is claimed before it is sent by moving its next_at past the send's timeout
 * (a lease) under the condition that it is still due, so two processes never send one
 * delivery at once, and a process that dies mid-send leaves it to be retried when the lease
 * ends. Receivers may therefore see an event twice (at least once); they dedupe by its id.
 */
export interface DeliverDeps {
  db: Kysely<DB>;
  clock: Clock;
  log: Logger;
  /** A number in [0, 1) for the retry jitter; Math.random by default. */
  random?: () => number;
}

export interface DeliverOptions {
  /** Deliveries sent at once (to different subjects); default 8. */
  concurrency?: number;
  /** Deliveries attempted by one call at most; default 1000. */
  maxDeliveries?: number;
}

/** Attempts of one call: delivered; failed and due again later; failed for the last time. */
export interface DeliverCounts {
  delivered: number;
  failed: number;
  dead: number;
}

interface Claimed {
  id: number;
  attempts: number;
  event: CloudEvent;
}

const roundSize = 64;
const leaseMarginMs = 30_000;

async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/**
 * Claims the due heads of their subjects (at most `max`), returning those this process won. A
 * target's ids follow change-log positions (queueDeliveries inserts in position order under the
 * target's row lock), so the lowest pending id of a subject is its oldest event.
 */
async function claimDue(db: Kysely<DB>, targetId: number, now: Date, leaseUntil: Date, max: number) {
  const heads = db
    .selectFrom('webhook_deliveries')
    .distinctOn('subject')
    .select(['id', 'next_at'])
    .where('target_id', '=', targetId)
    .where('state', '=', 'pending')
    .orderBy('subject')
    .orderBy('id')
    .as('head');
  const due = await db
    .selectFrom(heads)
    .select('head.id')
    .where('head.next_at', '<=', now)
    .orderBy('head.id')
    .limit(max)
    .execute();
  if (due.length === 0) return [];
  const claimed = await db
    .updateTable('webhook_deliveries')
    .set({ next_at: leaseUntil })
    .where(
      'id',
      'in',
      due.map((d) => d.id),
    )
    .where('state', '=', 'pending')
    .where('next_at', '<=', now)
    .returning(['id', 'attempts', 'event'])
    .execute();
  return claimed.map((c) => ({ id: c.id, attempts: c.attempts, event: c.event as unknown as CloudEvent }));
}

async function record(
  deps: DeliverDeps,
  delivery: Claimed,
  error: string | null,
  maxAttempts: number,
): Promise<keyof DeliverCounts> {
  const now = deps.clock.now();
  const attempts = delivery.attempts + 1;
  const update = deps.db.updateTable('webhook_deliveries').where('id', '=', delivery.id);
  if (error === null) {
    await update.set({ state: 'delivered', delivered_at: now, attempts, last_error: null }).execute();
    return 'delivered';
  }
  const dead = isDead(attempts, maxAttempts);
  const nextAt = dead ? now : nextAttemptAt(now, attempts, (deps.random ?? Math.random)());
  await update.set({ state: dead ? 'dead' : 'pending', attempts, last_error: error, next_at: nextAt }).execute();
  return dead ? 'dead' : 'failed';
}

/** Sends what is due for one target until nothing more is due (or maxDeliveries); a paused target sends nothing. */
export async function deliverDue(
  deps: DeliverDeps,
  target: { id: number },
  options: DeliverOptions = {},
): Promise<DeliverCounts> {
  const counts: DeliverCounts = { delivered: 0, failed: 0, dead: 0 };
  const row = await deps.db
    .selectFrom('provision_targets')
    .select(['id', 'name', 'kind', 'state', 'max_attempts', 'settings', 'secrets'])
    .where('id', '=', target.id)
    .executeTakeFirstOrThrow(() => new Error(`no provisioning target ${target.id}`));
  if (row.kind !== 'webhook' || row.state === 'paused') return counts;
  const settings = webhookTarget(row.settings, row.secrets);
  const endpoint: Endpoint = { url: settings.url, secret: settings.secret, timeoutSeconds: settings.timeoutSeconds };
  const leaseMs = (endpoint.timeoutSeconds ?? defaultTimeoutSeconds) * 1000 + leaseMarginMs;
  const max = options.maxDeliveries ?? 1000;
  let attempted = 0;
  while (attempted < max) {
    const now = deps.clock.now();
    const claimed = await claimDue(
      deps.db,
      row.id,
      now,
      new Date(now.getTime() + leaseMs),
      Math.min(roundSize, max - attempted),
    );
    if (claimed.length === 0) break;
    attempted += claimed.length;
    await eachLimited(claimed, options.concurrency ?? 8, async (delivery) => {
      const result = await sendEvent(endpoint, delivery.event, deps.clock.now());
      const error = result.ok ? null : result.error;
      if (error) deps.log.warn({ target: row.name, delivery: delivery.id, error }, 'webhook delivery failed');
      counts[await record(deps, delivery, error, row.max_attempts)]++;
    });
  }
  return counts;
}

/** Sends dead deliveries of a target (all, or those of `ids`) again from now; returns how many. */
export async function replayDead(
  db: Kysely<DB>,
  targetId: number,
  selection: { ids?: number[] },
  now: Date,
): Promise<number> {
  if (selection.ids && selection.ids.length === 0) return 0;
  let query = db
    .updateTable('webhook_deliveries')
    .set({ state: 'pending', attempts: 0, next_at: now })
    .where('target_id', '=', targetId)
    .where('state', '=', 'dead');
  if (selection.ids) query = query.where('id', 'in', selection.ids);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A delivery as the API and the web list it. */
export interface DeliveryView {
  id: number;
  position: number;
  subject: string;
  eventId: string;
  type: string;
  state: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAt: string | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** A target's deliveries by id (oldest first), optionally of one state, from after `after`. */
export async function deliveryList(
  db: Kysely<DB>,
  targetId: number,
  options: { state?: DeliveryView['state']; limit: number; after?: number },
): Promise<DeliveryView[]> {
  let query = db
    .selectFrom('webhook_deliveries')
    .select([
      'id',
      'position',
      'subject',
      'state',
      'attempts',
      'next_at',
      'last_error',
      'delivered_at',
      'created_at',
      sql<string>`event->>'id'`.as('event_id'),
      sql<string>`event->>'type'`.as('event_type'),
    ])
    .where('target_id', '=', targetId);
  if (options.state) query = query.where('state', '=', options.state);
  if (options.after !== undefined) query = query.where('id', '>', options.after);
  const rows = await query
    .orderBy('id')
    .limit(Math.min(Math.max(options.limit, 1), 1000))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    subject: r.subject,
    eventId: r.event_id,
    type: r.event_type,
    state: r.state,
    attempts: r.attempts,
    nextAt: r.state === 'pending' ? r.next_at.toISOString() : null,
    lastError: r.last_error,
    deliveredAt: r.delivered_at ? r.delivered_at.toISOString() : null,
    createdAt: r.created_at.toISOString(),
  }));
}
