import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignmentAbilities, maySee, type ScopeAt } from '../../src/access/access-policy.ts';
import type { Actor, RoleGrant } from '../../src/platform/auth/actor.ts';
import { can } from '../../src/platform/auth/policy.ts';
import type { RoleName } from '../../src/platform/db/schema.ts';
import { makeTestApp, type TestApp } from '../harness.ts';
import { rng } from './random-grants.ts';
import { application, assign, person, resources, role, unit } from './world.ts';

/**
 * The SQL filters of the assignment list and the per-scope counts against the pure policy (access-policy.ts), on a
 * random unit tree, random assignments and random callers: each caller is shown exactly the assignments `maySee`
 * allows, counted alike, each carrying the abilities `assignmentAbilities` gives.
 */
let t: TestApp;
const random = rng(20_261_109);
const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
const units: { id: number; path: string }[] = [];
const scopeOf = new Map<number, ScopeAt>();
let roleIds: number[] = [];

beforeAll(async () => {
  t = await makeTestApp();
  const root = await unit(t, 'ROOT');
  const ids = [root];
  for (let i = 0; i < 14; i++) ids.push(await unit(t, `U${i}`, pick(ids)));
  const rows = await t.db().selectFrom('org_units').select(['id', 'path']).where('id', 'in', ids).execute();
  units.push(...rows);
  await application(t, 'vis');
  await resources(t, 'vis', [['things', null]]);
  roleIds = [
    await role(t, 'vis', 'reader', [{ action: 'read', resource: 'things' }]),
    await role(t, 'vis', 'writer', [{ action: 'write', resource: 'things' }]),
  ];
  const people = [await person(t, 'Vera', root), await person(t, 'Vic', root), await person(t, 'Val', root)];
  for (let i = 0; i < 12; i++) {
    const scopes = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
      const r = random();
      return r < 0.15
        ? { kind: 'everywhere' }
        : r < 0.25
          ? { kind: 'affiliation' }
          : { kind: 'org', orgId: pick(units).id };
    });
    const subjects = people.filter(() => random() < 0.6).map((id) => ({ type: 'person', id }));
    if (subjects.length === 0) subjects.push({ type: 'person', id: people[0] });
    const made = await assign(t, { roleId: pick(roleIds), subjects, scopes });
    expect(made.length).toBe(subjects.length * scopes.length);
  }
  const all = await t
    .db()
    .selectFrom('access_assignments as s')
    .leftJoin('org_units as o', 'o.id', 's.org_id')
    .select(['s.id', 's.scope_kind', 's.org_id', 'o.path'])
    .execute();
  for (const a of all) scopeOf.set(a.id, { kind: a.scope_kind, orgId: a.org_id, orgPath: a.path });
});
afterAll(async () => t.close());

/** Random callers: the fixed kinds, and organisation administrators of one or two random units. */
function callers(): { name: string; roles: { role: RoleName; orgId?: number; office?: string }[] }[] {
  const out: ReturnType<typeof callers> = [
    { name: 'sys', roles: [{ role: 'sysadmin' }] },
    { name: 'aud', roles: [{ role: 'auditor' }] },
    { name: 'lib', roles: [{ role: 'office', office: 'library' }] },
    { name: 'none', roles: [] },
  ];
  for (let i = 0; i < 10; i++) {
    const orgIds = new Set(Array.from({ length: 1 + Math.floor(random() * 2) }, () => pick(units).id));
    out.push({ name: `oa${i}`, roles: [...orgIds].map((orgId) => ({ role: 'orgadmin' as const, orgId })) });
  }
  return out;
}

const actorOf = (name: string, roles: { role: RoleName; orgId?: number; office?: string }[]): Actor => ({
  kind: 'user',
  id: 1,
  name,
  roles: roles.map((r): RoleGrant => ({
    role: r.role,
    orgId: r.orgId ?? null,
    orgPath: r.orgId === undefined ? null : units.find((u) => u.id === r.orgId)!.path,
    office: r.office ?? null,
  })),
});

describe('who sees which assignments', () => {
  it('lists and counts for each caller exactly what the policy lets them see, with the abilities it gives', async () => {
    expect(scopeOf.size).toBeGreaterThan(20);
    let someSeeSome = false;
    let someSeeNone = false;
    for (const c of callers()) {
      const actor = actorOf(c.name, c.roles);
      const token = await t.tokenFor(`viewer-${c.name}`, c.roles);
      const listed = await t.call(token, { method: 'GET', url: '/access/assignments?limit=5000' });
      const counted = await t.call(token, { method: 'GET', url: '/access/counts' });
      if (!can(actor, 'access:read')) {
        expect([listed.statusCode, counted.statusCode]).toEqual([403, 403]);
        continue;
      }
      const expected = [...scopeOf].filter(([, s]) => maySee(actor, s)).map(([id]) => id);
      const rows = listed.json() as { id: number; abilities: { update: boolean; revoke: boolean } }[];
      expect(
        rows.map((r) => r.id),
        `${c.name} ${JSON.stringify(c.roles)}`,
      ).toEqual(expected.sort((a, b) => a - b));
      for (const r of rows) expect(r.abilities).toEqual(assignmentAbilities(actor, scopeOf.get(r.id)!));
      const people = (counted.json() as { people: number; groups: number }[]).reduce((n, r) => n + r.people, 0);
      expect(people, `${c.name} counts`).toBe(expected.length);
      someSeeSome ||= expected.length > 0 && expected.length < scopeOf.size;
      someSeeNone ||= expected.length === 0;
    }
    // The random world reaches the interesting cases: callers who see part, callers who see nothing.
    expect([someSeeSome, someSeeNone]).toEqual([true, true]);
  });

  it('hides an assignment a caller may not see when asked for it by id', async () => {
    const hidden = [...scopeOf].find(([, s]) => s.kind === 'everywhere');
    expect(hidden).toBeDefined();
    const token = await t.tokenFor('viewer-one-unit', [{ role: 'orgadmin', orgId: units[1].id }]);
    const r = await t.call(token, { method: 'GET', url: `/access/assignments/${hidden![0]}` });
    expect(r.statusCode).toBe(404);
  });
});
