import { Readable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { type Database, openDatabase } from '../../src/platform/db/database.ts';
import { makeTestApp, storageKind, type TestApp } from '../harness.ts';
import { addOrg } from '../registry/world.ts';
import { addBarePerson, feedAffiliation } from '../status/world.ts';

/**
 * Long jobs stay responsive and honest (issue 19): a people import and the status recompute started with wait=false
 * answer 202 at once with a job to follow; the job shows its progress and counts after each batch while other requests
 * go on; one a stopped process left running reads failed, interrupted, with how far it got, and running it again
 * finishes the work and counts what the second run did.
 */
const header =
  'source_key,given_name,family_name,birth_date,email,phone,id_number,username,org_code,affiliation_kind,title';
const rows = (from: number, to: number, family = 'Fenwick') =>
  Array.from({ length: to - from }, (_, i) => `J${from + i},Jo${from + i},${family},,,,,,CHEM,staff,`).join('\n');
const PEOPLE = 7;

let t: TestApp;
let nobody: string;
beforeAll(async () => {
  t = await makeTestApp();
  const chem = await addOrg(t, 'CHEM');
  await t.app.status.types.createType(systemActor('test'), {
    name: 'Staff',
    rank: 700,
    category: 'employee',
    match: { sources: ['hr'] },
  });
  for (let i = 0; i < PEOPLE; i++) {
    const id = await addBarePerson(t, `P${i}`, `Person${i}`);
    await feedAffiliation(t, id, { orgId: chem, validFrom: '2025-01-01' });
  }
  nobody = await t.tokenFor('someone', []);
});
afterAll(async () => {
  t.app.jobs.hooks.afterProgress = undefined;
  await t.app.jobs.settled();
  await t.close();
});

const get = async (id: number, token = t.tokens.admin) => t.call(token, { method: 'GET', url: `/jobs/${id}` });

/** Holds a job after its first progress write until `release`; `reached` resolves with the job's id then. */
function holdAtFirstProgress(app: App = t.app) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let reached!: (id: number) => void;
  const at = new Promise<number>((r) => (reached = r));
  let first = true;
  app.jobs.hooks.afterProgress = async ({ id }) => {
    if (!first) return;
    first = false;
    reached(id);
    await released;
  };
  return { at, release };
}

describe(`a status recompute as a job (${storageKind})`, () => {
  it('answers 202 with the job and Location, and the job is followed to success with its counts', async () => {
    const r = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/statuses/recompute?wait=false',
      payload: { batchSize: 3 },
    });
    expect(r.statusCode, r.body).toBe(202);
    const job = r.json();
    expect(r.headers.location).toBe(`/jobs/${job.id}`);
    expect(job).toMatchObject({ kind: 'status-recompute', startedBy: 'root', failure: null, finishedAt: null });
    expect(['queued', 'running']).toContain(job.state);
    await t.app.jobs.settled();
    const done = (await get(job.id)).json();
    expect(done).toMatchObject({
      state: 'succeeded',
      progress: { done: PEOPLE, total: PEOPLE, unit: 'people' },
      counts: { people: PEOPLE, opened: PEOPLE, updated: 0, closed: 0, deleted: 0 },
      result: { people: PEOPLE, opened: PEOPLE, total: PEOPLE, done: PEOPLE, nextAfter: null },
      failure: null,
    });
    expect(done.finishedAt).not.toBeNull();
    // Starting it is audited as the administrator's act.
    const audit = await t.db().selectFrom('audit_log').selectAll().where('action', '=', 'job.start').execute();
    expect(audit.map((a) => [a.actor, a.target_id])).toContainEqual(['root', String(job.id)]);
  });

  it('shows progress mid-way while other requests are answered, then ends with the whole count', async () => {
    await t.db().deleteFrom('person_statuses').execute();
    const hold = holdAtFirstProgress();
    const r = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/statuses/recompute?wait=false',
      payload: { batchSize: 2 },
    });
    expect(r.statusCode, r.body).toBe(202);
    const id = await hold.at;
    const mid = (await get(id)).json();
    expect(mid).toMatchObject({
      state: 'running',
      progress: { done: 2, total: PEOPLE },
      counts: { people: 2, opened: 2 },
      finishedAt: null,
    });
    // Meanwhile the server answers other requests, reads and writes.
    const listed = await t.call(t.tokens.admin, { method: 'GET', url: '/jobs?state=running' });
    expect(listed.json().map((j: { id: number }) => j.id)).toEqual([id]);
    const made = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/status-types',
      payload: { name: 'Visitor', rank: 10, category: 'visitor', match: { sources: ['nowhere'] } },
    });
    expect(made.statusCode, made.body).toBe(201);
    hold.release();
    await t.app.jobs.settled();
    expect((await get(id)).json()).toMatchObject({
      state: 'succeeded',
      progress: { done: PEOPLE, total: PEOPLE },
      counts: { people: PEOPLE, opened: PEOPLE },
    });
  });

  it('refuses an unknown query parameter, and a wait that is not a boolean, making no job', async () => {
    const before = await t.db().selectFrom('jobs').select('id').execute();
    for (const url of ['/statuses/recompute?wiat=false', '/statuses/recompute?wait=later']) {
      const r = await t.call(t.tokens.admin, { method: 'POST', url, payload: {} });
      expect(r.statusCode, url).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect((await t.call(t.tokens.admin, { method: 'GET', url: '/jobs?sort=id' })).statusCode).toBe(400);
    expect((await t.call(t.tokens.admin, { method: 'GET', url: '/jobs?state=done' })).statusCode).toBe(400);
    expect(await t.db().selectFrom('jobs').select('id').execute()).toEqual(before);
  });
});

