import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { groupsApi } from '../groups/world.ts';
import { application, assign, check, type Decision, ok, person, resources, role, unit } from './world.ts';

/**
 * Issue 16, time travel: the decision point answers "as it was on D" across revocations and deleted memberships, with
 * the reasons it gave then, and "as Steward knew it on K" (recorded time).
 */
describe('access: time travel', () => {
  let t: TestApp;
  let uni: number;
  const day = 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const ask = (body: Record<string, unknown>) => ok<Decision>(t, 'POST', '/check', body);
  beforeAll(async () => {
    t = await makeTestApp();
    uni = await unit(t, 'TT');
    await application(t, 'vault');
    await resources(t, 'vault', [['box', null]]);
  });
  afterAll(() => t.close());

  it('a revoked assignment still allows on a date before its revocation, with the same reasons', async () => {
    const reader = await role(t, 'vault', 'reader', [{ action: 'open', resource: 'box' }]);
    const ann = await person(t, 'Ann', uni);
    const [a] = await assign(t, {
      roleId: reader,
      subjects: [{ type: 'person', id: ann }],
      scopes: [{ kind: 'everywhere' }],
    });
    const mid = iso(t.clock.now().getTime() + day);
    const then = await check(t, ann, 'vault', 'open', 'box', undefined, mid);
    expect(then.decision).toBe('allow');
    t.clock.advance(2 * day);
    await ok(t, 'DELETE', `/access/assignments/${a.id}?reason=moved`);
    // The live index follows the change log (on PostgreSQL through LISTEN/NOTIFY): let it catch up first.
    await t.app.access.follower.catchUp();
    expect((await check(t, ann, 'vault', 'open', 'box')).decision).toBe('deny');
    const after = await check(t, ann, 'vault', 'open', 'box', undefined, mid);
    expect(after).toEqual(then);
    // the same in a batch, beside a check about now
    const batch = await ok<{ results: Decision[] }>(t, 'POST', '/check/batch', {
      checks: [
        { subject: { type: 'person', id: ann }, application: 'vault', action: 'open', resource: 'box', at: mid },
        { subject: { type: 'person', id: ann }, application: 'vault', action: 'open', resource: 'box' },
      ],
    });
    expect(batch.results.map((r) => r.decision)).toEqual(['allow', 'deny']);
    // who-can and what-can answer for that date too
    const who = await ok<{ people: { personId: number }[] }>(
      t,
      'GET',
      `/access/who-can?application=vault&action=open&resource=box&at=${encodeURIComponent(mid)}`,
    );
    expect(who.people.map((p) => p.personId)).toContain(ann);
    const whoNow = await ok<{ people: { personId: number }[] }>(
      t,
      'GET',
      `/access/who-can?application=vault&action=open&resource=box`,
    );
    expect(whoNow.people.map((p) => p.personId)).not.toContain(ann);
    const what = await ok<{ role: string }[]>(
      t,
      'GET',
      `/access/what-can?subjectId=${ann}&at=${encodeURIComponent(mid)}`,
    );
    expect(what.map((w) => w.role)).toContain('reader');
    // the current list of assignments no longer holds it
    const list = await ok<{ id: number }[] | { items: { id: number }[] }>(
      t,
      'GET',
      `/access/assignments?subjectType=person&subjectId=${ann}`,
    );
    const items = Array.isArray(list) ? list : list.items;
    expect(items.map((x) => x.id)).not.toContain(a.id);
  });

  it('a membership deleted since still gives its group role on an earlier date, through the group', async () => {
    const api = groupsApi(t);
    const folder = await api.folder('tt');
    const team = await api.group(folder.id, 'team');
    const bob = await person(t, 'Bob', uni);
    const m = await api.add(team.id, { personId: bob });
    const writer = await role(t, 'vault', 'writer', [{ action: 'fill', resource: 'box' }]);
    await assign(t, { roleId: writer, subjects: [{ type: 'group', id: team.id }], scopes: [{ kind: 'everywhere' }] });
    const mid = iso(t.clock.now().getTime() + day);
    const then = await check(t, bob, 'vault', 'fill', 'box', undefined, mid);
    expect(then.decision).toBe('allow');
    expect(then.reasons.some((r) => r.step === 'group')).toBe(true);
    t.clock.advance(2 * day);
    await api.ok({ method: 'DELETE', url: `/groups/${team.id}/members/${m.id}` }, 204);
    await t.app.access.follower.catchUp();
    expect((await check(t, bob, 'vault', 'fill', 'box')).decision).toBe('deny');
    expect(await check(t, bob, 'vault', 'fill', 'box', undefined, mid)).toEqual(then);
  });

  it('an assignment made today without a start does not allow on an earlier date', async () => {
    const viewer = await role(t, 'vault', 'viewer', [{ action: 'peek', resource: 'box' }]);
    t.clock.advance(3 * day);
    const cy = await person(t, 'Cy', uni);
    const yesterday = iso(t.clock.now().getTime() - day);
    await assign(t, { roleId: viewer, subjects: [{ type: 'person', id: cy }], scopes: [{ kind: 'everywhere' }] });
    await t.app.access.follower.catchUp();
    expect((await check(t, cy, 'vault', 'peek', 'box')).decision).toBe('allow');
    const then = await check(t, cy, 'vault', 'peek', 'box', undefined, yesterday);
    expect(then.decision).toBe('deny');
    expect(JSON.stringify(then.reasons)).toContain('holds no role');
    // a permission added today was not the role's on an earlier date either
    await ok(t, 'POST', `/access/roles/${viewer}/permissions`, { action: 'stare', resource: 'box' });
    await t.app.access.follower.catchUp();
    expect((await check(t, cy, 'vault', 'stare', 'box')).decision).toBe('allow');
    expect((await check(t, cy, 'vault', 'stare', 'box', undefined, iso(t.clock.now().getTime() - 1))).decision).toBe(
      'deny',
    );
  });

  it('answers as Steward knew it: a backdated assignment was not known before it was recorded', async () => {
    const auditor = await role(t, 'vault', 'auditor', [{ action: 'count', resource: 'box' }]);
    t.clock.advance(8 * day);
    const dee = await person(t, 'Dee', uni);
    const lastWeek = t.clock.now().getTime() - 7 * day;
    const before = iso(t.clock.now().getTime() - 1000);
    await assign(t, {
      roleId: auditor,
      subjects: [{ type: 'person', id: dee }],
      scopes: [{ kind: 'everywhere' }],
      enabledFrom: iso(lastWeek),
    });
    await t.app.access.follower.catchUp();
    const body = { subject: { type: 'person', id: dee }, application: 'vault', action: 'count', resource: 'box' };
    expect((await ask({ ...body, at: iso(lastWeek + day) })).decision).toBe('allow');
    expect((await ask({ ...body, at: iso(lastWeek + day), knownAt: before })).decision).toBe('deny');
    expect((await ask({ ...body, knownAt: iso(t.clock.now().getTime()) })).decision).toBe('allow');
    const bad = await t.call(t.tokens.admin, { method: 'POST', url: '/check', payload: { ...body, knownAt: 'soon' } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().errors)).toContain('knownAt');
  });
});
