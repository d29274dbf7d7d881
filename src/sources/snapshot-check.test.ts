import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { checkedSnapshot, snapshotChecker, unknownOrgCodeErrors } from './snapshot-check.ts';
import { type AffiliationRecord, type SnapshotItem, readSnapshot } from './snapshot-rows.ts';

const rec = (recordKey: string, orgCode = 'CHEM', kind = 'staff'): AffiliationRecord => ({
  recordKey,
  personKey: `P-${recordKey}`,
  kind,
  orgCode,
  codes: [],
  attributes: {},
});

describe('whole-snapshot checks', () => {
  it('reports every later line of a repeated record key, naming the first line', () => {
    const checker = snapshotChecker({ format: 'csv' });
    expect(checker.check(2, rec('A'))).toEqual([]);
    expect(checker.check(3, rec('B'))).toEqual([]);
    expect(checker.check(7, rec('A'))).toEqual([
      { line: 7, field: 'record_key', rule: 'duplicate-key', message: 'record key A is already on line 2' },
    ]);
    expect(checker.check(9, rec('A'))).toEqual([
      { line: 9, field: 'record_key', rule: 'duplicate-key', message: 'record key A is already on line 2' },
    ]);
    expect(checker.check(10, rec('a'))).toEqual([]);
  });

  it('names fields as the snapshot format does', () => {
    const checker = snapshotChecker({ format: 'jsonl', kinds: ['student'] });
    checker.check(1, rec('A', 'X', 'student'));
    expect(checker.check(2, rec('A', 'X', 'staff')).map((e) => `${e.field} ${e.rule}`)).toEqual([
      'recordKey duplicate-key',
      'kind kind-not-allowed',
    ]);
  });

  it('refuses kinds the source does not deliver, and allows any when it lists none', () => {
    const strict = snapshotChecker({ format: 'csv', kinds: ['staff', 'faculty'] });
    expect(strict.check(2, rec('A', 'X', 'faculty'))).toEqual([]);
    expect(strict.check(3, rec('B', 'X', 'student'))).toEqual([
      {
        line: 3,
        field: 'kind',
        rule: 'kind-not-allowed',
        message: '"student" is not a kind this source delivers (staff, faculty)',
      },
    ]);
    expect(snapshotChecker({ format: 'csv', kinds: [] }).check(2, rec('A', 'X', 'anything'))).toEqual([]);
  });

  it('collects the distinct org codes with their first line and use count, for the caller to look up', () => {
    const checker = snapshotChecker({ format: 'csv' });
    [rec('1', 'CHEM'), rec('2', 'MATH'), rec('3', 'CHEM'), rec('4', 'CHEM')].forEach((r, i) => checker.check(i + 2, r));
    expect(checker.orgCodes()).toEqual([
      { code: 'CHEM', firstLine: 2, lines: 3 },
      { code: 'MATH', firstLine: 3, lines: 1 },
    ]);
  });

  it('reports each unknown org code on the first line using it', () => {
    const uses = [
      { code: 'CHEM', firstLine: 2, lines: 1 },
      { code: 'GONE', firstLine: 4, lines: 1234 },
      { code: 'TYPO', firstLine: 9, lines: 1 },
    ];
    expect(unknownOrgCodeErrors(uses, new Set(['CHEM']), 'csv')).toEqual([
      {
        line: 4,
        field: 'org_code',
        rule: 'unknown-org',
        message: 'no organisation has code GONE (used on 1,234 lines, this the first)',
      },
      {
        line: 9,
        field: 'org_code',
        rule: 'unknown-org',
        message: 'no organisation has code TYPO (used on this line only)',
      },
    ]);
    expect(unknownOrgCodeErrors(uses, new Set(['CHEM', 'GONE', 'TYPO']), 'jsonl')).toEqual([]);
  });

  it('turns records failing the snapshot checks into line errors as the snapshot streams', async () => {
    const csv = 'record_key,person_key,kind,org_code\nA,P1,staff,CHEM\nB,P2,staff,\nA,P3,staff,MATH\nC,P4,guest,CHEM\n';
    const checker = snapshotChecker({ format: 'csv', kinds: ['staff'] });
    const items: SnapshotItem[] = [];
    for await (const it of checkedSnapshot(readSnapshot(Readable.from([csv]), 'csv'), checker)) items.push(it);
    expect(
      items.map((it) => ('record' in it ? `${it.line} ok` : `${it.line} ${it.errors.map((e) => e.rule).join('+')}`)),
    ).toEqual(['2 ok', '3 required', '4 duplicate-key', '5 kind-not-allowed']);
    expect(checker.orgCodes().map((u) => u.code)).toEqual(['CHEM', 'MATH']);
  });
});
