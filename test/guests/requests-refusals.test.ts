import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson } from '../registry/world.ts';
import { on } from './world.ts';
import { counts, decide, makeRequestWorld, ok, type RequestWorld, submit, visitorRequest } from './request-world.ts';

/**
 * Bad input and conflicts of guest requests: each is refused with a clear error naming the
 * field and rule, and changes nothing (no request, decision, mail, audit or change row).
 */
let w: RequestWorld;
beforeAll(async () => {
  w = await makeRequestWorld();
});
afterAll(() => w.t.close());

const post = (token: string, payload: Record<string, unknown>) =>
  w.t.call(token, { method: 'POST', url: '/guests/requests', payload });

async function refused(
  call: () => Promise<{ statusCode: number; body: string; json(): unknown }>,
  status: number,
  problem?: { field: string; rule: string },
) {
  const before = await counts(w);
  const r = await call();
  expect(r.statusCode, r.body).toBe(status);
  if (problem) expect((r.json() as { errors: unknown[] }).errors).toContainEqual(expect.objectContaining(problem));
  expect(await counts(w)).toEqual(before);
  return r.json() as { detail: string; errors?: { field: string; rule: string; message: string }[] };
}

describe('submitting', () => {
  it('refuses each bad field naming the field and rule, changing nothing', async () => {
    on(w.t, '2026-09-01');
    const bad: [Record<string, unknown>, string, string][] = [
      [{ validTo: '2026-09-05' }, '/validTo', 'after-valid-from'],
      [{ validTo: '2027-09-10' }, '/validTo', 'maximum'],
      [{ validFrom: '2026-08-31' }, '/validFrom', 'not-past'],
      [{ hostOrgId: w.outside }, '/hostOrgId', 'org-subtree'],
      [{ hostOrgId: 999999 }, '/hostOrgId', 'known-unit'],
      [{ reason: 'Holiday' }, '/reason', 'one-of'],
      [{ reason: null }, '/reason', 'required'],
      [{ services: ['email'] }, '/services/0', 'offered'],
      [{ email: 'ada-at-nowhere' }, '/email', 'format:email'],
      [{ givenName: '' }, '/givenName', 'required'],
      [{ type: 'Astronaut' }, '/type', 'known-type'],
      [{ personId: 999999 }, '/personId', 'known-person'],
    ];
    for (const [change, field, rule] of bad) {
      await refused(() => post(w.tokens.guarantor, { ...visitorRequest(), hostOrgId: w.physics, ...change }), 400, {
        field,
        rule,
      });
    }
  });

  it('refuses a sponsor who may not sponsor', async () => {
    const sponsor = (await createPerson(w.t, { givenName: 'Sam', familyName: 'Sponsorless' })).id;
    const body = {
      type: 'Spouse',
      givenName: 'Sia',
      familyName: 'Spouse',
      email: 'sia@home.example',
      sponsorId: sponsor,
      services: ['id-card'],
      validFrom: '2026-09-10',
      validTo: '2026-12-31',
    };
    const problem = await refused(() => post(w.tokens.guarantor, body), 400, {
      field: '/sponsorId',
      rule: 'may-sponsor',
    });
    expect(problem.errors![0].message).toContain('may not sponsor');
    await refused(() => post(w.tokens.guarantor, { ...body, sponsorId: undefined }), 400, {
      field: '/sponsorId',
      rule: 'required',
    });
  });

  it('routes a sponsored request to its sponsor, who sees it in their inbox', async () => {
    const r = await submit(w, {
      type: 'Spouse',
      givenName: 'Sia',
      familyName: 'Spouse',
      email: 'sia@home.example',
      sponsorId: w.approver,
      services: ['id-card'],
      validFrom: '2026-09-10',
      validTo: '2026-12-31',
      hostOrgId: null,
    });
    expect(r.steps.map((s) => [s.step, s.approvers])).toEqual([['sponsor', ['Dora Dean']]]);
    const inbox = (await w.t.call(w.tokens.approver, { method: 'GET', url: '/guests/inbox' })).json() as {
      id: number;
    }[];
    expect(inbox.map((x) => x.id)).toContain(r.id);
    const done = await ok(w, w.tokens.approver, r.id, 1, 'approve');
    expect(done.state).toBe('approved');
    expect((await w.t.call(w.t.tokens.admin, { method: 'GET', url: `/guests/${done.guestId}` })).json()).toMatchObject({
      type: 'Spouse',
      state: 'pending',
      sponsorId: w.approver,
      hostOrgId: null,
    });
  });

  it('refuses an account without a person (403), and a guarantor named by anyone but a system administrator', async () => {
    await refused(() => post(w.tokens.unlinked, { ...visitorRequest(), hostOrgId: w.physics }), 403);
    await refused(
      () => post(w.tokens.colleague, { ...visitorRequest(), hostOrgId: w.physics, guarantorId: w.guarantor }),
      403,
    );
    const r = await w.t.call(w.t.tokens.admin, {
      method: 'POST',
      url: '/guests/requests',
      payload: { ...visitorRequest(), hostOrgId: w.physics, guarantorId: w.guarantor },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ guarantorId: w.guarantor, submittedBy: 'root' });
  });
});

