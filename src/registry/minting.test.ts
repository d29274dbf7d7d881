import { describe, expect, it } from 'vitest';
import { Allocation, candidatesFor, lookupsFor } from './minting.ts';
import { defaultMintingSettings, patternPlan } from './minting-settings.ts';
import { nameTokens } from './username-patterns.ts';

const usernames = patternPlan(defaultMintingSettings, 'username');
const emails = patternPlan(defaultMintingSettings, 'email');
const jon = nameTokens({ givenName: 'Jon', familyName: 'Finke' });

describe('choosing minted values', () => {
  it('tries the patterns in order, then numbers', () => {
    const c = candidatesFor(usernames, jon);
    expect(c).toEqual({ fixed: ['jfinke', 'jonf'], numberedStem: 'jfinke' });
    const a = new Allocation(usernames, []);
    expect([a.choose(c), a.choose(c), a.choose(c), a.choose(c)]).toEqual(['jfinke', 'jonf', 'jfinke1', 'jfinke2']);
  });

  it('skips values already taken and fills gaps in the numbers', () => {
    const a = new Allocation(usernames, ['jfinke', 'jonf', 'jfinke1', 'jfinke3']);
    const c = candidatesFor(usernames, jon);
    expect(a.choose(c)).toBe('jfinke2');
    expect(a.choose(c)).toBe('jfinke4');
  });

  it('keeps long names within the maximum length, numbers included', () => {
    const c = candidatesFor(usernames, nameTokens({ givenName: 'Zoë', familyName: 'Ødegård-Kristiansen' }));
    expect(c.fixed[0]).toBe('zodegard');
    const taken = ['zodegard', 'zoeo', ...Array.from({ length: 9 }, (_, i) => `zodegar${i + 1}`)];
    const a = new Allocation(usernames, taken);
    expect(a.choose(c)).toBe('zodega10');
  });

  it('builds email addresses at the configured domain', () => {
    const a = new Allocation(emails, ['jon.finke@example.edu']);
    expect(a.choose(candidatesFor(emails, jon))).toBe('jon.finke1@example.edu');
  });

  it('asks the database for exact values and the prefixes of numbered stems', () => {
    const l = lookupsFor(usernames, [candidatesFor(usernames, jon)]);
    expect(l.values).toEqual(['jfinke', 'jonf']);
    expect(l.prefixes).toEqual(['jfinke', 'jfink', 'jfin', 'jfi', 'jf']);
  });

  it('gives up with null when nothing applies', () => {
    const noNumbers = { ...usernames, patterns: usernames.patterns.filter((p) => !p.numbered) };
    const a = new Allocation(noNumbers, ['jfinke', 'jonf']);
    expect(a.choose(candidatesFor(noNumbers, jon))).toBeNull();
  });

  it('skips a value another minter took meanwhile, and lists a value two patterns give only once', () => {
    const a = new Allocation(usernames, []);
    a.take('jfinke');
    expect(a.choose(candidatesFor(usernames, jon))).toBe('jonf');
    const ann = candidatesFor(usernames, nameTokens({ givenName: 'A', familyName: 'A' }));
    expect(ann.fixed).toEqual(['aa']);
    expect(lookupsFor(usernames, [ann]).prefixes).not.toContain('');
  });

  it('asks for no prefixes when no numbered pattern applies, and gives up when the numbers outgrow the length', () => {
    const noNumbers = { ...usernames, patterns: usernames.patterns.filter((p) => !p.numbered) };
    expect(lookupsFor(noNumbers, [candidatesFor(noNumbers, jon)])).toEqual({
      values: ['jfinke', 'jonf'],
      prefixes: [],
    });
    const short = { ...usernames, maxLength: 3 };
    const c = candidatesFor(short, jon);
    const a = new Allocation(short, c.fixed);
    const given = Array.from({ length: 100 }, () => a.choose(c));
    expect(given.slice(0, 3)).toEqual(['jf1', 'jf2', 'jf3']);
    expect(given[98]).toBe('j99');
    expect(given[99]).toBeNull();
  });
});
