// The work of the crash campaign (scripts/crash-campaign.ts), through Steward's use cases: the store's seed (the
// webhook target, a batch of mails), each kind of work a process does (crash-child.ts), and the app they run in. The
// uninterrupted run (crash-uninterrupted.ts) does the same work in one process.
import { createReadStream } from 'node:fs';
import pino from 'pino';
import { type App, createApp } from '../src/app.ts';
import { enqueue } from '../src/notify/outbox.ts';
import { systemActor } from '../src/platform/auth/actor.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Database } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { write } from '../src/platform/unit-of-work.ts';
import { newWebhookSecret } from '../src/provision/webhook/webhook-signing.ts';

export type Kind = 'import' | 'guests' | 'mail' | 'provision';
export const START = Date.parse('2026-09-01T09:00:00Z');
export const TARGET = 'crash-hook';
export const actor = systemActor('crash-campaign');

/** A Steward of the campaign on an open store, its clock at `now`, sending mail to `smtpUrl` when given. */
export function campaignApp(database: Database, clock: ManualClock, smtpUrl?: string): App {
  const config = loadConfig(
    {},
    {
      dataDir: '/nonexistent',
      webDir: '/nonexistent',
      logLevel: 'silent',
      smtpUrl,
      mailFrom: 'Steward <steward@uni.example>',
    },
  );
  return createApp({ config, database, clock, logger: pino({ level: 'silent' }) });
}

/** One kind of work, done to its end: what it reports. */
export async function doWork(app: App, kind: Kind, options: { csv?: string; target?: string }): Promise<unknown> {
  switch (kind) {
    case 'import':
      return app.people.importPeople(actor, createReadStream(options.csv!), { source: 'hr', batchSize: 100 });
    case 'mail':
      return app.mail.outbox.deliver(actor);
    case 'provision':
      return app.provision.runner.runTarget(options.target ?? TARGET);
    case 'guests':
      return app.guests.sweepGuests(actor);
    default:
      return kind satisfies never;
  }
}

/** Whether another process (or round) of the work is wanted: the outbox sends 500 mails a run at most, a pass 1,000. */
export function wantsMore(kind: Kind, report: unknown): boolean {
  const r = report as { sent?: number; queued?: number; deliveries?: { delivered: number } };
  if (kind === 'mail') return (r.sent ?? 0) >= 500;
  return kind === 'provision' && (r.deliveries?.delivered ?? 0) + (r.queued ?? 0) > 0;
}

/** The unit every imported person is affiliated to (as staff), so that each has an affiliation and a status. */
export const UNIT = 'HRU';

/**
 * Migrates; adds the unit the import affiliates people to, the status type staff hold and the webhook target (from the
 * change log's head on).
 */
export async function seedStore(app: App, hookUrl: string): Promise<void> {
  await migrateToLatest(app.db);
  await app.orgs.createKind(actor, { kind: 'hr-unit', label: 'HR unit', fields: [] });
  await app.orgs.createUnit(actor, { code: UNIT, kind: 'hr-unit', name: 'Human resources', parentId: null });
  await app.status.types.createType(actor, {
    name: 'Staff',
    rank: 500,
    category: 'employee',
    match: { kinds: ['staff'] },
  });
  const head = await app.db
    .selectFrom('chain_heads')
    .select('seq')
    .where('name', '=', 'changes')
    .executeTakeFirstOrThrow();
  const at = new Date(START);
  await app.db
    .insertInto('provision_targets')
    .values({
      name: TARGET,
      kind: 'webhook',
      settings: JSON.stringify({ url: hookUrl, events: ['person.*'], source: 'urn:steward:crash' }),
      secrets: JSON.stringify({ secret: newWebhookSecret() }),
      selection: '{}',
      mappings: '{}',
      groups: '[]',
      lifecycle: '{}',
      max_attempts: 50,
      state: 'active',
      cursor: head.seq,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

/** Queues a batch of mails (round `round`: their dedupe keys name it). */
export async function queueMailsIn(app: App, round: number, mails: number): Promise<void> {
  const requests = Array.from({ length: mails }, (_, n) => ({
    event: 'approved' as const,
    to: `person${n}@uni.example`,
    context: {
      name: `Person ${n}`,
      request: { id: n, visitor: `Visitor ${n}`, from: '2026-12-01', to: '2026-12-31' },
      approver: 'Cid',
      comment: 'Welcome.',
    },
    dedupeKey: `crash:${round}:${n}`,
  }));
  await write({ db: app.db, clock: app.clock }, actor, async (uow) => {
    for (const r of requests) await enqueue(uow, r);
  });
}
