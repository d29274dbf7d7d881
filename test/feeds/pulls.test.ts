import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { defineFeed, type FeedWorld, makeFeedWorld, pull } from './world.ts';

/**
 * Pulling a feed: the first pull hands out everyone as adds; a status that ends (the clock
 * moves past it) makes the person a remove in the next pull; a pull returns only what
 * changed since the caller's last pull; `since` fetches again; a refresh stopped half-way
 * loses nothing and the next finishes; the schedule refreshes only when due.
 */
let t: TestApp;
let w: FeedWorld;
let consumer: string;

beforeAll(async () => {
  t = await makeTestApp({ start: '2026-09-01T09:00:00Z' });
  w = await makeFeedWorld(t);
  consumer = await t.tokenFor('library-system', [{ role: 'auditor' }]);
  await defineFeed(t, {
    name: 'patrons',
    format: 'csv',
    selection: { statuses: ['Faculty', 'Staff', 'Student'] },
    columns: ['id', 'displayName', 'primaryStatus'],
  });
});
afterAll(() => t.close());

const ops = (page: { changes: { personId: number; op: string }[] }) => page.changes.map((c) => `${c.op} ${c.personId}`);

describe('pulls', () => {
  it('hands out everyone selected as adds on the first pull, and nothing more on the second', async () => {
    const first = await pull(t, 'patrons', consumer);
    expect(ops(first)).toEqual([
      `add ${w.person.ada}`,
      `add ${w.person.bob}`,
      `add ${w.person.cy}`,
      `add ${w.person.dee}`,
    ]);
    expect(first).toMatchObject({ after: 0, cursor: 4, more: false });
    expect(first.changes[0].row).toEqual({
      id: String(w.person.ada),
      displayName: 'Ada Lovelace',
      primaryStatus: 'Faculty',
    });
    const second = await pull(t, 'patrons', consumer);
    expect(second).toMatchObject({ after: 4, cursor: 4, changes: [] });
  });

  it('makes a person whose status ended a remove, and one whose row changed a change', async () => {
    t.clock.set('2027-01-02T09:00:00Z');
    await t.app.status.recomputeAll(systemActor('test'));
    const r = await t.call(t.tokens.admin, {
      method: 'PATCH',
      url: `/people/${w.person.bob}`,
      headers: { 'if-match': '"1"' },
      payload: { preferredName: 'Robert' },
    });
    expect(r.statusCode, r.body).toBe(200);
    const page = await pull(t, 'patrons', consumer);
    expect(ops(page)).toEqual([`change ${w.person.bob}`, `remove ${w.person.cy}`]);
    expect(page.changes[0].row.displayName).toBe('Robert Baker');
    expect(page.changes[1].row).toEqual({ id: String(w.person.cy), displayName: 'Cy Young', primaryStatus: 'Student' });
    expect(page).toMatchObject({ after: 4, cursor: 6 });
  });

  it('keeps a cursor per consumer and fetches again after `since`', async () => {
    const mine = await pull(t, 'patrons', t.tokens.auditor);
    expect(mine).toMatchObject({ after: 0, cursor: 6 });
    expect(mine.changes).toHaveLength(6);
    const again = await pull(t, 'patrons', consumer, { since: 4 });
    expect(ops(again)).toEqual([`change ${w.person.bob}`, `remove ${w.person.cy}`]);
    const read = await t.call(consumer, { method: 'GET', url: '/feeds/patrons/changes?since=5' });
    expect(read.json()).toMatchObject({ after: 5, cursor: 6, more: false, changes: [{ seq: 6, op: 'remove' }] });
    const paged = await pull(t, 'patrons', consumer, { since: 0, limit: 4 });
    expect(paged).toMatchObject({ after: 0, cursor: 4, more: true });
    const cursors = await t.db().selectFrom('feed_pulls').select(['consumer', 'cursor']).orderBy('consumer').execute();
    expect(cursors.map((c) => `${c.consumer} ${c.cursor}`)).toEqual(['auditor 6', 'library-system 4']);
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('action', '=', 'feed.pull')
      .orderBy('seq')
      .execute();
    expect(audit).toHaveLength(6);
    expect(audit[5].after).toMatchObject({ consumer: 'library-system', after: 0, cursor: 4, changes: 4, more: true });
  });

  it('refuses organisation administrators', async () => {
    const orgadmin = await t.tokenFor('orgadmin', [{ role: 'orgadmin', orgId: w.org.uni }]);
    expect((await t.call(orgadmin, { method: 'POST', url: '/feeds/patrons/pulls', payload: {} })).statusCode).toBe(403);
  });
});

