import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { type Database, openDatabase } from '../../src/platform/db/database.ts';
import { recordHash } from '../../src/sources/record-hash.ts';
import type { AffiliationRecord } from '../../src/sources/snapshot-rows.ts';
import { openTestDatabase, storageKind } from '../harness.ts';
import { startServer } from '../../src/server/start.ts';
import { csv, employees, makeFeedWorld, reconciledState, send } from './feed-world.ts';

/**
 * "A snapshot killed mid-way (kill -9) and re-run ends in the same state as one
 * uninterrupted run." A child process applies a snapshot in batches of 20 and is SIGKILLed
 * inside the transaction of its third batch (two committed, one open); the same file is
 * then sent again in this process, and people, affiliations, source records, audit and
 * change log are compared with an uninterrupted run on a fresh database.
 */
const BATCH = 20;
const first = employees(200);
// 60 changed, 30 gone, 30 new: far over the 10 % threshold, so both runs are forced.
const second: AffiliationRecord[] = [
  ...first.flatMap((r, i) =>
    i % 20 >= 17 ? [] : i % 10 < 3 ? [{ ...r, title: 'Professor', codes: [...r.codes, 'P'] }] : [r],
  ),
  ...employees(30, 201),
];

const appOn = (database: Database): App =>
  createApp({
    config: loadConfig({}, { dataDir: '/nonexistent', webDir: '/nonexistent', logLevel: 'silent' }),
    database,
    clock: new ManualClock('2026-09-01T09:00:00Z'),
    logger: pino({ level: 'silent' }),
  });

/**
 * A database the child process can open too: a PGlite data directory, or a PostgreSQL database cloned from the run's
 * template.
 */
