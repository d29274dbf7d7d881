import { nameToken, type PersonName } from './names.ts';

/**
 * Name-based patterns for usernames and email local parts, e.g. "{g1}{family}",
 * "{given}.{family}{n}". Pure: renders candidates; the minting service decides which are free.
 *
 * Tokens: {given} {middle} {family} {preferred} (whole name part, letters and digits only),
 * {gN} {mN} {fN} {pN} (its first N letters, N = 1..9), and {n} (a number, only at the end:
 * the first number not yet taken). A pattern whose name part is missing (no middle name) is
 * skipped rather than rendered short.
 */
type Part = { literal: string } | { token: 'given' | 'middle' | 'family' | 'preferred'; length?: number };

export interface ParsedPattern {
  source: string;
  parts: Part[];
  numbered: boolean;
}

const tokenNames = {
  given: 'given',
  middle: 'middle',
  family: 'family',
  preferred: 'preferred',
  g: 'given',
  m: 'middle',
  f: 'family',
  p: 'preferred',
} as const;

/** Parses a pattern; the error names what is wrong ("unknown token {x}"). */
export function parsePattern(source: string, literals: RegExp): { pattern?: ParsedPattern; error?: string } {
  const parts: Part[] = [];
  let numbered = false;
  const re = /\{([^}]*)\}|([^{}]+)|([{}])/g;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    if (numbered) return { error: '{n} must come last' };
    if (m[3]) return { error: `unbalanced ${m[3]}` };
    if (m[2] !== undefined) {
      if (!literals.test(m[2])) return { error: `"${m[2]}" has characters not allowed here` };
      parts.push({ literal: m[2] });
      continue;
    }
    const name = m[1];
    if (name === 'n') {
      numbered = true;
      continue;
    }
    const whole = tokenNames[name as keyof typeof tokenNames];
    const prefix = /^([gmfp])([1-9])$/.exec(name);
    if (whole && name.length > 1) parts.push({ token: whole });
    else if (prefix) parts.push({ token: tokenNames[prefix[1] as 'g'], length: Number(prefix[2]) });
    else return { error: `unknown token {${name}}` };
  }
  if (!parts.some((p) => 'token' in p)) return { error: 'must contain a name token such as {family}' };
  return { pattern: { source, parts, numbered } };
}

export interface NameTokens {
  given: string;
  middle: string;
  family: string;
  preferred: string;
}

/** The name parts as pattern material: ASCII letters and digits, lowercase. */
export function nameTokens(name: PersonName): NameTokens {
  const given = nameToken(name.givenName);
  return {
    given,
    middle: nameToken(name.middleName),
    family: nameToken(name.familyName),
    preferred: nameToken(name.preferredName) || given,
  };
}

/** The pattern applied to a name without its number, or null when a name part it uses is empty. */
export function renderStem(pattern: ParsedPattern, names: NameTokens): string | null {
  let out = '';
  for (const part of pattern.parts) {
    if ('literal' in part) {
      out += part.literal;
      continue;
    }
    const value = names[part.token];
    if (!value) return null;
    out += part.length ? value.slice(0, part.length) : value;
  }
  return out;
}

const edgePunctuation = /^[._-]+|[._-]+$/g;

/** The stem cut so that it plus a number of `numberDigits` digits fits `maxLength`, without dangling punctuation. */
export function fitStem(stem: string, maxLength: number, numberDigits = 0): string {
  return stem.slice(0, Math.max(0, maxLength - numberDigits)).replace(edgePunctuation, '');
}

/** A candidate value: the fitted stem, then the number if the pattern has one. */
export function candidateValue(stem: string, maxLength: number, n?: number): string {
  const suffix = n === undefined ? '' : String(n);
  return fitStem(stem, maxLength, suffix.length) + suffix;
}

/**
 * The distinct fitted stems a numbered candidate of up to `maxDigits` digits can start
 * with; every value `usedNumbers` would count starts with one of them followed by a digit,
 * so the minting service reads exactly these index ranges.
 */
export function numberedPrefixes(stem: string, maxLength: number, maxDigits = 6): string[] {
  const prefixes = new Set<string>();
  for (let d = 1; d <= maxDigits; d += 1) prefixes.add(fitStem(stem, maxLength, d));
  return [...prefixes];
}