describe(`a people import as a job (${storageKind})`, () => {
  it('answers 202 once the file is received; the job ends with the import summary and counts', async () => {
    const r = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/imports/people?source=hr&wait=false',
      headers: { 'content-type': 'text/csv' },
      payload: `${header}\n${rows(0, 3)}\nJ9,Bad,Date,1990-13-45,,,,,CHEM,staff,\n`,
    });
    expect(r.statusCode, r.body).toBe(202);
    expect(r.json()).toMatchObject({ kind: 'people-import', subject: 'hr', progress: { total: 4, unit: 'rows' } });
    await t.app.jobs.settled();
    const job = (await get(r.json().id)).json();
    expect(job).toMatchObject({
      state: 'succeeded',
      progress: { done: 4, total: 4 },
      counts: { rows: 4, created: 3, updated: 0, unchanged: 0, failed: 1, errors: 1 },
      result: { source: 'hr', rows: 4, created: 3, failed: 1, errors: [{ line: 5, field: 'birth_date' }] },
    });
    const people = await t.db().selectFrom('people').select('id').where('family_name', '=', 'Fenwick').execute();
    expect(people).toHaveLength(3);
  });

  it('an interrupted import reads failed with how far it got; sent again, it finishes and counts what it did', async () => {
    const csv = `${header}\n${rows(10, 15, 'Resumed')}\n`;
    // The first run stops after its first batch of two (the process "dies": its row is left running).
    let first = true;
    t.app.jobs.hooks.afterProgress = async () => {
      if (!first) return;
      first = false;
      throw new Error('killed');
    };
    const admin = systemActor('test');
    const job = await t.app.longJobs.importPeople(admin, Readable.from([csv]), { source: 'hr', batchSize: 2 });
    await t.app.jobs.settled();
    t.app.jobs.hooks.afterProgress = undefined;
    await t
      .db()
      .updateTable('jobs')
      .set({ state: 'running', failure: null, finished_at: null })
      .where('id', '=', job.id)
      .execute();

    // The next start marks it failed, interrupted, keeping what it did.
    expect(await t.app.jobs.failInterrupted()).toEqual([job.id]);
    const left = (await get(job.id)).json();
    expect(left).toMatchObject({ state: 'failed', progress: { done: 2, total: 5 }, counts: { created: 2 } });
    expect(left.failure).toBe(
      'interrupted: the process running it stopped after 2 of 5 rows; send the same file again to finish it (the rows already imported are found unchanged)',
    );
    expect(await t.app.jobs.failInterrupted()).toEqual([]);

    const again = await t.app.longJobs.importPeople(admin, Readable.from([csv]), { source: 'hr', batchSize: 2 });
    await t.app.jobs.settled();
    expect((await get(again.id)).json()).toMatchObject({
      state: 'succeeded',
      progress: { done: 5, total: 5 },
      counts: { rows: 5, created: 3, unchanged: 2, failed: 0 },
    });
    const names = await t.db().selectFrom('people').select('given_name').where('family_name', '=', 'Resumed').execute();
    expect(names).toHaveLength(5);
  });

  it('refuses a caller who may not import before any job is made', async () => {
    const before = await t.db().selectFrom('jobs').select('id').execute();
    const r = await t.call(t.tokens.auditor, {
      method: 'POST',
      url: '/imports/people?wait=false',
      headers: { 'content-type': 'text/csv' },
      payload: `${header}\n${rows(20, 21)}\n`,
    });
    expect(r.statusCode).toBe(403);
    expect(await t.db().selectFrom('jobs').select('id').execute()).toEqual(before);
  });
});

