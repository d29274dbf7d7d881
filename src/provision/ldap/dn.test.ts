import { describe, expect, it } from 'vitest';
import { escapeRdnValue, ouDnForPath, parentDn, rdnOf, rdnValue, sameDn, splitDn, unescapeRdnValue } from './dn.ts';

describe('escapeRdnValue', () => {
  it('escapes the RFC 4514 specials anywhere', () => {
    expect(escapeRdnValue('Smith, John')).toBe('Smith\\, John');
    expect(escapeRdnValue('a+b"c\\d<e>f;g=h')).toBe('a\\+b\\"c\\\\d\\<e\\>f\\;g\\=h');
  });
  it('escapes a leading space or #, a trailing space and NUL, and nothing else', () => {
    expect(escapeRdnValue(' lead')).toBe('\\ lead');
    expect(escapeRdnValue('#1 in # list')).toBe('\\#1 in # list');
    expect(escapeRdnValue('trail ')).toBe('trail\\ ');
    expect(escapeRdnValue(' ')).toBe('\\ ');
    expect(escapeRdnValue('a\0b')).toBe('a\\00b');
    expect(escapeRdnValue('Zoë Ångström-Øre (Physics)')).toBe('Zoë Ångström-Øre (Physics)');
  });
  it('round-trips through unescapeRdnValue', () => {
    for (const value of ['Smith, John', ' #x ', 'a\\b', 'é=+;<>', 'tab\tin', 'a\0b']) {
      expect(unescapeRdnValue(escapeRdnValue(value))).toBe(value);
    }
    expect(unescapeRdnValue('\\c3\\a9t\\C3\\A9')).toBe('été');
  });
});

describe('splitDn, rdnOf, parentDn', () => {
  it('splits at unescaped commas only and trims around them', () => {
    expect(splitDn('cn=Smith\\, John , ou=People,dc=example, dc=edu')).toEqual([
      'cn=Smith\\, John',
      'ou=People',
      'dc=example',
      'dc=edu',
    ]);
    expect(splitDn('')).toEqual([]);
  });
  it('keeps an escaped trailing space and an escaped backslash before a comma', () => {
    expect(splitDn('ou=a\\ ,dc=x')).toEqual(['ou=a\\ ', 'dc=x']);
    expect(splitDn('ou=a\\\\,dc=x')).toEqual(['ou=a\\\\', 'dc=x']);
    expect(rdnValue('ou=a\\ ')).toBe('a ');
  });
  it('gives the first RDN and the parent', () => {
    expect(rdnOf('uid=x,ou=a,dc=edu')).toBe('uid=x');
    expect(parentDn('uid=x,ou=a\\,b,dc=edu')).toBe('ou=a\\,b,dc=edu');
    expect(parentDn('dc=edu')).toBe('');
    expect(rdnValue('ou=Physics \\+ Maths')).toBe('Physics + Maths');
  });
});

describe('sameDn', () => {
  it('ignores case and spaces around = and ,', () => {
    expect(sameDn('UID=Alice, OU=People,DC=Example,DC=edu', 'uid = alice,ou=people , dc=example,dc=EDU')).toBe(true);
  });
  it('compares escaped and hex-escaped values as the values they stand for', () => {
    expect(sameDn('cn=Smith\\, John,dc=edu', 'cn=smith\\2c john,dc=edu')).toBe(true);
    expect(sameDn('cn=a+uid=b,dc=edu', 'uid=B + cn=A,dc=edu')).toBe(true);
  });
  it('tells different entries apart', () => {
    expect(sameDn('uid=alice,ou=a,dc=edu', 'uid=alice,ou=b,dc=edu')).toBe(false);
    expect(sameDn('uid=alice,dc=edu', 'uid=alice,ou=a,dc=edu')).toBe(false);
    expect(sameDn('cn=a b,dc=edu', 'cn=ab,dc=edu')).toBe(false);
  });
});

describe('ouDnForPath', () => {
  it('puts the leaf first and the base last, escaping each name', () => {
    expect(ouDnForPath(['University', 'Science', 'Physics, Applied'], 'ou=steward,dc=example,dc=edu')).toBe(
      'ou=Physics\\, Applied,ou=Science,ou=University,ou=steward,dc=example,dc=edu',
    );
    expect(ouDnForPath([], 'dc=edu')).toBe('dc=edu');
  });
});
