import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { makeTestApp, storageKind, type TestApp } from '../harness.ts';
import { csv, employees, makeFeedWorld, send } from './feed-world.ts';

/**
 * A long snapshot as a job to follow: with wait=false the upload is answered 202 as soon as
 * the snapshot is received and decided, and it is applied in the background a batch at a
 * time; other requests are answered meanwhile and see how far it got.
 */
describe(`a snapshot applied in the background (${storageKind})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
    await makeFeedWorld(t.app, { holdThreshold: 1 });
  });
  afterAll(async () => {
    await t.app.snapshots.settled();
    await t.close();
  });

  it('answers 202 in state applying with where to follow it, then applies the whole snapshot', async () => {
    const r = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/sources/hr/snapshots?wait=false',
      headers: { 'content-type': 'text/csv' },
      payload: csv(employees(30)),
    });
    expect(r.statusCode).toBe(202);
    const s = r.json();
    expect(s).toMatchObject({ state: 'applying', added: 30, applied: 0, peopleCreated: 0, finishedAt: null });
    expect(r.headers.location).toBe(`/snapshots/${s.id}`);

    await t.app.snapshots.settled();
    const done = await t.call(t.tokens.auditor, { method: 'GET', url: `/snapshots/${s.id}` });
    expect(done.json()).toMatchObject({ state: 'applied', applied: 30, peopleCreated: 30 });
    expect((await t.call(t.tokens.auditor, { method: 'GET', url: '/sources/hr' })).json().affiliations).toBe(30);
  });

  it('answers other requests while it applies, showing the records applied so far', async () => {
    const seen: unknown[] = [];
    const next = employees(33).map((r, i) => (i < 3 ? { ...r, title: 'Professor' } : r));
    const s = await send(t.app, next, {
      background: true,
      applyBatchSize: 2,
      onProgress: async (p) => {
        if (p.phase !== 'applying' || seen.length) return;
        const r = await t.call(t.tokens.auditor, { method: 'GET', url: `/snapshots/${p.snapshotId}` });
        seen.push({ status: r.statusCode, ...(r.json() as Record<string, unknown>) });
      },
    });
    expect(s).toMatchObject({ state: 'applying', changed: 3, added: 3, applied: 0 });
    // The source is still busy: the next snapshot waits for this one.
    expect(
      (
        await t.call(t.tokens.admin, {
          method: 'POST',
          url: '/sources/hr/snapshots',
          headers: { 'content-type': 'text/csv' },
          payload: csv(next),
        })
      ).statusCode,
    ).toBe(409);
    await t.app.snapshots.settled();
    expect(seen).toEqual([expect.objectContaining({ status: 200, id: s.id, state: 'applying', applied: 2 })]);
    expect(await t.app.snapshots.getSnapshot(systemActor(), s.id)).toMatchObject({
      state: 'applied',
      applied: 6,
      peopleCreated: 3,
    });
  });

  it('marks a snapshot whose background apply fails failed, saying why, with what it applied counted', async () => {
    const next = employees(37);
    const s = await send(t.app, next, {
      background: true,
      applyBatchSize: 2,
      onProgress: (p) => {
        if (p.phase === 'applying') throw new Error('the disk is full');
      },
    });
    expect(s.state).toBe('applying');
    await t.app.snapshots.settled();
    const failed = await t.app.snapshots.getSnapshot(systemActor(), s.id);
    expect(failed).toMatchObject({ state: 'failed', applied: 2 });
    expect(failed.decision).toContain('failed: the disk is full');
    // The source is free again: the same file finishes the job (3 titles back, 4 new: the first 2 titles are done).
    expect(await send(t.app, next)).toMatchObject({
      state: 'applied',
      resumes: s.id,
      changed: 1,
      added: 4,
      applied: 5,
    });
  });
});
