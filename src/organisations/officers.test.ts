import { describe, expect, it } from 'vitest';
import { effectiveOfficers } from './officers.ts';

const uni = { id: 1, code: 'UNI', name: 'University' };
const fac = { id: 2, code: 'SCI', name: 'Science' };
const dept = { id: 3, code: 'CHEM', name: 'Chemistry' };

describe('officer inheritance', () => {
  const officers = [
    { id: 10, orgId: 1, function: 'administrator' as const, roleName: 'Registrar' },
    { id: 11, orgId: 1, function: 'approver' as const, roleName: 'IT desk' },
    { id: 12, orgId: 2, function: 'administrator' as const, roleName: 'Faculty administrator' },
    { id: 13, orgId: 2, function: 'administrator' as const, roleName: 'Dean' },
  ];

  it("gives a department without officers its nearest ancestor's, per function, saying where from", () => {
    const eff = effectiveOfficers([uni, fac, dept], officers);
    expect(eff.map((o) => [o.id, o.inheritedFrom?.code])).toEqual([
      [12, 'SCI'],
      [13, 'SCI'],
      [11, 'UNI'],
    ]);
  });

  it("uses a unit's own officers of a function instead of any ancestor's", () => {
    const own = [...officers, { id: 14, orgId: 3, function: 'approver' as const, roleName: 'Head of department' }];
    const eff = effectiveOfficers([uni, fac, dept], own);
    expect(eff.find((o) => o.function === 'approver')).toMatchObject({ id: 14, inheritedFrom: null });
    expect(eff.filter((o) => o.function === 'approver')).toHaveLength(1);
    expect(eff.filter((o) => o.function === 'administrator').map((o) => o.inheritedFrom?.code)).toEqual(['SCI', 'SCI']);
  });

  it("marks the root's own officers as own, and is empty when nobody up the chain has any", () => {
    expect(effectiveOfficers([uni], officers).every((o) => o.inheritedFrom === null)).toBe(true);
    expect(effectiveOfficers([uni, fac, dept], [])).toEqual([]);
  });
});
