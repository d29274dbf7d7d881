import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { write } from '../../src/platform/unit-of-work.ts';
import { makeTestApp, storageKind, type TestApp } from '../harness.ts';

describe('change log', () => {
  let t: TestApp;
  const actor = systemActor('tester');
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.close());

  it('gives every committed change the next position, and nothing for a rolled-back one', async () => {
    const start = (await t.app.changes.after(actor, 0, 5000)).head;
    await write(t.app, actor, async (uow) =>
      uow.change({ entityType: 'thing', entityId: 1, op: 'created', data: { a: 1 } }),
    );
    await expect(
      write(t.app, actor, async (uow) => {
        uow.change({ entityType: 'thing', entityId: 2, op: 'created' });
        await uow.flush();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await write(t.app, actor, async (uow) => {
      uow.change({ entityType: 'thing', entityId: 3, op: 'created' });
      uow.change({ entityType: 'thing', entityId: 3, op: 'updated' });
    });
    const page = await t.app.changes.after(actor, start);
    expect(page.changes.map((c) => [c.position, c.entityId, c.op])).toEqual([
      [start + 1, '1', 'created'],
      [start + 2, '3', 'created'],
      [start + 3, '3', 'updated'],
    ]);
    expect(page.next).toBe(start + 3);
    expect((await t.app.changes.after(actor, page.next)).changes).toEqual([]);
  });

  it(`a reader never skips a change that commits later (${storageKind})`, async () => {
    const start = (await t.app.changes.after(actor, 0, 5000)).head;
    let releaseA!: () => void;
    const holdA = new Promise<void>((r) => (releaseA = r));
    let aFlushed!: () => void;
    const aHasPosition = new Promise<void>((r) => (aFlushed = r));
    // A takes its position first but commits only when released.
    const a = write(t.app, actor, async (uow) => {
      uow.change({ entityType: 'thing', entityId: 'A', op: 'created' });
      await uow.flush();
      aFlushed();
      await holdA;
    });
    await aHasPosition;
    // B wants to append while A is still open.
    const b = write(t.app, actor, async (uow) => uow.change({ entityType: 'thing', entityId: 'B', op: 'created' }));
    // A reader asks while A is open. On a server it reads on another connection at once and sees neither A nor B;
    // on PGlite (one connection) it waits its turn. Either way what it sees is a prefix of the final order.
    const early = t.app.changes.after(actor, start);
    const seenWhileOpen = storageKind === 'postgres' ? (await early).changes.map((c) => c.entityId) : null;
    releaseA();
    await Promise.all([a, b]);
    const seen = seenWhileOpen ?? (await early).changes.map((c) => c.entityId);
    const page = await t.app.changes.after(actor, start);
    expect(page.changes.map((c) => c.entityId)).toEqual(['A', 'B']);
    expect(['A', 'B'].slice(0, seen.length)).toEqual(seen);
    if (storageKind === 'postgres') expect(seen).toEqual([]);
    else expect(seen.length).toBeGreaterThan(0); // PGlite serialises: the reader runs after A committed
    expect(page.changes.map((c) => c.position)).toEqual([start + 1, start + 2]);
  });

  it('serves the cursor over HTTP to auditors and refuses accounts without the right', async () => {
    const ok = await t.call(t.tokens.auditor, { method: 'GET', url: '/changes?after=0&limit=2' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().changes.length).toBeLessThanOrEqual(2);
    const none = await t.call(null, { method: 'GET', url: '/changes?after=0' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toContain('application/problem+json');
  });
});
