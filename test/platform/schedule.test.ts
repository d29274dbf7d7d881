import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createScheduleService, type JobDefinition } from '../../src/platform/schedule/schedule-service.ts';
import { makeTestApp, storageKind, type TestApp } from '../harness.ts';
import { defineFeed, makeFeedWorld } from '../feeds/world.ts';
import { addOrg } from '../registry/world.ts';
import { addBarePerson, feedAffiliation, statusesOf } from '../status/world.ts';

/**
 * Scheduled jobs: schedules are data, a sweep runs what is due exactly once per slot
 * (a week of downtime collapses into one run), a failure keeps its slot open and is
 * retried after a pause, and only one sweep runs at a time.
 */
let t: TestApp;
beforeEach(async () => {
  t = await makeTestApp({ start: '2026-12-01T10:00:00Z' });
});
afterEach(async () => t.close());

/** A job that counts its runs and fails while `failing` is set. */
function countingJob(name = 'count') {
  const job = { runs: 0, failing: false, gate: null as Promise<void> | null, onRun: () => {} };
  const definition: JobDefinition = {
    name,
    description: 'counts its runs',
    defaultCron: '0 * * * *',
    async run() {
      job.runs += 1;
      job.onRun();
      if (job.gate) await job.gate;
      if (job.failing) throw new Error('the directory did not answer');
      return { runs: job.runs };
    },
  };
  return { job, definition };
}

/** The reports of one job from a sweep (the feeds job also runs every minute). */
const reportsOf = (reports: Awaited<ReturnType<TestApp['app']['schedule']['tick']>>, job = 'status-recompute') =>
  (reports ?? []).filter((r) => r.job === job);

/** A scheduler over the given jobs, which it first sees at the clock's start (10:00). */
async function serviceWith(jobs: JobDefinition[]) {
  const service = createScheduleService({ db: t.db(), clock: t.clock, log: t.app.log, kind: t.database.kind }, jobs);
  expect(await service.tick()).toEqual([]);
  return service;
}

