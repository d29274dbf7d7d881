import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { groupsApi } from '../groups/world.ts';
import { application, assign, check, decision, ok, resources, role, unit } from './world.ts';

/**
 * The decision point over the groups capability's own tables and change-log entries:
 * nested groups through the groups API, a role assigned to the outer group, membership
 * dates, and removal — the index follows `group_effective` changes by itself.
 */
let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ start: '2026-09-01T12:00:00Z' });
});
afterAll(async () => t.close());

describe('roles held through real groups', () => {
  it("grants through a nested group, ends with the membership's disabled-at and goes when the member is removed", async () => {
    const g = groupsApi(t);
    await unit(t, 'UNI');
    const folder = await g.folder('lib');
    const ala = await g.group(folder.id, 'ala-members');
    const schools = await g.group(folder.id, 'ala-schools');
    await g.add(ala.id, { groupId: schools.id, reason: 'schools are members' });
    const librarian = await g.person('Librarian');
    const visitor = await g.person('Visitor');
    const week = new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString();
    await g.add(schools.id, { personId: librarian, reason: 'roster', disabledAt: week });
    await g.add(schools.id, { personId: visitor, reason: 'roster' });
    await application(t, 'survey');
    await resources(t, 'survey', [['questions', null]]);
    const respondent = await role(t, 'survey', 'respondent', [{ action: 'WRITE', resource: 'questions' }]);
    await assign(t, {
      roleId: respondent,
      subjects: [{ type: 'group', id: ala.id }],
      scopes: [{ kind: 'everywhere' }],
    });

    const d = await check(t, librarian, 'survey', 'WRITE', 'questions');
    expect(d.decision).toBe('allow');
    expect(d.reasons[0]).toMatchObject({ step: 'group', id: ala.id });
    t.clock.advanceDays(8);
    expect(await decision(t, librarian, 'survey', 'WRITE', 'questions')).toBe('deny');
    expect(await decision(t, visitor, 'survey', 'WRITE', 'questions')).toBe('allow');
    // Removing the visitor from the inner group is seen by the index from the change log.
    await ok(
      t,
      'DELETE',
      `/groups/${schools.id}/members/${(await memberships(t, schools.id)).find((x) => x.personId === visitor)!.id}`,
    );
    await vi.waitFor(async () => expect(await decision(t, visitor, 'survey', 'WRITE', 'questions')).toBe('deny'), {
      timeout: 60_000,
      interval: 50,
    });
  });
});

async function memberships(t: TestApp, groupId: number): Promise<{ id: number; personId: number | null }[]> {
  const r = await t.call(t.tokens.admin, { method: 'GET', url: `/groups/${groupId}/members` });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}
