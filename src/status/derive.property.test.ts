import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../platform/dates.ts';
import { deriveIntervals, lastBefore, type RankedInterval, statusesOn } from './derive.ts';
import { fact, statusType } from './fixtures.ts';
import type { AffiliationFact } from './matching.ts';

/**
 * Status derivation against a day-by-day evaluator written here: on each day of a short stretch, a
 * status holds exactly when an affiliation it matches covers that day. Two employee statuses share a
 * category (so look-ahead may bridge between them); students have their own.
 */
const EXEMPT = 1;
const FACULTY = 2;
const STUDENT = 3;
const types = [
  statusType(EXEMPT, { rank: 750, match: { sources: ['hr'], codes: ['AE%'] } }),
  statusType(FACULTY, { rank: 740, match: { sources: ['hr'], codes: ['AF%'] } }),
  statusType(STUDENT, { rank: 640, category: 'student', match: { sources: ['sis'] } }),
];
const BASE = '2026-01-01';
const SPAN = 40;
const DAYS = Array.from({ length: SPAN + 6 }, (_, i) => addDays(BASE, i - 3));
const CATEGORY: Record<number, string> = { [EXEMPT]: 'employee', [FACULTY]: 'employee', [STUDENT]: 'student' };

const which = fc.constantFrom(
  { source: 'hr', codes: ['AE1'], type: EXEMPT },
  { source: 'hr', codes: ['AF1'], type: FACULTY },
  { source: 'sis', codes: [], type: STUDENT },
);
const end = fc.option(fc.integer({ min: 0, max: SPAN }), { nil: null, freq: 5 });
const history = fc.array(
  fc.record({ which, from: end, length: fc.integer({ min: -1, max: 12 }), openEnd: fc.boolean() }),
  { maxLength: 6 },
);

type History = typeof history extends fc.Arbitrary<infer T> ? T : never;

interface Made {
  facts: AffiliationFact[];
  typeOf: Map<number, number>;
}

function make(h: History): Made {
  const typeOf = new Map<number, number>();
  const facts = h.map((a, i) => {
    const validFrom = a.from === null ? null : addDays(BASE, a.from);
    // A length of 0 is a one-day affiliation; -1 ends the day before it starts (it never held).
    const validTo = a.openEnd ? null : addDays(validFrom ?? BASE, a.length);
    typeOf.set(i + 1, a.which.type);
    return fact({ id: i + 1, source: a.which.source, codes: [...a.which.codes], validFrom, validTo });
  });
  return { facts, typeOf };
}

/** The statuses whose affiliations cover the day, looked at one affiliation at a time. */
function heldOn(facts: AffiliationFact[], typeOf: Map<number, number>, day: string): number[] {
  const held = new Set<number>();
  for (const f of facts) {
    const started = f.validFrom === null || f.validFrom <= day;
    const notEnded = f.validTo === null || f.validTo >= day;
    const valid = f.validFrom === null || f.validTo === null || f.validFrom <= f.validTo;
    if (started && notEnded && valid) held.add(typeOf.get(f.id)!);
  }
  return [...held].sort();
}