describe('deciding', () => {
  it('needs If-Match and refuses the guarantor and the submitter deciding their own request', async () => {
    const r = await submit(w, visitorRequest());
    await refused(
      () => w.t.call(w.tokens.approver, { method: 'POST', url: `/guests/requests/${r.id}/approve`, payload: {} }),
      428,
    );
    const own = await refused(() => decide(w, w.tokens.guarantor, r.id, 1, 'approve'), 403);
    expect(own.detail).toContain('their own request');
    // An approver who asks for a visitor themselves cannot approve it; the other approver can.
    const mine = await submit(w, visitorRequest(), w.tokens.approver);
    expect(
      (await w.t.call(w.tokens.approver, { method: 'GET', url: '/guests/inbox' }))
        .json()
        .map((x: { id: number }) => x.id),
    ).not.toContain(mine.id);
    await refused(() => decide(w, w.tokens.approver, mine.id, 1, 'approve'), 403);
    await ok(w, w.tokens.approver2, mine.id, 1, 'approve');
  });

  it('refuses someone who does not approve the current step', async () => {
    const r = await submit(w, visitorRequest());
    const problem = await refused(() => decide(w, w.tokens.colleague, r.id, 1, 'approve'), 403);
    expect(problem.detail).toContain('not an approver of the current step');
    expect(problem.detail).toContain('Department approvers: Dirk Deputy, Dora Dean');
    await refused(() => decide(w, w.tokens.itDesk, r.id, 1, 'approve'), 403);
    await refused(() => decide(w, w.tokens.unlinked, r.id, 1, 'reject', 'no'), 403);
  });

  it('refuses approving twice: the same version again (already decided) and the next step by the same person', async () => {
    const r = await submit(w, visitorRequest());
    await ok(w, w.tokens.approver, r.id, 1, 'approve');
    const again = await refused(() => decide(w, w.tokens.approver, r.id, 1, 'approve'), 409, {
      field: '/state',
      rule: 'already-decided',
    });
    expect(again.detail).toContain('Department approvers was already approved by dora');
    await refused(() => decide(w, w.tokens.approver, r.id, 2, 'approve'), 409, {
      field: '/state',
      rule: 'approve-twice',
    });
  });

  it('refuses deciding a withdrawn, rejected or approved request', async () => {
    const withdrawn = await submit(w, visitorRequest());
    await refused(() => decide(w, w.tokens.colleague, withdrawn.id, 1, 'withdraw'), 403);
    await ok(w, w.tokens.guarantor, withdrawn.id, 1, 'withdraw', 'visit cancelled');
    const p = await refused(() => decide(w, w.tokens.approver, withdrawn.id, 2, 'approve'), 409, {
      field: '/state',
      rule: 'decided',
    });
    expect(p.detail).toContain('already withdrawn');
    await refused(() => decide(w, w.tokens.guarantor, withdrawn.id, 2, 'withdraw'), 409, {
      field: '/state',
      rule: 'decided',
    });

    const rejected = await submit(w, visitorRequest());
    await refused(() => decide(w, w.tokens.approver, rejected.id, 1, 'reject'), 400, {
      field: '/comment',
      rule: 'required',
    });
    const after = await ok(w, w.tokens.approver, rejected.id, 1, 'reject', 'Dates clash with the audit');
    expect(after).toMatchObject({ state: 'rejected', currentStep: null });
    expect(after.steps.map((s) => s.state)).toEqual(['rejected', 'skipped']);
    await refused(() => decide(w, w.tokens.approver2, rejected.id, 2, 'approve'), 409, {
      field: '/state',
      rule: 'decided',
    });
    const mail = await w.t
      .db()
      .selectFrom('outbox')
      .select(['recipient', 'text_body'])
      .where('dedupe_key', '=', `guest-request:${rejected.id}:rejected`)
      .executeTakeFirstOrThrow();
    expect(mail.recipient).toBe('gina@uni.example');
    expect(mail.text_body).toContain('Reason: Dates clash with the audit');

    const approved = await submit(w, visitorRequest({ services: [] }));
    await ok(w, w.tokens.approver, approved.id, 1, 'approve');
    const late = await refused(() => decide(w, w.tokens.approver2, approved.id, 2, 'reject', 'too late'), 409, {
      field: '/state',
      rule: 'decided',
    });
    // The refusal names the account that decided, not the one asking.
    expect(late.detail).toContain('already approved (last decided by dora)');
  });

  it('lets one of two approvers deciding at the same moment win; the other gets 409 already decided', async () => {
    const r = await submit(w, visitorRequest());
    const before = await counts(w);
    const [a, b] = await Promise.all([
      decide(w, w.tokens.approver, r.id, 1, 'approve', 'yes'),
      decide(w, w.tokens.approver2, r.id, 1, 'reject', 'no'),
    ]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().errors[0]).toMatchObject({ field: '/state', rule: 'already-decided' });
    expect(loser.json().detail).toMatch(/was already (approved|rejected) by (dora|dirk)/);
    const after = await counts(w);
    expect(after.decisions - before.decisions).toBe(1);
    const rows = await w.t
      .db()
      .selectFrom('guest_request_decisions')
      .select('step_index')
      .where('request_id', '=', r.id)
      .execute();
    expect(rows).toHaveLength(1);
  });
});

