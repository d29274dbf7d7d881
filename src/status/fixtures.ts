import type { AffiliationFact } from './matching.ts';
import type { StatusType, StatusTypeDefinition } from './status-types.ts';

/**
 * Builders for the status tests: an affiliation or a status type with sensible defaults, so
 * each test states only what it is about. Used by tests only.
 */

let nextFactId = 1000;

/** An affiliation fact (HR employee at org unit /1/4/ unless told otherwise). */
export function fact(overrides: Partial<AffiliationFact> = {}): AffiliationFact {
  return {
    id: nextFactId++,
    personId: 1,
    source: 'hr',
    kind: 'employee',
    orgId: 4,
    orgPath: '/1/4/',
    orgCode: 'PHYS',
    title: null,
    codes: [],
    validFrom: null,
    validTo: null,
    attributes: {},
    ...overrides,
  };
}

/** A status type with an id (category 'employee', directory 'Y' unless told otherwise). */
export function statusType(id: number, overrides: Partial<StatusTypeDefinition> = {}): StatusType {
  return {
    id,
    name: `Status ${id}`,
    rank: 100,
    category: 'employee',
    cardLabel: null,
    directory: 'Y',
    description: '',
    match: { sources: ['hr'] },
    ...overrides,
  };
}

/** Definitions numbered 1, 2, 3 … in order: how the store would give them ids. */
export function withIds(definitions: readonly StatusTypeDefinition[]): StatusType[] {
  return definitions.map((d, i) => ({ ...d, id: i + 1 }));
}