describe('refresh', () => {
  it('commits batch by batch: a run stopped half-way loses nothing and the next one finishes', async () => {
    await defineFeed(t, {
      name: 'everyone',
      format: 'jsonl',
      selection: { statuses: ['Faculty', 'Staff', 'Student'] },
      columns: ['id', 'primaryStatus'],
    });
    const half = await t.app.feeds.refresh(systemActor('test'), 'everyone', { batchSize: 1, maxBatches: 2 });
    expect(half).toMatchObject({ added: 2, complete: false, batches: 2 });
    const rest = await t.app.feeds.refresh(systemActor('test'), 'everyone', { batchSize: 1 });
    expect(rest).toMatchObject({ added: 1, changed: 0, removed: 0, fromSeq: 2, toSeq: 3, complete: true });
    const changes = await t
      .db()
      .selectFrom('feed_changes')
      .select(['seq', 'person_id', 'op'])
      .where('feed', '=', 'everyone')
      .orderBy('seq')
      .execute();
    expect(changes.map((c) => `${c.seq} ${c.op} ${c.person_id}`)).toEqual([
      `1 add ${w.person.ada}`,
      `2 add ${w.person.bob}`,
      `3 add ${w.person.dee}`,
    ]);
    const audit = await t
      .db()
      .selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', 'everyone')
      .orderBy('seq')
      .execute();
    // the first run's two batches, then the second run's one batch with a change and its closing summary
    expect(audit.map((a) => a.action)).toEqual([
      'feed.create',
      'feed.refresh.batch',
      'feed.refresh.batch',
      'feed.refresh.batch',
      'feed.refresh',
    ]);
    const again = await t.call(t.tokens.admin, { method: 'POST', url: '/feeds/everyone/refresh' });
    expect(again.json()).toMatchObject({ added: 0, changed: 0, removed: 0, fromSeq: 3, toSeq: 3, complete: true });
  });
});

describe('refresh on demand', () => {
  it('is refused to the read-only auditor, and the feed is not refreshed', async () => {
    await defineFeed(t, { name: 'audited', format: 'csv', selection: { statuses: ['Faculty'] }, columns: ['id'] });
    const head = async () =>
      (await t.db().selectFrom('audit_log').select(t.db().fn.max('seq').as('seq')).executeTakeFirstOrThrow()).seq;
    const before = await head();
    const r = await t.call(t.tokens.auditor, { method: 'POST', url: '/feeds/audited/refresh' });
    expect(r.statusCode, r.body).toBe(403);
    expect(await head()).toBe(before);
    const admin = await t.call(t.tokens.admin, { method: 'POST', url: '/feeds/audited/refresh' });
    expect(admin.statusCode, admin.body).toBe(200);
  });
});

describe('schedule', () => {
  it('refreshes a feed whose cron time has come since it was last generated, and does nothing otherwise', async () => {
    t.clock.set('2027-01-05T10:00:00Z');
    await defineFeed(t, {
      name: 'nightly',
      format: 'csv',
      selection: { statuses: ['Faculty'] },
      columns: ['id'],
      schedule: '0 2 * * *',
    });
    const actor = systemActor('scheduler');
    expect(await t.app.feeds.runDue(actor, new Date('2027-01-06T01:59:00Z'))).toEqual([]);
    const due = await t.app.feeds.runDue(actor, new Date('2027-01-06T02:00:00Z'));
    expect(due.map((r) => [r.feed, r.added])).toEqual([['nightly', 2]]);
    expect(await t.app.feeds.runDue(actor, new Date('2027-01-06T02:00:00Z'))).toEqual([]);
    expect(await t.app.feeds.runDue(actor, new Date('2027-01-06T03:00:00Z'))).toEqual([]);
    expect((await t.call(t.tokens.auditor, { method: 'GET', url: '/feeds/nightly' })).json().lastGeneratedAt).toBe(
      '2027-01-06T02:00:00.000Z',
    );
    expect((await t.app.feeds.runDue(actor, new Date('2027-01-07T02:00:00Z'))).map((r) => r.feed)).toEqual(['nightly']);
  });
});
