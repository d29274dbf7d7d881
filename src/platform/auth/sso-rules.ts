import type { FieldProblem } from '../errors.ts';

/**
 * Single sign-on with OpenID Connect (issue 13): the rules that need no provider, no database and no clock. Which
 * provider settings make sense together, where a sign-in may send the browser back to, how a claim is read and what
 * it is compared with, and the username an account created at sign-in gets. Pure.
 */

/** The part of a provider's settings these rules read (config.ts has the whole shape). */
export interface ProviderFacts {
  name: string;
  issuer: string;
  scopes: string[];
  claim: string;
  match: string;
  createAccounts: boolean;
  roles: { role: string; orgId?: number; office?: string }[];
}

/** What the configured claim is compared with. */
export type MatchRule = { kind: 'username' } | { kind: 'email' } | { kind: 'identifier'; identifierKind: string };

export function matchRuleOf(match: string): MatchRule {
  if (match === 'username') return { kind: 'username' };
  if (match === 'email') return { kind: 'email' };
  return { kind: 'identifier', identifierKind: match.slice('identifier:'.length) };
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Settings that fit the schema but not each other; fields are /<index>/<setting>. */
export function oidcProviderProblems(providers: readonly ProviderFacts[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const [i, p] of providers.entries()) {
    if (seen.has(p.name))
      problems.push({ field: `/${i}/name`, rule: 'unique', message: `another provider is also named ${p.name}` });
    seen.add(p.name);
    let issuer: URL | null = null;
    try {
      issuer = new URL(p.issuer);
    } catch {
      problems.push({ field: `/${i}/issuer`, rule: 'format:uri', message: 'is not a URL' });
    }
    if (issuer && issuer.protocol === 'http:' && !loopbackHosts.has(issuer.hostname))
      problems.push({
        field: `/${i}/issuer`,
        rule: 'https',
        message: 'must use https (plain http only for a provider on this machine: 127.0.0.1, localhost, [::1])',
      });
    if (!p.scopes.includes('openid'))
      problems.push({ field: `/${i}/scopes`, rule: 'openid', message: 'must include openid' });
    if (p.createAccounts && p.match === 'username')
      problems.push({
        field: `/${i}/createAccounts`,
        rule: 'needs-person',
        message:
          'needs match email or identifier:<kind>: an account is only ever created for the person the claim names',
      });
    for (const [j, r] of p.roles.entries()) {
      if ((r.role === 'orgadmin') !== (r.orgId != null))
        problems.push({
          field: `/${i}/roles/${j}/orgId`,
          rule: 'required-for-orgadmin',
          message: 'is required for orgadmin and only for orgadmin',
        });
      if ((r.role === 'office') !== (r.office != null))
        problems.push({
          field: `/${i}/roles/${j}/office`,
          rule: 'required-for-office',
          message: 'is required for office and only for office',
        });
    }
  }
  return problems;
}

/**
 * Where to send the browser after signing in: a path of Steward's own ("/ui/people/4?tab=x"), never another site
 * (`//evil.example`, `/\evil.example`, `https://…`) nor one of the sign-in's own URLs. Anything else is "/ui/".
 */
export function safeReturnTo(raw: string | undefined): string {
  if (!raw || raw.length > 2000) return '/ui/';
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/ui/';
  if ([...raw].some((c) => c.charCodeAt(0) < 0x20 || c === '\x7f' || c === '\\')) return '/ui/';
  let url: URL;
  try {
    url = new URL(raw, 'http://steward.invalid');
  } catch {
    return '/ui/';
  }
  if (url.origin !== 'http://steward.invalid' || url.pathname.startsWith('/auth/')) return '/ui/';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** A claim's value as text, or null when it is missing, empty or not a string. */
export function claimText(claims: Record<string, unknown>, name: string): string | null {
  const value = claims[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Why the claim cannot name anyone, or null: an email must look like one and not be marked unverified. */
export function claimProblem(rule: MatchRule, claims: Record<string, unknown>, claim: string): string | null {
  const value = claimText(claims, claim);
  if (value === null) return `the provider did not send the claim ${claim}`;
  if (rule.kind !== 'email') return null;
  if (!/^[^\s@]+@[^\s@]+$/.test(value)) return `the claim ${claim} is not an email address (${value})`;
  if (claim === 'email' && claims.email_verified === false) return `the provider has not verified ${value}`;
  return null;
}

const usernamePattern = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/**
 * The username of an account created at sign-in: the provider's preferred_username when it is a valid username, else
 * the claim's text before any "@", made lowercase with other characters turned into dashes. `taken` says whether a
 * name is in use; then -2, -3 … are tried.
 */
export function newUsername(
  claims: Record<string, unknown>,
  claimValue: string,
  taken: (name: string) => boolean,
): string {
  const preferred = claimText(claims, 'preferred_username')?.toLowerCase();
  const base =
    preferred && usernamePattern.test(preferred)
      ? preferred
      : (claimValue.split('@')[0] ?? '')
          .toLowerCase()
          .replace(/[^a-z0-9._-]+/g, '-')
          .replace(/^[^a-z0-9]+/, '')
          .slice(0, 56);
  const stem = usernamePattern.test(base) ? base : `user-${base}`.slice(0, 56).replace(/[^a-z0-9]+$/, '') || 'user';
  if (!taken(stem)) return stem;
  for (let n = 2; ; n++) if (!taken(`${stem}-${n}`)) return `${stem}-${n}`;
}