describe('renewal requests', () => {
  it('are refused before the renewal window, beyond the maximum, and by someone who is not the guarantor', async () => {
    on(w.t, '2026-09-01');
    const r = await submit(w, visitorRequest({ services: [], validFrom: '2026-09-01', validTo: '2026-11-30' }));
    const done = await ok(w, w.tokens.approver, r.id, 1, 'approve');
    const renew = (token: string, validTo: string) =>
      w.t.call(token, { method: 'POST', url: `/guests/${done.guestId}/renewal-requests`, payload: { validTo } });
    const early = await refused(() => renew(w.tokens.guarantor, '2027-01-31'), 400, {
      field: '/validTo',
      rule: 'renewal-window',
    });
    expect(early.errors![0].message).toContain('renewal opens 30 days before 2026-11-30, on 2026-10-31');
    on(w.t, '2026-11-10');
    await refused(() => renew(w.tokens.guarantor, '2027-11-10'), 400, { field: '/validTo', rule: 'maximum' });
    await refused(() => renew(w.tokens.guarantor, '2026-11-30'), 400, { field: '/validTo', rule: 'later' });
    await refused(() => renew(w.tokens.colleague, '2027-01-31'), 403);
    const first = await renew(w.tokens.guarantor, '2027-01-31');
    expect(first.statusCode, first.body).toBe(201);
    await refused(() => renew(w.tokens.guarantor, '2027-02-28'), 409, { field: '/guestId', rule: 'one-open-renewal' });
  });
});
