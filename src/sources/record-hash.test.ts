import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import canonicalizeModule from 'canonicalize';
import { canonicalBody, hashBody, type HashableRecord, recordHash } from './record-hash.ts';
import type { AffiliationRecord } from './snapshot-rows.ts';

const base: AffiliationRecord = {
  recordKey: 'E1-1',
  personKey: 'E1',
  givenName: 'Zoë',
  familyName: 'Ødegård',
  birthDate: '1990-02-28',
  email: 'zoe@example.org',
  idNumber: 'S00000018',
  username: 'zoeo',
  kind: 'staff',
  orgCode: 'CHEM',
  title: 'Lecturer',
  codes: ['FT', 'ACAD'],
  validFrom: '2024-09-01',
  validTo: '2025-08-31',
  attributes: { room: 'B12', phone: '1234' },
};

describe('the record content hash', () => {
  it('is the SHA-256 of the canonical JSON, so hashes stored today stay valid', () => {
    const record = {
      recordKey: 'E1-1',
      personKey: 'E1',
      kind: 'staff',
      orgCode: 'CHEM',
      familyName: 'Ødegård',
      codes: ['FT', 'ACAD'],
      attributes: { room: 'B12' },
    };
    const canonical =
      '{"attributes":{"room":"B12"},"codes":["ACAD","FT"],"familyName":"Ødegård","kind":"staff","orgCode":"CHEM","personKey":"E1","recordKey":"E1-1"}';
    expect(recordHash(record)).toBe(createHash('sha256').update(canonical).digest('hex'));
    expect(recordHash(record)).toBe('e81a7ac4f770ab239cbc647edc037a1f2b9ee3ad2d0fccf73c0f407c666aa2c1');
  });

  it('does not change with key order, code order or repeated codes', () => {
    const reordered: HashableRecord = Object.fromEntries(Object.entries(base).reverse()) as unknown as HashableRecord;
    expect(
      recordHash({ ...reordered, codes: ['ACAD', 'FT', 'ACAD'], attributes: { phone: '1234', room: 'B12' } }),
    ).toBe(recordHash(base));
  });

  it('treats an optional field absent, null or empty alike (as a jsonb round trip or a blank CSV cell gives)', () => {
    const { title: _t, middleName: _m, ...without } = { ...base, middleName: undefined };
    const h = recordHash(without);
    expect(recordHash({ ...base, title: undefined })).toBe(h);
    expect(recordHash({ ...base, title: null, middleName: '' })).toBe(h);
    expect(recordHash({ ...without, attributes: { ...base.attributes, extra: '' } })).toBe(h);
    expect(recordHash({ ...without, attributes: { ...base.attributes, extra: null } })).toBe(h);
    expect(recordHash({ ...without, codes: [] })).toBe(recordHash({ ...without, codes: null }));
    expect(recordHash({ ...without, codes: [] })).toBe(recordHash({ ...without, codes: [''] }));
  });

  it('changes with any real change to any field', () => {
    const seen = new Set([recordHash(base)]);
    const changes: Partial<HashableRecord>[] = [
      { recordKey: 'E1-2' },
      { personKey: 'E2' },
      { givenName: 'Zoe' },
      { middleName: 'Anne' },
      { familyName: 'Odegard' },
      { birthDate: '1990-02-27' },
      { email: 'zoe@example.com' },
      { idNumber: 'S00000026' },
      { username: 'zoeo2' },
      { kind: 'faculty' },
      { orgCode: 'PHYS' },
      { title: 'Professor' },
      { title: undefined },
      { codes: ['FT'] },
      { codes: ['FT', 'ACAD', 'TEMP'] },
      { codes: ['FT;ACAD'] },
      { validFrom: '2024-09-02' },
      { validTo: undefined },
      { attributes: { room: 'B13', phone: '1234' } },
      { attributes: { room: 'B12' } },
      { attributes: { room: 'B12', phone: '1234', desk: '4' } },
      { attributes: { ROOM: 'B12', phone: '1234' } },
    ];
    for (const change of changes) {
      const h = recordHash({ ...base, ...change });
      expect(seen.has(h), JSON.stringify(change)).toBe(false);
      seen.add(h);
    }
  });

  it('does not confuse a value moved between fields', () => {
    expect(recordHash({ ...base, givenName: 'Lee', familyName: undefined })).not.toBe(
      recordHash({ ...base, givenName: undefined, familyName: 'Lee' }),
    );
    expect(recordHash({ ...base, attributes: { a: 'b' } })).not.toBe(recordHash({ ...base, attributes: { b: 'a' } }));
  });

  it('writes exactly the canonical JSON an RFC 8785 canonicaliser gives for the normal form', () => {
    const canonicalize = canonicalizeModule as unknown as (value: unknown) => string;
    const odd = [
      '',
      'a"b',
      'back\\slash',
      'tab\tnew\nline',
      '\u0001',
      'é',
      'Ø',
      '😀',
      'Z',
      'a',
      '10',
      '9',
      'attr_b',
      'attr.a',
    ];
    const records: HashableRecord[] = [
      base,
      { recordKey: 'k', personKey: 'p', kind: 'x', orgCode: 'o' },
      { ...base, codes: null, attributes: null },
    ];
    for (let i = 0; i < 200; i++) {
      const pick = (n: number) => odd[(i * 7 + n * 13) % odd.length];
      const attributes: Record<string, string | null> = {};
      for (let j = 0; j < i % 5; j++) attributes[pick(j + 3) || `n${j}`] = j % 3 === 0 ? null : pick(j);
      records.push({
        ...base,
        recordKey: `k${pick(1)}`,
        title: pick(2),
        givenName: i % 2 ? null : pick(4),
        codes: [pick(5), pick(6), pick(5)],
        attributes,
      });
    }
    for (const r of records) expect(canonicalBody(r)).toBe(canonicalize(hashBody(r)));
  });

  it('refuses a lone surrogate, as RFC 8785 does', () => {
    expect(() => recordHash({ ...base, title: 'a\ud800' })).toThrow(/surrogate/i);
  });
});
