import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { type SmtpSink, startSmtpSink } from '../notify/smtp-sink.ts';
import { makeRequestWorld, ok, type RequestWorld, submit, visitorRequest } from './request-world.ts';

/** The mail of a request as a real SMTP server receives it: who gets what, with the request's facts and link. */
let w: RequestWorld;
let smtp: SmtpSink;
beforeAll(async () => {
  smtp = await startSmtpSink();
  w = await makeRequestWorld({
    config: { smtpUrl: smtp.url, mailFrom: 'Steward <steward@uni.example>', publicUrl: 'https://steward.uni.example' },
  });
});
afterAll(async () => {
  await w.t.close();
  await smtp.close();
});

const deliver = () => w.t.app.mail.outbox.deliver(systemActor('test'));
const got = (event: RegExp) =>
  smtp.received.filter((m) => event.test(m.subject)).map((m) => [m.to.join(','), m.subject]);

describe('request mail over SMTP', () => {
  it('tells the guarantor, each approver in turn, the visitor their credentials and the guarantor the outcome', async () => {
    const r = await submit(
      w,
      visitorRequest({
        givenName: 'Mia',
        familyName: 'Mailer',
        email: 'mia@visitor.example',
        services: ['it-account'],
      }),
    );
    await deliver();
    expect(got(/received/)).toEqual([['gina@uni.example', `Request ${r.id} received: Mia Mailer`]]);
    expect(got(/^Approval needed/).sort()).toEqual([
      ['dirk@uni.example', 'Approval needed: Visitor Mia Mailer (Unit PHYS)'],
      ['dora@uni.example', 'Approval needed: Visitor Mia Mailer (Unit PHYS)'],
    ]);
    expect(smtp.received.find((m) => m.to[0] === 'dora@uni.example')!.text).toContain(
      `https://steward.uni.example/ui/guests/requests/${r.id}`,
    );
    await ok(w, w.tokens.approver, r.id, 1, 'approve');
    await ok(w, w.tokens.itDesk, r.id, 2, 'approve', 'Enjoy');
    await deliver();
    expect(got(/^Approval needed/)).toContainEqual([
      'it-desk@uni.example',
      'Approval needed: Visitor Mia Mailer (Unit PHYS)',
    ]);
    expect(got(/^Your account/)).toEqual([['mia@visitor.example', 'Your account at example.edu']]);
    expect(smtp.received.find((m) => m.to[0] === 'mia@visitor.example')!.text).toContain(
      'your username is mmailer and your email address is mia.mailer@example.edu',
    );
    expect(got(/^Approved/)).toEqual([['gina@uni.example', 'Approved: Mia Mailer']]);
    expect(smtp.received.find((m) => /^Approved/.test(m.subject))!.text).toContain('Comment: Enjoy');
    // Delivering again sends nothing twice.
    const before = smtp.received.length;
    await deliver();
    expect(smtp.received.length).toBe(before);
  });
});
