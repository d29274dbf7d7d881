import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import {
  addDelegate,
  addPolicy,
  expectStatus,
  governanceWorld,
  type GovernanceWorld,
  lastMailId,
  mailOf,
} from './add-world.ts';

const address = (name: string) => `${name}.rq@uni.example`;

describe('membership requests: submit, two stages of approval, the inbox and the mail', () => {
  let t: TestApp;
  let w: GovernanceWorld;
  let policyId: number;
  const request = (token: string, payload: Record<string, unknown>, status = 201) =>
    expectStatus(t, token, { method: 'POST', url: '/governance/requests', payload }, status);
  const decide = async (
    token: string,
    id: number,
    action: string,
    body: Record<string, unknown> = {},
    version?: number,
  ) => {
    const v =
      version ??
      (await expectStatus(t, t.tokens.admin, { method: 'GET', url: `/governance/requests/${id}` }, 200)).version;
    return t.call(token, {
      method: 'POST',
      url: `/governance/requests/${id}/${action}`,
      headers: { 'if-match': `"${v}"` },
      payload: body,
    });
  };

  beforeAll(async () => {
    t = await makeTestApp();
    w = await governanceWorld(t, 'RQ');
    const policy = await addPolicy(t, {
      name: 'rq-approvals',
      groupId: w.groups.approve.id,
      stages: [{ approvers: [{ kind: 'manager' }] }, { approvers: [{ kind: 'owner' }] }],
      checks: { supportingGroupIds: [w.groups.staff.id] },
      ownerPersonId: w.people.ola,
    });
    policyId = policy.id;
    await addDelegate(t, policyId, w.org.uni, w.people.dee);
  });
  afterAll(() => t.close());

  it('refuses a request that fails the checks, naming each, and one without a reason or ticket', async () => {
    const r = await t.call(w.tokens.bo, {
      method: 'POST',
      url: '/governance/requests',
      payload: { groupId: w.groups.approve.id, personId: w.people.cy, reason: 'help out', days: 10 },
    });
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json().errors).toEqual([expect.objectContaining({ field: '/personId', rule: 'supporting-group' })]);
    const bare = await t.call(w.tokens.bo, {
      method: 'POST',
      url: '/governance/requests',
      payload: { groupId: w.groups.approve.id, personId: w.people.ann },
    });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().errors[0]).toMatchObject({ field: '/reason', rule: 'required' });
    const extra = await t.call(w.tokens.bo, {
      method: 'POST',
      url: '/governance/requests',
      payload: { groupId: w.groups.approve.id, personId: w.people.ann, reason: 'x', colour: 'red' },
    });
    expect(extra.statusCode).toBe(400);
    expect(await t.db().selectFrom('membership_requests').select('id').execute()).toEqual([]);
  });

  it('goes through two stages in order, adds the member with who asked and approved, and records the facts', async () => {
    let since = await lastMailId(t);
    const r = await request(w.tokens.bo, {
      groupId: w.groups.approve.id,
      personId: w.people.ann,
      ticket: 'FIN-7',
      days: 30,
    });
    expect(r).toMatchObject({
      state: 'pending',
      stage: 0,
      endsOn: '2026-10-01',
      requestedBy: 'rq-bo',
      abilities: { withdraw: true },
    });
    expect(r.stages.map((s: { state: string }) => s.state)).toEqual(['current', 'waiting']);
    expect(await mailOf(t, 'membership-approval-needed', since)).toEqual([address('mo')]);
    // neither the requester, nor the second stage's approver, decides the first stage
    expect((await decide(w.tokens.bo, r.id, 'approve')).statusCode).toBe(403);
    expect((await decide(w.tokens.ola, r.id, 'approve')).statusCode).toBe(403);
    // the inbox of the manager shows it, next to a guest request waiting for the same person
    await t.app.guests.config.createMissingTypes(systemActor('test'), [
      {
        name: 'RQ Visitor',
        label: 'RQ visitor',
        lifecycle: 'visitor',
        maxDays: 365,
        renewable: true,
        approvalChain: [{ step: 'department-approvers' }],
      },
    ]);
    const guest = await t.app.guestRequests.requests.submit(systemActor('test'), {
      type: 'RQ Visitor',
      givenName: 'Vera',
      familyName: 'Visitor',
      email: 'vera@visit.example',
      hostOrgId: w.org.fin,
      validFrom: '2026-09-10',
      validTo: '2026-09-30',
      guarantorId: w.people.bo,
    });
    const inbox = await expectStatus(t, w.tokens.mo, { method: 'GET', url: '/inbox' }, 200);
    expect(inbox.map((i: { kind: string; id: number }) => `${i.kind} ${i.id}`).sort()).toEqual(
      [`guest-request ${guest.id}`, `membership-request ${r.id}`].sort(),
    );
    expect(inbox.find((i: { kind: string }) => i.kind === 'membership-request')).toMatchObject({
      link: `/ui/governance/requests/${r.id}`,
      summary: expect.stringContaining('Ann RQPerson in rq:pay:approve'),
    });
    expect((await t.call(w.tokens.mo, { method: 'GET', url: '/guests/inbox' })).statusCode).toBe(200);
    expect(await expectStatus(t, w.tokens.ola, { method: 'GET', url: '/inbox' }, 200)).toEqual([]);

    since = await lastMailId(t);
    const first = await decide(w.tokens.mo, r.id, 'approve', { comment: 'fine by me' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ state: 'pending', stage: 1 });
    expect(await mailOf(t, 'membership-approval-needed', since)).toEqual([address('ola')]);
    // approving twice: the same approver on the next stage, or an old version
    const twice = await decide(w.tokens.mo, r.id, 'approve');
    expect(twice.statusCode).toBe(409);
    expect(twice.json().errors[0].rule).toBe('approve-twice');
    const old = await decide(w.tokens.ola, r.id, 'approve', {}, r.version);
    expect(old.statusCode).toBe(409);
    expect(old.json().errors[0].rule).toBe('already-decided');
    expect(await expectStatus(t, w.tokens.ola, { method: 'GET', url: '/inbox' }, 200)).toHaveLength(1);

    since = await lastMailId(t);
    const done = await decide(w.tokens.ola, r.id, 'approve');
    expect(done.statusCode, done.body).toBe(200);
    const view = done.json();
    expect(view).toMatchObject({ state: 'approved', membershipId: expect.any(Number) });
    expect(view.stages.map((s: { state: string }) => s.state)).toEqual(['approved', 'approved']);
    const [m] = (await w.api.ok({ method: 'GET', url: `/groups/${w.groups.approve.id}/members` })) as Array<
      Record<string, unknown>
    >;
    expect(m).toMatchObject({
      id: view.membershipId,
      personId: w.people.ann,
      ticket: 'FIN-7',
      requestedBy: 'rq-bo',
      approvedBy: 'rq-mo, rq-ola',
      addedBy: 'rq-ola',
      disabledAt: '2026-10-01T00:00:00.000Z',
    });
    const facts = await t
      .db()
      .selectFrom('membership_facts')
      .selectAll()
      .where('membership_id', '=', view.membershipId)
      .executeTakeFirstOrThrow();
    expect(facts).toMatchObject({ policy_id: policyId, approved_by: 'rq-mo, rq-ola' });
    expect(facts.approved_at).toEqual(t.clock.now());
    expect(facts.facts).toMatchObject({ department: 'RQFIN', supporting: [w.groups.staff.id] });
    expect(await mailOf(t, 'membership-approved', since)).toEqual([address('bo')]);
    expect(await mailOf(t, 'membership-added', since)).toEqual(['ann', 'dee', 'mo', 'ola'].map(address).sort());
    // a decided request is decided
    const again = await decide(w.tokens.ola, r.id, 'approve');
    expect(again.statusCode).toBe(409);
    expect(again.json().errors[0].rule).toBe('decided');
    // asking again for a member is refused
    const dup = await t.call(w.tokens.bo, {
      method: 'POST',
      url: '/governance/requests',
      payload: { groupId: w.groups.approve.id, personId: w.people.ann, reason: 'again' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].rule).toBe('unique');
  });

  it('refuses to approve a member who is no longer eligible, naming the check, and changes nothing', async () => {
    const g = await w.api.group(w.folders.pay.id, 'review');
    const review = await addPolicy(t, {
      name: 'rq-review',
      groupId: g.id,
      stages: [{ approvers: [{ kind: 'delegates' }] }],
      checks: { supportingGroupIds: [w.groups.staff.id] },
    });
    // delegates are per policy: Dee, named on UNI, decides for Ann's department FIN below it
    await addDelegate(t, review.id, w.org.uni, w.people.dee);
    const r = await request(w.tokens.bo, {
      groupId: g.id,
      personId: w.people.ann,
      reason: 'reviews',
      endsOn: '2026-11-30',
    });
    const [staffLink] = (await w.api.ok({ method: 'GET', url: `/groups/${w.groups.staff.id}/members` })) as Array<{
      id: number;
    }>;
    await w.api.ok({ method: 'DELETE', url: `/groups/${w.groups.staff.id}/members/${staffLink.id}?reason=left` }, 204);
    const before = await lastMailId(t);
    const refused = await decide(w.tokens.dee, r.id, 'approve');
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: '/personId', rule: 'supporting-group' })]);
    const after = await expectStatus(t, w.tokens.dee, { method: 'GET', url: `/governance/requests/${r.id}` }, 200);
    expect(after).toMatchObject({ state: 'pending', stage: 0, version: r.version, abilities: { approve: true } });
    expect(
      await t.db().selectFrom('membership_request_decisions').select('id').where('request_id', '=', r.id).execute(),
    ).toEqual([]);
    expect(await w.api.ok({ method: 'GET', url: `/groups/${g.id}/members` })).toEqual([]);
    expect(await lastMailId(t)).toBe(before);
    await w.api.add(w.groups.staff.id, { personId: w.people.ann });
  });

  it('lets an approver deny with a reason and the requester withdraw, telling the requester', async () => {
    const g = await w.api.group(w.folders.pay.id, 'audit');
    await addPolicy(t, {
      name: 'rq-audit',
      groupId: g.id,
      stages: [{ approvers: [{ kind: 'person', personId: w.people.dee }] }],
    });
    const a = await request(w.tokens.bo, { groupId: g.id, personId: w.people.ann, reason: 'audit' });
    expect((await decide(w.tokens.dee, a.id, 'deny')).json().errors[0]).toMatchObject({
      field: '/comment',
      rule: 'required',
    });
    const since = await lastMailId(t);
    const denied = await decide(w.tokens.dee, a.id, 'deny', { comment: 'not this year' });
    expect(denied.json()).toMatchObject({
      state: 'denied',
      stages: [{ state: 'denied', decision: { comment: 'not this year' } }],
    });
    expect(await mailOf(t, 'membership-denied', since)).toEqual([address('bo')]);
    const b = await request(w.tokens.bo, { groupId: g.id, personId: w.people.mo, reason: 'audit' });
    expect((await decide(w.tokens.dee, b.id, 'withdraw')).statusCode).toBe(403);
    const withdrawn = await decide(w.tokens.bo, b.id, 'withdraw');
    expect(withdrawn.json()).toMatchObject({
      state: 'withdrawn',
      abilities: { approve: false, deny: false, withdraw: false },
    });
    const mine = await expectStatus(
      t,
      w.tokens.bo,
      { method: 'GET', url: `/governance/requests?groupId=${g.id}` },
      200,
    );
    expect(mine.map((x: { id: number }) => x.id).sort()).toEqual([a.id, b.id].sort());
    const unknown = await t.call(w.tokens.bo, { method: 'GET', url: '/governance/requests?colour=red' });
    expect(unknown.statusCode).toBe(400);
    expect((await t.call(w.tokens.dee, { method: 'GET', url: '/inbox?colour=red' })).statusCode).toBe(400);
  });

  it('refuses a request to an ungoverned group and an approver reading another department`s request list', async () => {
    const r = await t.call(w.tokens.bo, {
      method: 'POST',
      url: '/governance/requests',
      payload: { groupId: w.groups.staff.id, personId: w.people.cy, reason: 'x' },
    });
    expect(r.statusCode).toBe(409);
    expect(r.json().errors[0].rule).toBe('governed');
    const nobody = await t.tokenFor('rq-nobody', []);
    expect((await t.call(nobody, { method: 'GET', url: '/inbox' })).statusCode).toBe(403);
    expect((await t.call(nobody, { method: 'GET', url: '/governance/requests' })).statusCode).toBe(403);
  });
});