describe('status derivation, for any affiliation history', () => {
  it('without look-ahead, holds a status on exactly the days one of its affiliations covers', () => {
    fc.assert(
      fc.property(history, (h) => {
        const { facts, typeOf } = make(h);
        const intervals = deriveIntervals(facts, types, { lookAheadDays: 0 });
        for (const day of DAYS)
          expect(
            statusesOn(intervals, day)
              .held.map((i) => i.statusTypeId)
              .sort(),
            day,
          ).toEqual(heldOn(facts, typeOf, day));
      }),
      { numRuns: 200 },
    );
  });

  it('gives each status disjoint, non-touching intervals that name exactly the affiliations overlapping them', () => {
    fc.assert(
      fc.property(history, (h) => {
        const { facts, typeOf } = make(h);
        const intervals = deriveIntervals(facts, types, { lookAheadDays: 0 });
        for (const type of [EXEMPT, FACULTY, STUDENT]) {
          const mine = intervals.filter((i) => i.statusTypeId === type);
          for (let k = 1; k < mine.length; k += 1)
            expect(mine[k - 1].end !== null && addDays(mine[k - 1].end!, 1) < mine[k].start!).toBe(true);
          for (const i of mine) {
            const overlapping = facts.filter(
              (f) =>
                typeOf.get(f.id) === type &&
                (f.validFrom === null || f.validTo === null || f.validFrom <= f.validTo) &&
                (i.end === null || f.validFrom === null || f.validFrom <= i.end) &&
                (i.start === null || f.validTo === null || f.validTo >= i.start),
            );
            expect(i.because.map((b) => b.affiliationId)).toEqual(overlapping.map((f) => f.id));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('with look-ahead, only ever adds days, each within the allowed gap after a status ended in the same category', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 14 }), (h, lookAheadDays) => {
        const { facts, typeOf } = make(h);
        const intervals = deriveIntervals(facts, types, { lookAheadDays });
        for (const day of DAYS) {
          const held = statusesOn(intervals, day).held.map((i) => i.statusTypeId);
          const plain = heldOn(facts, typeOf, day);
          for (const type of plain) expect(held).toContain(type);
          for (const type of held.filter((x) => !plain.includes(x))) {
            const bridged = intervals.find(
              (i) => i.statusTypeId === type && i.bridgedTo && (i.start === null || i.start <= day) && day <= i.end!,
            );
            expect(bridged, `${type} on ${day}`).toBeDefined();
            expect(day > bridged!.bridgedTo!.originalEnd).toBe(true);
            expect(day < bridged!.bridgedTo!.start).toBe(true);
            expect(addDays(bridged!.bridgedTo!.originalEnd, lookAheadDays) >= day).toBe(true);
            expect(CATEGORY[bridged!.bridgedTo!.statusTypeId]).toBe(CATEGORY[type]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('with look-ahead, fills every gap of at most N days before the next status of the category', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 14 }), (h, lookAheadDays) => {
        const { facts } = make(h);
        const plain = deriveIntervals(facts, types, { lookAheadDays: 0 });
        const bridgedIntervals = deriveIntervals(facts, types, { lookAheadDays });
        for (const i of plain) {
          if (i.end === null) continue;
          const e = i.end;
          const sameCategory = plain.filter((j) => CATEGORY[j.statusTypeId] === CATEGORY[i.statusTypeId]);
          const carriedOn = sameCategory.some(
            (j) => j !== i && (j.start === null || j.start <= e) && (j.end === null || j.end >= addDays(e, 1)),
          );
          const starts = sameCategory.map((j) => j.start).filter((x): x is string => x !== null && x > e);
          if (carriedOn || starts.length === 0) continue;
          const next = starts.sort()[0];
          const gap: string[] = [];
          for (let d = addDays(e, 1); d < next; d = addDays(d, 1)) gap.push(d);
          if (gap.length > lookAheadDays) continue;
          for (const d of gap)
            expect(
              statusesOn(bridgedIntervals, d).held.map((x) => x.statusTypeId),
              `${i.statusTypeId} bridged over ${d}`,
            ).toContain(i.statusTypeId);
        }
      }),
      { numRuns: 200 },
    );
  });
});

/** Random intervals with ranks, some sharing a start or an end day, for "now", "pending" and "before it ended". */
const ranked: fc.Arbitrary<RankedInterval[]> = fc.array(
  fc
    .record({
      statusTypeId: fc.integer({ min: 1, max: 4 }),
      rank: fc.constantFrom(100, 500, 750),
      start: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
      length: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
    })
    .map(({ statusTypeId, rank, start, length }) => ({
      statusTypeId,
      rank,
      start: start === null ? null : addDays(BASE, start),
      end: length === null ? null : addDays(BASE, (start ?? 0) + length),
    })),
  { maxLength: 6 },
);
const better = (a: RankedInterval, b: RankedInterval) =>
  a.rank > b.rank || (a.rank === b.rank && a.statusTypeId < b.statusTypeId);
const dayOf = fc.integer({ min: -1, max: 16 }).map((n) => addDays(BASE, n));

describe('statuses on a day, for any intervals', () => {
  it('holds those covering the day, primary first; pends those starting later, earliest first', () => {
    fc.assert(
      fc.property(ranked, dayOf, (intervals, day) => {
        const on = statusesOn(intervals, day);
        const covering = intervals.filter(
          (i) => (i.start === null || i.start <= day) && (i.end === null || i.end >= day),
        );
        expect(new Set(on.held)).toEqual(new Set(covering));
        for (let k = 1; k < on.held.length; k += 1) expect(better(on.held[k], on.held[k - 1])).toBe(false);
        expect(on.primary).toBe(on.held[0] ?? null);
        const later = intervals.filter((i) => i.start !== null && i.start > day);
        expect(new Set(on.pending)).toEqual(new Set(later));
        for (let k = 1; k < on.pending.length; k += 1) {
          const [a, b] = [on.pending[k - 1], on.pending[k]];
          expect(a.start! < b.start! || (a.start === b.start && !better(b, a))).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('before it ended: the latest end before the day, and of those ending that day the primary', () => {
    fc.assert(
      fc.property(ranked, dayOf, (intervals, day) => {
        const ended = intervals.filter((i) => i.end !== null && i.end < day);
        const last = lastBefore(intervals, day);
        if (ended.length === 0) {
          expect(last).toBeNull();
          return;
        }
        const latest = ended
          .map((i) => i.end!)
          .sort()
          .at(-1);
        const candidates = ended.filter((i) => i.end === latest);
        expect(candidates).toContain(last);
        for (const c of candidates) expect(better(c, last!)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
