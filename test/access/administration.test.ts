import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { application, assign, decision, ok, person, resources, role, unit } from './world.ts';

/**
 * Role administration: many scopes at once (all or nothing), per-scope counts, delegated
 * administrators who see and assign only within their subtree, and bad input refused
 * naming field and rule with nothing changed. Every change is audited and change-logged.
 */
let t: TestApp;
let uni: number;
let schools: number[];
let elsewhere: number;
let clerk: number;
let teacher: number;
let admin: string;
beforeAll(async () => {
  t = await makeTestApp();
  uni = await unit(t, 'UNI');
  const district = await unit(t, 'DISTRICT', uni);
  schools = [await unit(t, 'S1', district), await unit(t, 'S2', district), await unit(t, 'S3', district)];
  elsewhere = await unit(t, 'OTHER', uni);
  await application(t, 'vle2');
  await resources(t, 'vle2', [['courses', null]]);
  clerk = await role(t, 'vle2', 'registrar', [{ action: 'enrol', resource: 'courses' }]);
  teacher = await person(t, 'Tess', schools[0]);
  admin = await t.tokenFor('district-admin', [{ role: 'orgadmin', orgId: district }]);
});
afterAll(async () => t.close());

const count = async (table: 'access_assignments' | 'audit_log' | 'change_log') =>
  Number(
    (
      await t
        .db()
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('role administration', () => {
  it('assigns a role to many scopes in one call, audited and change-logged, and counts per scope and role', async () => {
    const audits = await count('audit_log');
    const changes = await count('change_log');
    const made = await assign(
      t,
      {
        roleId: clerk,
        subjects: [{ type: 'person', id: teacher }],
        scopes: schools.map((orgId) => ({ kind: 'org', orgId })),
        reason: 'new term',
      },
      admin,
    );
    expect(made).toHaveLength(3);
    expect(await count('audit_log')).toBe(audits + 3);
    expect(await count('change_log')).toBe(changes + 3);
    for (const s of schools) expect(await decision(t, teacher, 'vle2', 'enrol', 'courses', s)).toBe('allow');
    expect(await decision(t, teacher, 'vle2', 'enrol', 'courses', elsewhere)).toBe('deny');
    const counts = await ok<{ orgCode: string; role: string; people: number }[]>(
      t,
      'GET',
      '/access/counts?application=vle2',
      undefined,
      admin,
    );
    expect(counts.map((c) => [c.orgCode, c.role, c.people])).toEqual([
      ['S1', 'registrar', 1],
      ['S2', 'registrar', 1],
      ['S3', 'registrar', 1],
    ]);
  });

  it('refuses the whole batch when one scope lies outside the delegated subtree, changing nothing', async () => {
    const before = await count('access_assignments');
    const r = await t.call(admin, {
      method: 'POST',
      url: '/access/assignments',
      payload: {
        roleId: clerk,
        subjects: [{ type: 'person', id: teacher }],
        scopes: [
          { kind: 'org', orgId: schools[1] },
          { kind: 'org', orgId: elsewhere },
        ],
      },
    });
    expect(r.statusCode).toBe(403);
    // The refusal names the scope outside the subtree, so a form shows it beside that scope.
    expect(r.json().errors).toEqual([expect.objectContaining({ field: '/scopes/1/orgId', rule: 'within-your-units' })]);
    const everywhere = await t.call(admin, {
      method: 'POST',
      url: '/access/assignments',
      payload: { roleId: clerk, subjects: [{ type: 'person', id: teacher }], scopes: [{ kind: 'everywhere' }] },
    });
    expect(everywhere.statusCode).toBe(403);
    expect(everywhere.json().errors).toEqual([
      expect.objectContaining({ field: '/scopes/0/kind', rule: 'sysadmin-only' }),
    ]);
    expect(await count('access_assignments')).toBe(before);
  });

  it('shows a delegated administrator only the assignments within their scopes', async () => {
    await assign(t, {
      roleId: clerk,
      subjects: [{ type: 'person', id: teacher }],
      scopes: [{ kind: 'org', orgId: elsewhere }],
    });
    const mine = await ok<{ scope: { orgCode: string } }[]>(
      t,
      'GET',
      '/access/assignments?application=vle2',
      undefined,
      admin,
    );
    expect(mine.map((a) => a.scope.orgCode).sort()).toEqual(['S1', 'S2', 'S3']);
    const all = await ok<unknown[]>(t, 'GET', '/access/assignments?application=vle2', undefined, t.tokens.auditor);
    expect(all).toHaveLength(4);
    const counts = await ok<{ orgCode: string }[]>(t, 'GET', '/access/counts?application=vle2', undefined, admin);
    expect(counts.map((c) => c.orgCode)).not.toContain('OTHER');
  });

  it('changes dates with If-Match and refuses a stale version', async () => {
    const [a] = await assign(t, {
      roleId: clerk,
      subjects: [{ type: 'person', id: teacher }],
      scopes: [{ kind: 'org', orgId: schools[2] }],
    });
    const until = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
    const missing = await t.call(admin, {
      method: 'PATCH',
      url: `/access/assignments/${a.id}`,
      payload: { enabledUntil: until },
    });
    expect(missing.statusCode).toBe(428);
    await ok(t, 'PATCH', `/access/assignments/${a.id}`, { enabledUntil: until }, admin, {
      'if-match': `"${a.version}"`,
    });
    const stale = await t.call(admin, {
      method: 'PATCH',
      url: `/access/assignments/${a.id}`,
      payload: { enabledUntil: null },
      headers: { 'if-match': `"${a.version}"` },
    });
    expect(stale.statusCode).toBe(412);
  });
});

describe('bad input is refused naming field and rule, nothing changed', () => {
  const refused = async (url: string, payload: unknown, status: number, field?: string, rule?: string) => {
    const before = await count('audit_log');
    const r = await t.call(t.tokens.admin, { method: 'POST', url, payload: payload as never });
    expect(r.statusCode, r.body).toBe(status);
    expect(r.headers['content-type']).toContain('application/problem+json');
    if (field) expect(r.json().errors).toContainEqual(expect.objectContaining({ field, rule }));
    expect(await count('audit_log')).toBe(before);
  };

  it('unknown subjects, scopes and roles', async () => {
    await refused(
      '/access/assignments',
      { roleId: clerk, subjects: [{ type: 'person', id: 999_999 }], scopes: [{ kind: 'org', orgId: uni }] },
      400,
      '/subjects/0/id',
      'exists',
    );
    await refused(
      '/access/assignments',
      { roleId: clerk, subjects: [{ type: 'person', id: teacher }], scopes: [{ kind: 'org', orgId: 999_999 }] },
      400,
      '/scopes/0/orgId',
      'exists',
    );
    await refused(
      '/access/assignments',
      { roleId: clerk, subjects: [{ type: 'person', id: teacher }], scopes: [{ kind: 'org' }] },
      400,
      '/scopes/0/orgId',
      'required',
    );
    await refused(
      '/access/assignments',
      { roleId: 999_999, subjects: [{ type: 'person', id: teacher }], scopes: [{ kind: 'everywhere' }] },
      404,
    );
  });

  it('dates out of order and bad limits', async () => {
    await refused(
      '/access/assignments',
      {
        roleId: clerk,
        subjects: [{ type: 'person', id: teacher }],
        scopes: [{ kind: 'everywhere' }],
        enabledFrom: '2026-10-01T00:00:00Z',
        enabledUntil: '2026-09-01T00:00:00Z',
      },
      400,
      '/enabledUntil',
      'date-order',
    );
    await refused(
      `/access/roles/${clerk}/permissions`,
      { action: 'view', resource: 'courses', limits: [{ kind: 'time-window', from: '8am', to: '22:00' }] },
      400,
      '/limits/0/from',
      'format:time',
    );
    await refused(
      `/access/roles/${clerk}/permissions`,
      { action: 'view', resource: 'nowhere' },
      400,
      '/resource',
      'exists',
    );
  });

  it('implication cycles, unknown zones and resource cycles', async () => {
    await refused(
      '/access/applications',
      { name: 'cyclic', label: 'x', implications: { a: ['b'], b: ['a'] } },
      400,
      '/implications',
      'cycle',
    );
    await refused(
      '/access/applications',
      { name: 'zoned', label: 'x', timeZone: 'Mars/Olympus' },
      400,
      '/timeZone',
      'time-zone',
    );
    await resources(t, 'vle2', [['maths', 'courses']]);
    const list = await ok<{ id: number; name: string; version: number }[]>(
      t,
      'GET',
      '/access/applications/vle2/resources',
    );
    const courses = list.find((r) => r.name === 'courses')!;
    const r = await t.call(t.tokens.admin, {
      method: 'PATCH',
      url: `/access/resources/${courses.id}`,
      payload: { parent: 'maths' },
      headers: { 'if-match': `"${courses.version}"` },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0]).toMatchObject({ field: '/parent', rule: 'cycle' });
  });

  it('refuses to delete a role that is assigned or a resource in use', async () => {
    expect((await t.call(t.tokens.admin, { method: 'DELETE', url: `/access/roles/${clerk}` })).statusCode).toBe(409);
    const list = await ok<{ id: number; name: string }[]>(t, 'GET', '/access/applications/vle2/resources');
    expect(
      (
        await t.call(t.tokens.admin, {
          method: 'DELETE',
          url: `/access/resources/${list.find((r) => r.name === 'courses')!.id}`,
        })
      ).statusCode,
    ).toBe(409);
  });
});
