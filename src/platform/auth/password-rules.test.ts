import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-rules.ts';

describe('passwordProblems', () => {
  it.each(['            ', ' \t           '])('refuses a blank password %j', (password) => {
    expect(passwordProblems(password)).toEqual([
      { field: '/password', rule: 'strength', message: 'must not be blank or only spaces' },
    ]);
  });

  it.each(['aaaaaaaaaaaa', 'password1234', '123456789012', 'qwertyuiopas', 'Password2026'])(
    'refuses the guessable %j with the reason',
    (password) => {
      const [problem] = passwordProblems(password);
      expect(problem).toMatchObject({ field: '/password', rule: 'strength' });
      expect(problem!.message).toMatch(/^is too easy to guess: \S/);
    },
  );

  it('says why in the estimator words', () => {
    expect(passwordProblems('aaaaaaaaaaaa')[0]!.message).toContain('Repeated characters');
    expect(passwordProblems('password1234')[0]!.message).toContain('commonly used password');
  });

  it('refuses a password made of the account name', () => {
    expect(passwordProblems('jsmithjsmith', ['jsmith', 'Jane Smith'])[0]!.message).toContain('personal');
  });

  it('refuses a short one by length', () => {
    expect(passwordProblems('x7#Qp!')).toEqual([
      { field: '/password', rule: 'minLength', message: 'must be at least 12 characters' },
    ]);
  });

  it.each(['correct horse battery', 'vX9#qL2m!pR7wK', 'blue kettle under the stairs'])('accepts %j', (password) => {
    expect(passwordProblems(password)).toEqual([]);
  });

  it('names the field it is given', () => {
    expect(passwordProblems('aaaaaaaaaaaa', [], '/newPassword')[0]!.field).toBe('/newPassword');
  });
});
