import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { accountFor, groupsApi } from './world.ts';

describe('groups: folders and privileges', () => {
  let t: TestApp;
  let api: ReturnType<typeof groupsApi>;
  beforeAll(async () => {
    t = await makeTestApp();
    api = groupsApi(t);
  });
  afterAll(() => t.close());

  it('renames and moves folders with every name below, and refuses moving a folder into itself', async () => {
    const uni = await api.folder('uni');
    const apps = await api.folder('apps', uni.id);
    const payroll = await api.folder('payroll', apps.id);
    const roles = await api.folder('roles', payroll.id);
    const clerk = await api.group(roles.id, 'clerk');
    const renamed = await api.ok({
      method: 'PATCH',
      url: `/folders/${apps.id}`,
      headers: { 'if-match': `"${apps.version}"` },
      payload: { extension: 'applications' },
    });
    expect(renamed.name).toBe('uni:applications');
    expect((await api.ok({ method: 'GET', url: `/groups/${clerk.id}` })).name).toBe(
      'uni:applications:payroll:roles:clerk',
    );
    const into = await t.call(t.tokens.admin, {
      method: 'POST',
      url: `/folders/${apps.id}/move`,
      headers: { 'if-match': `"${renamed.version}"` },
      payload: { parentId: roles.id },
    });
    expect(into.statusCode).toBe(409);
    expect(into.json().errors[0]).toMatchObject({ field: '/parentId', rule: 'cycle' });
    const moved = await api.ok({
      method: 'POST',
      url: `/folders/${payroll.id}/move`,
      headers: { 'if-match': `"${payroll.version}"` },
      payload: { parentId: uni.id },
    });
    expect(moved.name).toBe('uni:payroll');
    expect((await api.ok({ method: 'GET', url: '/groups/by-name/uni:payroll:roles:clerk' })).id).toBe(clerk.id);
    const stale = await t.call(t.tokens.admin, {
      method: 'PATCH',
      url: `/folders/${payroll.id}`,
      headers: { 'if-match': `"${payroll.version}"` },
      payload: { description: 'x' },
    });
    expect(stale.statusCode).toBe(412);
    const colon = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/folders',
      payload: { parentId: uni.id, extension: 'a:b' },
    });
    expect(colon.json().errors[0]).toMatchObject({ field: '/extension', rule: 'no-colon' });
    const dup = await t.call(t.tokens.admin, {
      method: 'POST',
      url: '/folders',
      payload: { parentId: uni.id, extension: 'payroll' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().errors[0].rule).toBe('unique');
  });

  it('refuses deleting a folder that holds something and a group in use, naming the reason', async () => {
    const top = await api.folder('deltest');
    const sub = await api.folder('sub', top.id);
    const g = await api.group(sub.id, 'g');
    const h = await api.group(sub.id, 'h');
    const holds = await t.call(t.tokens.admin, { method: 'DELETE', url: `/folders/${top.id}` });
    expect(holds.statusCode).toBe(409);
    expect(holds.json().errors[0]).toMatchObject({ field: '/folders', rule: 'not-empty' });
    await api.add(h.id, { groupId: g.id });
    await api.ok(
      { method: 'POST', url: `/folders/${top.id}/privileges`, payload: { privilege: 'read', groupId: g.id } },
      201,
    );
    const used = await t.call(t.tokens.admin, { method: 'DELETE', url: `/groups/${g.id}` });
    expect(used.statusCode).toBe(409);
    expect(
      used
        .json()
        .errors.map((e: { rule: string }) => e.rule)
        .sort(),
    ).toEqual(['in-use-as-member', 'in-use-as-privilege-subject']);
    await api.ok({ method: 'DELETE', url: `/groups/${h.id}` }, 204);
    const privs = (await api.ok({ method: 'GET', url: `/folders/${top.id}/privileges` })) as Array<{ id: number }>;
    await api.ok({ method: 'DELETE', url: `/folders/${top.id}/privileges/${privs[0].id}` }, 204);
    await api.ok({ method: 'DELETE', url: `/groups/${g.id}` }, 204);
    await api.ok({ method: 'DELETE', url: `/folders/${sub.id}` }, 204);
    await api.ok({ method: 'DELETE', url: `/folders/${top.id}` }, 204);
  });

  it('checks privileges on every action: folder privileges inherit down, group holders count, opt-in and opt-out', async () => {
    const dept = await api.folder('dept');
    const teams = await api.folder('teams', dept.id);
    const team = await api.group(teams.id, 'team');
    const admins = await api.group(dept.id, 'admins');
    const carol = await api.person('Admin');
    const dave = await api.person('Outsider');
    const carolToken = await accountFor(t, 'carol', carol);
    const daveToken = await accountFor(t, 'dave', dave);
    // nobody but the administrator yet
    expect((await t.call(carolToken, { method: 'GET', url: `/groups/${team.id}` })).statusCode).toBe(403);
    // admins hold admin on the dept folder; carol is in admins: she may manage everything below
    await api.ok(
      { method: 'POST', url: `/folders/${dept.id}/privileges`, payload: { privilege: 'admin', groupId: admins.id } },
      201,
    );
    await api.add(admins.id, { personId: carol });
    const got = await t.call(carolToken, { method: 'GET', url: `/groups/${team.id}` });
    expect(got.statusCode).toBe(200);
    expect(got.json().privileges).toContain('update');
    const byCarol = await t.call(carolToken, {
      method: 'POST',
      url: `/groups/${team.id}/members`,
      payload: { personId: dave, reason: 'joins the team' },
    });
    expect(byCarol.statusCode, byCarol.body).toBe(201);
    expect(byCarol.json().addedBy).toBe('carol');
    const sub = await t.call(carolToken, {
      method: 'POST',
      url: '/groups',
      payload: { folderId: teams.id, extension: 'newteam' },
    });
    expect(sub.statusCode).toBe(201);
    // a root folder is the system administrators'
    expect(
      (await t.call(carolToken, { method: 'POST', url: '/folders', payload: { extension: 'mine' } })).statusCode,
    ).toBe(403);
    // dave, a plain member, may not read the members or add anyone
    expect((await t.call(daveToken, { method: 'GET', url: `/groups/${team.id}/members` })).statusCode).toBe(403);
    const denied = await t.call(daveToken, {
      method: 'POST',
      url: `/groups/${team.id}/members`,
      payload: { personId: carol },
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toContain('update');
    // browsing shows the way down to what one holds privileges on, and nothing else
    const roots = await t.call(carolToken, { method: 'GET', url: '/folders' });
    expect(roots.json().folders.map((f: { name: string }) => f.name)).toEqual(['dept']);
    expect(
      (await t.call(carolToken, { method: 'GET', url: `/folders?parentId=${teams.id}` }))
        .json()
        .groups.map((g: { name: string }) => g.name),
    ).toEqual(['dept:teams:newteam', 'dept:teams:team']);
    expect((await t.call(daveToken, { method: 'GET', url: '/folders' })).json().folders).toEqual([]);
    // opt-out needs optout; with it dave leaves, and opt-in brings him back
    expect((await t.call(daveToken, { method: 'POST', url: `/groups/${team.id}/opt-out` })).statusCode).toBe(403);
    await api.ok(
      { method: 'POST', url: `/groups/${team.id}/privileges`, payload: { privilege: 'optout', personId: dave } },
      201,
    );
    await api.ok(
      { method: 'POST', url: `/groups/${team.id}/privileges`, payload: { privilege: 'optin', personId: dave } },
      201,
    );
    const daveSees = await t.call(daveToken, { method: 'GET', url: `/folders?parentId=${teams.id}` });
    expect(daveSees.json().groups.map((g: { name: string }) => g.name)).toEqual(['dept:teams:team']);
    expect((await t.call(daveToken, { method: 'GET', url: `/folders?parentId=${dept.id}` })).json().groups).toEqual([]);
    expect(
      (await t.call(daveToken, { method: 'POST', url: `/groups/${team.id}/opt-out?reason=moving on` })).statusCode,
    ).toBe(204);
    expect(await api.effectiveIds(team.id)).toEqual([]);
    const back = await t.call(daveToken, {
      method: 'POST',
      url: `/groups/${team.id}/opt-in`,
      payload: { reason: 'came back' },
    });
    expect(back.statusCode, back.body).toBe(201);
    expect(await api.effectiveIds(team.id)).toEqual([dave]);
    // carol leaves admins: her privilege goes with it
    const link = ((await api.ok({ method: 'GET', url: `/groups/${admins.id}/members` })) as Array<{ id: number }>)[0];
    await api.ok({ method: 'DELETE', url: `/groups/${admins.id}/members/${link.id}` }, 204);
    expect((await t.call(carolToken, { method: 'GET', url: `/groups/${team.id}` })).statusCode).toBe(403);
    // auditors read everything and change nothing
    expect(
      (await t.call(t.tokens.auditor, { method: 'GET', url: `/groups/${team.id}/members/effective` })).statusCode,
    ).toBe(200);
    expect(
      (
        await t.call(t.tokens.auditor, {
          method: 'POST',
          url: `/groups/${team.id}/members`,
          payload: { personId: carol },
        })
      ).statusCode,
    ).toBe(403);
    // every change is audited
    const audits = await t.db().selectFrom('audit_log').select('action').where('action', 'like', 'group.%').execute();
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'group.folder.create',
        'group.create',
        'group.member.add',
        'group.member.opt-out',
        'group.privilege.grant',
        'group.member.remove',
      ]),
    );
  });
});
