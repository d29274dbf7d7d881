import { describe, expect, it } from 'vitest';
import { feedProblems, type FeedInput, type Known, normalise } from './feed-definition.ts';

const known: Known = {
  statusTypes: new Set(['faculty', 'staff', 'student']),
  orgUnits: new Set(['UNI', 'SCI']),
  streams: new Map([
    [
      'library',
      new Map([
        ['patron_type', { type: 'enum' as const, options: ['faculty', 'student'], length: null }],
        ['borrow_days', { type: 'number' as const, options: [], length: null }],
      ]),
    ],
  ]),
};
const base: FeedInput = {
  name: 'patrons',
  format: 'csv',
  selection: { statuses: ['Faculty'] },
  columns: ['id', 'displayName'],
};
const rules = (input: FeedInput) => feedProblems(input, known).map((p) => `${p.field} ${p.rule}`);

describe('feed definitions', () => {
  it('accepts a plain definition and fills defaults', () => {
    expect(rules(base)).toEqual([]);
    expect(normalise(base)).toEqual({
      name: 'patrons',
      label: 'patrons',
      description: '',
      format: 'csv',
      selection: { statuses: ['Faculty'], primaryOnly: false, orgUnits: [], streams: [] },
      columns: ['id', 'displayName'],
      ldif: null,
      schedule: null,
    });
  });

  it('names the field and rule of each problem', () => {
    expect(rules({ ...base, name: 'Bad Name', format: 'xml' })).toEqual(['/name pattern', '/format enum']);
    expect(rules({ ...base, selection: { orgUnits: ['UNI'] } })).toEqual(['/selection restricted']);
    expect(
      rules({
        ...base,
        selection: {
          statuses: ['Dean'],
          orgUnits: ['NOPE'],
          streams: [
            { stream: 'parking', field: 'x', value: 'y' },
            { stream: 'library', field: 'days', value: '1' },
          ],
        },
      }),
    ).toEqual([
      '/selection/statuses/0 exists',
      '/selection/orgUnits/0 exists',
      '/selection/streams/0/stream exists',
      '/selection/streams/1/field exists',
    ]);
    expect(
      rules({ ...base, columns: ['id', 'shoeSize', 'id', 'stream:library.patron_type', 'stream:library.nope'] }),
    ).toEqual(['/columns/1 unknown-column', '/columns/2 unique', '/columns/4 exists']);
    expect(rules({ ...base, columns: [] })).toEqual(['/columns not-empty']);
    expect(rules({ ...base, schedule: 'nightly' })).toEqual(['/schedule cron']);
    expect(rules({ ...base, ldif: { baseDn: 'dc=x' } })).toEqual(['/ldif ldif-only']);
  });

  it('checks stream values against their field and keeps them in canonical text', () => {
    const sel = (value: string, field = 'patron_type') => ({
      ...base,
      selection: { streams: [{ stream: 'library', field, value }] },
    });
    expect(rules(sel('faculty'))).toEqual([]);
    expect(rules(sel('dean'))).toEqual(['/selection/streams/0/value enum']);
    expect(rules(sel('many', 'borrow_days'))).toEqual(['/selection/streams/0/value type']);
    expect(normalise(sel('28.0', 'borrow_days'), known).selection.streams).toEqual([
      { stream: 'library', field: 'borrow_days', value: '28' },
    ]);
  });

  it('asks an LDIF feed for a base DN and an emitted RDN attribute', () => {
    expect(rules({ ...base, format: 'ldif' })).toEqual(['/ldif/baseDn required', '/ldif/rdnAttribute emitted']);
    expect(rules({ ...base, format: 'ldif', columns: ['username', 'email'], ldif: { baseDn: 'people' } })).toEqual([
      '/ldif/baseDn format:dn',
    ]);
    const ok = { ...base, format: 'ldif', columns: ['username', 'email'], ldif: { baseDn: 'ou=people,dc=x' } };
    expect(rules(ok)).toEqual([]);
    expect(normalise(ok).ldif).toEqual({
      baseDn: 'ou=people,dc=x',
      rdnAttribute: 'uid',
      objectClasses: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
    });
  });
});
