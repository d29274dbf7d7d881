import type { FieldProblem } from '../errors.ts';

/**
 * Cross-site request forgery (issue 13): a browser sends the session cookie with any request
 * to Steward, whichever site made it, so a change made with the cookie must come from
 * Steward's own pages. The `Origin` header (or, without it, the `Referer`) names the page's
 * origin; it must be the server's own (the one the request was addressed to, or the
 * configured public URL). A request without either is refused when it carries the cookie
 * (browsers send Origin with every cross-origin and same-origin POST, PUT, PATCH and
 * DELETE). A request with a bearer token is not a browser's and is not checked; nor are
 * GET, HEAD and OPTIONS, which change nothing. A request without the cookie (signing in)
 * is refused only when it names a foreign origin, so another site cannot sign a browser
 * in to an account of its choosing. Pure.
 */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface OriginFacts {
  method: string;
  /** An Authorization: Bearer token came with the request. */
  bearer: boolean;
  /** The session cookie came with the request. */
  cookie: boolean;
  origin: string | undefined;
  referer: string | undefined;
  /** The origins Steward's pages are served from (scheme://host[:port]), asked only when a change comes with the cookie. */
  ownOrigins: () => readonly string[];
}

/** The origin a URL (or an Origin header) names, or null when it names none (`null`, garbage). */
export function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** Why the request must be refused as cross-site, or null when it may go on. */
export function crossSiteProblem(facts: OriginFacts): FieldProblem | null {
  if (safeMethods.has(facts.method.toUpperCase()) || facts.bearer) return null;
  const header = facts.origin !== undefined ? 'origin' : facts.referer !== undefined ? 'referer' : null;
  if (header === null) {
    if (!facts.cookie) return null;
    return {
      field: 'header/origin',
      rule: 'same-origin',
      message:
        'a change signed in by the session cookie must say where it comes from (Origin or Referer); use an API token (Authorization: Bearer) from other programs',
    };
  }
  const raw = header === 'origin' ? facts.origin! : facts.referer!;
  const own = new Set(
    facts
      .ownOrigins()
      .map(originOf)
      .filter((o) => o !== null),
  );
  const from = originOf(raw);
  if (from !== null && own.has(from)) return null;
  return {
    field: `header/${header}`,
    rule: 'same-origin',
    message: `a change with the session cookie must come from Steward's own pages (${[...own].join(', ')}), not ${from ?? JSON.stringify(raw)}`,
  };
}
