import { describe, expect, it } from 'vitest';
import { enqueue, enqueueMany } from '../../src/notify/outbox.ts';
import { write } from '../../src/platform/unit-of-work.ts';
import { actor, approved, deliver, queue, useMailWorld } from './world.ts';

/** Queuing mail inside a caller's transaction: once per dedupe key, only if it commits, rendered when queued. */
const w = useMailWorld();

describe('the outbox', () => {
  it('sends a queued mail over SMTP to its recipient, audited and in the change log', async () => {
    const [queued] = await queue(w.t, approved(42));
    expect(queued).toMatchObject({ state: 'queued' });
    expect(await deliver(w.t)).toMatchObject({ configured: true, sent: 1, retrying: 0, dead: 0, waiting: 0 });

    expect(w.smtp.received).toHaveLength(1);
    const [mail] = w.smtp.received;
    expect(mail.to).toEqual(['bea@uni.example']);
    expect(mail.from).toBe('steward@uni.example');
    expect(mail.subject).toBe('Approved: Visitor 42');
    expect(mail.text).toContain('Hello Bea Holm,');
    expect(mail.text).toContain(
      'the request for Visitor 42 (2026-12-01 to 2026-12-31) was approved by Cid.\nComment: Welcome.',
    );
    expect(mail.headers['message-id']).toBe(`<outbox-${queued!.id}@uni.example>`);

    const row = (await w.t.call(w.t.tokens.auditor, { method: 'GET', url: `/mail/outbox/${queued!.id}` })).json();
    expect(row).toMatchObject({
      state: 'sent',
      attempts: 1,
      sentAt: '2026-12-01T10:00:00.000Z',
      messageId: `<outbox-${queued!.id}@uni.example>`,
    });
    const audit = (
      await w.t.call(w.t.tokens.auditor, { method: 'GET', url: `/audit?targetType=mail&targetId=${queued!.id}` })
    ).json();
    expect(audit.map((a: { action: string }) => a.action).sort()).toEqual(['mail.queue', 'mail.send']);
    const changes = (await w.t.call(w.t.tokens.auditor, { method: 'GET', url: '/changes?after=0&limit=1000' })).json();
    expect(
      changes.changes.filter((c: { entityType: string }) => c.entityType === 'mail').map((c: { op: string }) => c.op),
    ).toEqual(['queued', 'sent']);
    expect(await deliver(w.t)).toMatchObject({ sent: 0 });
    expect(w.smtp.received).toHaveLength(1);
  });

  it('queues a dedupe key once, so a sweep that runs again sends nothing twice', async () => {
    const [first] = await queue(w.t, approved(1));
    const [again] = await queue(w.t, approved(1));
    expect(first).not.toBeNull();
    expect(again).toBeNull();
    const many = await write({ db: w.t.db(), clock: w.t.clock }, actor, (uow) =>
      enqueueMany(uow, [approved(1), approved(2), approved(2), approved(3)]),
    );
    expect(many.map((m) => m.dedupeKey)).toEqual(['approved:request-2', 'approved:request-3']);
    await deliver(w.t);
    await deliver(w.t);
    expect(w.smtp.received.map((m) => m.subject).sort()).toEqual([
      'Approved: Visitor 1',
      'Approved: Visitor 2',
      'Approved: Visitor 3',
    ]);
  });

  it('queues nothing when the transaction that queued the mail rolls back', async () => {
    await expect(
      write({ db: w.t.db(), clock: w.t.clock }, actor, async (uow) => {
        await enqueue(uow, approved(7));
        throw new Error('the approval failed after the mail was queued');
      }),
    ).rejects.toThrow('the approval failed');
    expect(await w.t.db().selectFrom('outbox').selectAll().execute()).toEqual([]);
    expect(await deliver(w.t)).toMatchObject({ sent: 0, waiting: 0 });
    expect(w.smtp.received).toEqual([]);
  });

  it('keeps the text rendered when queued: a later template edit changes only later mail', async () => {
    await queue(w.t, approved(1));
    const etag = (await w.t.call(w.t.tokens.admin, { method: 'GET', url: '/mail/templates/approved' })).headers.etag;
    const put = await w.t.call(w.t.tokens.admin, {
      method: 'PUT',
      url: '/mail/templates/approved',
      headers: { 'if-match': String(etag) },
      payload: { subject: 'Yes: {{request.visitor}}', text: 'Approved.' },
    });
    expect(put.statusCode).toBe(200);
    await queue(w.t, approved(2));
    await deliver(w.t);
    expect(w.smtp.received.map((m) => m.subject).sort()).toEqual(['Approved: Visitor 1', 'Yes: Visitor 2']);
  });

  it('refuses an unknown event and an address that is not one, queuing nothing', async () => {
    await expect(queue(w.t, { ...approved(1), event: 'no-such-event' })).rejects.toMatchObject({ code: 'validation' });
    await expect(queue(w.t, { ...approved(2), to: 'not an address' })).rejects.toMatchObject({
      code: 'validation',
      problems: [expect.objectContaining({ field: '/to' })],
    });
    expect(await w.t.db().selectFrom('outbox').selectAll().execute()).toEqual([]);
  });
});
