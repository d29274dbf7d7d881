import type { OfficerFunction } from '../platform/db/schema.ts';
import type { UnitRef } from './org-schemas.ts';

/**
 * Officer inheritance: a unit's administrators (and, separately, its approvers) are its
 * own if it has any; otherwise those of the nearest ancestor that has any. Departments
 * without an administrator are thus still covered by their faculty's. Pure.
 */
export const officerFunctions: readonly OfficerFunction[] = ['administrator', 'approver'];

export interface OfficerLike {
  orgId: number;
  function: OfficerFunction;
}

/**
 * The effective officers of the last unit in `chain` (root first, the unit itself last),
 * each marked with the unit it was inherited from, or null when it is the unit's own.
 */
export function effectiveOfficers<T extends OfficerLike>(
  chain: readonly UnitRef[],
  officers: readonly T[],
): (T & { inheritedFrom: UnitRef | null })[] {
  const self = chain[chain.length - 1];
  const result: (T & { inheritedFrom: UnitRef | null })[] = [];
  for (const fn of officerFunctions) {
    for (let i = chain.length - 1; i >= 0; i--) {
      const unit = chain[i];
      const own = officers.filter((o) => o.orgId === unit.id && o.function === fn);
      if (own.length === 0) continue;
      const from = unit.id === self?.id ? null : { id: unit.id, code: unit.code, name: unit.name };
      for (const o of own) result.push({ ...o, inheritedFrom: from });
      break;
    }
  }
  return result;
}
