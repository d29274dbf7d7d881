import { describe, expect, it } from 'vitest';
import { Random } from '../demo/random.ts';
import { overlaps } from './dates.ts';
import { deriveIntervals, type StatusInterval } from './derive.ts';
import { fact, statusType } from './fixtures.ts';
import { applyHistoryDiff, diffHistory, intervalContent, sameInterval, type StoredInterval } from './history-diff.ts';
import { addDays } from '../platform/dates.ts';

const because = (affiliationId: number) => ({ affiliationId, source: 'hr', kind: 'employee', orgCode: 'PHYS' });
const interval = (
  statusTypeId: number,
  start: string | null,
  end: string | null,
  affiliationIds = [1],
): StatusInterval => ({ statusTypeId, start, end, bridgedTo: null, because: affiliationIds.map(because) });
const row = (id: number, i: StatusInterval): StoredInterval => ({ id, ...i });
const kinds = (ops: { op: string }[]) => ops.map((o) => o.op);
const TODAY = '2026-05-15';

describe('diffing stored status history with derived intervals', () => {
  it('opens every interval for someone with no history yet', () => {
    const derived = [interval(1, '2026-01-01', null), interval(2, '2026-09-01', null)];
    const diff = diffHistory([], derived, TODAY);
    expect(diff.ops).toEqual(derived.map((d) => ({ op: 'open', after: d })));
    expect(diff.unchanged).toEqual([]);
  });

  it('writes nothing when the history already says what the facts say', () => {
    const stored = [row(7, interval(1, '2026-01-01', null, [3, 2])), row(8, interval(2, null, '2025-12-31'))];
    const diff = diffHistory(stored, [interval(2, null, '2025-12-31'), interval(1, '2026-01-01', null, [2, 3])], TODAY);
    expect(diff).toEqual({ ops: [], unchanged: [7, 8] });
  });

  it("moves the end of a row when the job's end date is given or changed", () => {
    const before = row(7, interval(1, '2026-01-01', null));
    const diff = diffHistory([before], [interval(1, '2026-01-01', '2026-06-30')], TODAY);
    expect(diff.ops).toEqual([{ op: 'update', id: 7, before, after: interval(1, '2026-01-01', '2026-06-30') }]);
  });

  it('records a bridge on the existing row', () => {
    const bridged = {
      ...interval(1, '2025-01-01', '2026-07-04'),
      bridgedTo: { statusTypeId: 2, start: '2026-07-05', originalEnd: '2026-06-30' },
    };
    const diff = diffHistory(
      [row(7, interval(1, '2025-01-01', '2026-06-30'))],
      [bridged, interval(2, '2026-07-05', null, [9])],
      TODAY,
    );
    expect(kinds(diff.ops)).toEqual(['update', 'open']);
    expect(diff.ops[0]).toMatchObject({
      id: 7,
      after: { end: '2026-07-04', bridgedTo: { statusTypeId: 2, start: '2026-07-05', originalEnd: '2026-06-30' } },
    });
  });

  it('closes yesterday a status no affiliation supports any more, and drops its bridge', () => {
    const before = row(7, {
      ...interval(1, '2024-01-01', '2026-08-31'),
      bridgedTo: { statusTypeId: 2, start: '2026-09-01', originalEnd: '2026-08-28' },
    });
    const diff = diffHistory([before], [], TODAY);
    expect(diff.ops).toEqual([
      { op: 'close', id: 7, before, after: { ...interval(1, '2024-01-01', '2026-05-14'), bridgedTo: null } },
    ]);
  });

  it('keeps a status that already ended as history, so "what was their status before it ended" still has an answer', () => {
    const diff = diffHistory([row(7, interval(1, '2020-01-01', '2023-06-30'))], [], TODAY);
    expect(diff).toEqual({ ops: [], unchanged: [7] });
  });

  it('deletes a status that never started (it starts today or later and the facts no longer give it)', () => {
    const later = row(7, interval(1, '2026-09-01', null));
    const startingToday = row(8, interval(2, TODAY, null));
    const diff = diffHistory([later, startingToday], [], TODAY);
    expect(diff.ops).toEqual([
      { op: 'delete', id: 8, before: startingToday, reason: 'not-started' },
      { op: 'delete', id: 7, before: later, reason: 'not-started' },
    ]);
  });

  it('updates the earlier row and deletes the later one when corrected facts join two spells', () => {
    const first = row(7, interval(1, '2020-01-01', '2021-12-31'));
    const second = row(8, interval(1, '2022-03-01', null, [2]));
    const diff = diffHistory([second, first], [interval(1, '2020-01-01', null, [1, 2])], TODAY);
    expect(diff.ops).toEqual([
      { op: 'update', id: 7, before: first, after: interval(1, '2020-01-01', null, [1, 2]) },
      { op: 'delete', id: 8, before: second, reason: 'superseded' },
    ]);
  });

  it('reuses a row whose future start moved, instead of deleting it and opening another', () => {
    const planned = row(7, interval(1, '2026-09-01', '2026-09-30'));
    const diff = diffHistory([planned], [interval(1, '2026-10-05', '2026-12-31')], TODAY);
    expect(diff.ops).toEqual([
      { op: 'update', id: 7, before: planned, after: interval(1, '2026-10-05', '2026-12-31') },
    ]);
  });

  it('never reuses a row that is history for another interval', () => {
    const past = row(7, interval(1, '2020-01-01', '2020-12-31'));
    const diff = diffHistory([past], [interval(1, '2026-10-05', null)], TODAY);
    expect(diff).toEqual({ ops: [{ op: 'open', after: interval(1, '2026-10-05', null) }], unchanged: [7] });
  });

  it('compares because lists without regard to order', () => {
    expect(sameInterval(interval(1, null, null, [1, 2]), interval(1, null, null, [2, 1]))).toBe(true);
    expect(sameInterval(interval(1, null, null, [1, 2]), interval(1, null, null, [1]))).toBe(false);
    expect(intervalContent({ ...interval(1, null, null), rank: 7, category: 'x' } as StatusInterval)).toEqual(
      interval(1, null, null),
    );
  });
});

