import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { openDatabase } from '../../src/platform/db/database.ts';
import { makeTestApp, storageKind, type TestApp } from '../harness.ts';
import { groupsApi } from '../groups/world.ts';
import { startSlapd, type Slapd } from '../support/slapd.ts';
import { accounts, BASE, districtWorld, learner, ldapTarget, members } from './provision-world.ts';

// A Steward process killed with SIGKILL in the middle of its batch, then started again:
// every account is in the directory once, every group member value once, the sync table
// and the queue agree with the directory. Runs on the storage of this run (a PGlite data
// directory, or a database on the PostgreSQL server).

const PEOPLE = 300;
const NOW = '2026-09-01T09:00:00Z';
let slapd: Slapd;
let where: { databaseUrl?: string; dataDir?: string };
let cleanup: () => Promise<void>;

async function storage() {
  if (storageKind === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'steward-crash-'));
    const template = new Blob([readFileSync(inject('pgliteTemplate'))]);
    const seeded = await openDatabase({ dataDir, loadDataDir: template });
    return {
      database: seeded,
      where: { dataDir },
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const url = process.env.STEWARD_TEST_DATABASE_URL!;
  const name = `steward_crash_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const databaseUrl = target.toString();
  const drop = async () => {
    const again = new pg.Client({ connectionString: url });
    await again.connect();
    await again.query(`drop database if exists ${name} with (force)`);
    await again.end();
  };
  return { database: await openDatabase({ databaseUrl, poolSize: 3 }), where: { databaseUrl }, cleanup: drop };
}

function child(): {
  process: ChildProcess;
  output: () => string;
  done: Promise<{ code: number | null; signal: string | null; out: string }>;
} {
  const proc = spawn(
    process.execPath,
    [join(import.meta.dirname, 'provision-child.ts'), JSON.stringify({ ...where, now: NOW, target: 'district-ad' })],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const done = new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal, out })),
  );
  return { process: proc, output: () => out, done };
}

const count = async () => (await slapd.search(BASE, '(uid=*)', ['1.1'])).length;

beforeAll(async () => {
  slapd = await startSlapd();
  const s = await storage();
  where = s.where;
  cleanup = s.cleanup;
  const t: TestApp = await makeTestApp({ database: s.database, start: NOW });
  const world = await districtWorld(t);
  const g = groupsApi(t);
  const group = await g.group((await g.folder('schools')).id, 'all-learners');
  for (let i = 0; i < PEOPLE; i++) {
    const id = await learner(
      t,
      'Pupil',
      `Number${String(i).padStart(4, '0')}`,
      `pupil${i}`,
      i % 2 ? world.org.hill : world.org.river,
    );
    await g.add(group.id, { personId: id });
  }
  await ldapTarget(t, slapd, { groups: [{ group: group.name }] });
  // The seeding app lets go of the storage, so the processes below own it (a PGlite data directory has one owner).
  await t.app.provision.runner.stop();
  await s.database.close();
}, 300_000);

afterAll(async () => {
  await slapd?.stop();
  await cleanup?.();
});

describe('a provisioning process killed mid-batch', () => {
  it('is started again and finishes: nothing lost, nothing written twice', async () => {
    const first = child();
    const started = Date.now();
    for (;;) {
      if ((await count()) >= 20) break;
      if (Date.now() - started > 60_000) throw new Error(`no account written within a minute: ${first.output()}`);
      const exited = await Promise.race([first.done, new Promise((r) => setTimeout(() => r(null), 20))]);
      if (exited) throw new Error(`the pass ended before it could be killed: ${JSON.stringify(exited)}`);
    }
    first.process.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    const atKill = await count();
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(PEOPLE);

    const second = await child().done;
    expect(second.code, second.out).toBe(0);
    expect(JSON.parse(second.out.trim().split('\n').at(-1)!).error).toBeNull();

    const all = await accounts(slapd);
    expect(all.size).toBe(PEOPLE);
    for (const [uid, entry] of all) expect(entry.dn.startsWith(`cn=Pupil Number`), uid).toBe(true);
    expect([...all.values()].filter((e) => / \(\d+\),/.test(e.dn))).toEqual([]);
    expect(await members(slapd, 'all-learners')).toHaveLength(PEOPLE);

    const database = await openDatabase({ ...where, poolSize: 2 });
    try {
      const objects = await database.db
        .selectFrom('provision_objects')
        .select(['remote_id'])
        .where('object_type', '=', 'person')
        .execute();
      expect(objects).toHaveLength(PEOPLE);
      expect(new Set(objects.map((o) => o.remote_id.toLowerCase()))).toEqual(
        new Set([...all.values()].map((e) => e.dn.toLowerCase())),
      );
      expect(await database.db.selectFrom('provision_pending').selectAll().execute()).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
