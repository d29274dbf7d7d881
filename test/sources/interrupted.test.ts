import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { type Database, openDatabase } from '../../src/platform/db/database.ts';
import { makeTestApp, storageKind, type TestApp } from '../harness.ts';
import { employees, makeFeedWorld, send } from './feed-world.ts';

/**
 * Long snapshots stay honest: one left in flight by a process that stopped reads 'failed'
 * (interrupted) as soon as the server starts, while one a live process is applying is
 * left alone; and a source counts only the affiliations that have not ended.
 * (kill-mid-apply.test.ts kills a real process mid-apply.)
 */
describe(`snapshots left in flight (${storageKind})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
    await makeFeedWorld(t.app, { holdThreshold: 1 });
  });
  afterAll(() => t.close());

  it('marks a snapshot left applying by a stopped process failed, saying it was interrupted', async () => {
    expect((await send(t.app, employees(6))).state).toBe('applied');
    // What a process killed mid-apply leaves: the snapshot row still 'applying' with the valve's verdict.
    const left = await t
      .db()
      .insertInto('snapshots')
      .values({
        source: 'hr',
        format: 'csv',
        state: 'applying',
        decision: 'changes 3 of 6 records (50 %), within this source’s 100 % threshold: applied',
        added: 3,
        changed: 0,
        removed: 0,
        applied: 2,
        received_by: 'hr-feed',
        received_at: t.clock.now(),
        decided_at: t.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    t.clock.advance(5 * 60_000);

    expect(await t.app.snapshots.failInterrupted()).toEqual([left.id]);

    const r = await t.call(t.tokens.admin, { method: 'GET', url: `/snapshots/${left.id}` });
    expect(r.json()).toMatchObject({ state: 'failed', finishedAt: '2026-09-01T09:05:00.000Z' });
    expect(r.json().decision).toMatch(
      /^interrupted: the process stopped while it was being applied, after 2 of 3 records; send the same file again/,
    );
    // Done once: nothing is left in flight to mark.
    expect(await t.app.snapshots.failInterrupted()).toEqual([]);
  });

  it('leaves alone a snapshot a live process is applying (on PostgreSQL another process too), which then applies whole', async () => {
    // PostgreSQL: a second process on the same database; PGlite's database is one process's own.
    const other: Database | null =
      storageKind === 'postgres' ? await openDatabase({ databaseUrl: t.database.where, poolSize: 2 }) : null;
    const second: App = other
      ? createApp({
          config: loadConfig({}, { dataDir: '/nonexistent', webDir: '/nonexistent', logLevel: 'silent' }),
          database: other,
          clock: t.clock,
          logger: pino({ level: 'silent' }),
        })
      : t.app;
    try {
      const seen: number[][] = [];
      const s = await send(t.app, employees(12), {
        applyBatchSize: 2,
        onProgress: async (p) => {
          if (p.phase === 'applying') seen.push(await second.snapshots.failInterrupted());
        },
      });
      expect(seen).toEqual([[], [], []]);
      expect(s).toMatchObject({ state: 'applied', added: 6, peopleCreated: 6 });
    } finally {
      await other?.close();
    }
  });
});

describe(`a source's affiliations (${storageKind})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
    await makeFeedWorld(t.app, { holdThreshold: 1 });
  });
  afterAll(() => t.close());

  const count = async () =>
    (await t.call(t.tokens.admin, { method: 'GET', url: '/sources/hr' })).json().affiliations as number;

  it('counts only affiliations that have not ended', async () => {
    const [a, b, c, d] = employees(4);
    await send(t.app, [a, b, c, { ...d, validTo: '2026-09-10' }]);
    expect(await count()).toBe(4);
    // b is no longer delivered: its affiliation ends yesterday and is history.
    await send(t.app, [a, c, { ...d, validTo: '2026-09-10' }]);
    expect(await count()).toBe(3);
    // d ends on the 10th: still current that day, not the day after.
    t.clock.set('2026-09-10T12:00:00Z');
    expect(await count()).toBe(3);
    t.clock.set('2026-09-11T08:00:00Z');
    expect(await count()).toBe(2);
    expect((await t.app.sources.listSources(systemActor())).find((s) => s.name === 'hr')?.affiliations).toBe(2);
  });
});
