import { byPriority, type StatusMatch, type StatusType } from './status-types.ts';

/**
 * Which status types an affiliation gives. Pure. `matches` answers for one type and one
 * affiliation (the person page's "why"); `compileMatchers` answers for all types at once
 * and is what a full recompute over millions of affiliations uses: the source and kind
 * criteria are resolved once per (source, kind) pair and cached, so each affiliation only
 * runs the remaining code, org-subtree and attribute tests of the few types that can apply.
 */

/** One affiliation as the status rules see it (joined with its org unit's path and code). */
export interface AffiliationFact {
  id: number;
  personId: number;
  source: string;
  kind: string;
  orgId: number;
  /** Materialised path of the org unit, e.g. /1/4/9/. */
  orgPath: string;
  orgCode: string;
  title: string | null;
  codes: string[];
  validFrom: string | null;
  validTo: string | null;
  attributes: Record<string, string>;
}

type Predicate = (fact: AffiliationFact) => boolean;

/** All status types an affiliation gives, highest priority first. */
export type Matcher = (fact: AffiliationFact) => StatusType[];

function codeTest(patterns: readonly string[]): Predicate {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const p of patterns) {
    if (p.endsWith('%')) prefixes.push(p.slice(0, -1));
    else exact.add(p);
  }
  return (fact) => {
    for (const code of fact.codes) {
      if (exact.has(code)) return true;
      for (const prefix of prefixes) if (code.startsWith(prefix)) return true;
    }
    return false;
  };
}

function attributeTest(wanted: Record<string, string | string[]>): Predicate {
  const entries = Object.entries(wanted).map(([key, v]) => [key, new Set(typeof v === 'string' ? [v] : v)] as const);
  return (fact) => {
    for (const [key, values] of entries) {
      const value = fact.attributes[key];
      if (value === undefined || !values.has(value)) return false;
    }
    return true;
  };
}

/** The tests beyond source and kind (codes, org subtree, attributes), or null when there are none. */
function residualTest(match: StatusMatch): Predicate | null {
  const tests: Predicate[] = [];
  if (match.codes) tests.push(codeTest(match.codes));
  if (match.orgPath !== undefined) {
    const path = match.orgPath;
    tests.push((fact) => fact.orgPath.startsWith(path));
  }
  if (match.attributes) tests.push(attributeTest(match.attributes));
  if (tests.length === 0) return null;
  if (tests.length === 1) return tests[0];
  return (fact) => tests.every((t) => t(fact));
}

function sourceAndKindHold(match: StatusMatch, source: string, kind: string): boolean {
  return (
    (match.sources === undefined || match.sources.includes(source)) &&
    (match.kinds === undefined || match.kinds.includes(kind))
  );
}

/** True if the affiliation gives the status: every criterion the type sets holds. */
export function matches(type: StatusType, fact: AffiliationFact): boolean {
  if (!sourceAndKindHold(type.match, fact.source, fact.kind)) return false;
  const rest = residualTest(type.match);
  return rest === null || rest(fact);
}

interface Candidate {
  type: StatusType;
  test: Predicate | null;
}

/**
 * One function that gives, for any affiliation, every status type it matches in priority
 * order (rank, then id). Build it once per recompute; it treats the types as fixed.
 */
export function compileMatchers(types: readonly StatusType[]): Matcher {
  const compiled: Candidate[] = byPriority(types).map((type) => ({ type, test: residualTest(type.match) }));
  const bySourceKind = new Map<string, Candidate[]>();
  return (fact) => {
    const key = `${fact.source}\u0000${fact.kind}`;
    let candidates = bySourceKind.get(key);
    if (candidates === undefined) {
      candidates = compiled.filter((c) => sourceAndKindHold(c.type.match, fact.source, fact.kind));
      bySourceKind.set(key, candidates);
    }
    const found: StatusType[] = [];
    for (const c of candidates) if (c.test === null || c.test(fact)) found.push(c.type);
    return found;
  };
}
