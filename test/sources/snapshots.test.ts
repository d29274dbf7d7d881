import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AffiliationRecord } from '../../src/sources/snapshot-rows.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { employees, feeder, jsonl, makeFeedWorld, reconciledState, send } from './feed-world.ts';

const count = async (t: TestApp, table: 'audit_log' | 'change_log' | 'people' | 'affiliations' | 'source_records') =>
  Number(
    (
      await t
        .db()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('snapshot reconciliation', () => {
  let t: TestApp;
  const first = employees(40);
  beforeAll(async () => {
    t = await makeTestApp();
    await makeFeedWorld(t.app);
  });
  afterAll(() => t.close());

  it('applies a first snapshot whole: a person per person key, an affiliation per record, each audited', async () => {
    const audits = await count(t, 'audit_log');
    const s = await send(t.app, first, { stageBatchSize: 7, applyBatchSize: 9 });
    expect(s).toMatchObject({
      state: 'applied',
      reason: 'first-snapshot',
      records: 40,
      errorLines: 0,
      added: 40,
      changed: 0,
      removed: 0,
      unchanged: 0,
      peopleCreated: 40,
      reviews: 0,
    });
    expect(s.decision).toContain('first snapshot');
    expect(await count(t, 'people')).toBe(40);
    expect(await count(t, 'affiliations')).toBe(40);
    expect(await count(t, 'source_records')).toBe(40);
    const [ada] = await t
      .db()
      .selectFrom('people as p')
      .innerJoin('identifiers as i', 'i.person_id', 'p.id')
      .selectAll('p')
      .where('i.kind', '=', 'source-key')
      .where('i.scope', '=', 'hr')
      .where('i.value', '=', 'E0001')
      .execute();
    expect(ada).toMatchObject({ given_name: 'Grace', family_name: 'Lovelace', birth_date: '1951-02-11' });
    const aff = await t
      .db()
      .selectFrom('affiliations')
      .selectAll()
      .where('record_key', '=', 'hr-E0005-1')
      .executeTakeFirstOrThrow();
    expect(aff).toMatchObject({
      source: 'hr',
      kind: 'employee',
      title: 'Lecturer',
      codes: ['A1'],
      valid_from: '2020-01-01',
      valid_to: null,
      attributes: { building: 'B5' },
    });
    // one audit row per person created and per affiliation added
    expect(await count(t, 'audit_log')).toBe(audits + 80);
    const staged = await t.db().selectFrom('snapshot_rows').select('record_key').execute();
    expect(staged).toEqual([]);
  });

  it('changes nothing when the same snapshot comes again: no audit rows, no change-log entries', async () => {
    const before = await reconciledState(t.db());
    const audits = await count(t, 'audit_log');
    const changes = await count(t, 'change_log');
    const s = await send(t.app, first);
    expect(s).toMatchObject({
      state: 'applied',
      reason: 'within-threshold',
      added: 0,
      changed: 0,
      removed: 0,
      unchanged: 40,
    });
    expect(await count(t, 'audit_log')).toBe(audits);
    expect(await count(t, 'change_log')).toBe(changes);
    expect(await reconciledState(t.db())).toEqual(before);
  });

  it('reads JSON lines to the same records (nothing changes)', async () => {
    const audits = await count(t, 'audit_log');
    const text = jsonl(first);
    const s = await t.app.snapshots.receiveSnapshot(feeder, 'hr', Readable.from([Buffer.from(text)]), {
      format: 'jsonl',
    });
    expect(s).toMatchObject({ state: 'applied', unchanged: 40, added: 0, changed: 0, removed: 0 });
    expect(await count(t, 'audit_log')).toBe(audits);
  });

  it('changes only the affiliation whose record changed, audited with before and after', async () => {
    const audits = await count(t, 'audit_log');
    const next = first.map((r) =>
      r.recordKey === 'hr-E0007-1' ? { ...r, title: 'Senior Lecturer', codes: ['B9'] } : r,
    );
    const s = await send(t.app, next);
    expect(s).toMatchObject({ state: 'applied', changed: 1, added: 0, removed: 0, unchanged: 39 });
    const rows = await t
      .db()
      .selectFrom('audit_log')
      .select(['action', 'before', 'after', 'reason'])
      .where('seq', '>', audits)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'person.affiliation.update',
      before: { title: 'Lecturer', codes: ['A3'] },
      after: { title: 'Senior Lecturer', codes: ['B9'], recordKey: 'hr-E0007-1' },
    });
    expect(rows[0].reason).toMatch(/^snapshot \d+ of hr, line 8, record hr-E0007-1$/);
    const aff = await t
      .db()
      .selectFrom('affiliations')
      .select(['title', 'version'])
      .where('record_key', '=', 'hr-E0007-1')
      .executeTakeFirstOrThrow();
    expect(aff).toEqual({ title: 'Senior Lecturer', version: 2 });
  });

  it('ends the affiliation of a record the source no longer sends (the day before today), and forgets the record', async () => {
    const next = first
      .filter((r) => r.recordKey !== 'hr-E0003-1')
      .map((r) => (r.recordKey === 'hr-E0007-1' ? { ...r, title: 'Senior Lecturer', codes: ['B9'] } : r));
    const s = await send(t.app, next);
    expect(s).toMatchObject({ state: 'applied', removed: 1, changed: 0, added: 0 });
    const aff = await t
      .db()
      .selectFrom('affiliations')
      .select(['valid_to'])
      .where('record_key', '=', 'hr-E0003-1')
      .executeTakeFirstOrThrow();
    expect(aff.valid_to).toBe('2026-08-31');
    expect(
      await t.db().selectFrom('source_records').select('record_key').where('record_key', '=', 'hr-E0003-1').execute(),
    ).toEqual([]);
    const [audit] = await t
      .db()
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('action', '=', 'person.affiliation.end')
      .execute();
    expect(audit).toMatchObject({
      before: { validTo: null, recordKey: 'hr-E0003-1' },
      after: { validTo: '2026-08-31' },
    });
  });
});

