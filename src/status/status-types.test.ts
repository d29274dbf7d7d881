import { describe, expect, it } from 'vitest';
import { statusType } from './fixtures.ts';
import { byPriority, comparePriority, statusTypeProblems, statusTypeSetProblems } from './status-types.ts';

const rules = (problems: { field: string; rule: string }[]) => problems.map((p) => `${p.field} ${p.rule}`);

const faculty = {
  name: 'Faculty',
  rank: 750,
  category: 'employee',
  cardLabel: 'Faculty',
  directory: 'Y',
  description: 'Teaching and research faculty with an active appointment.',
  match: {
    sources: ['hr'],
    kinds: ['employee'],
    codes: ['AF%'],
    orgPath: '/1/4/',
    attributes: { campus: ['T', 'H'], fte: 'full' },
  },
};

describe('one status type', () => {
  it('is fine when well formed, with or without an id and a card', () => {
    expect(statusTypeProblems(faculty)).toEqual([]);
    expect(statusTypeProblems({ ...faculty, id: 7, cardLabel: null })).toEqual([]);
  });

  it('refuses an empty match, which would give the status to everyone', () => {
    const problems = statusTypeProblems({ ...faculty, match: {} });
    expect(rules(problems)).toEqual(['/match not-empty']);
    expect(problems[0].message).toMatch(/everyone/);
  });

  it('refuses a wildcard anywhere but at the end of a code', () => {
    expect(rules(statusTypeProblems({ ...faculty, match: { codes: ['AE%', 'A%E', '%'] } }))).toEqual([
      '/match/codes/1 wildcard',
    ]);
  });

  it('refuses unknown criteria, since a misspelt criterion would widen the match', () => {
    expect(rules(statusTypeProblems({ ...faculty, match: { sources: ['hr'], code: ['AF%'] } }))).toEqual([
      '/match/code unknown-field',
    ]);
  });

  it('refuses empty and repeated lists', () => {
    expect(
      rules(statusTypeProblems({ ...faculty, match: { sources: [], kinds: ['student', 'student'], codes: [''] } })),
    ).toEqual(['/match/sources minItems', '/match/kinds uniqueItems', '/match/codes/0 minLength']);
  });

  it('wants an org unit path that ends with a slash, so /1/4/ never matches /1/40/', () => {
    expect(rules(statusTypeProblems({ ...faculty, match: { orgPath: '/1/4' } }))).toEqual(['/match/orgPath org-path']);
    expect(rules(statusTypeProblems({ ...faculty, match: { orgPath: 'physics/' } }))).toEqual([
      '/match/orgPath org-path',
    ]);
  });

  it('checks attribute criteria: values are text or non-empty lists of text', () => {
    expect(rules(statusTypeProblems({ ...faculty, match: { attributes: {} } }))).toEqual([
      '/match/attributes not-empty',
    ]);
    expect(rules(statusTypeProblems({ ...faculty, match: { attributes: { campus: [] } } }))).toEqual([
      '/match/attributes/campus minItems',
    ]);
    expect(rules(statusTypeProblems({ ...faculty, match: { attributes: { campus: 7 } } }))).toEqual([
      '/match/attributes/campus type',
    ]);
    expect(rules(statusTypeProblems({ ...faculty, match: { attributes: { ' ': 'T' } } }))).toEqual([
      '/match/attributes/  not-blank',
    ]);
  });

  it('names each bad field of the type itself', () => {
    const problems = statusTypeProblems({ ...faculty, rank: 7.5, directory: 'X', cardLabel: '', colour: 'red' });
    expect(rules(problems)).toEqual(
      expect.arrayContaining(['/rank type', '/directory enum', '/cardLabel minLength', '/colour unknown-field']),
    );
    expect(rules(statusTypeProblems({ ...faculty, name: '   ', category: ' ' }))).toEqual([
      '/name not-blank',
      '/category not-blank',
    ]);
    expect(rules(statusTypeProblems({ ...faculty, cardLabel: '  ' }))).toEqual(['/cardLabel not-blank']);
  });

  it('reports missing fields under the given prefix', () => {
    expect(rules(statusTypeProblems({ name: 'X' }, '/types/3'))).toEqual(
      expect.arrayContaining(['/types/3/rank required', '/types/3/match required']),
    );
  });
});

describe('a set of status types', () => {
  it('wants unique ids and names (names ignoring case)', () => {
    const set = [
      statusType(1, { name: 'Faculty' }),
      statusType(2, { name: 'Staff' }),
      statusType(1, { name: 'faculty ' }),
    ];
    expect(rules(statusTypeSetProblems(set))).toEqual(['/2/id unique', '/2/name unique']);
  });

  it("prefixes each type's own problems with its position", () => {
    expect(rules(statusTypeSetProblems([statusType(1), statusType(2, { match: {} })]))).toEqual(['/1/match not-empty']);
  });
});

describe('priority', () => {
  it('puts the higher rank first and, on equal ranks, the type defined first (lower id)', () => {
    expect(comparePriority(750, 9, 640, 1)).toBeLessThan(0);
    expect(comparePriority(750, 2, 750, 9)).toBeLessThan(0);
    expect(comparePriority(750, 9, 750, 2)).toBeGreaterThan(0);
    const types = [
      statusType(5, { rank: 640 }),
      statusType(3, { rank: 750 }),
      statusType(1, { rank: 750 }),
      statusType(2, { rank: 150 }),
    ];
    expect(byPriority(types).map((t) => t.id)).toEqual([1, 3, 5, 2]);
    expect(types.map((t) => t.id)).toEqual([5, 3, 1, 2]);
  });
});
