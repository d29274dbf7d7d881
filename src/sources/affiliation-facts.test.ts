import { describe, expect, it } from 'vitest';
import { factsOf, sameFacts } from './affiliation-facts.ts';
import type { AffiliationRecord } from './snapshot-rows.ts';

const record: AffiliationRecord = {
  recordKey: 'E1-1',
  personKey: 'E1',
  kind: 'employee',
  orgCode: 'ENG',
  title: 'Engineer',
  codes: ['AE12', 'X'],
  validFrom: '2024-01-01',
  attributes: { campus: 'T', grade: '7' },
};

describe('whether a record changes an affiliation', () => {
  it('reads the facts of a record, leaving what it omits empty', () => {
    expect(factsOf({ ...record, title: undefined, validFrom: undefined }, 4)).toEqual({
      org_id: 4,
      kind: 'employee',
      title: null,
      codes: ['AE12', 'X'],
      valid_from: null,
      valid_to: null,
      attributes: { campus: 'T', grade: '7' },
    });
  });

  it('ignores the order of attributes but not the order of codes', () => {
    const facts = factsOf(record, 4);
    expect(sameFacts(facts, factsOf({ ...record, attributes: { grade: '7', campus: 'T' } }, 4))).toBe(true);
    expect(sameFacts(facts, factsOf({ ...record, codes: ['X', 'AE12'] }, 4))).toBe(false);
  });

  it('sees a change of unit, title, dates or an attribute value', () => {
    const facts = factsOf(record, 4);
    expect(sameFacts(facts, factsOf(record, 5))).toBe(false);
    expect(sameFacts(facts, factsOf({ ...record, title: 'Lead' }, 4))).toBe(false);
    expect(sameFacts(facts, factsOf({ ...record, validTo: '2026-06-30' }, 4))).toBe(false);
    expect(sameFacts(facts, factsOf({ ...record, attributes: { campus: 'H', grade: '7' } }, 4))).toBe(false);
  });
});
