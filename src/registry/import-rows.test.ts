import { describe, expect, it } from 'vitest';
import { type Header, readHeader, readRow } from './import-rows.ts';

const header = (cells: string[], source: string | null = 'hr') => readHeader(cells, source).header as Header;
const today = '2026-09-01';

describe('people CSV rows', () => {
  it('accepts the documented columns and common aliases', () => {
    const h = header(['source_key', 'Given Name', 'family_name', 'affiliation', 'org_code']);
    expect([...h.has]).toEqual(['source_key', 'given_name', 'family_name', 'affiliation_kind', 'org_code']);
  });

  it('refuses a header with unknown, repeated or missing columns, naming each', () => {
    const { errors } = readHeader(['source_key', 'shoe_size', 'given_name', 'given_name'], null);
    expect(errors.map((e) => `${e.field}:${e.rule}`)).toEqual([
      'shoe_size:unknown-column',
      'given_name:duplicate-column',
      'family_name:required-column',
      'source:required',
    ]);
  });

  it('turns a good line into a tidy row', () => {
    const h = header([
      'source_key',
      'given_name',
      'family_name',
      'middle_name',
      'email',
      'id_number',
      'username',
      'org_code',
    ]);
    const { row, errors } = readRow(
      h,
      ['E1', ' Zoë ', 'Ødegård', '', 'Zoe@Example.org', 's00000018', 'ZOEO', 'CHEM'],
      2,
      'hr',
      today,
    );
    expect(errors).toEqual([]);
    expect(row).toMatchObject({
      line: 2,
      source: 'hr',
      sourceKey: 'E1',
      givenName: 'Zoë',
      familyName: 'Ødegård',
      middleName: null,
      email: 'zoe@example.org',
      idNumber: 'S00000018',
      username: 'zoeo',
      orgCode: 'CHEM',
      affiliationKind: 'member',
    });
  });

  it('refuses a birth date before 1900 with the rule date-range', () => {
    const h = header(['source_key', 'family_name', 'birth_date']);
    const { errors } = readRow(h, ['k1', 'Old', '1850-03-01'], 4, 'hr', today);
    expect(errors).toEqual([
      { line: 4, field: 'birth_date', rule: 'date-range', message: 'must be on or after 1900-01-01' },
    ]);
  });

  it('reports every bad field of a line with its rule', () => {
    const h = header(['source_key', 'family_name', 'birth_date', 'email', 'phone', 'username', 'title']);
    const { row, errors } = readRow(h, ['', '', '2023-02-30', 'nope', 'call me', 'Bad Name!', 'Dr'], 7, 'hr', today);
    expect(row).toBeUndefined();
    expect(errors.map((e) => `${e.line} ${e.field} ${e.rule}`)).toEqual([
      '7 source_key required',
      '7 family_name required',
      '7 birth_date format:date',
      '7 email format:email',
      '7 phone format:phone',
      '7 username format:username',
      '7 org_code required-with-affiliation',
    ]);
  });

  it('refuses birth dates in the future and lines with the wrong number of fields', () => {
    const h = header(['source_key', 'family_name', 'birth_date']);
    expect(readRow(h, ['E1', 'Lee', '2030-01-01'], 3, 'hr', today).errors[0]).toMatchObject({
      field: 'birth_date',
      rule: 'not-future',
    });
    expect(readRow(h, ['E1', 'Lee'], 4, 'hr', today).errors[0]).toMatchObject({ field: 'row', rule: 'column-count' });
  });

  it('takes the source from its column when the file has one', () => {
    const h = header(['source', 'source_key', 'family_name'], null);
    expect(readRow(h, ['sis', 'U1', 'Lee'], 2, null, today).row?.source).toBe('sis');
    expect(readRow(h, ['Bad Source', 'U1', 'Lee'], 3, null, today).errors[0]).toMatchObject({
      field: 'source',
      rule: 'pattern',
    });
  });
});
