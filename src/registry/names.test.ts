import { describe, expect, it } from 'vitest';
import { cleanName, displayName, nameToken, searchName, tidyName } from './names.ts';

describe('cleaned names', () => {
  it('transliterates to lowercase ASCII so accents never stop a match', () => {
    expect(cleanName('Zoë Ødegård')).toBe('zoe odegard');
    expect(cleanName('Müller')).toBe('muller');
    expect(cleanName('Łukasz Żółć')).toBe('lukasz zolc');
  });

  it('drops apostrophes and turns other punctuation into single spaces', () => {
    expect(cleanName("O'Brien")).toBe('obrien');
    expect(cleanName('O’Brien')).toBe('obrien');
    expect(cleanName('  Anne-Marie   St. John ')).toBe('anne marie st john');
    expect(cleanName(null)).toBe('');
  });

  it('squeezes name tokens to letters and digits for identifiers', () => {
    expect(nameToken('Anne-Marie')).toBe('annemarie');
    expect(nameToken('van der Berg')).toBe('vanderberg');
    expect(nameToken("D'Àngelo")).toBe('dangelo');
  });

  it('puts given and family name first in the search form, then middle and a differing preferred name', () => {
    expect(searchName({ givenName: 'Jon', familyName: 'Finke' })).toBe('jon finke');
    expect(searchName({ givenName: 'Jonathan', middleName: 'Paul', familyName: 'Finke', preferredName: 'Jon' })).toBe(
      'jonathan finke paul jon',
    );
    expect(searchName({ givenName: 'Jon', familyName: 'Finke', preferredName: 'jon' })).toBe('jon finke');
  });

  it('addresses people by their preferred name when they have one', () => {
    expect(displayName({ givenName: 'Jonathan', familyName: 'Finke', preferredName: 'Jon' })).toBe('Jon Finke');
    expect(displayName({ givenName: 'Jonathan', familyName: 'Finke', preferredName: null })).toBe('Jonathan Finke');
  });

  it('tidies blank optional parts to null and collapses inner spaces', () => {
    expect(tidyName({ givenName: ' Mary  Ann ', familyName: 'Lee', middleName: '  ', preferredName: '' })).toEqual({
      givenName: 'Mary Ann',
      familyName: 'Lee',
      middleName: null,
      preferredName: null,
    });
  });
});