describe(`who follows a job (${storageKind})`, () => {
  it('lets the starter and auditors read a job; another account sees only its own and is refused the rest', async () => {
    const [job] = (await t.call(t.tokens.admin, { method: 'GET', url: '/jobs?kind=people-import&limit=1' })).json();
    expect(job.kind).toBe('people-import');
    expect((await get(job.id, t.tokens.auditor)).statusCode).toBe(200);
    const refused = await get(job.id, nobody);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect((await t.call(nobody, { method: 'GET', url: '/jobs' })).json()).toEqual([]);
    expect((await get(999_999)).statusCode).toBe(404);
    const page = (await t.call(t.tokens.admin, { method: 'GET', url: `/jobs?before=${job.id}&limit=50` })).json();
    expect(page.every((j: { id: number }) => j.id < job.id)).toBe(true);
  });
});

describe(`jobs left in flight (${storageKind})`, () => {
  it('marks a job a stopped process left running or queued failed, interrupted, with how far it got', async () => {
    const now = t.clock.now();
    const insert = (state: 'running' | 'queued', done: number, total: number | null) =>
      t
        .db()
        .insertInto('jobs')
        .values({
          kind: 'status-recompute',
          subject: null,
          state,
          started_by: 'admin',
          started_by_id: null,
          progress_done: done,
          progress_total: total,
          counts: JSON.stringify({ people: done, opened: 3 }),
          result: null,
          failure: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const running = await insert('running', 40, 100);
    const queued = await insert('queued', 0, null);
    t.clock.advance(60_000);
    // A restarted process: a new app on the same storage, which runs nothing yet.
    const restarted = createApp({
      config: loadConfig({}, { dataDir: '/nonexistent', webDir: '/nonexistent', logLevel: 'silent' }),
      database: t.database,
      clock: t.clock,
      logger: pino({ level: 'silent' }),
    });
    expect(await restarted.jobs.failInterrupted()).toEqual([running.id, queued.id]);
    const a = (await get(running.id)).json();
    expect(a).toMatchObject({
      state: 'failed',
      progress: { done: 40, total: 100 },
      counts: { people: 40, opened: 3 },
      finishedAt: '2026-09-01T09:01:00.000Z',
    });
    expect(a.failure).toMatch(/^interrupted: the process running it stopped after 40 of 100 people; run the recompute/);
    expect((await get(queued.id)).json().failure).toMatch(
      /^interrupted: the process running it stopped before it began/,
    );
  });

  it('leaves alone a job a live process runs (on PostgreSQL another process too)', async () => {
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
      const hold = holdAtFirstProgress();
      const job = await t.app.longJobs.recomputeStatuses(systemActor('test'), { batchSize: 3 });
      expect(await hold.at).toBe(job.id);
      expect(await second.jobs.failInterrupted()).toEqual([]);
      hold.release();
      await t.app.jobs.settled();
      const done = (await get(job.id)).json();
      expect(done).toMatchObject({ state: 'succeeded', failure: null });
      expect(done.progress.done).toBe(done.progress.total);
    } finally {
      t.app.jobs.hooks.afterProgress = undefined;
      await other?.close();
    }
  });
});