describe('merged people', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
    await makeFeedWorld(t.app, { holdThreshold: 1 });
  });
  afterAll(() => t.close());

  it('follows a merge: the survivor keeps the record, and new records of the person key go to the survivor', async () => {
    await send(t.app, employees(3));
    const personOf = async (key: string) =>
      (
        await t
          .db()
          .selectFrom('affiliations')
          .select('person_id')
          .where('record_key', '=', key)
          .executeTakeFirstOrThrow()
      ).person_id;
    const loser = await personOf('hr-E0001-1');
    const survivor = await personOf('hr-E0002-1');
    const etag = String((await t.call(t.tokens.admin, { method: 'GET', url: `/people/${survivor}` })).headers.etag);
    const merged = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/people/${survivor}/merge`,
      headers: { 'if-match': etag },
      payload: { loserId: loser, reason: 'same human' },
    });
    expect(merged.statusCode).toBe(200);
    const [e1] = employees(1);
    const s = await send(t.app, [
      ...employees(3).map((r) => (r.recordKey === 'hr-E0001-1' ? { ...r, title: 'Dean' } : r)),
      { ...e1, recordKey: 'hr-E0001-2', orgCode: 'ART' },
    ]);
    expect(s).toMatchObject({ state: 'applied', added: 1, changed: 1, peopleCreated: 0, reviews: 0 });
    expect(await personOf('hr-E0001-1')).toBe(survivor);
    expect(await personOf('hr-E0001-2')).toBe(survivor);
    const [audit] = await t
      .db()
      .selectFrom('audit_log')
      .select(['target_id', 'action'])
      .where('action', '=', 'person.affiliation.update')
      .execute();
    expect(audit).toEqual({ target_id: String(survivor), action: 'person.affiliation.update' });
  });

  it("moves a record whose person key changed: the old person's affiliation ends, the new person gets one", async () => {
    const current = await t.db().selectFrom('source_records').select('record').orderBy('record_key').execute();
    const records = current.map((r) => r.record as unknown as AffiliationRecord);
    const moved = records.map((r) =>
      r.recordKey === 'hr-E0003-1' ? { ...r, personKey: 'E0099', givenName: 'Hedy', familyName: 'Lamarr' } : r,
    );
    const s = await send(t.app, moved);
    expect(s).toMatchObject({ state: 'applied', changed: 1, peopleCreated: 1 });
    const rows = await t
      .db()
      .selectFrom('affiliations as a')
      .innerJoin('people as p', 'p.id', 'a.person_id')
      .select(['p.family_name', 'a.valid_to'])
      .where('a.record_key', '=', 'hr-E0003-1')
      .orderBy('a.id')
      .execute();
    expect(rows).toEqual([
      { family_name: 'Lovelace', valid_to: '2026-08-31' },
      { family_name: 'Lamarr', valid_to: null },
    ]);
    const [end] = await t
      .db()
      .selectFrom('audit_log')
      .select('reason')
      .where('action', '=', 'person.affiliation.end')
      .execute();
    expect(end.reason).toMatch(/record hr-E0003-1: the record now belongs to person \d+$/);
  });
});

describe('the safety valve', () => {
  let t: TestApp;
  const base = employees(30);
  beforeAll(async () => {
    t = await makeTestApp();
    await makeFeedWorld(t.app, { holdThreshold: 0.1 });
    await send(t.app, base);
  });
  afterAll(() => t.close());

  // 2 changed + 1 removed + 1 added = 4 of 30 (13 %) > 10 %
  const overThreshold = () => [
    ...base
      .filter((r) => r.recordKey !== 'hr-E0030-1')
      .map((r) => (r.recordKey === 'hr-E0001-1' || r.recordKey === 'hr-E0002-1' ? { ...r, title: 'Professor' } : r)),
    ...employees(1, 31),
  ];

  it('holds a snapshot that changes more than the threshold; its diff shows each record and what the source said before', async () => {
    const before = await reconciledState(t.db());
    const audits = await count(t, 'audit_log');
    const s = await send(t.app, overThreshold());
    expect(s).toMatchObject({
      state: 'held',
      reason: 'over-threshold',
      added: 1,
      changed: 2,
      removed: 1,
      unchanged: 27,
    });
    expect(s.decision).toContain('over');
    expect(await reconciledState(t.db())).toEqual(before);
    expect(await count(t, 'audit_log')).toBe(audits);
    const diff = await t.app.snapshots.snapshotDiff(feeder, s.id, {});
    expect(diff.items.map((d) => [d.change, d.recordKey])).toEqual([
      ['changed', 'hr-E0001-1'],
      ['changed', 'hr-E0002-1'],
      ['removed', 'hr-E0030-1'],
      ['added', 'hr-E0031-1'],
    ]);
    expect(diff.items[0]).toMatchObject({ line: 2, record: { title: 'Professor' }, previous: { title: 'Lecturer' } });
    expect(diff.items[2]).toMatchObject({ record: null, previous: { recordKey: 'hr-E0030-1' } });
    const page = await t.app.snapshots.snapshotDiff(feeder, s.id, { change: 'changed', limit: 1 });
    expect(page.items.map((d) => d.recordKey)).toEqual(['hr-E0001-1']);
    expect(
      (await t.app.snapshots.snapshotDiff(feeder, s.id, { change: 'changed', after: page.next! })).items.map(
        (d) => d.recordKey,
      ),
    ).toEqual(['hr-E0002-1']);
  });

  it('refuses the next snapshot while one is held, but allows a dry run', async () => {
    await expect(send(t.app, base)).rejects.toMatchObject({ code: 'conflict', problems: [{ rule: 'snapshot-held' }] });
    const dry = await send(t.app, base, { dryRun: true });
    expect(dry).toMatchObject({ state: 'dry-run', unchanged: 30 });
  });

  it('applies a held snapshot when an administrator releases it, audited', async () => {
    const [held] = await t.app.snapshots.listSnapshots(feeder, { source: 'hr', state: 'held' });
    const s = await t.app.snapshots.release(feeder, held.id);
    expect(s).toMatchObject({
      state: 'applied',
      reason: 'forced',
      decidedBy: 'hr-feed',
      added: 1,
      changed: 2,
      removed: 1,
    });
    expect(s.decision).toContain('released by hr-feed');
    const titles = await t
      .db()
      .selectFrom('affiliations')
      .select(['record_key', 'title', 'valid_to'])
      .where('record_key', 'in', ['hr-E0001-1', 'hr-E0030-1', 'hr-E0031-1'])
      .orderBy('record_key')
      .execute();
    expect(titles).toEqual([
      { record_key: 'hr-E0001-1', title: 'Professor', valid_to: null },
      { record_key: 'hr-E0030-1', title: 'Technician', valid_to: '2026-08-31' },
      { record_key: 'hr-E0031-1', title: 'Lecturer', valid_to: null },
    ]);
    expect(
      (await t.db().selectFrom('audit_log').select('action').where('target_type', '=', 'snapshot').execute()).map(
        (r) => r.action,
      ),
    ).toEqual(['snapshot.release']);
    expect(
      await t.db().selectFrom('snapshot_rows').select('record_key').where('snapshot_id', '=', held.id).execute(),
    ).toEqual([]);
    await expect(t.app.snapshots.snapshotDiff(feeder, held.id, {})).rejects.toMatchObject({ code: 'conflict' });
  });

  it('changes nothing when a held snapshot is discarded', async () => {
    const before = await reconciledState(t.db());
    const s = await send(t.app, employees(10));
    expect(s.state).toBe('held');
    const d = await t.app.snapshots.discard(feeder, s.id, 'HR sent a partial extract');
    expect(d).toMatchObject({ state: 'discarded', decidedBy: 'hr-feed', removed: 20 });
    expect(await reconciledState(t.db())).toEqual(before);
    await expect(t.app.snapshots.release(feeder, s.id)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('forces a snapshot over the threshold when asked on delivery', async () => {
    const s = await send(t.app, employees(25), { force: true });
    expect(s).toMatchObject({ state: 'applied', reason: 'forced' });
  });

  it('will not release a held snapshot whose unchanged records were changed on file meanwhile: it is sent again', async () => {
    const s = await send(t.app, employees(3));
    expect(s.state).toBe('held');
    const [r] = employees(1);
    await t.app.sourceRecords.putRecord(feeder, 'hr', r.recordKey, { ...r, title: 'Dean' });
    await expect(t.app.snapshots.release(feeder, s.id)).rejects.toMatchObject({
      code: 'conflict',
      problems: [{ rule: 'stale' }],
    });
    expect((await t.app.snapshots.getSnapshot(feeder, s.id)).state).toBe('held');
    await t.app.snapshots.discard(feeder, s.id);
    await t.app.sourceRecords.putRecord(feeder, 'hr', r.recordKey, r);
  });

  it("reports a dry run's diff and changes nothing", async () => {
    const before = await reconciledState(t.db());
    const audits = await count(t, 'audit_log');
    const s = await send(t.app, employees(5), { dryRun: true });
    expect(s).toMatchObject({ state: 'dry-run', dryRun: true, reason: 'over-threshold', removed: 20, unchanged: 5 });
    expect(s.decision).toMatch(/^dry run, nothing applied: .* a real run would be held$/);
    expect(await reconciledState(t.db())).toEqual(before);
    expect(await count(t, 'audit_log')).toBe(audits);
    const diff = await t.app.snapshots.snapshotDiff(feeder, s.id, { change: 'removed', limit: 3 });
    expect(diff.items.map((d) => d.recordKey)).toEqual(['hr-E0006-1', 'hr-E0007-1', 'hr-E0008-1']);
  });
});

describe('statuses follow what a snapshot applies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
    await makeFeedWorld(t.app);
    const r = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/status-types',
      payload: {
        name: 'Lecturer',
        rank: 50,
        category: 'employee',
        match: { sources: ['hr'], kinds: ['employee'], codes: ['A1'] },
      },
    });
    expect(r.statusCode).toBe(201);
  });
  afterAll(() => t.close());

  const statusOf = async (key: string) => {
    const { person_id } = await t
      .db()
      .selectFrom('affiliations')
      .select('person_id')
      .where('record_key', '=', key)
      .executeTakeFirstOrThrow();
    return (await t.call(t.tokens.auditor, { method: 'GET', url: `/people/${person_id}/statuses` })).json();
  };

  it('gives people their status in the batch that adds their affiliation, and ends it with the affiliation', async () => {
    await send(t.app, employees(8));
    expect((await statusOf('hr-E0005-1')).held.map((h: { name: string }) => h.name)).toEqual(['Lecturer']);
    expect((await statusOf('hr-E0006-1')).held).toEqual([]);
    await send(
      t.app,
      employees(8).filter((r) => r.recordKey !== 'hr-E0005-1'),
      { force: true },
    );
    const after = await statusOf('hr-E0005-1');
    expect(after.held).toEqual([]);
    expect(after.history[0]).toMatchObject({ name: 'Lecturer', end: '2026-08-31' });
  });
});
