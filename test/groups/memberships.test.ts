import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { groupsApi } from './world.ts';

describe('groups: memberships, nesting, composites, dates and why', () => {
  let t: TestApp;
  let api: ReturnType<typeof groupsApi>;
  let apps: number;
  beforeAll(async () => {
    t = await makeTestApp();
    api = groupsApi(t);
    const uni = await api.folder('uni');
    apps = (await api.folder('apps', uni.id)).id;
  });
  afterAll(() => t.close());

  it('names groups by folder and extension, and finds them by full name', async () => {
    const payroll = await api.folder('payroll', apps);
    const clerk = await api.group(payroll.id, 'clerk');
    expect(clerk.name).toBe('uni:apps:payroll:clerk');
    const found = await api.ok({ method: 'GET', url: '/groups/by-name/uni:apps:payroll:clerk' });
    expect(found.id).toBe(clerk.id);
  });

  it('counts nested members through any depth and says why', async () => {
    const [a, b, c] = [
      await api.group(apps, 'nest-a'),
      await api.group(apps, 'nest-b'),
      await api.group(apps, 'nest-c'),
    ];
    const ann = await api.person('Nested');
    const m = await api.add(c.id, { personId: ann, reason: 'course helper', ticket: 'TCK-1' });
    await api.add(b.id, { groupId: c.id });
    await api.add(a.id, { groupId: b.id });
    const rows = await api.effective(a.id);
    expect(rows.map((r) => r.personId)).toEqual([ann]);
    expect(rows[0].why.membership!.id).toBe(m.id);
    expect(rows[0].why.path.map((p) => p.name)).toEqual(['uni:apps:nest-c', 'uni:apps:nest-b', 'uni:apps:nest-a']);
    // a cycle is refused and nothing changes
    const cycle = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/groups/${c.id}/members`,
      payload: { groupId: a.id },
    });
    expect(cycle.statusCode).toBe(409);
    expect(cycle.json().errors[0]).toMatchObject({ field: '/groupId', rule: 'cycle' });
    const self = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/groups/${c.id}/members`,
      payload: { groupId: c.id },
    });
    expect(self.json().errors[0].rule).toBe('cycle');
    expect(await api.effectiveIds(c.id)).toEqual([ann]);
    // removing the middle link removes ann from the top, and the change log lists her for that group
    const before = Number(
      (await t.db().selectFrom('chain_heads').select('seq').where('name', '=', 'changes').executeTakeFirstOrThrow())
        .seq,
    );
    const link = (await api.ok({ method: 'GET', url: `/groups/${b.id}/members` })) as Array<{
      id: number;
      memberGroupId: number;
    }>;
    await api.ok({ method: 'DELETE', url: `/groups/${b.id}/members/${link[0].id}?reason=restructure` }, 204);
    expect(await api.effectiveIds(a.id)).toEqual([]);
    const changes = await t
      .db()
      .selectFrom('change_log')
      .selectAll()
      .where('position', '>', before)
      .where('entity_type', '=', 'group_effective')
      .execute();
    expect(changes.map((c) => [Number(c.entity_id), (c.data as { personIds: number[] }).personIds]).sort()).toEqual(
      [
        [a.id, [ann]],
        [b.id, [ann]],
      ].sort(),
    );
  });

  it('ends a membership at its disabled-at for every reader without a job, and records the end when the job runs', async () => {
    const course = await api.group(apps, 'course-ext');
    const bob = await api.person('Extended');
    const until = new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString();
    const m = await api.add(course.id, {
      personId: bob,
      reason: 'deadline extended one week',
      enabledFrom: null,
      disabledAt: until,
      requestedBy: 'prof',
      approvedBy: 'dean',
    });
    expect(await api.effectiveIds(course.id)).toEqual([bob]);
    t.clock.advanceDays(8);
    expect(await api.effectiveIds(course.id)).toEqual([]);
    expect(
      await api.effectiveIds(course.id, `?at=${encodeURIComponent(new Date(Date.parse(until) - 1000).toISOString())}`),
    ).toEqual([bob]);
    const run = await api.ok({ method: 'POST', url: '/groups/memberships/boundaries' });
    expect(run.ended).toBeGreaterThanOrEqual(1);
    const again = await api.ok({ method: 'POST', url: '/groups/memberships/boundaries' });
    expect(again).toEqual({ started: 0, ended: 0 });
    const history = (await api.ok({ method: 'GET', url: `/groups/${course.id}/history` })) as Array<{
      event: string;
      membershipId: number;
      boundaryAt: string;
    }>;
    expect(history.filter((h) => h.event === 'membership-ended')).toEqual([
      expect.objectContaining({ membershipId: m.id, boundaryAt: until }),
    ]);
    const logged = await t
      .db()
      .selectFrom('change_log')
      .selectAll()
      .where('entity_type', '=', 'group')
      .where('op', '=', 'member-ended')
      .where('entity_id', '=', String(course.id))
      .execute();
    expect(logged).toHaveLength(1);
  });

  it('starts a future membership at its enabled-from', async () => {
    const g = await api.group(apps, 'future');
    const cy = await api.person('Future');
    const from = new Date(t.clock.now().getTime() + 2 * 86_400_000).toISOString();
    await api.add(g.id, { personId: cy, enabledFrom: from });
    expect(await api.effectiveIds(g.id)).toEqual([]);
    t.clock.advanceDays(3);
    expect(await api.effectiveIds(g.id)).toEqual([cy]);
    const run = await api.ok({ method: 'POST', url: '/groups/memberships/boundaries' });
    expect(run.started).toBe(1);
  });

  it('refuses dates out of order, unknown members and two member kinds at once, changing nothing', async () => {
    const g = await api.group(apps, 'strict');
    const p = await api.person('Strict');
    const bad = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/groups/${g.id}/members`,
      payload: { personId: p, enabledFrom: '2026-10-02T00:00:00Z', disabledAt: '2026-10-01T00:00:00Z' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: '/disabledAt', rule: 'after-enabled-from' });
    const unknown = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/groups/${g.id}/members`,
      payload: { personId: 999999 },
    });
    expect(unknown.json().errors[0]).toMatchObject({ field: '/personId', rule: 'exists' });
    const both = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/groups/${g.id}/members`,
      payload: { personId: p, groupId: g.id },
    });
    expect(both.json().errors[0]).toMatchObject({ field: '/personId', rule: 'one-of' });
    expect(await api.ok({ method: 'GET', url: `/groups/${g.id}/members` })).toEqual([]);
  });

  it('computes union, intersection and complement, with dates, and refuses a composite over itself', async () => {
    const staff = await api.group(apps, 'staff');
    const students = await api.group(apps, 'students');
    const [s1, s2, both] = [await api.person('Staff'), await api.person('Student'), await api.person('Both')];
    await api.add(staff.id, { personId: s1 });
    await api.add(staff.id, { personId: both });
    await api.add(students.id, { personId: s2 });
    const bothEnds = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
    await api.add(students.id, { personId: both, disabledAt: bothEnds });
    const union = await api.group(apps, 'u', { composite: { op: 'union', leftId: staff.id, rightId: students.id } });
    const inter = await api.group(apps, 'i', {
      composite: { op: 'intersection', leftId: staff.id, rightId: students.id },
    });
    const minus = await api.group(apps, 'c', {
      composite: { op: 'complement', leftId: staff.id, rightId: students.id },
    });
    expect(await api.effectiveIds(union.id)).toEqual([s1, s2, both].sort((a, b) => a - b));
    expect(await api.effectiveIds(inter.id)).toEqual([both]);
    expect(await api.effectiveIds(minus.id)).toEqual([s1]);
    // once `both` leaves students, the complement holds them and the intersection does not
    const later = `?at=${encodeURIComponent(new Date(Date.parse(bothEnds) + 1000).toISOString())}`;
    expect(await api.effectiveIds(minus.id, later)).toEqual([s1, both].sort((a, b) => a - b));
    expect(await api.effectiveIds(inter.id, later)).toEqual([]);
    const selfish = await t.call(t.tokens.admin, {
      method: 'PATCH',
      url: `/groups/${union.id}`,
      headers: { 'if-match': `"${union.version}"` },
      payload: { composite: { op: 'union', leftId: union.id, rightId: staff.id } },
    });
    expect(selfish.statusCode).toBe(400);
    expect(selfish.json().errors[0]).toMatchObject({ field: '/composite/leftId', rule: 'self' });
    // a composite that would draw on a group drawing on it is a cycle
    const outer = await api.group(apps, 'outer', { composite: { op: 'union', leftId: union.id, rightId: inter.id } });
    const loop = await t.call(t.tokens.admin, {
      method: 'PATCH',
      url: `/groups/${union.id}`,
      headers: { 'if-match': `"${union.version}"` },
      payload: { composite: { op: 'union', leftId: outer.id, rightId: staff.id } },
    });
    expect(loop.json().errors[0]).toMatchObject({ field: '/composite/leftId', rule: 'cycle' });
    // a composite has no direct members
    const direct = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/groups/${union.id}/members`,
      payload: { personId: s1 },
    });
    expect(direct.json().errors[0].rule).toBe('basic-only');
    // deleting an operand is refused naming why
    const del = await t.call(t.tokens.admin, { method: 'DELETE', url: `/groups/${staff.id}` });
    expect(del.statusCode).toBe(409);
    expect(del.json().errors.map((e: { rule: string }) => e.rule)).toContain('in-use-as-operand');
  });

  it('keeps the incremental rows equal to a full rebuild', async () => {
    const r = await api.ok({ method: 'POST', url: '/groups/rebuild' });
    expect(r.groupsChanged).toBe(0);
    expect(r.groups).toBeGreaterThan(5);
  });
});
