import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { csv, employees, feeder, makeFeedWorld, reconciledState, send } from './feed-world.ts';

/** The fast path: records delivered byte for byte as last applied are neither read nor staged, and count unchanged. */
describe('snapshot fast path (fingerprints of unchanged records)', () => {
  let t: TestApp;
  const first = employees(40);
  const text = csv(first);
  const lines = text.split('\n').filter((l) => l !== '');
  const fastOf = async (id: number) =>
    Number(
      (await t.db().selectFrom('snapshots').select('fast_unchanged').where('id', '=', id).executeTakeFirstOrThrow())
        .fast_unchanged,
    );
  beforeAll(async () => {
    t = await makeTestApp();
    await makeFeedWorld(t.app);
    expect(await send(t.app, first)).toMatchObject({ state: 'applied', added: 40 });
  });
  afterAll(() => t.close());

  it('fingerprints every applied record', async () => {
    const rows = await t.db().selectFrom('source_records').select('fingerprint').execute();
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => r.fingerprint)).size).toBe(40);
    expect(rows.every((r) => typeof r.fingerprint === 'string')).toBe(true);
  });

  it('applies nothing for the same file again and counts every record unchanged, staging none', async () => {
    const before = await reconciledState(t.db());
    const s = await send(t.app, text, { dryRun: true });
    expect(s).toMatchObject({ state: 'dry-run', added: 0, changed: 0, removed: 0, unchanged: 40, records: 40 });
    expect(await fastOf(s.id)).toBe(40);
    expect(
      await t.db().selectFrom('snapshot_rows').select('record_key').where('snapshot_id', '=', s.id).execute(),
    ).toEqual([]);
    const applied = await send(t.app, text);
    expect(applied).toMatchObject({ state: 'applied', added: 0, changed: 0, removed: 0, unchanged: 40 });
    expect(await reconciledState(t.db())).toEqual(before);
  });

  it('reads a record whose bytes changed but not its meaning (blanks, quotes) and counts it unchanged', async () => {
    const changed = lines.map((l) =>
      l.startsWith('hr-E0005-1,')
        ? l
            .replace(',Lecturer,', ', "Lecturer" ,'.replace(' "', '"').replace('" ', '"'))
            .replace('hr-E0005-1,E0005,', 'hr-E0005-1, E0005 ,')
        : l,
    );
    expect(changed).not.toEqual(lines);
    const s = await send(t.app, `${changed.join('\n')}\n`);
    expect(s).toMatchObject({ state: 'applied', added: 0, changed: 0, removed: 0, unchanged: 40 });
    expect(await fastOf(s.id)).toBe(39);
  });

  it('reads every record when the header orders the columns differently, and finds them unchanged', async () => {
    const swapped = lines.map((l) => {
      const cells = l.split(',');
      [cells[0], cells[1]] = [cells[1], cells[0]];
      return cells.join(',');
    });
    const s = await send(t.app, `${swapped.join('\n')}\n`);
    expect(s).toMatchObject({ state: 'applied', added: 0, changed: 0, removed: 0, unchanged: 40 });
    expect(await fastOf(s.id)).toBe(0);
    // Applied from the new header, unchanged records keep the fingerprints of the old one.
    expect(await fastOf((await send(t.app, text)).id)).toBe(40);
  });

  it('reports a repeated record key by line when one copy is unchanged on file', async () => {
    const repeatedAfter = `${text}${lines[3]}\n`;
    const s = await send(t.app, repeatedAfter);
    expect(s).toMatchObject({ state: 'held', errorLines: 1 });
    expect(s.errors).toEqual([
      expect.objectContaining({
        line: 42,
        rule: 'duplicate-key',
        message: expect.stringContaining('already on line 4'),
      }),
    ]);
    await t.app.snapshots.discard(feeder, s.id);
    // The other way round: a changed copy first, the unchanged one after it is the repeat.
    const other = lines[3].replace('Technician', 'Dean').replace('Lecturer', 'Dean');
    const s2 = await send(t.app, [lines[0], other, ...lines.slice(1)].join('\n'));
    expect(s2).toMatchObject({ state: 'held', errorLines: 1 });
    expect(s2.errors).toEqual([
      expect.objectContaining({
        line: 5,
        rule: 'duplicate-key',
        message: expect.stringContaining('already on line 2'),
      }),
    ]);
    await t.app.snapshots.discard(feeder, s2.id);
  });

  it("finds removed records, shows them in a held snapshot's diff, and applies them on release", async () => {
    const fewer = [lines[0], ...lines.slice(1, 31), lines[33]].join('\n');
    const s = await send(t.app, `${fewer}\n`);
    expect(s).toMatchObject({ state: 'held', added: 0, changed: 0, removed: 9, unchanged: 31 });
    expect(await fastOf(s.id)).toBe(31);
    const diff = await t.app.snapshots.snapshotDiff(feeder, s.id, { change: 'removed', limit: 4 });
    expect(diff.items.map((d) => d.recordKey)).toEqual(['hr-E0031-1', 'hr-E0032-1', 'hr-E0034-1', 'hr-E0035-1']);
    expect(diff.items[0]).toMatchObject({
      change: 'removed',
      line: null,
      record: null,
      previous: expect.objectContaining({ recordKey: 'hr-E0031-1' }),
    });
    const all = await t.app.snapshots.snapshotDiff(feeder, s.id, {});
    expect(all.items).toHaveLength(9);
    const released = await t.app.snapshots.release(feeder, s.id);
    expect(released).toMatchObject({ state: 'applied', removed: 9, unchanged: 31 });
    expect(await t.db().selectFrom('source_records').select('record_key').execute()).toHaveLength(31);
    expect(await send(t.app, `${fewer}\n`)).toMatchObject({ state: 'applied', removed: 0, unchanged: 31 });
  });

  it('counts a record put on file meanwhile as removed by a held snapshot that lacks it, as before', async () => {
    const s = await send(t.app, `${[lines[0], ...lines.slice(1, 21)].join('\n')}\n`);
    expect(s).toMatchObject({ state: 'held', removed: 11, unchanged: 20 });
    const [extra] = employees(1, 90);
    await t.app.sourceRecords.putRecord(feeder, 'hr', extra.recordKey, extra);
    const diff = await t.app.snapshots.snapshotDiff(feeder, s.id, { change: 'removed', limit: 100 });
    expect(diff.items.map((d) => d.recordKey)).toContain(extra.recordKey);
    const released = await t.app.snapshots.release(feeder, s.id);
    expect(released).toMatchObject({ state: 'applied', removed: 12, unchanged: 20 });
  });
});
