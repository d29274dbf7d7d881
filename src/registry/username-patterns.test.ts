import { describe, expect, it } from 'vitest';
import {
  candidateValue,
  fitStem,
  nameTokens,
  numberedPrefixes,
  parsePattern,
  renderStem,
} from './username-patterns.ts';

const usernameLiterals = /^[a-z0-9._-]+$/;
const parse = (p: string) => parsePattern(p, usernameLiterals).pattern!;
const zoe = nameTokens({ givenName: 'Zoë', familyName: 'Ødegård' });

describe('username and email patterns', () => {
  it('renders name tokens in lowercase ASCII with apostrophes, hyphens and spaces stripped', () => {
    expect(zoe).toMatchObject({ given: 'zoe', family: 'odegard' });
    expect(renderStem(parse('{g1}{family}'), zoe)).toBe('zodegard');
    expect(
      renderStem(parse('{given}.{family}'), nameTokens({ givenName: 'Anne-Marie', familyName: "O'Brien-Müller" })),
    ).toBe('annemarie.obrienmuller');
    expect(renderStem(parse('{g2}{f3}'), nameTokens({ givenName: 'Jon', familyName: 'Finke' }))).toBe('jofin');
  });

  it('skips a pattern whose name part is missing', () => {
    expect(renderStem(parse('{g1}{m1}{family}'), zoe)).toBeNull();
    expect(
      renderStem(parse('{g1}{m1}{family}'), nameTokens({ givenName: 'Jon', middleName: 'Paul', familyName: 'Finke' })),
    ).toBe('jpfinke');
  });

  it('uses the given name when there is no preferred name', () => {
    expect(renderStem(parse('{preferred}'), zoe)).toBe('zoe');
  });

  it('refuses malformed patterns with a reason', () => {
    expect(parsePattern('{g1}{n}{family}', usernameLiterals).error).toBe('{n} must come last');
    expect(parsePattern('{x}', usernameLiterals).error).toBe('unknown token {x}');
    expect(parsePattern('{g1', usernameLiterals).error).toBe('unbalanced {');
    expect(parsePattern('abc{n}', usernameLiterals).error).toMatch(/name token/);
    expect(parsePattern('{g1} {family}', usernameLiterals).error).toMatch(/not allowed/);
    expect(parse('{g1}{family}{n}').numbered).toBe(true);
  });

  it('takes an initial as one letter g, m, f or p and one digit 1 to 9, and refuses anything near it (issue 18)', () => {
    for (const token of ['g', 'xg1', 'g12', 'g0', 'q1'])
      expect(parsePattern(`{${token}}{family}`, usernameLiterals).error).toBe(`unknown token {${token}}`);
    expect(renderStem(parse('{f3}.{given}'), zoe)).toBe('ode.zoe');
  });

  it('cuts long names to the maximum length, leaving room for the number', () => {
    expect(candidateValue('jmacdonaldson', 8)).toBe('jmacdona');
    expect(candidateValue('jmacdonaldson', 8, 7)).toBe('jmacdon7');
    expect(candidateValue('jmacdonaldson', 8, 12)).toBe('jmacdo12');
    expect(fitStem('jon.finke', 4)).toBe('jon');
    // A cut between two punctuation marks leaves neither (issue 18).
    expect(fitStem('j.-finke', 3)).toBe('j');
    expect(fitStem('_.jon', 10)).toBe('jon');
  });

  it('lists the index prefixes every numbered candidate starts with', () => {
    expect(numberedPrefixes('jmacdonaldson', 8, 3)).toEqual(['jmacdon', 'jmacdo', 'jmacd']);
    expect(numberedPrefixes('jsmith', 8, 3)).toEqual(['jsmith', 'jsmit']);
  });
});
