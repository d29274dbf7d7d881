import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { claimNext, deliverDue } from '../../src/notify/delivery.ts';
import { CLAIM_LEASE_MS, MAX_ATTEMPTS } from '../../src/notify/delivery-rules.ts';
import { smtpMailer } from '../../src/notify/mailer.ts';
import { actor, approved, deliver, outboxRow, queue, useMailWorld } from './world.ts';

/** Delivery: retries with a pause that doubles, dead at the end, and never a mail twice. */
const w = useMailWorld();
const minutes = (n: number) => n * 60_000;

describe('delivering the outbox', () => {
  it('retries a temporary refusal at 1, 2, 4 … minutes, then gives up and marks it dead', async () => {
    const [mail] = await queue(w.t, approved(1));
    w.smtp.reject(451, 'mailbox busy, try later');
    const start = w.t.clock.now().getTime();
    const attemptsAt: number[] = [];
    for (let minute = 0; minute <= 130; minute++) {
      w.t.clock.set(new Date(start + minutes(minute)));
      const report = await deliver(w.t);
      if (report.retrying + report.dead > 0) attemptsAt.push(minute);
    }
    // pauses 1, 2, 4, 8, 16, 32, 60 minutes after attempts 1 … 7; the 8th is the last
    expect(attemptsAt).toEqual([0, 1, 3, 7, 15, 31, 63, 123]);
    expect(attemptsAt).toHaveLength(MAX_ATTEMPTS);
    const row = await outboxRow(w.t, mail!.id);
    expect(row).toMatchObject({ state: 'dead', attempts: MAX_ATTEMPTS });
    expect(row.last_error).toContain('mailbox busy');
    expect(w.smtp.received).toEqual([]);

    const dead = (await w.t.call(w.t.tokens.auditor, { method: 'GET', url: '/mail/outbox?state=dead' })).json();
    expect(dead.map((m: { id: number }) => m.id)).toEqual([mail!.id]);
    w.smtp.accept();
    const retried = await w.t.call(w.t.tokens.admin, {
      method: 'POST',
      url: `/mail/outbox/${mail!.id}/retry`,
      payload: { reason: 'the mailbox is back' },
    });
    expect(retried.json()).toMatchObject({ state: 'queued', attempts: 0 });
    await deliver(w.t);
    expect(w.smtp.received.map((m) => m.subject)).toEqual(['Approved: Visitor 1']);
    const again = await w.t.call(w.t.tokens.admin, {
      method: 'POST',
      url: `/mail/outbox/${mail!.id}/retry`,
      payload: {},
    });
    expect(again.statusCode).toBe(409);
  });

  it('gives up at once when the server refuses for good', async () => {
    const [mail] = await queue(w.t, approved(1));
    w.smtp.reject(550, 'no such user');
    expect(await deliver(w.t)).toMatchObject({ sent: 0, dead: 1 });
    expect(await outboxRow(w.t, mail!.id)).toMatchObject({ state: 'dead', attempts: 1 });
  });

  it('does not resend a mail whose sender died between claim and send: it waits for a check', async () => {
    const [mail] = await queue(w.t, approved(1));
    // a process claims the mail (committed) and dies before it records the outcome
    const claimed = await claimNext(
      { db: w.t.db(), clock: w.t.clock, log: w.t.app.log },
      actor,
      'Steward <steward@uni.example>',
    );
    expect(claimed).toMatchObject({ id: mail!.id, state: 'sending', attempts: 1 });

    expect(await deliver(w.t)).toMatchObject({ sent: 0, checked: 0 }); // still within its lease
    w.t.clock.advance(CLAIM_LEASE_MS);
    expect(await deliver(w.t)).toMatchObject({ sent: 0, checked: 1 });
    expect(w.smtp.received).toEqual([]);
    const row = await outboxRow(w.t, mail!.id);
    expect(row).toMatchObject({ state: 'check', message_id: `<outbox-${mail!.id}@uni.example>` });

    w.t.clock.advanceDays(1);
    expect(await deliver(w.t)).toMatchObject({ sent: 0, checked: 0, waiting: 0 });
    const listed = (await w.t.call(w.t.tokens.auditor, { method: 'GET', url: '/mail/outbox?state=check' })).json();
    expect(listed).toEqual([
      expect.objectContaining({
        id: mail!.id,
        lastError: expect.stringContaining('may or may not have been delivered'),
      }),
    ]);
    const audit = (await w.t.call(w.t.tokens.auditor, { method: 'GET', url: '/audit?action=mail.check' })).json();
    expect(audit).toHaveLength(1);

    // an administrator who found no trace of it in the mail server's log sends it again
    await w.t.call(w.t.tokens.admin, {
      method: 'POST',
      url: `/mail/outbox/${mail!.id}/retry`,
      payload: { reason: 'not in the relay log' },
    });
    await deliver(w.t);
    await deliver(w.t);
    expect(w.smtp.received).toHaveLength(1);
  });

  it('does not resend a mail the server accepted when the sender died before recording it', async () => {
    const [mail] = await queue(w.t, approved(3));
    const claimed = await claimNext(
      { db: w.t.db(), clock: w.t.clock, log: w.t.app.log },
      actor,
      'Steward <steward@uni.example>',
    );
    const mailer = smtpMailer(w.smtp.url);
    await mailer.send({
      from: 'steward@uni.example',
      to: claimed!.recipient,
      subject: claimed!.subject,
      text: claimed!.text_body,
      html: null,
      messageId: claimed!.message_id!,
    });
    mailer.close(); // … and the process dies here, before it writes "sent"
    expect(w.smtp.received).toHaveLength(1);
    w.t.clock.advance(CLAIM_LEASE_MS);
    expect(await deliver(w.t)).toMatchObject({ sent: 0, checked: 1 });
    w.t.clock.advanceDays(1);
    await deliver(w.t);
    expect(w.smtp.received).toHaveLength(1);
    expect(w.smtp.received[0].headers['message-id']).toBe(`<outbox-${mail!.id}@uni.example>`);
    expect(await outboxRow(w.t, mail!.id)).toMatchObject({ state: 'check' });
  });

  it('stops a run when the server does not answer, leaving the rest queued untouched', async () => {
    await queue(w.t, approved(1), approved(2), approved(3));
    await w.smtp.close();
    expect(await deliver(w.t)).toMatchObject({ sent: 0, retrying: 1, waiting: 2 });
    const rows = await w.t.db().selectFrom('outbox').select(['state', 'attempts']).orderBy('id').execute();
    expect(rows).toEqual([
      { state: 'failed', attempts: 1 },
      { state: 'queued', attempts: 0 },
      { state: 'queued', attempts: 0 },
    ]);
  });

  it('two deliveries at once send each mail once', async () => {
    await queue(w.t, ...Array.from({ length: 12 }, (_, i) => approved(i + 1)));
    const reports = await Promise.all([deliver(w.t), deliver(w.t)]);
    expect(reports[0].sent + reports[1].sent).toBe(12);
    expect(w.smtp.received.map((m) => m.subject).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `Approved: Visitor ${i + 1}`).sort(),
    );
  });

  it('the mail-delivery job sends every minute and is bookkeeping only when nothing was due', async () => {
    expect(await w.t.app.schedule.tick()).toEqual([]); // the scheduler first sees its jobs
    w.t.clock.set('2026-12-01T10:01:00Z');
    const idle = (await w.t.app.schedule.tick())!.find((r) => r.job === 'mail-delivery');
    expect(idle).toMatchObject({ outcome: 'succeeded', summary: { sent: 0 } });
    await queue(w.t, approved(1));
    w.t.clock.set('2026-12-01T10:02:00Z');
    const ran = (await w.t.app.schedule.tick())!.find((r) => r.job === 'mail-delivery');
    expect(ran).toMatchObject({ outcome: 'succeeded', summary: { sent: 1 } });
    expect(w.smtp.received).toHaveLength(1);
    const runs = (
      await w.t.call(w.t.tokens.auditor, { method: 'GET', url: '/audit?action=schedule.run&targetId=mail-delivery' })
    ).json();
    expect(runs).toHaveLength(1);
  });
});

describe('without an SMTP server', () => {
  const u = useMailWorld({ smtp: false });
  it('keeps mail queued, saying why in the report, not in a warning at every run (the start banner says it once)', async () => {
    const [mail] = await queue(u.t, approved(1));
    expect(await deliver(u.t)).toMatchObject({ configured: false, sent: 0, waiting: 1 });
    expect(await outboxRow(u.t, mail!.id)).toMatchObject({ state: 'queued', attempts: 0 });
    expect(u.smtp.received).toEqual([]);
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    await deliverDue({ db: u.t.db(), clock: u.t.clock, log }, actor, { mailFrom: 'steward@uni.example' }, smtpMailer);
    expect(lines).toEqual([]);
  });
});
