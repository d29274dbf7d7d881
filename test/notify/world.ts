import { afterEach, beforeEach } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { enqueue, type MailRequest } from '../../src/notify/outbox.ts';
import { write } from '../../src/platform/unit-of-work.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { type SmtpSink, startSmtpSink } from './smtp-sink.ts';

/** A Steward whose mail goes to a real SMTP server started for the test. */
export interface MailWorld {
  t: TestApp;
  smtp: SmtpSink;
}

export function useMailWorld(options: { smtp?: boolean } = {}): MailWorld {
  const world = {} as MailWorld;
  beforeEach(async () => {
    world.smtp = await startSmtpSink();
    world.t = await makeTestApp({
      start: '2026-12-01T10:00:00Z',
      config: {
        ...(options.smtp === false ? {} : { smtpUrl: world.smtp.url }),
        mailFrom: 'Steward <steward@uni.example>',
      },
    });
  });
  afterEach(async () => {
    await world.t.close();
    await world.smtp.close();
  });
  return world;
}

export const actor = systemActor('test');

/** Queues mail the way a capability does: inside a unit of work. */
export function queue(t: TestApp, ...mails: MailRequest[]) {
  return write({ db: t.db(), clock: t.clock }, actor, async (uow) => Promise.all(mails.map((m) => enqueue(uow, m))));
}

export const approved = (n: number, to = 'bea@uni.example'): MailRequest => ({
  event: 'approved',
  to,
  context: {
    name: 'Bea Holm',
    request: { id: n, visitor: `Visitor ${n}`, from: '2026-12-01', to: '2026-12-31' },
    approver: 'Cid',
    comment: 'Welcome.',
  },
  dedupeKey: `approved:request-${n}`,
});

export const deliver = (t: TestApp) => t.app.mail.outbox.deliver(actor);

export async function outboxRow(t: TestApp, id: number) {
  return t.db().selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
