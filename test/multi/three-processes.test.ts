import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { scheduledJobs } from '../../src/scheduled-jobs.ts';
import {
  adminToken,
  type Client,
  client,
  freshDatabase,
  ok,
  type StewardProcess,
  startSteward,
} from './steward-process.ts';

/**
 * Three real Steward processes on one PostgreSQL database (run by vitest.multi.config.ts,
 * which needs STEWARD_TEST_DATABASE_URL): a grant made through one is decided on the
 * others within a second, each scheduled job's slot is run by one process only, and a
 * process killed in the middle of writes loses nothing it answered 2xx for.
 */
const base = process.env.STEWARD_TEST_DATABASE_URL!;
const jobNames = scheduledJobs({} as never).map((j) => j.name);

let database: { url: string; drop(): Promise<void> };
let sql: pg.Client;
let procs: StewardProcess[] = [];
let calls: Client[] = [];

beforeAll(async () => {
  database = await freshDatabase(base, inject('pgTemplate'));
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  // Every job made due for all three (its first slot an hour back), and every run counted
  // by a trigger: a run sets last_started_at, whether or not it found work to do.
  await sql.query(`create table multi_runs (name text, slot timestamptz, outcome text, pid int, at timestamptz)`);
  await sql.query(`create function multi_count_run() returns trigger language plpgsql as $$
    begin
      insert into multi_runs values (new.name, new.last_slot, new.last_outcome, pg_backend_pid(), clock_timestamp());
      return new;
    end $$`);
  await sql.query(`create trigger multi_count_run after update on scheduled_jobs for each row
    when (new.last_started_at is distinct from old.last_started_at) execute function multi_count_run()`);
  const hourAgo = new Date(Date.now() - 3_600_000 - 60_000);
  for (const name of jobNames)
    await sql.query(
      `insert into scheduled_jobs (name, cron, first_seen_at, created_at, updated_at) values ($1, '* * * * *', $2, $2, $2)`,
      [name, hourAgo],
    );
  procs = await Promise.all(['A', 'B', 'C'].map((n) => startSteward(n, { DATABASE_URL: database.url })));
  const token = await adminToken(procs[0].url);
  calls = procs.map((p) => client(p.url, token));
});

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await sql?.end();
  await database?.drop();
});

describe('three Steward processes on one PostgreSQL database', () => {
  it('answers a grant made through A on B and C within a second', async () => {
    const [a] = calls;
    await ok(a, 'POST', '/access/applications', { name: 'lms', label: 'LMS' });
    await ok(a, 'POST', '/access/applications/lms/resources', { name: 'course', parent: null });
    const reader = await ok(a, 'POST', '/access/applications/lms/roles', { name: 'reader' });
    await ok(a, 'POST', `/access/roles/${reader.id}/permissions`, { action: 'read', resource: 'course' });
    const person = await ok(a, 'POST', '/people', {
      givenName: 'Multi',
      familyName: 'Process',
      emails: [{ address: 'multi.process@uni.example' }],
      force: true,
      reason: 'test',
    });
    const question = {
      subject: { type: 'person', id: person.id },
      application: 'lms',
      action: 'read',
      resource: 'course',
    };
    for (const c of calls)
      expect((await ok<{ decision: string }>(c, 'POST', '/check', question)).decision).toBe('deny');
    const granted = Date.now();
    await ok(a, 'POST', '/access/assignments', {
      roleId: reader.id,
      subjects: [{ type: 'person', id: person.id }],
      scopes: [{ kind: 'everywhere' }],
    });
    const seen = await Promise.all(
      calls.slice(1).map(async (c) => {
        for (;;) {
          const { decision } = await ok<{ decision: string }>(c, 'POST', '/check', question);
          if (decision === 'allow' || Date.now() - granted > 5_000) return { decision, ms: Date.now() - granted };
          await new Promise((r) => setTimeout(r, 10));
        }
      }),
    );
    console.log(`grant through A seen as allow: B after ${seen[0].ms} ms, C after ${seen[1].ms} ms`);
    for (const s of seen) {
      expect(s.decision).toBe('allow');
      expect(s.ms).toBeLessThan(1_000);
    }
  });

  it('runs each due job once per slot, whichever process sweeps first', async () => {
    // Each process sweeps about 5 s after its start; wait until every job has run.
    const deadline = Date.now() + 30_000;
    let runs: { name: string; slot: Date | null; outcome: string }[] = [];
    while (Date.now() < deadline) {
      runs = (await sql.query('select name, slot, outcome from multi_runs order by at')).rows;
      if (jobNames.every((n) => runs.some((r) => r.name === n))) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    // Let the slower sweeps of the other two processes finish too.
    await new Promise((r) => setTimeout(r, 3_000));
    runs = (await sql.query('select name, slot, outcome from multi_runs order by at')).rows;
    const perSlot = new Map<string, number>();
    for (const r of runs) {
      const key = `${r.name} ${r.slot?.toISOString()}`;
      perSlot.set(key, (perSlot.get(key) ?? 0) + 1);
    }
    console.log(`scheduled runs (job, slot → runs): ${JSON.stringify(Object.fromEntries(perSlot))}`);
    for (const name of jobNames) expect(runs.some((r) => r.name === name && r.outcome === 'succeeded')).toBe(true);
    for (const [key, count] of perSlot) expect(count, key).toBe(1);
    const sweepers = procs.filter((p) => p.output().includes('scheduled job ran')).map((p) => p.name);
    console.log(
      `processes whose log shows a run that did work: ${sweepers.join(', ') || 'none (idle runs log at debug)'}`,
    );
  });

  it('loses nothing answered 2xx when a process is killed in the middle of writes', async () => {
    const [a, b, c] = calls;
    const committed: number[] = [];
    let failed = 0;
    let n = 0;
    const writer = async () => {
      for (;;) {
        n += 1;
        const r = await c('POST', '/people', {
          givenName: 'Burst',
          familyName: `Writer${n}x`,
          emails: [{ address: `burst${n}@uni.example` }],
          force: true,
          reason: 'burst',
        }).catch(() => null);
        if (!r) return;
        if (r.status === 201) committed.push((r.body as { id: number }).id);
        else failed += 1;
      }
    };
    const writers = Array.from({ length: 6 }, writer);
    await new Promise((r) => setTimeout(r, 1_500));
    procs[2].child.kill('SIGKILL');
    await Promise.all(writers);
    await procs[2].exited;
    console.log(`burst through C: ${committed.length} answered 201, ${failed} refused, then SIGKILL`);
    expect(committed.length).toBeGreaterThan(10);
    expect(failed).toBe(0);
    for (const id of committed) expect((await b('GET', `/people/${id}`)).status).toBe(200);
    const { rows } = await sql.query<{ first: string; last: string; count: string }>(
      'select min(position) as first, max(position) as last, count(*) as count from change_log',
    );
    expect(Number(rows[0].first)).toBe(1);
    expect(Number(rows[0].last)).toBe(Number(rows[0].count));
    console.log(`change log contiguous: positions 1..${rows[0].last}`);
    // The other two keep serving: reads and writes on both.
    for (const call of [a, b]) {
      expect((await call('GET', '/health')).status).toBe(200);
      const made = await ok(call, 'POST', '/people', {
        givenName: 'After',
        familyName: 'Kill',
        emails: [{ address: `after${Math.random()}@uni.example` }],
        force: true,
        reason: 'after the kill',
      });
      expect((await (call === a ? b : a)('GET', `/people/${made.id}`)).status).toBe(200);
    }
  });
});
