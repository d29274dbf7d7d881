import { afterAll, beforeAll, expect } from 'vitest';
import { makeTestApp } from '../harness.ts';
import { startSlapd } from '../support/slapd.ts';
import type { TestApp } from '../harness.ts';
import { addOrg, createPerson } from '../registry/world.ts';
import { addType } from '../status/world.ts';
import type { Slapd } from '../support/slapd.ts';

/**
 * A small school district for the provisioning stories: DIST with the schools HILL and
 * RIVER; the status type Learner (from learner affiliations); an LDAP target on the test's
 * slapd whose accounts live under ou=steward,dc=example,dc=edu.
 */
export const BASE = 'ou=steward,dc=example,dc=edu';
export const GROUPS = `ou=groups,${BASE}`;

export async function districtWorld(t: TestApp) {
  const dist = await addOrg(t, 'DIST');
  const hill = await addOrg(t, 'HILL', dist);
  const river = await addOrg(t, 'RIVER', dist);
  await addType(t, { name: 'Learner', rank: 500, category: 'student', match: { kinds: ['learner'] } });
  return { org: { dist, hill, river } };
}

export async function learner(t: TestApp, given: string, family: string, username: string, orgId: number) {
  return (
    await createPerson(t, {
      givenName: given,
      familyName: family,
      identifiers: [{ kind: 'username', value: username }],
      affiliation: { orgId, kind: 'learner', validFrom: '2025-09-01' },
    })
  ).id;
}

export async function api(t: TestApp, method: string, url: string, payload?: unknown, headers = {}) {
  const r = await t.call(t.tokens.admin, { method: method as 'GET', url, payload: payload as object, headers });
  expect(r.statusCode, `${method} ${url}: ${r.body}`).toBeLessThan(300);
  return r.statusCode === 204 ? null : r.json();
}

export async function ldapTarget(t: TestApp, slapd: Slapd, extra: Record<string, unknown> = {}) {
  return api(t, 'POST', '/provision/targets', {
    name: 'district-ad',
    label: 'District directory',
    kind: 'ldap',
    settings: { url: slapd.url, bindDn: slapd.bindDn, baseDn: BASE, groupsDn: GROUPS, timeoutSeconds: 5 },
    secrets: { password: slapd.password },
    selection: { statuses: ['Learner'] },
    mappings: {
      cn: '{displayName}',
      sn: '{familyName}',
      givenName: '{givenName}',
      displayName: '{displayName}',
      uid: '{username}',
      sAMAccountName: '{username}',
      userPrincipalName: '{username}@district.example.edu',
      eduPersonAffiliation: '{affiliations}',
    },
    ...extra,
  });
}

export async function run(t: TestApp, name = 'district-ad') {
  const report = await api(t, 'POST', `/provision/targets/${name}/run`);
  return report as { error: string | null; held: boolean; accounts: Record<string, number> };
}

/** The account entries under the base, read with ldapsearch: uid → { dn, attributes }. */
export async function accounts(slapd: Slapd) {
  const found = await slapd.search(BASE, '(objectClass=inetOrgPerson)', [
    'uid',
    'cn',
    'userAccountControl',
    'sAMAccountName',
  ]);
  return new Map(found.map((e) => [e.attributes.uid?.[0] ?? e.dn, e]));
}

export async function members(slapd: Slapd, group: string) {
  const found = await slapd.search(`cn=${group},${GROUPS}`, '(objectClass=*)', ['member']);
  return (found[0]?.attributes.member ?? []).map((m) => m.toLowerCase()).sort();
}

/** The target as read, without what Steward keeps itself. */
type TargetDefinitionView = Record<string, unknown> & {
  selection: Record<string, unknown>;
  groups: unknown[];
};

/** Changes the district target (If-Match with the version read): `change` gets the definition as read. */
export async function changeTarget(t: TestApp, change: (def: TargetDefinitionView) => Record<string, unknown>) {
  const target = await api(t, 'GET', '/provision/targets/district-ad');
  const definition = Object.fromEntries(
    Object.entries(target).filter(
      ([key]) =>
        ![
          'id',
          'name',
          'secretsSet',
          'state',
          'cursor',
          'hold',
          'lastRunAt',
          'lastError',
          'counts',
          'version',
        ].includes(key),
    ),
  );
  return api(t, 'PUT', '/provision/targets/district-ad', change(definition as TargetDefinitionView), {
    'if-match': `"${target.version}"`,
  });
}

/** A slapd and a Steward with the district for one test file, stopped after it. */
export function ldapFile() {
  const ctx = {} as { t: TestApp; slapd: Slapd; world: Awaited<ReturnType<typeof districtWorld>> };
  beforeAll(async () => {
    ctx.slapd = await startSlapd();
    ctx.t = await makeTestApp();
    ctx.world = await districtWorld(ctx.t);
  });
  afterAll(async () => {
    await ctx.t?.close();
    await ctx.slapd?.stop();
  });
  return ctx;
}
