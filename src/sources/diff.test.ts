import { describe, expect, it } from 'vitest';
import { classify, diffSnapshots, valveDecision } from './diff.ts';

describe('classifying a record key', () => {
  it('compares the hash the source gave last time with the one it gives now', () => {
    expect(classify(null, 'h1')).toBe('added');
    expect(classify(undefined, 'h1')).toBe('added');
    expect(classify('h1', null)).toBe('removed');
    expect(classify('h1', 'h1')).toBe('unchanged');
    expect(classify('h1', 'h2')).toBe('changed');
    expect(classify(null, undefined)).toBeNull();
  });

  it('diffs two small snapshots into the four groups', () => {
    const previous = new Map([
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
      ['d', '4'],
    ]);
    const incoming = new Map([
      ['e', '5'],
      ['b', '2'],
      ['a', '9'],
      ['c', '3'],
    ]);
    expect(diffSnapshots({ previous, incoming })).toEqual({
      added: ['e'],
      changed: ['a'],
      removed: ['d'],
      unchanged: ['b', 'c'],
    });
    expect(diffSnapshots({ previous: new Map(), incoming: new Map() })).toEqual({
      added: [],
      changed: [],
      removed: [],
      unchanged: [],
    });
  });
});

describe('the safety valve', () => {
  it('holds a snapshot that changes more than the threshold, saying so in words', () => {
    const d = valveDecision({ previousCount: 10_000, added: 0, changed: 1200, removed: 34 });
    expect(d).toMatchObject({ decision: 'hold', reason: 'over-threshold', wouldBe: 'hold' });
    expect(d.rate).toBeCloseTo(0.1234);
    expect(d.message).toBe(
      "would change 1,234 of 10,000 records (12.3 %), over this source's 10 % threshold: held for an administrator",
    );
  });

  it('applies a snapshot within the threshold, and one exactly at it', () => {
    expect(valveDecision({ previousCount: 10_000, added: 10, changed: 90, removed: 0 })).toMatchObject({
      decision: 'apply',
      reason: 'within-threshold',
      message: "changes 100 of 10,010 records (1 %), within this source's 10 % threshold: applied",
    });
    expect(valveDecision({ previousCount: 30, added: 1, changed: 1, removed: 1 }).decision).toBe('apply');
    expect(valveDecision({ previousCount: 30, added: 1, changed: 1, removed: 2 }).decision).toBe('hold');
    expect(valveDecision({ previousCount: 10, added: 0, changed: 3, removed: 0, threshold: 0.7 - 0.4 }).decision).toBe(
      'apply',
    ); // 0.29999999999999993 < 3 / 10
  });

  it("uses the source's own threshold", () => {
    expect(valveDecision({ previousCount: 1000, added: 0, changed: 30, removed: 0, threshold: 0.025 })).toMatchObject({
      decision: 'hold',
      message: "would change 30 of 1,000 records (3 %), over this source's 2.5 % threshold: held for an administrator",
    });
    expect(valveDecision({ previousCount: 1000, added: 0, changed: 300, removed: 0, threshold: 1 }).decision).toBe(
      'apply',
    );
  });

  it('holds an empty snapshot that would remove everything (a truncated export)', () => {
    expect(valveDecision({ previousCount: 50_000, added: 0, changed: 0, removed: 50_000 })).toMatchObject({
      decision: 'hold',
      rate: 1,
    });
  });

  it("never holds a source's first snapshot", () => {
    expect(valveDecision({ previousCount: 0, added: 120_000, changed: 0, removed: 0 })).toMatchObject({
      decision: 'apply',
      reason: 'first-snapshot',
      rate: 1,
      message: "first snapshot of this source: adds 120,000 records: applied (a source's first snapshot is never held)",
    });
    expect(valveDecision({ previousCount: 0, added: 0, changed: 0, removed: 0 }).decision).toBe('apply');
  });

  it('applies an over-threshold snapshot when an administrator forces it', () => {
    expect(valveDecision({ previousCount: 100, added: 50, changed: 0, removed: 0, force: true })).toMatchObject({
      decision: 'apply',
      reason: 'forced',
      message:
        "changes 50 of 150 records (33.3 %), over this source's 10 % threshold: applied because an administrator forced it",
    });
  });

  it('holds a snapshot with any line in error, even forced or first, so it is never half applied', () => {
    for (const input of [
      { previousCount: 10_000, added: 1, changed: 0, removed: 0 },
      { previousCount: 0, added: 5, changed: 0, removed: 0 },
    ]) {
      const d = valveDecision({ ...input, errorLines: 3, force: true });
      expect(d).toMatchObject({ decision: 'hold', reason: 'row-errors' });
      expect(d.message).toMatch(
        /3 lines have errors: held for an administrator \(a snapshot applies wholly or not at all\)$/,
      );
    }
    expect(valveDecision({ previousCount: 10, added: 0, changed: 0, removed: 0, errorLines: 1 }).message).toBe(
      "would change 0 of 10 records (0 %), within this source's 10 % threshold; 1 line has errors: held for an administrator (a snapshot applies wholly or not at all)",
    );
  });

  it('only reports on a dry run, saying what a real run would do', () => {
    expect(valveDecision({ previousCount: 10_000, added: 0, changed: 1200, removed: 34, dryRun: true })).toMatchObject({
      decision: 'dry-run',
      wouldBe: 'hold',
      reason: 'over-threshold',
      message:
        "dry run, nothing applied: would change 1,234 of 10,000 records (12.3 %), over this source's 10 % threshold: a real run would be held",
    });
    expect(
      valveDecision({ previousCount: 10_000, added: 1, changed: 0, removed: 0, dryRun: true, force: true }),
    ).toMatchObject({
      decision: 'dry-run',
      wouldBe: 'apply',
      message:
        "dry run, nothing applied: would change 1 of 10,001 records (0 %), within this source's 10 % threshold: a real run would be applied",
    });
    expect(valveDecision({ previousCount: 1, added: 0, changed: 1, removed: 0, threshold: 1 }).message).toBe(
      "changes 1 of 1 record (100 %), within this source's 100 % threshold: applied",
    );
    expect(
      valveDecision({ previousCount: 1, added: 1, changed: 0, removed: 0, dryRun: true, errorLines: 2 }),
    ).toMatchObject({ decision: 'dry-run', wouldBe: 'hold', reason: 'row-errors' });
  });

  it('shows enough digits that a rate just over the threshold does not read as equal to it', () => {
    expect(valveDecision({ previousCount: 100_000, added: 0, changed: 10_001, removed: 0 }).message).toContain(
      '(10.001 %), over',
    );
  });

  it('counts the records before or after once each, so the share never exceeds 100 %', () => {
    const grew = valveDecision({ previousCount: 139, added: 1, changed: 139, removed: 0 });
    expect(grew).toMatchObject({ decision: 'hold', rate: 1 });
    expect(grew.message).toBe(
      "would change 140 of 140 records (100 %), over this source's 10 % threshold: held for an administrator",
    );
    expect(valveDecision({ previousCount: 139, added: 139, changed: 0, removed: 139 }).rate).toBe(1);
    expect(valveDecision({ previousCount: 100, added: 100, changed: 0, removed: 0 }).rate).toBe(0.5);
  });

  it('refuses nonsense counts and thresholds', () => {
    expect(() => valveDecision({ previousCount: -1, added: 0, changed: 0, removed: 0 })).toThrow(
      new RangeError('previousCount must be a whole number ≥ 0, not -1'),
    );
    expect(() => valveDecision({ previousCount: 1, added: 0.5, changed: 0, removed: 0 })).toThrow(
      new RangeError('added must be a whole number ≥ 0, not 0.5'),
    );
    expect(() => valveDecision({ previousCount: 1, added: 0, changed: 0, removed: 0, threshold: 0 })).toThrow(
      RangeError,
    );
    expect(() => valveDecision({ previousCount: 1, added: 0, changed: 0, removed: 0, threshold: 10 })).toThrow(
      new RangeError('threshold must be a fraction above 0 and at most 1, not 10'),
    );
  });
});
