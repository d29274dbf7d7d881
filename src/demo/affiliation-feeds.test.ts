import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvSnapshot, jsonSnapshotLine } from '../sources/snapshot-files.ts';
import { readSnapshot, type SnapshotItem } from '../sources/snapshot-rows.ts';
import { compileMatchers } from '../status/matching.ts';
import { appendixA } from '../status/appendix-a.ts';
import { FeedGenerator, sourceOf } from './affiliation-feeds.ts';

const options = {
  seed: 7,
  today: '2026-09-01',
  orgs: [
    ['CHEM', 3],
    ['COMP', 2],
    ['HIST', 1],
    ['HR', 1],
  ] as const,
};

async function readBack(text: string, format: 'csv' | 'jsonl'): Promise<SnapshotItem[]> {
  const items: SnapshotItem[] = [];
  for await (const item of readSnapshot(Readable.from([text]), format)) items.push(item);
  return items;
}

describe('generated feeds of HR, student records and housing', () => {
  it('are the same for the same seed, with unique record keys per source', () => {
    const a = new FeedGenerator(options).records(3000);
    const b = new FeedGenerator(options).records(3000);
    expect(a).toEqual(b);
    for (const records of Object.values(a)) expect(new Set(records.map((r) => r.recordKey)).size).toBe(records.length);
    expect(a.hr.length).toBeGreaterThan(500);
    expect(a.sis.length).toBeGreaterThan(1500);
    expect(a.housing.length).toBeGreaterThan(300);
  });

  it('read back through the snapshot reader as CSV and as JSON lines without an error', async () => {
    const { sis, hr } = new FeedGenerator(options).records(2000);
    for (const records of [sis, hr]) {
      const fromCsv = await readBack(csvSnapshot(records), 'csv');
      expect(fromCsv.filter((i) => 'errors' in i)).toEqual([]);
      expect(fromCsv.map((i) => ('record' in i ? i.record.recordKey : ''))).toEqual(records.map((r) => r.recordKey));
      const fromJson = await readBack(records.map(jsonSnapshotLine).join(''), 'jsonl');
      expect(fromJson.filter((i) => 'errors' in i)).toEqual([]);
      expect(fromJson.length).toBe(records.length);
    }
  });

  it("give everyone a status from the demo's Appendix A types, except off-campus students the appendix leaves out", () => {
    const match = compileMatchers(appendixA.map((t, i) => ({ ...t, id: i + 1 })));
    const { hr, sis, housing } = new FeedGenerator(options).records(3000);
    const fact = (r: (typeof hr)[number], i: number) => ({
      id: i,
      personId: i,
      source: sourceOf(r),
      kind: r.kind,
      orgId: 1,
      orgPath: '/1/',
      orgCode: r.orgCode,
      title: r.title ?? null,
      codes: r.codes,
      validFrom: r.validFrom ?? null,
      validTo: r.validTo ?? null,
      attributes: r.attributes,
    });
    const all = [...hr, ...sis, ...housing];
    const unmatched = all.filter((r, i) => match(fact(r, i)).length === 0);
    expect(unmatched.length / all.length).toBeLessThan(0.1);
    // Appendix A has statuses for Hartford and distance graduates only, and Hartford's only when registered this term.
    for (const r of unmatched) {
      expect(r.kind).toBe('student');
      expect(r.codes[0][0] === 'D' || r.codes[0][0] === 'H').toBe(true);
      expect(r.attributes.level === 'UG' || r.attributes.registered_this_term === 'N').toBe(true);
    }
  });

  it('evolve the next snapshot with about the share of records changed, gone or new', () => {
    const generator = new FeedGenerator(options);
    const { sis } = generator.records(20_000);
    const next = generator.evolve(sis, 0.01);
    const before = new Map(sis.map((r) => [r.recordKey, JSON.stringify(r)]));
    const after = new Map(next.map((r) => [r.recordKey, JSON.stringify(r)]));
    const added = [...after.keys()].filter((k) => !before.has(k)).length;
    const removed = [...before.keys()].filter((k) => !after.has(k)).length;
    const changed = [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k)).length;
    expect(added).toBe(removed);
    expect((added + removed + changed) / sis.length).toBeGreaterThan(0.007);
    expect((added + removed + changed) / sis.length).toBeLessThan(0.02);
    expect(next.every((r) => sourceOf(r) === 'sis')).toBe(true);
  });
});