describe('diffing status history: what makes a row change, and which row is kept (issue 18)', () => {
  const bridge = { statusTypeId: 2, start: '2026-07-05', originalEnd: '2026-06-30' };

  it('rewrites a row whose bridge or reasons changed, though its type and dates did not', () => {
    const plain = interval(1, '2026-01-01', '2026-07-04');
    expect(sameInterval(plain, { ...plain, bridgedTo: bridge })).toBe(false);
    expect(
      sameInterval({ ...plain, bridgedTo: bridge }, { ...plain, bridgedTo: { ...bridge, start: '2026-07-06' } }),
    ).toBe(false);
    expect(sameInterval(interval(1, null, null, [1]), interval(1, null, null, [2]))).toBe(false);
    expect(sameInterval(plain, { ...plain, because: [{ ...because(1), source: 'students' }] })).toBe(false);
    const stored = row(7, plain);
    expect(diffHistory([stored], [{ ...plain, bridgedTo: bridge }], TODAY).ops).toEqual([
      { op: 'update', id: 7, before: stored, after: { ...plain, bridgedTo: bridge } },
    ]);
  });

  it('never turns a row into another status: the old one is closed, the new one opened', () => {
    const staff = row(7, interval(1, '2026-01-01', null));
    const diff = diffHistory([staff], [interval(2, '2026-01-01', null)], TODAY);
    expect(diff.ops).toEqual([
      { op: 'open', after: interval(2, '2026-01-01', null) },
      { op: 'close', id: 7, before: staff, after: interval(1, '2026-01-01', '2026-05-14') },
    ]);
    // A row of another status that never started is deleted, not reused.
    const future = row(8, interval(2, '2026-06-01', null));
    expect(kinds(diffHistory([future], [interval(1, '2026-07-01', null)], TODAY).ops)).toEqual(['open', 'delete']);
  });

  it('keeps the row that shares days with the new interval, and deletes the one that never started', () => {
    const neverStarted = row(1, interval(1, '2026-05-20', '2026-05-25'));
    const sharing = row(2, interval(1, '2026-07-01', null));
    const diff = diffHistory([neverStarted, sharing], [interval(1, '2026-06-01', '2026-08-31')], TODAY);
    expect(diff.ops).toEqual([
      { op: 'update', id: 2, before: sharing, after: interval(1, '2026-06-01', '2026-08-31') },
      { op: 'delete', id: 1, before: neverStarted, reason: 'not-started' },
    ]);
  });

  it('reuses a superseded row for another interval of its status (one update, not a delete and an insert)', () => {
    const first = row(1, interval(1, '2026-01-01', '2026-01-31'));
    const second = row(2, interval(1, '2026-02-01', '2026-04-30'));
    const diff = diffHistory(
      [first, second],
      [interval(1, '2026-01-01', '2026-03-31'), interval(1, '2026-06-01', null)],
      TODAY,
    );
    expect(diff.ops).toEqual([
      { op: 'update', id: 1, before: first, after: interval(1, '2026-01-01', '2026-03-31') },
      { op: 'update', id: 2, before: second, after: interval(1, '2026-06-01', null) },
    ]);
  });

  it('gives the rows after a diff in the order of their start, as the history shows them', () => {
    const later = row(5, interval(1, '2026-03-01', null));
    const earlier = row(3, interval(2, '2026-01-01', '2026-02-28'));
    expect(applyHistoryDiff([later, earlier], { ops: [], unchanged: [3, 5] }, () => 9).map((r) => r.id)).toEqual([
      3, 5,
    ]);
  });
});

