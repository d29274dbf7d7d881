import { describe, expect, it } from 'vitest';
import { effectOf, guardDecision, guardSettingsProblems, peopleOf, previewOf } from './mass-change-rules.ts';

const opened = (personId: number, status: string) => ({
  action: 'status.open',
  targetType: 'person_status',
  targetId: 1,
  after: { personId, status, start: '2026-01-01', end: null },
});

describe('guardDecision', () => {
  it('applies at or under the threshold and holds above it', () => {
    expect(guardDecision({ affected: 3, holdAbove: 3 })).toMatchObject({
      decision: 'apply',
      reason: 'within-threshold',
    });
    expect(guardDecision({ affected: 4, holdAbove: 3 })).toMatchObject({
      decision: 'hold',
      reason: 'over-threshold',
      message: 'affects 4 people, over the threshold of 3 people: held for an administrator',
    });
    expect(guardDecision({ affected: 0, holdAbove: 0 }).decision).toBe('apply');
    expect(guardDecision({ affected: 1, holdAbove: 0 }).decision).toBe('hold');
  });

  it('applies a released change over the threshold, saying so', () => {
    expect(guardDecision({ affected: 9, holdAbove: 3, released: true })).toMatchObject({
      decision: 'apply',
      reason: 'released',
    });
  });

  it('a dry run says what it would be and never applies', () => {
    expect(guardDecision({ affected: 9, holdAbove: 3, dryRun: true })).toMatchObject({
      decision: 'dry-run',
      wouldBe: 'hold',
    });
    expect(guardDecision({ affected: 1, holdAbove: 3, dryRun: true })).toMatchObject({
      decision: 'dry-run',
      wouldBe: 'apply',
    });
  });

  it('refuses counts that are not whole numbers', () => {
    expect(() => guardDecision({ affected: -1, holdAbove: 3 })).toThrow(RangeError);
    expect(() => guardDecision({ affected: 1, holdAbove: 1.5 })).toThrow(RangeError);
  });
});

describe('effectOf', () => {
  it('reads gains, losses and changes of statuses and the end of affiliations', () => {
    expect(effectOf(opened(7, 'Staff'))).toEqual({
      personId: 7,
      side: 'gains',
      effect: { kind: 'status', name: 'Staff', detail: 'from 2026-01-01' },
    });
    expect(
      effectOf({
        action: 'status.close',
        targetType: 'person_status',
        targetId: 2,
        before: { personId: 7, status: 'Staff', start: null, end: null },
        after: { personId: 7, status: 'Staff', start: null, end: '2026-03-01' },
      }),
    ).toMatchObject({ side: 'losses', effect: { name: 'Staff', detail: 'ends 2026-03-01' } });
    expect(
      effectOf({
        action: 'status.delete',
        targetType: 'person_status',
        targetId: 2,
        before: { personId: 8, status: 'Student', start: '2027-01-01', end: null },
      }),
    ).toMatchObject({ personId: 8, side: 'losses', effect: { detail: 'from 2027-01-01 removed' } });
    expect(
      effectOf({
        action: 'status.update',
        targetType: 'person_status',
        targetId: 2,
        before: { personId: 8, status: 'Student', start: '2027-01-01', end: null },
        after: { personId: 8, status: 'Student', start: '2026-01-01', end: '2026-06-30' },
      }),
    ).toMatchObject({ side: 'losses', effect: { detail: 'ends 2026-06-30' } });
    expect(
      effectOf({
        action: 'status.update',
        targetType: 'person_status',
        targetId: 2,
        before: { personId: 8, status: 'Student', start: '2027-01-01', end: '2027-06-30' },
        after: { personId: 8, status: 'Student', start: '2026-01-01', end: '2027-09-30' },
      }),
    ).toMatchObject({
      side: 'changes',
      effect: { detail: '2027-01-01 to 2027-06-30 becomes 2026-01-01 to 2027-09-30' },
    });
    expect(
      effectOf({
        action: 'affiliation.end',
        targetType: 'affiliation',
        targetId: 5,
        after: { personId: 9, orgCode: 'CHEM', kind: 'staff', validTo: '2026-09-30' },
      }),
    ).toEqual({
      personId: 9,
      side: 'losses',
      effect: { kind: 'affiliation', name: 'staff at CHEM', detail: 'ends 2026-09-30' },
    });
  });

  it('finds no person in entries about units or configuration', () => {
    expect(effectOf({ action: 'org.end', targetType: 'org', targetId: 3, after: { code: 'X' } })).toBeNull();
    expect(effectOf({ action: 'status.type.update', targetType: 'status_type', targetId: 3 })).toBeNull();
  });
});

describe('previewOf', () => {
  const entries = [
    opened(3, 'Staff'),
    { action: 'org.end', targetType: 'org', targetId: 4, after: { code: 'LAB' } },
    {
      action: 'affiliation.end',
      targetType: 'affiliation',
      targetId: 5,
      after: { personId: 2, orgCode: 'LAB', kind: 'staff', validTo: '2026-09-30' },
    },
    opened(2, 'Alumni'),
  ];
  const noted = [
    {
      personId: 4,
      side: 'changes' as const,
      effect: { kind: 'affiliation' as const, name: 'staff at LAB', detail: 'now under ART' },
    },
  ];

  it('groups the effects by person, in id order, with everyone counted', () => {
    const p = previewOf(entries, noted, new Map([[2, 'Ada Lovelace']]));
    expect(p.counts).toEqual({ people: 3, gains: 2, losses: 1, changes: 1, units: 1 });
    expect(p.people.map((x) => [x.id, x.name])).toEqual([
      [2, 'Ada Lovelace'],
      [3, 'person 3'],
      [4, 'person 4'],
    ]);
    expect(p.people[0]).toMatchObject({
      gains: [{ name: 'Alumni' }],
      losses: [{ kind: 'affiliation', name: 'staff at LAB' }],
      changes: [],
    });
    expect(p.truncated).toBe(false);
    expect(peopleOf(entries, noted)).toEqual([2, 3, 4]);
  });

  it('lists at most the limit but counts everyone', () => {
    const p = previewOf(entries, noted, new Map(), 2);
    expect(p.people.map((x) => x.id)).toEqual([2, 3]);
    expect(p.counts.people).toBe(3);
    expect(p.truncated).toBe(true);
  });

  it('is empty for a change that touches nobody', () => {
    expect(previewOf([], [], new Map()).counts).toEqual({ people: 0, gains: 0, losses: 0, changes: 0, units: 0 });
  });
});

describe('guardSettingsProblems', () => {
  it('names the field and rule', () => {
    expect(guardSettingsProblems({ holdAbove: 10 })).toEqual([]);
    expect(guardSettingsProblems({})).toEqual([{ field: '/holdAbove', rule: 'required', message: 'is required' }]);
    expect(guardSettingsProblems({ holdAbove: -1, x: 1 }).map((p) => `${p.field} ${p.rule}`)).toEqual([
      '/x unknown-field',
      '/holdAbove range',
    ]);
  });
});