describe('scheduled jobs', () => {
  it('lists the status recompute with its default schedule and next run, to auditors too', async () => {
    const r = await t.call(t.tokens.auditor, { method: 'GET', url: '/schedule' });
    expect(r.statusCode).toBe(200);
    const job = r.json().find((j: { name: string }) => j.name === 'status-recompute');
    expect(job).toMatchObject({
      cron: '30 2 * * *',
      timeZone: 'UTC',
      enabled: true,
      nextRunAt: '2026-12-02T02:30:00.000Z',
      lastOutcome: null,
    });
  });

  it('the scheduled recompute gives people a status type added since their last refresh', async () => {
    const unit = await addOrg(t, 'LIB');
    const person = await addBarePerson(t, 'Ada', 'Quist');
    await feedAffiliation(t, person, { orgId: unit, codes: ['AF1'] });
    const type = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/status-types',
      payload: { name: 'Faculty', rank: 750, category: 'employee', match: { sources: ['hr'], codes: ['AF%'] } },
    });
    expect(type.statusCode).toBe(201);
    expect((await statusesOf(t, person)).primary).toBeNull();

    t.clock.set('2026-12-02T02:29:00Z');
    expect(reportsOf(await t.app.schedule.tick())).toEqual([]);
    t.clock.set('2026-12-02T02:31:00Z');
    const ran = reportsOf(await t.app.schedule.tick());
    expect(ran).toEqual([
      expect.objectContaining({
        job: 'status-recompute',
        outcome: 'succeeded',
        idle: false,
        slot: '2026-12-02T02:30:00.000Z',
      }),
    ]);
    expect((await statusesOf(t, person)).primary).toMatchObject({ name: 'Faculty' });
    expect(reportsOf(await t.app.schedule.tick())).toEqual([]);

    const job = (await t.call(t.tokens.auditor, { method: 'GET', url: '/schedule/status-recompute' })).json();
    expect(job).toMatchObject({
      lastOutcome: 'succeeded',
      lastSlot: '2026-12-02T02:30:00.000Z',
      nextRunAt: '2026-12-03T02:30:00.000Z',
      failures: 0,
    });
    expect(job.lastSummary).toMatchObject({ total: 1 });
    const audit = (await t.call(t.tokens.auditor, { method: 'GET', url: '/audit?action=schedule.run' })).json();
    expect(audit[0]).toMatchObject({ actor: 'scheduler', targetId: 'status-recompute' });
  });

  it('the feeds job refreshes a feed when its own schedule comes due', async () => {
    await makeFeedWorld(t);
    await defineFeed(t, {
      name: 'faculty-list',
      format: 'csv',
      selection: { statuses: ['Faculty'] },
      columns: ['id', 'displayName'],
      schedule: '0 3 * * *',
    });
    t.clock.set('2026-12-01T10:00:30Z');
    expect(await t.app.schedule.tick()).toEqual([]); // the scheduler first sees its jobs
    t.clock.set('2026-12-01T10:01:00Z');
    expect(reportsOf(await t.app.schedule.tick(), 'feeds').map((r) => [r.idle, r.summary])).toEqual([
      [true, { feeds: [] }],
    ]);
    const audited = async () =>
      (await t.call(t.tokens.auditor, { method: 'GET', url: '/audit?action=schedule.run&targetId=feeds' })).json()
        .length;
    expect(await audited()).toBe(0); // a run that found nothing due is bookkeeping only
    t.clock.set('2026-12-02T03:00:00Z');
    const [feeds] = (await t.app.schedule.tick())!;
    expect(feeds).toMatchObject({
      job: 'feeds',
      outcome: 'succeeded',
      summary: { feeds: [{ feed: 'faculty-list', added: 2, changed: 0, removed: 0, complete: true }] },
    });
    expect(await audited()).toBe(1);
    const changes = await t.call(t.tokens.auditor, { method: 'GET', url: '/feeds/faculty-list/changes?since=0' });
    expect(changes.json().changes.map((c: { op: string }) => c.op)).toEqual(['add', 'add']);
  });

  it('runs once per slot, and once after a week of downtime', async () => {
    const { job, definition } = countingJob();
    const schedule = await serviceWith([definition]);
    t.clock.set('2026-12-01T10:59:59Z');
    await schedule.tick();
    expect(job.runs).toBe(0);
    t.clock.set('2026-12-01T11:00:00Z');
    await schedule.tick();
    await schedule.tick();
    expect(job.runs).toBe(1);
    t.clock.set('2026-12-08T11:30:00Z');
    const [report] = (await schedule.tick())!;
    expect(report.slot).toBe('2026-12-08T11:00:00.000Z');
    await schedule.tick();
    expect(job.runs).toBe(2);
  });

  it('keeps a failed slot open and retries it after a pause that grows', async () => {
    const { job, definition } = countingJob();
    const schedule = await serviceWith([definition]);
    job.failing = true;
    t.clock.set('2026-12-01T11:00:00Z');
    expect((await schedule.tick())![0]).toMatchObject({ outcome: 'failed', error: 'the directory did not answer' });
    t.clock.set('2026-12-01T11:00:30Z');
    expect(await schedule.tick()).toEqual([]);
    t.clock.set('2026-12-01T11:01:00Z');
    expect((await schedule.tick())![0].outcome).toBe('failed');
    t.clock.set('2026-12-01T11:02:00Z');
    expect(await schedule.tick()).toEqual([]); // two failures: two minutes' pause
    job.failing = false;
    t.clock.set('2026-12-01T11:03:00Z');
    expect((await schedule.tick())![0]).toMatchObject({ outcome: 'succeeded', slot: '2026-12-01T11:00:00.000Z' });
    expect(job.runs).toBe(3);
    const row = await t
      .db()
      .selectFrom('scheduled_jobs')
      .selectAll()
      .where('name', '=', 'count')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ failures: 0, last_outcome: 'succeeded', last_error: null });
  });

  it(`runs one sweep at a time (${storageKind})`, async () => {
    const { job, definition } = countingJob();
    let open!: () => void;
    job.gate = new Promise((resolve) => {
      open = resolve;
    });
    const first = await serviceWith([definition]);
    // On PostgreSQL a second service stands for a second Steward process; PGlite has one process.
    const second = storageKind === 'postgres' ? await serviceWith([definition]) : first;
    t.clock.set('2026-12-01T11:00:00Z');
    // The first sweep is inside the job (so holds the sweep) when the job has started: wait for that, not for a time.
    const started = new Promise<void>((resolve) => (job.onRun = resolve));
    const running = first.tick();
    await started;
    expect(await second.tick()).toBeNull();
    open();
    expect((await running)!.map((r) => r.outcome)).toEqual(['succeeded']);
    expect(job.runs).toBe(1);
    expect(await second.tick()).toEqual([]);
  });

  it('changes a schedule as data with If-Match, audited; a bad one names the field and changes nothing', async () => {
    const current = await t.call(t.tokens.admin, { method: 'GET', url: '/schedule/status-recompute' });
    const version = current.headers.etag as string;
    const bad = await t.call(t.tokens.admin, {
      method: 'PUT',
      url: '/schedule/status-recompute',
      headers: { 'if-match': version },
      payload: { cron: '99 2 * * *' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: '/cron', rule: 'cron' })]);
    const zone = await t.call(t.tokens.admin, {
      method: 'PUT',
      url: '/schedule/status-recompute',
      headers: { 'if-match': version },
      payload: { timeZone: 'Nowhere/Else' },
    });
    expect(zone.json().errors).toEqual([expect.objectContaining({ field: '/timeZone', rule: 'time-zone' })]);
    expect((await t.call(t.tokens.admin, { method: 'GET', url: '/schedule/status-recompute' })).headers.etag).toBe(
      version,
    );

    expect(
      (
        await t.call(t.tokens.auditor, {
          method: 'PUT',
          url: '/schedule/status-recompute',
          headers: { 'if-match': version },
          payload: { enabled: false },
        })
      ).statusCode,
    ).toBe(403);
    const ok = await t.call(t.tokens.admin, {
      method: 'PUT',
      url: '/schedule/status-recompute',
      headers: { 'if-match': version },
      payload: { cron: '0 3 * * 1-5', timeZone: 'Europe/Helsinki' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      cron: '0 3 * * 1-5',
      timeZone: 'Europe/Helsinki',
      nextRunAt: '2026-12-02T01:00:00.000Z',
    });
    const stale = await t.call(t.tokens.admin, {
      method: 'PUT',
      url: '/schedule/status-recompute',
      headers: { 'if-match': version },
      payload: { enabled: false },
    });
    expect(stale.statusCode).toBe(412);
    const changes = (await t.call(t.tokens.auditor, { method: 'GET', url: '/changes?after=0' })).json();
    expect(
      changes.changes.some(
        (c: { entityType: string; op: string }) => c.entityType === 'scheduled-job' && c.op === 'updated',
      ),
    ).toBe(true);
  });

  it('runs a job on demand; a disabled job does not run on schedule', async () => {
    const run = await t.call(t.tokens.admin, { method: 'POST', url: '/schedule/status-recompute/runs' });
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({ job: 'status-recompute', outcome: 'succeeded', slot: null });
    expect(
      (await t.call(t.tokens.auditor, { method: 'POST', url: '/schedule/status-recompute/runs' })).statusCode,
    ).toBe(403);
    expect((await t.call(t.tokens.admin, { method: 'POST', url: '/schedule/nothing-such/runs' })).statusCode).toBe(404);

    const version = (await t.call(t.tokens.admin, { method: 'GET', url: '/schedule/status-recompute' })).headers
      .etag as string;
    await t.call(t.tokens.admin, {
      method: 'PUT',
      url: '/schedule/status-recompute',
      headers: { 'if-match': version },
      payload: { enabled: false },
    });
    t.clock.set('2026-12-02T03:00:00Z');
    expect(reportsOf(await t.app.schedule.tick())).toEqual([]);
    expect((await t.call(t.tokens.auditor, { method: 'GET', url: '/schedule/status-recompute' })).json()).toMatchObject(
      { enabled: false, nextRunAt: null },
    );
  });
});
