import { describe, expect, it } from 'vitest';
import { identifierKey, isReservedKind, normaliseEmail, normaliseIdentifier } from './identifiers.ts';

describe('identifiers', () => {
  it('stores usernames and emails lowercase and ID numbers uppercase, so lookups are case-insensitive', () => {
    expect(normaliseIdentifier({ kind: 'username', value: ' JFinke ' }).identifier).toEqual({
      kind: 'username',
      scope: '',
      value: 'jfinke',
    });
    expect(normaliseIdentifier({ kind: 'email', value: 'Jon.Finke@Example.EDU' }).identifier?.value).toBe(
      'jon.finke@example.edu',
    );
    expect(normaliseIdentifier({ kind: 'id-number', value: 's00012345x' }).identifier?.value).toBe('S00012345X');
  });

  it('names the field and rule of a bad identifier', () => {
    expect(normaliseIdentifier({ kind: 'email', value: 'not-an-address' }, '/identifiers/0').problems).toEqual([
      { field: '/identifiers/0/value', rule: 'format:email', message: 'not-an-address is not an email address' },
    ]);
    expect(normaliseIdentifier({ kind: 'source-key', value: '123' }).problems[0]).toMatchObject({
      field: '/scope',
      rule: 'required',
    });
    expect(normaliseIdentifier({ kind: 'username', scope: 'hr', value: 'x1' }).problems[0]).toMatchObject({
      field: '/scope',
      rule: 'empty',
    });
    expect(normaliseIdentifier({ kind: 'Bad Kind', value: 'x' }).problems[0]).toMatchObject({
      field: '/kind',
      rule: 'pattern',
    });
  });

  it('keeps other kinds as given, with their scope', () => {
    expect(normaliseIdentifier({ kind: 'source-key', scope: 'hr', value: 'E-77' }).identifier).toEqual({
      kind: 'source-key',
      scope: 'hr',
      value: 'E-77',
    });
    expect(normaliseIdentifier({ kind: 'orcid', value: '0000-0002-1825-0097' }).identifier?.value).toBe(
      '0000-0002-1825-0097',
    );
  });

  it('reserves only institution-issued kinds', () => {
    expect(['id-number', 'username', 'email'].every(isReservedKind)).toBe(true);
    expect(isReservedKind('source-key')).toBe(false);
  });

  it('distinguishes identifiers by kind, scope and value', () => {
    expect(identifierKey({ kind: 'source-key', scope: 'hr', value: '1' })).not.toBe(
      identifierKey({ kind: 'source-key', scope: 'sis', value: '1' }),
    );
  });

  it('normalises contact email addresses', () => {
    expect(normaliseEmail(' A@B.org ')).toBe('a@b.org');
    expect(normaliseEmail('a@b')).toBeNull();
  });
});
