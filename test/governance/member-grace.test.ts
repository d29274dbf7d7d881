import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { graceWorld } from './grace-fixture.ts';

/**
 * A group's governed memberships with their grace state in one read (the group page's badges): a member whose title
 * changed is in grace with the kind and the end the reconcile gave; one whose facts hold is governed without grace;
 * a group without a policy says so; and the route is read on the group.
 */
describe("a group's members with their grace state", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
  });
  afterAll(() => t.close());

  it('lists each governed membership with its grace, and says when a group is not governed', async () => {
    const w = graceWorld(t);
    const pay = await w.org('MGPAY');
    const group = await w.group('mg-admin');
    const policy = await w.policy(group, { level: 'high' });
    const alice = await w.person({ family: 'Alice', orgId: pay, title: 'Clerk' });
    const bob = await w.person({ family: 'Bob', orgId: pay, title: 'Clerk' });
    const a = await w.govern(group, policy, alice.id);
    const b = await w.govern(group, policy, bob.id);
    w.days(1);
    await w.changeAffiliation(alice.id, alice.affiliationId!, { title: 'Senior Clerk' });
    await w.reconcile('full');

    const r = await t.call(t.tokens.auditor, { method: 'GET', url: `/groups/${group}/members/grace` });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ groupId: group, governed: true, policy: { id: policy, level: 'high' } });
    expect(body.memberships).toEqual([
      {
        membershipId: a,
        personId: alice.id,
        policyId: policy,
        grace: {
          kind: 'job',
          fact: 'title',
          from: 'Clerk',
          to: 'Senior Clerk',
          seenAt: '2026-09-02T09:00:00.000Z',
          endsAt: '2026-09-16T09:00:00.000Z',
          sentence: expect.stringContaining('Senior Clerk'),
          notified: expect.any(Boolean),
        },
        held: false,
      },
      { membershipId: b, personId: bob.id, policyId: policy, grace: null, held: false },
    ]);
    // the badge agrees with the membership's own end and its why
    const why = await t.call(t.tokens.auditor, { method: 'GET', url: `/groups/${group}/members/${a}/why` });
    expect(why.json().endsAt).toBe(body.memberships[0].grace.endsAt);

    const plain = await w.group('mg-plain');
    const none = await t.call(t.tokens.auditor, { method: 'GET', url: `/groups/${plain}/members/grace` });
    expect(none.json()).toEqual({ groupId: plain, governed: false, policy: null, memberships: [] });
    expect((await t.call(t.tokens.auditor, { method: 'GET', url: '/groups/999999/members/grace' })).statusCode).toBe(
      404,
    );
    expect(
      (await t.call(t.tokens.auditor, { method: 'GET', url: `/groups/${group}/members/grace?x=1` })).statusCode,
    ).toBe(400);
  });
});
