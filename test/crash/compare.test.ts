import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareSnapshots, SECTIONS, type Snapshot, snapshotOf } from '../../scripts/crash-compare.ts';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { makeTestApp, storageKind, type TestApp } from '../harness.ts';

/**
 * The crash campaign's comparison with an uninterrupted run (scripts/crash-compare.ts): two stores holding the same
 * data under other row ids and at other times compare equal, and a difference in the data is reported by section.
 */
const actor = systemActor('test');
const CSV = [
  'source_key,given_name,family_name,email',
  'k1,Ada,Lovelace,ada@uni.example',
  'k2,Alan,Turing,alan@uni.example',
];

describe(`the comparison of two runs' data (${storageKind})`, () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    [a, b] = await Promise.all([makeTestApp(), makeTestApp({ start: '2026-10-15T12:00:00Z' })]);
    // The second store's rows get other ids.
    await sql`alter table people alter column id restart with 1000`.execute(b.db());
    for (const t of [a, b])
      await t.app.people.importPeople(actor, Readable.from([`${CSV.join('\n')}\n`]), { source: 'hr' });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  const none = { smtp: [], events: [] };

  it('finds the same data equal, whatever the ids and times', async () => {
    const ids = await b.db().selectFrom('people').select('id').execute();
    expect(ids.every((r) => r.id >= 1000)).toBe(true);
    const checks = compareSnapshots(await snapshotOf(a.db(), none), await snapshotOf(b.db(), none), []);
    expect(checks.map((c) => c.name.split(': ')[1])).toEqual([...SECTIONS]);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.find((c) => c.name.endsWith('people'))?.detail).toMatch(/^2 lines, 0 only/);
  });

  it('reports a difference in the data by section, with the first line on each side', async () => {
    await b.db().updateTable('people').set({ family_name: 'Byron' }).where('given_name', '=', 'Ada').execute();
    const checks = compareSnapshots(await snapshotOf(a.db(), none), await snapshotOf(b.db(), none), []);
    const failed = checks.filter((c) => !c.ok);
    expect(failed.map((c) => c.name)).toEqual(["the data equal an uninterrupted run's: people"]);
    expect(failed[0]!.detail).toContain('1 only after the kills, 1 only in the uninterrupted run');
    expect(failed[0]!.detail).toContain('"family_name":"Lovelace"');
    expect(failed[0]!.detail).toContain('"family_name":"Byron"');
  });

  it('excuses only the mail set aside to check, and only its absence at the sink', () => {
    const base = Object.fromEntries(SECTIONS.map((s) => [s, [] as string[]])) as Snapshot;
    const killed = { ...base, 'mail received': ['m1'] };
    const reference = { ...base, 'mail received': ['m1', 'm2'] };
    expect(compareSnapshots(killed, reference, ['m2']).every((c) => c.ok)).toBe(true);
    const lost = compareSnapshots(killed, reference, []).find((c) => !c.ok);
    expect(lost?.detail).toContain('1 only in the uninterrupted run');
    // Twice at the killed run's side is a difference too (the lines are a multiset).
    const twice = compareSnapshots({ ...base, people: ['p', 'p'] }, { ...base, people: ['p'] }, []);
    expect(twice.find((c) => !c.ok)?.detail).toContain('1 only after the kills');
  });
});
