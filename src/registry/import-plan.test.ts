import { describe, expect, it } from 'vitest';
import { factsAfter, sameFacts, withSourceEntry } from './import-plan.ts';
import type { ImportColumn, ImportRow } from './import-rows.ts';

const same = (a: { address: string }, b: { address: string }) => a.address === b.address;
const row: ImportRow = {
  line: 2,
  source: 'hr',
  sourceKey: 'E1',
  givenName: 'Jon',
  middleName: null,
  familyName: 'Finke',
  preferredName: null,
  birthDate: '1990-01-01',
  email: 'jon@x.org',
  phone: null,
  idNumber: null,
  username: null,
  orgCode: null,
  affiliationKind: null,
  title: null,
};

describe('applying an imported row to a person', () => {
  it("keeps one address per source under the source's label, replaced in place", () => {
    const list = [
      { address: 'old@x.org', label: 'hr' },
      { address: 'me@home.org', label: 'home' },
    ];
    expect(withSourceEntry(list, { address: 'new@x.org', label: 'hr' }, 'hr', same)).toEqual([
      { address: 'new@x.org', label: 'hr' },
      { address: 'me@home.org', label: 'home' },
    ]);
    expect(withSourceEntry(list, { address: 'old@x.org', label: 'hr' }, 'hr', same)).toEqual(list);
    expect(withSourceEntry(list, null, 'hr', same)).toEqual([{ address: 'me@home.org', label: 'home' }]);
    expect(withSourceEntry(list, { address: 'me@home.org', label: 'hr' }, 'hr', same)).toEqual([
      { address: 'me@home.org', label: 'home' },
    ]);
    expect(withSourceEntry([], { address: 'a@x.org', label: 'hr' }, 'hr', same)).toEqual([
      { address: 'a@x.org', label: 'hr' },
    ]);
  });

  it('changes only the columns the file has', () => {
    const before = {
      givenName: 'Jon',
      middleName: 'Paul',
      familyName: 'Fink',
      preferredName: null,
      birthDate: null,
      emails: [],
      phones: [],
    };
    const has = new Set<ImportColumn>(['source_key', 'given_name', 'family_name']);
    expect(factsAfter(before, row, has)).toEqual({ ...before, familyName: 'Finke' });
  });

  it('sees an unchanged person as unchanged whatever the key order of stored JSON', () => {
    const has = new Set<ImportColumn>(['source_key', 'given_name', 'family_name', 'birth_date', 'email']);
    const first = factsAfter(null, row, has);
    const stored = { ...first, emails: first.emails.map((e) => ({ label: e.label, address: e.address })) };
    expect(sameFacts(stored, factsAfter(stored, row, has))).toBe(true);
    expect(sameFacts(stored, factsAfter(stored, { ...row, email: 'other@x.org' }, has))).toBe(false);
  });
});
