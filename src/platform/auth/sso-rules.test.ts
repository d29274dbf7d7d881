import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { StewardError } from '../errors.ts';
import { claimProblem, matchRuleOf, newUsername, oidcProviderProblems, safeReturnTo } from './sso-rules.ts';

const provider = {
  name: 'uni',
  issuer: 'https://login.uni.example',
  scopes: ['openid', 'email'],
  claim: 'email',
  match: 'email',
  createAccounts: false,
  roles: [],
};

describe('single sign-on rules', () => {
  it('keeps returnTo to paths of Steward', () => {
    expect(safeReturnTo('/ui/people/4?tab=x#a')).toBe('/ui/people/4?tab=x#a');
    for (const bad of [
      undefined,
      '',
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      'ui',
      '/auth/logout',
      '/ui/\nx',
    ])
      expect(safeReturnTo(bad), String(bad)).toBe('/ui/');
  });

  it('reads what the claim is compared with', () => {
    expect(matchRuleOf('identifier:employee-id')).toEqual({ kind: 'identifier', identifierKind: 'employee-id' });
    expect(claimProblem(matchRuleOf('email'), { email: 'a@b.example', email_verified: false }, 'email')).toMatch(
      /not verified/,
    );
    expect(claimProblem(matchRuleOf('email'), { upn: 'someone' }, 'upn')).toMatch(/not an email/);
    expect(claimProblem(matchRuleOf('username'), {}, 'preferred_username')).toMatch(/did not send the claim/);
    expect(claimProblem(matchRuleOf('email'), { email: 'a@b.example' }, 'email')).toBeNull();
  });

  it('makes a free, valid username for an account created at sign-in', () => {
    const none = () => false;
    expect(newUsername({ preferred_username: 'Ada' }, 'ada@x.example', none)).toBe('ada');
    expect(newUsername({ preferred_username: 'not valid!' }, 'Cy.Young+1@x.example', none)).toBe('cy.young-1');
    expect(newUsername({}, 'x@y.example', none)).toBe('user-x');
    expect(newUsername({}, 'ada@x.example', (n) => n === 'ada' || n === 'ada-2')).toBe('ada-3');
  });

  it('refuses settings that do not fit together', () => {
    expect(oidcProviderProblems([provider])).toEqual([]);
    const problems = oidcProviderProblems([
      provider,
      { ...provider, issuer: 'http://login.uni.example', scopes: ['email'], match: 'username', createAccounts: true },
    ]).map((p) => `${p.field} ${p.rule}`);
    expect(problems).toEqual([
      '/1/name unique',
      '/1/issuer https',
      '/1/scopes openid',
      '/1/createAccounts needs-person',
    ]);
    expect(oidcProviderProblems([{ ...provider, issuer: 'http://127.0.0.1:9000' }])).toEqual([]);
  });

  it('validates STEWARD_OIDC_PROVIDERS at start, naming the bad setting and never showing a secret', () => {
    const attempt = (raw: string) => {
      try {
        loadConfig({ STEWARD_OIDC_PROVIDERS: raw });
        return null;
      } catch (e) {
        return e as StewardError;
      }
    };
    expect(attempt('[not json')?.message).toMatch(/STEWARD_OIDC_PROVIDERS is not JSON/);
    const bad = attempt(
      JSON.stringify([
        { ...provider, label: 'Uni', clientId: 'steward', clientSecret: 'hush-hush', match: 'nickname' },
      ]),
    );
    expect(bad?.message).toMatch(/STEWARD_OIDC_PROVIDERS \/0\/match must match pattern.*\(got "nickname"\)/);
    expect(bad?.message).not.toContain('hush-hush');
    const ok = loadConfig({
      STEWARD_OIDC_PROVIDERS: JSON.stringify([
        { name: 'uni', label: 'Uni', issuer: provider.issuer, clientId: 'c', claim: 'email', match: 'email' },
      ]),
    });
    expect(ok.oidcProviders[0]).toMatchObject({
      createAccounts: false,
      roles: [],
      scopes: ['openid', 'email', 'profile'],
    });
    expect(
      attempt(JSON.stringify([{ ...provider, label: 'Uni', clientId: 'c', createAccounts: true, match: 'username' }]))
        ?.message,
    ).toMatch(/STEWARD_OIDC_PROVIDERS \/0\/createAccounts needs match email/);
  });
});
