import { describe, expect, it } from 'vitest';
import { normalise } from './feed-definition.ts';
import { fileChunk, fileHeader, type PersonFacts, renderRow, rowHash } from './feed-rows.ts';

const ada: PersonFacts = {
  id: 7,
  givenName: 'Ada',
  familyName: 'Lovelace',
  preferredName: null,
  idNumber: 'S0007',
  username: 'alovelace',
  email: 'ada@nu.edu',
  statuses: [
    { statusTypeId: 1, name: 'Faculty', category: 'employee', cardLabel: 'FACULTY', directory: 'Y' },
    { statusTypeId: 3, name: 'Student', category: 'student', cardLabel: null, directory: 'O' },
  ],
  orgUnit: 'MATH',
  title: 'Professor, "Analytical Engines"',
};
const values = new Map([[1, new Map([['library.patron_type', 'faculty']])]]);

describe('feed rows', () => {
  it('renders every catalogue column and stream values of the primary status', () => {
    const columns = [
      'id',
      'idNumber',
      'username',
      'email',
      'givenName',
      'familyName',
      'displayName',
      'primaryStatus',
      'statuses',
      'category',
      'orgUnit',
      'title',
      'cardLabel',
      'directory',
      'stream:library.patron_type',
    ];
    expect(renderRow(ada, columns, values)).toEqual({
      id: '7',
      idNumber: 'S0007',
      username: 'alovelace',
      email: 'ada@nu.edu',
      givenName: 'Ada',
      familyName: 'Lovelace',
      displayName: 'Ada Lovelace',
      primaryStatus: 'Faculty',
      statuses: 'Faculty;Student',
      category: 'employee',
      orgUnit: 'MATH',
      title: 'Professor, "Analytical Engines"',
      cardLabel: 'FACULTY',
      directory: 'Y',
      'stream:library.patron_type': 'faculty',
    });
    expect(renderRow({ ...ada, statuses: [] }, ['primaryStatus', 'stream:library.patron_type'], values)).toEqual({
      primaryStatus: '',
      'stream:library.patron_type': '',
    });
  });

  it('hashes the values in column order', () => {
    expect(rowHash({ a: '1', b: '2' }, ['a', 'b'])).not.toBe(rowHash({ a: '2', b: '1' }, ['a', 'b']));
    expect(rowHash({ a: '1', b: '2' }, ['a', 'b'])).toBe(rowHash({ b: '2', a: '1' }, ['a', 'b']));
  });

  it('writes CSV with quoting, JSON lines, and LDIF entries named by the RDN attribute', () => {
    const row = renderRow(ada, ['username', 'displayName', 'title'], values);
    const csv = normalise({
      name: 'c',
      format: 'csv',
      selection: { statuses: ['x'] },
      columns: ['username', 'displayName', 'title'],
    });
    expect(fileHeader(csv) + fileChunk(csv, [row])).toBe(
      'username,displayName,title\nalovelace,Ada Lovelace,"Professor, ""Analytical Engines"""\n',
    );
    const jsonl = { ...csv, format: 'jsonl' as const };
    expect(fileHeader(jsonl) + fileChunk(jsonl, [row, row])).toBe(`${JSON.stringify(row)}\n${JSON.stringify(row)}\n`);
    const ldif = normalise({
      name: 'd',
      format: 'ldif',
      selection: { statuses: ['x'] },
      columns: ['username', 'displayName', 'familyName'],
      ldif: { baseDn: 'ou=people,dc=nu,dc=edu', objectClasses: ['inetOrgPerson'] },
    });
    const rows = [
      renderRow({ ...ada, familyName: 'Müller' }, ldif.columns, values),
      renderRow({ ...ada, username: null }, ldif.columns, values),
    ];
    expect(fileHeader(ldif) + fileChunk(ldif, rows)).toBe(
      `version: 1\n\ndn: uid=alovelace,ou=people,dc=nu,dc=edu\nobjectClass: inetOrgPerson\nuid: alovelace\ndisplayName:: ${Buffer.from('Ada Müller').toString('base64')}\nsn:: ${Buffer.from('Müller').toString('base64')}\n\n`,
    );
  });
});
