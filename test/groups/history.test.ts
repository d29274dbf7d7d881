import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { groupsApi } from './world.ts';

/** Issue 16: effective members on a past date keep what was deleted or redefined since, and count from the start. */
describe('groups: history that never forgets', () => {
  let t: TestApp;
  let api: ReturnType<typeof groupsApi>;
  let folder: number;
  const day = 86_400_000;
  const q = (at: Date, extra = '') => `?at=${encodeURIComponent(at.toISOString())}${extra}`;
  beforeAll(async () => {
    t = await makeTestApp();
    api = groupsApi(t);
    folder = (await api.folder('hist')).id;
  });
  afterAll(() => t.close());

  it('keeps a deleted membership on the dates it held, with its why', async () => {
    const g = await api.group(folder, 'deleted');
    const [ann, bob] = [await api.person('Ann'), await api.person('Bob')];
    const m = await api.add(g.id, { personId: ann, reason: 'project' });
    await api.add(g.id, { personId: bob });
    const held = new Date(t.clock.now().getTime() + day);
    t.clock.advance(2 * day);
    await api.ok({ method: 'DELETE', url: `/groups/${g.id}/members/${m.id}?reason=left` }, 204);
    expect(await api.effectiveIds(g.id)).toEqual([bob]);
    const then = await api.effective(g.id, q(held));
    expect(then.map((r) => r.personId).sort((a, b) => a - b)).toEqual([ann, bob].sort((a, b) => a - b));
    const annThen = then.find((r) => r.personId === ann)!;
    expect(annThen.why.membership!.id).toBe(m.id);
    expect(annThen.why.path.map((p) => p.name)).toEqual(['hist:deleted']);
    // the interval closes at the deletion
    expect(Date.parse(annThen.validUntil!)).toBe(t.clock.now().getTime());
    // and the current list has no trace of it
    const direct = (await api.ok({ method: 'GET', url: `/groups/${g.id}/members` })) as Array<{ id: number }>;
    expect(direct.map((d) => d.id)).not.toContain(m.id);
  });

  it('answers a redefined composite with its definition of that date', async () => {
    const left = await api.group(folder, 'left');
    const right = await api.group(folder, 'right');
    const four = [await api.person('A'), await api.person('B'), await api.person('C'), await api.person('D')];
    for (const p of four) await api.add(left.id, { personId: p });
    const union = await api.group(folder, 'union', { composite: { op: 'union', leftId: left.id, rightId: right.id } });
    t.clock.advance(day);
    const before = t.clock.now();
    t.clock.advance(day);
    await api.ok({
      method: 'PATCH',
      url: `/groups/${union.id}`,
      headers: { 'if-match': `"${union.version}"` },
      payload: { composite: { op: 'intersection', leftId: left.id, rightId: right.id } },
    });
    expect(await api.effectiveIds(union.id)).toEqual([]);
    expect(await api.effectiveIds(union.id, q(before))).toEqual([...four].sort((a, b) => a - b));
  });

  it('counts a membership added without a start from when it was recorded', async () => {
    const g = await api.group(folder, 'new');
    const ann = await api.person('New');
    const yesterday = new Date(t.clock.now().getTime() - day);
    await api.add(g.id, { personId: ann });
    expect(await api.effectiveIds(g.id)).toEqual([ann]);
    expect(await api.effectiveIds(g.id, q(yesterday))).toEqual([]);
    // a start given in the past counts from then
    const h = await api.group(folder, 'backdated');
    await api.add(h.id, { personId: ann, enabledFrom: new Date(yesterday.getTime() - day).toISOString() });
    expect(await api.effectiveIds(h.id, q(yesterday))).toEqual([ann]);
  });

  it('answers as Steward knew it: a backdated membership was not known before it was recorded', async () => {
    const g = await api.group(folder, 'known');
    const ann = await api.person('Known');
    const lastWeek = new Date(t.clock.now().getTime() - 7 * day);
    const recordedBefore = new Date(t.clock.now().getTime() - 1000);
    await api.add(g.id, { personId: ann, enabledFrom: lastWeek.toISOString() });
    const at = new Date(lastWeek.getTime() + day);
    expect(await api.effectiveIds(g.id, q(at))).toEqual([ann]);
    expect(await api.effectiveIds(g.id, q(at, `&knownAt=${encodeURIComponent(recordedBefore.toISOString())}`))).toEqual(
      [],
    );
    // known after it was recorded: there; then deleted, it is still known as of the earlier moment
    const recorded = t.clock.now();
    t.clock.advance(day);
    const m = ((await api.ok({ method: 'GET', url: `/groups/${g.id}/members` })) as Array<{ id: number }>)[0];
    await api.ok({ method: 'DELETE', url: `/groups/${g.id}/members/${m.id}` }, 204);
    expect(await api.effectiveIds(g.id, `?knownAt=${encodeURIComponent(recorded.toISOString())}`)).toEqual([ann]);
    expect(await api.effectiveIds(g.id, `?knownAt=${encodeURIComponent(t.clock.now().toISOString())}`)).toEqual([]);
  });

  it('refuses a knownAt that is not a date-time, naming the field', async () => {
    const g = await api.group(folder, 'bad');
    const r = await t.call(t.tokens.admin, { method: 'GET', url: `/groups/${g.id}/members/effective?knownAt=soon` });
    expect(r.statusCode).toBe(400);
    expect(JSON.stringify(r.json().errors)).toContain('knownAt');
  });
});
