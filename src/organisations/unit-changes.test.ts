import { describe, expect, it } from 'vitest';
import { classifyChanges, sameJson, type UnitFacts } from './unit-changes.ts';

const base: UnitFacts = {
  kind: 'department',
  name: 'Chemistry',
  abbreviation: 'CHEM',
  altNames: [],
  parentId: 2,
  validFrom: null,
  validTo: null,
  custom: { phone: '1', cost_centre: 'C1' },
};

describe('classifying a unit change for the audit trail', () => {
  it('is a rename when the name changes, carrying the naming fields that changed', () => {
    const out = classifyChanges(base, { ...base, name: 'Chemical Sciences', abbreviation: 'CS' });
    expect(out).toEqual([
      {
        action: 'org.rename',
        before: { name: 'Chemistry', abbreviation: 'CHEM' },
        after: { name: 'Chemical Sciences', abbreviation: 'CS' },
      },
    ]);
  });

  it('is an update when only other fields change, even the abbreviation', () => {
    expect(classifyChanges(base, { ...base, abbreviation: 'CH', custom: { phone: '2', cost_centre: 'C1' } })).toEqual([
      {
        action: 'org.update',
        before: { abbreviation: 'CHEM', custom: base.custom },
        after: { abbreviation: 'CH', custom: { phone: '2', cost_centre: 'C1' } },
      },
    ]);
  });

  it('splits one edit into rename, move, end and update', () => {
    const out = classifyChanges(base, {
      ...base,
      name: 'X',
      parentId: 5,
      validTo: '2027-01-01',
      validFrom: '2020-01-01',
    });
    expect(out.map((c) => c.action)).toEqual(['org.rename', 'org.move', 'org.end', 'org.update']);
  });

  it('sees no change when only the key order of custom values differs', () => {
    expect(classifyChanges(base, { ...base, custom: { cost_centre: 'C1', phone: '1' } })).toEqual([]);
    expect(sameJson({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
  });
});