describe('history kept by repeated refreshes (randomised, seeded)', () => {
  const types = [
    statusType(1, { rank: 750, match: { sources: ['hr'], codes: ['AE%'] } }),
    statusType(2, { rank: 750, match: { sources: ['hr'], codes: ['AF%'] } }),
    statusType(3, { rank: 640, category: 'student', match: { sources: ['sis'] } }),
    statusType(4, { rank: 150, category: 'resident', match: { sources: ['housing'] } }),
  ];

  function randomFacts(rnd: Random) {
    const day = () => addDays('2026-01-01', rnd.int(0, 364));
    return Array.from({ length: rnd.int(0, 5) }, (_, n) => {
      const [from, to] = [day(), day()].sort();
      const source = rnd.pick(['hr', 'hr', 'sis', 'housing']);
      return fact({
        id: n + 1,
        source,
        codes: source === 'hr' ? [rnd.pick(['AE1', 'AF1'])] : [],
        validFrom: rnd.chance(0.15) ? null : from,
        validTo: rnd.chance(0.25) ? null : to,
      });
    });
  }

  it('converges: the second refresh writes nothing, the rows are the derived intervals plus past history, and no status overlaps itself', () => {
    const rnd = new Random(4242);
    let checked = 0;
    for (let person = 0; person < 150; person++) {
      let id = 0;
      let stored: StoredInterval[] = [];
      let today = addDays('2025-12-01', rnd.int(0, 30));
      for (let refresh = 0; refresh < 8; refresh++) {
        today = addDays(today, rnd.int(0, 60));
        const derived = deriveIntervals(randomFacts(rnd), types, { lookAheadDays: rnd.int(0, 20) });
        const diff = diffHistory(stored, derived, today);
        stored = applyHistoryDiff(stored, diff, () => ++id);

        expect(diffHistory(stored, derived, today)).toEqual({
          ops: [],
          unchanged: stored.map((r) => r.id).sort((a, b) => a - b),
        });
        for (const d of derived) expect(stored.filter((r) => sameInterval(r, d))).toHaveLength(1);
        for (const r of stored) {
          if (!derived.some((d) => sameInterval(r, d))) expect(r.end !== null && r.end < today).toBe(true);
          for (const other of stored)
            if (other !== r && other.statusTypeId === r.statusTypeId) expect(overlaps(r, other)).toBe(false);
        }
        checked += diff.ops.length;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('gives the same writes whatever order the stored rows were read in (one refresh = full recompute)', () => {
    const rnd = new Random(99);
    for (let person = 0; person < 150; person++) {
      let id = 0;
      let stored: StoredInterval[] = [];
      let today = '2026-01-01';
      for (let refresh = 0; refresh < 5; refresh++) {
        today = addDays(today, rnd.int(0, 90));
        const derived = deriveIntervals(randomFacts(rnd), types);
        const diff = diffHistory(stored, derived, today);
        const shuffled = [...stored].sort(() => rnd.next() - 0.5);
        expect(diffHistory(shuffled, [...derived].reverse(), today)).toEqual(diff);
        stored = applyHistoryDiff(stored, diff, () => ++id);
      }
    }
  });
});
