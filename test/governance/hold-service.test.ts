import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { accountFor } from '../groups/world.ts';
import { graceWorld, system } from './grace-fixture.ts';

/**
 * A mass loss of eligibility (a feed hiccup that moves a department's people, a department
 * closing) that would start grace for more than the policy's share of a group's governed
 * members is held instead of applied; the group's admin or a system administrator releases
 * it (the next pass applies it) or discards it. Other groups' changes in the same pass go on.
 */
let t: TestApp;
let w: ReturnType<typeof graceWorld>;
let eng: number;
let ops: number;

const isoDay = () => t.clock.now().toISOString().slice(0, 10);
const yesterday = () => new Date(t.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await makeTestApp({ start: '2026-10-01T08:00:00Z' });
  w = graceWorld(t);
  const uni = await w.org('UNI');
  eng = await w.org('ENG', uni);
  ops = await w.org('OPS', uni);
});
afterAll(() => t.close());

async function governedGroup(name: string, size: number) {
  const group = await w.group(name);
  const policy = await w.policy(group, { level: 'high', massLossPercent: 20 });
  const people: { id: number; affiliationId: number | null; membership: number }[] = [];
  for (let i = 0; i < size; i += 1) {
    const p = await w.person({ family: `${name}${i}`, orgId: eng, title: 'Engineer' });
    people.push({ ...p, membership: await w.govern(group, policy, p.id) });
  }
  return { group, policy, people };
}

async function moveToOps(p: { id: number; affiliationId: number | null }) {
  await w.changeAffiliation(p.id, p.affiliationId!, { validTo: yesterday() });
  await w.addAffiliation(p.id, { orgId: ops, title: 'Engineer', validFrom: isoDay() });
}

describe('mass loss of eligibility', () => {
  it('holds a pass that would start grace for too many of a group’s members, then applies it once released', async () => {
    const big = await governedGroup('big', 10);
    const small = await governedGroup('small', 2);
    expect((await w.reconcile()).candidates).toBe(0);
    w.days(1);
    for (const p of big.people.slice(0, 6)) await moveToOps(p);
    await moveToOps(small.people[0]);
    const run = await w.reconcile();
    expect(run).toMatchObject({ candidates: 7, held: 6, started: 1 });
    expect(run.holds).toHaveLength(1);
    const holdId = run.holds[0];
    // nothing of the held group changed, and nobody was told yet; the small group's change went on
    for (const p of big.people) expect((await w.membership(p.membership)).disabled_at).toBeNull();
    for (const p of big.people.slice(0, 6)) expect(await w.mails(p.membership)).toHaveLength(0);
    expect((await w.membership(small.people[0].membership)).disabled_at).not.toBeNull();
    // held items are not held again, nor applied, by later passes
    expect(await w.reconcile('full')).toMatchObject({ candidates: 0, held: 0, holds: [] });

    const list = await t.call(t.tokens.auditor, { method: 'GET', url: '/governance/holds' });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toHaveLength(1);
    const shown = await t.call(t.tokens.auditor, { method: 'GET', url: `/governance/holds/${holdId}` });
    expect(shown.headers.etag).toBe('"1"');
    expect(shown.json()).toMatchObject({
      id: holdId,
      groupId: big.group,
      state: 'open',
      affected: 6,
      members: 10,
      reason: 'one pass would start grace for 6 of 10 governed members (60 %), above the threshold of 20 %',
    });
    expect(shown.json().items[0]).toMatchObject({
      kind: 'department',
      fact: 'department',
      from: 'ENG',
      to: 'OPS',
      days: 5,
    });
    const why = (
      await t.call(t.tokens.admin, {
        method: 'GET',
        url: `/groups/${big.group}/members/${big.people[0].membership}/why`,
      })
    ).json();
    expect(why.hold).toEqual({ id: holdId, state: 'open' });

    // the group's admin may release it; an auditor or a stranger may not; If-Match is required
    const adminPerson = (await w.person({ family: 'Groupadmin' })).id;
    await t.app.groups.privileges.grant(system, { groupId: big.group }, { privilege: 'admin', personId: adminPerson });
    const groupAdmin = await accountFor(t, 'groupadmin', adminPerson);
    const stranger = await t.tokenFor('stranger', []);
    const release = (token: string, headers: Record<string, string> = { 'if-match': '"1"' }) =>
      t.call(token, {
        method: 'POST',
        url: `/governance/holds/${holdId}/release`,
        headers,
        payload: { reason: 'checked' },
      });
    expect((await release(t.tokens.auditor)).statusCode).toBe(403);
    expect((await release(stranger)).statusCode).toBe(403);
    expect((await t.call(stranger, { method: 'GET', url: `/governance/holds/${holdId}` })).statusCode).toBe(403);
    expect((await t.call(groupAdmin, { method: 'GET', url: '/governance/holds' })).json()).toHaveLength(1);
    expect((await t.call(stranger, { method: 'GET', url: '/governance/holds' })).statusCode).toBe(403);
    const plainPerson = await accountFor(t, 'plainperson', (await w.person({ family: 'Plain' })).id);
    expect((await t.call(plainPerson, { method: 'GET', url: '/governance/holds' })).json()).toHaveLength(0);
    expect((await release(groupAdmin, {})).statusCode).toBe(428);
    const released = await release(groupAdmin);
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toMatchObject({ state: 'released', releasedBy: 'groupadmin', appliedAt: null, version: 2 });
    expect((await release(groupAdmin, { 'if-match': '"2"' })).statusCode).toBe(409);

    // the next pass applies the released items on that day's facts
    const next = await w.reconcile();
    expect(next).toMatchObject({ started: 6, held: 0 });
    for (const p of big.people.slice(0, 6)) {
      expect((await w.membership(p.membership)).disabled_at).not.toBeNull();
      expect(await w.factsRow(p.membership)).toMatchObject({ grace_kind: 'department', hold_id: null });
    }
    const applied = (await t.call(t.tokens.admin, { method: 'GET', url: `/governance/holds/${holdId}` })).json();
    expect(applied.appliedAt).toBe(t.clock.now().toISOString());
    expect(await w.reconcile('full')).toMatchObject({ candidates: 0 });
    const audit = (
      await t.call(t.tokens.auditor, { method: 'GET', url: '/audit?action=governance.hold.release' })
    ).json();
    expect(audit).toMatchObject([{ actor: 'groupadmin', reason: 'checked' }]);
  });

  it('discards a hold: nothing applied, the items free again for a later pass', async () => {
    const group = await governedGroup('closing', 6);
    w.days(1);
    for (const p of group.people.slice(0, 5))
      await w.changeAffiliation(p.id, p.affiliationId!, { validTo: yesterday() });
    const run = await w.reconcile();
    expect(run).toMatchObject({ held: 5, ended: 0 });
    const holdId = run.holds[0];
    const discarded = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/governance/holds/${holdId}/discard`,
      headers: { 'if-match': '"1"' },
      payload: {},
    });
    expect(discarded.statusCode, discarded.body).toBe(200);
    expect(discarded.json()).toMatchObject({ state: 'discarded' });
    for (const p of group.people) {
      expect((await w.membership(p.membership)).disabled_at).toBeNull();
      expect((await w.factsRow(p.membership)).hold_id).toBeNull();
    }
    expect(
      (await t.call(t.tokens.admin, { method: 'GET', url: '/governance/holds?state=discarded' })).json(),
    ).toHaveLength(1);
    // the loss persists: the daily full pass finds it and holds it again
    const again = await w.reconcile('full');
    expect(again).toMatchObject({ held: 5 });
    expect(again.holds[0]).not.toBe(holdId);
  });
});