async function sharedDatabase(): Promise<{ where: string; open(): Promise<Database>; remove(): Promise<void> }> {
  const url = process.env.STEWARD_TEST_DATABASE_URL;
  if (!url) {
    const dir = mkdtempSync(join(tmpdir(), 'steward-kill-'));
    const dump = new Blob([readFileSync(inject('pgliteTemplate'))]);
    let loaded = false;
    return {
      where: dir,
      async open() {
        const database = await openDatabase({ dataDir: dir, loadDataDir: loaded ? undefined : dump });
        loaded = true;
        return database;
      },
      async remove() {
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `steward_kill_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    where: target.toString(),
    open: () => openDatabase({ databaseUrl: target.toString(), poolSize: 3 }),
    async remove() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Runs the child until it reports being blocked inside batch `blockAt`, then kills it with SIGKILL. */
async function killMidApply(where: string, file: string, blockAt: number, force = true): Promise<string> {
  const child = spawn(
    process.execPath,
    ['test/sources/reconcile-child.ts', where, file, String(BATCH), String(blockAt), force ? 'force' : ''],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(`BLOCKED ${blockAt}`)) resolve();
    });
    void exited.then(({ code }) =>
      reject(new Error(`the child ended (code ${code}) before batch ${blockAt}:\n${out}\n${err}`)),
    );
  });
  child.kill('SIGKILL');
  const { signal } = await exited;
  expect(signal).toBe('SIGKILL');
  return out;
}

const byAction = async (database: Database, table: 'audit_log' | 'change_log') => {
  const column = table === 'audit_log' ? 'action' : 'op';
  const rows = await database.db
    .selectFrom(table)
    .select([column as 'action'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy(column as 'action')
    .orderBy(column as 'action')
    .execute();
  return rows.map((r) => `${r.action}: ${r.n}`);
};

describe(`a snapshot killed mid-apply (kill -9) and sent again (${storageKind})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'steward-snapshot-'));
  const file = join(dir, 'hr.csv');
  writeFileSync(file, csv(second));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ends in the same state as an uninterrupted run', async () => {
    // The run that is killed: world and first snapshot here, the second snapshot in a child process.
    const shared = await sharedDatabase();
    try {
      let database = await shared.open();
      let app = appOn(database);
      await makeFeedWorld(app);
      expect((await send(app, first)).state).toBe('applied');
      await database.close();

      const out = await killMidApply(shared.where, file, 3);
      expect(out).toContain(`APPLIED ${2 * BATCH}`);
      expect(out).not.toContain('DONE');

      database = await shared.open();
      app = appOn(database);
      // The server's start marks what the killed process left in flight failed, as interrupted.
      const [left] = await app.snapshots.listSnapshots(systemActor(), { source: 'hr' });
      expect(left).toMatchObject({ state: 'applying', reason: 'forced' });
      expect(await app.snapshots.failInterrupted()).toEqual([left.id]);
      const killed = await app.snapshots.getSnapshot(systemActor(), left.id);
      expect(killed).toMatchObject({ state: 'failed', reason: 'forced', applied: 2 * BATCH });
      expect(killed.decision).toMatch(/^interrupted: the process stopped while it was being applied/);
      // Exactly the two committed batches are on file; the open third left nothing.
      const newHashes = second
        .filter((r) => !first.some((f) => f.recordKey === r.recordKey && recordHash(f) === recordHash(r)))
        .map(recordHash);
      const onFile = await database.db
        .selectFrom('source_records')
        .select('hash')
        .where('hash', 'in', newHashes)
        .execute();
      expect(onFile).toHaveLength(2 * BATCH);

      // Sent again (without force): it finishes the interrupted one.
      const resumed = await app.snapshots.receiveSnapshot(
        systemActor('hr-feed'),
        'hr',
        Readable.from([readFileSync(file)]),
        { format: 'csv', applyBatchSize: BATCH },
      );
      expect(resumed).toMatchObject({
        state: 'applied',
        reason: 'resumed',
        resumes: killed.id,
        changed: 60 - 2 * BATCH,
        added: 30,
        removed: 30,
      });
      expect(resumed.decision).toContain(`finishes snapshot ${killed.id}`);
      expect(await app.snapshots.getSnapshot(systemActor(), killed.id)).toMatchObject({ state: 'failed' });
      expect(await database.db.selectFrom('snapshot_rows').select('snapshot_id').execute()).toEqual([]);
      const interrupted = {
        state: await reconciledState(database.db),
        audit: await byAction(database, 'audit_log'),
        changes: await byAction(database, 'change_log'),
      };
      expect(interrupted.state.affiliations).toHaveLength(230);
      expect(interrupted.state.records).toHaveLength(200);
      expect((await app.audit.verify(systemActor())).ok).toBe(true);
      await database.close();

      // The same two snapshots, uninterrupted, on a fresh database.
      const fresh = await openTestDatabase();
      try {
        const reference = appOn(fresh);
        await makeFeedWorld(reference);
        await send(reference, first);
        expect(await send(reference, second, { force: true, applyBatchSize: BATCH })).toMatchObject({
          state: 'applied',
          changed: 60,
          added: 30,
          removed: 30,
        });
        expect(interrupted.state).toEqual(await reconciledState(fresh.db));
        expect(interrupted.audit).toEqual(await byAction(fresh, 'audit_log'));
        expect(interrupted.changes).toEqual(await byAction(fresh, 'change_log'));
      } finally {
        await fresh.close();
      }
    } finally {
      await shared.remove();
    }
  });
  it(
    'counts the people a killed first snapshot created, and the rest in the snapshot that finishes it',
    { timeout: 180_000 },
    async () => {
      const everyone = join(dir, 'first.csv');
      writeFileSync(everyone, csv(first));
      const shared = await sharedDatabase();
      try {
        let database = await shared.open();
        let app = appOn(database);
        await makeFeedWorld(app);
        await database.close();

        await killMidApply(shared.where, everyone, 3, false);

        // The server starts again: before it answers anything, the killed snapshot reads failed (interrupted).
        const running = await startServer(
          loadConfig(
            {},
            {
              ...(shared.where.startsWith('postgres') ? { databaseUrl: shared.where } : { dataDir: shared.where }),
              port: 0,
              scheduler: false,
              adminPassword: 'correct horse battery staple',
              webDir: '/nonexistent',
              logLevel: 'silent',
            },
          ),
          { clock: new ManualClock('2026-09-01T09:30:00Z'), print: () => {} },
        );
        const [left] = await running.app.snapshots.listSnapshots(systemActor(), { source: 'hr' });
        await running.stop();
        // Two batches of 20 new people committed before the kill; the snapshot counts them.
        expect(left).toMatchObject({
          state: 'failed',
          reason: 'first-snapshot',
          applied: 2 * BATCH,
          peopleCreated: 2 * BATCH,
          finishedAt: '2026-09-01T09:30:00.000Z',
        });
        expect(left.decision).toMatch(/^interrupted: the process stopped while it was being applied, after 40 of 200/);

        database = await shared.open();
        app = appOn(database);
        const resumed = await app.snapshots.receiveSnapshot(
          systemActor('hr-feed'),
          'hr',
          Readable.from([readFileSync(everyone)]),
          { format: 'csv', applyBatchSize: BATCH },
        );
        expect(resumed).toMatchObject({
          state: 'applied',
          reason: 'resumed',
          resumes: left.id,
          added: 200 - 2 * BATCH,
          peopleCreated: 200 - 2 * BATCH,
        });
        const people = await database.db
          .selectFrom('people')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(people.n)).toBe(200);
        expect((await app.sources.getSource(systemActor(), 'hr')).affiliations).toBe(200);
        await database.close();
      } finally {
        await shared.remove();
      }
    },
  );
});
