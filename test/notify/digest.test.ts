import { describe, expect, it } from 'vitest';
import type { MailRequest } from '../../src/notify/outbox.ts';
import { approved, deliver, queue, useMailWorld } from './world.ts';

/** Approvers who chose the daily digest get their "approval needed" mail as one mail a day. */
const w = useMailWorld();

const approvalNeeded = (n: number, to: MailRequest['to']): MailRequest => ({
  event: 'approval-needed',
  to,
  context: {
    name: 'Cid',
    request: {
      id: n,
      type: 'Visitor',
      visitor: `Visitor ${n}`,
      department: 'Library',
      guarantor: 'Bea Holm',
      from: '2026-12-02',
      to: '2026-12-20',
      url: `https://steward.example/ui/requests/${n}`,
    },
  },
  dedupeKey: `approval-needed:request-${n}:cid`,
});

describe('the daily digest', () => {
  it('holds approval-needed mail for an approver who chose the digest and sends it as one mail at 07:00', async () => {
    const cid = await w.t.tokenFor('cid', []);
    const me = (await w.t.call(cid, { method: 'GET', url: '/auth/me' })).json();
    await w.t.db().updateTable('users').set({ email: 'cid@uni.example' }).where('id', '=', me.id).execute();
    expect((await w.t.call(cid, { method: 'GET', url: '/mail/preferences' })).json()).toMatchObject({
      dailyDigest: false,
      address: 'cid@uni.example',
    });
    const chose = await w.t.call(cid, {
      method: 'PUT',
      url: '/mail/preferences',
      payload: { dailyDigest: true },
      headers: { 'if-match': '"0"' },
    });
    expect(chose.json()).toMatchObject({ userId: me.id, dailyDigest: true, version: 1 });

    expect(await w.t.app.schedule.tick()).toEqual([]); // the scheduler first sees its jobs at 10:00
    // by address, by user id, and by the address written differently
    await queue(
      w.t,
      approvalNeeded(1, 'cid@uni.example'),
      approvalNeeded(2, { address: 'Cid@Uni.Example', userId: me.id }),
      approvalNeeded(3, 'CID@uni.example'),
    );
    await queue(w.t, approved(9, 'cid@uni.example'), approvalNeeded(4, 'dora@uni.example'));
    expect(await deliver(w.t)).toMatchObject({ sent: 2 });
    expect(w.smtp.received.map((m) => [m.to[0], m.subject]).sort()).toEqual([
      ['cid@uni.example', 'Approved: Visitor 9'],
      ['dora@uni.example', 'Approval needed: Visitor Visitor 4 (Library)'],
    ]);
    const held = (await w.t.call(w.t.tokens.auditor, { method: 'GET', url: '/mail/outbox?state=held' })).json();
    expect(held).toHaveLength(3);

    w.t.clock.set('2026-12-02T06:59:00Z');
    await w.t.app.schedule.tick();
    expect(w.smtp.received).toHaveLength(2);
    w.t.clock.set('2026-12-02T07:00:00Z');
    const digestRun = (await w.t.app.schedule.tick())!.find((r) => r.job === 'mail-digest');
    expect(digestRun).toMatchObject({ outcome: 'succeeded', summary: { digests: 1, mails: 3 } });
    w.t.clock.set('2026-12-02T07:01:00Z');
    await w.t.app.schedule.tick();

    const digests = w.smtp.received.filter((m) => m.subject.startsWith('Steward:'));
    expect(digests).toHaveLength(1);
    const [digest] = digests;
    expect(digest.to).toEqual(['cid@uni.example']);
    expect(digest.subject).toBe('Steward: 3 notifications for 2026-12-02');
    for (const n of [1, 2, 3]) expect(digest.text).toContain(`Approval needed: Visitor Visitor ${n} (Library)`);
    expect(digest.text).toContain('https://steward.example/ui/requests/2');

    const rows = await w.t
      .db()
      .selectFrom('outbox')
      .select(['state', 'digest_id'])
      .where('event', '=', 'approval-needed')
      .where('recipient', 'ilike', 'cid@uni.example')
      .execute();
    expect(new Set(rows.map((r) => r.state))).toEqual(new Set(['digested']));
    expect(new Set(rows.map((r) => r.digest_id)).size).toBe(1);

    w.t.clock.set('2026-12-03T07:00:00Z');
    expect((await w.t.app.schedule.tick())!.find((r) => r.job === 'mail-digest')).toMatchObject({
      summary: { digests: 0, mails: 0 },
    });
    expect(w.smtp.received).toHaveLength(3);
  });
});
