import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientActor, type Actor, type RoleGrant } from '../../src/platform/auth/actor.ts';
import { can } from '../../src/platform/auth/policy.ts';
import { guestReadScopes } from '../../src/guests/guest-policy.ts';
import { allCases } from './route-cases/index.ts';
import type { RouteCase } from './route-case.ts';
import { makeRouteFixture, type ActorName, type RouteFixture } from './route-fixture.ts';
import { needOf, type RouteNeed } from './route-permissions.ts';
import { requestBuilder, type Reuse } from './route-requests.ts';

/**
 * Every private route as every kind of actor: the answer must be what `can()` in policy.ts says the actor's roles
 * allow (derived here, not recorded from the server):
 * - `unauth`: 401 (no credentials, an expired token);
 * - `deny`: 403 with a problem (`refused`: or 404, for a row the caller may not see);
 * - `allow`: neither 401 nor 403 (the case's request may still be refused for its data, e.g. 404 or 409);
 * - `either`: not 401, but 403 is allowed (the permission depends on the target: a scoped grant, a guest's own
 *   guarantor or sponsor, a group privilege, a guest request's approver).
 */
type Outcome = 'unauth' | 'deny' | 'refused' | 'allow' | 'either';

const actorNames: ActorName[] = [
  'admin',
  'auditor',
  'orgadmin',
  'orgadminElsewhere',
  'nobody',
  'client',
  'approver',
  'desk',
  'sponsor',
  'expired',
  'none',
];

/** The actor each name signs in as, with the roles the fixture gives it (expired and none sign in as nobody). */
function actorsOf(fx: RouteFixture): Partial<Record<ActorName, Actor>> {
  const user = (name: string, roles: RoleGrant[]): Actor => ({ kind: 'user', id: 1, name, roles });
  const grant = (role: RoleGrant['role'], orgPath: string | null = null, office: string | null = null): RoleGrant => ({
    role,
    orgId: null,
    orgPath,
    office,
  });
  return {
    admin: user('root', [grant('sysadmin')]),
    auditor: user('auditor', [grant('auditor')]),
    orgadmin: user('orgadmin-a', [grant('orgadmin', `/${fx.org.root}/${fx.org.facultyA}/`)]),
    orgadminElsewhere: user('orgadmin-b', [grant('orgadmin', `/${fx.org.root}/${fx.org.facultyB}/`)]),
    nobody: user('nobody', []),
    client: clientActor('route-client', null),
    approver: user('approver', []),
    desk: user('card-desk', [grant('office', null, 'card-desk')]),
    sponsor: user('sponsor', []),
  };
}

/** The outcome the policy allows for this actor on a route of this need. */
function expected(actor: Actor | undefined, need: RouteNeed): Outcome {
  if (!actor) return 'unauth';
  const isUser = actor.kind === 'user';
  if (need.kind === 'self') return isUser ? 'allow' : 'deny';
  if (need.kind === 'request') return can(actor, 'guests:request') ? 'either' : 'deny';
  const p = need.permission;
  if (!can(actor, p)) {
    if (isUser && (need.party || need.privileged || need.own)) return 'either';
    return need.hides ? 'refused' : 'deny';
  }
  if (need.party && guestReadScopes(actor) !== null) return 'either';
  // Held in general but not everywhere: whether this request's target lies in scope (or office) decides.
  const scopedAway = !can(actor, p, { orgPaths: ['/0/'] }) || !can(actor, p, { office: 'no-such-office' });
  return scopedAway ? 'either' : 'allow';
}

/**
 * No or an expired token (401), or a decision client off the decision point (403), is answered before the handler;
 * a 403 changes nothing. ('refused' may be a 404 for a row, so it keeps fresh rows.)
 */
function reuseFor(name: ActorName, outcome: Outcome): Reuse {
  if (outcome === 'unauth' || (name === 'client' && (outcome === 'deny' || outcome === 'refused'))) return 'early';
  return outcome === 'deny' ? 'refused' : 'fresh';
}

function fits(outcome: Outcome, status: number, contentType: string): boolean {
  if (status >= 500) return false;
  if (outcome === 'unauth') return status === 401;
  const problem = contentType.includes('application/problem+json');
  if (outcome === 'deny') return status === 403 && problem;
  if (outcome === 'refused') return (status === 403 || status === 404) && problem;
  if (outcome === 'allow') return status !== 401 && status !== 403;
  return status !== 401;
}

describe('every private route as every kind of actor', () => {
  let fx: RouteFixture;
  let cases: RouteCase[];
  let build: ReturnType<typeof requestBuilder>;
  const counts: Record<string, Record<string, number>> = {};
  beforeAll(async () => {
    fx = await makeRouteFixture();
    build = requestBuilder(fx);
    const openapi = (await fx.t.server.inject({ method: 'GET', url: '/openapi.json' })).json();
    const routes = new Set<string>();
    for (const [path, methods] of Object.entries(
      openapi.paths as Record<string, Record<string, { security?: unknown[] }>>,
    )) {
      for (const [method, op] of Object.entries(methods)) {
        if (Array.isArray(op.security) && op.security.length === 0) continue;
        routes.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
      }
    }
    cases = allCases.filter((c) => routes.has(c.route));
    expect(cases.length).toBe(routes.size);
    // Changing one's own password comes last, in case it ends the account's other credentials.
    cases.sort((a, b) => Number(a.route === 'POST /auth/password') - Number(b.route === 'POST /auth/password'));
  });
  afterAll(async () => {
    if (!fx) return;
    console.log(`actor matrix: ${cases.length} private routes × ${actorNames.length} actors`);
    console.table(counts);
    await fx.t.close();
  });

  for (const name of actorNames) {
    it(`answers ${name} as its roles allow on every private route`, async () => {
      const actor = actorsOf(fx)[name];
      const wrong: string[] = [];
      const tally: Record<string, number> = {};
      for (const c of cases) {
        const outcome = expected(actor, needOf(c.route));
        const response = await fx.call(name, await build(c, name, reuseFor(name, outcome)));
        const status = response.statusCode;
        const bucket = status < 300 ? '2xx' : String(status);
        tally[bucket] = (tally[bucket] ?? 0) + 1;
        tally[outcome] = (tally[outcome] ?? 0) + 1;
        if (!fits(outcome, status, String(response.headers['content-type'] ?? '')))
          wrong.push(`${c.route}: expected ${outcome}, got ${status} ${response.body.slice(0, 160)}`);
      }
      counts[name] = tally;
      expect(wrong).toEqual([]);
    });
  }
});
