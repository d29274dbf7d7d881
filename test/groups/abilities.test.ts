import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../harness.ts';
import { accountFor, groupsApi } from './world.ts';

/** Group, folder and listing views say what the caller may do (group-policy.ts), so the web derives nothing. */
describe('group views carry the caller’s abilities', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.close());

  it('from the privileges held: update manages members, admin the group; auditors read; root folders are the system administrators’', async () => {
    const api = groupsApi(t);
    const top = await api.folder('abilities');
    const team = await api.group(top.id, 'team');
    const composite = await api.group(top.id, 'both', {
      composite: { op: 'union', leftId: team.id, rightId: (await api.group(top.id, 'other')).id },
    });
    const erin = await api.person('Updater');
    const erinToken = await accountFor(t, 'erin', erin);
    await api.ok(
      { method: 'POST', url: `/folders/${top.id}/privileges`, payload: { privilege: 'update', personId: erin } },
      201,
    );
    const asErin = (await t.call(erinToken, { method: 'GET', url: `/groups/${team.id}` })).json();
    expect(asErin.abilities).toEqual({
      update: false,
      move: false,
      delete: false,
      readMembers: true,
      manageMembers: true,
      readPrivileges: true,
      managePrivileges: false,
      optIn: false,
      optOut: false,
    });
    // a composite's members are computed: nobody manages them, not even a system administrator
    expect((await api.ok({ method: 'GET', url: `/groups/${composite.id}` })).abilities).toMatchObject({
      update: true,
      manageMembers: false,
    });
    const asAuditor = (await t.call(t.tokens.auditor, { method: 'GET', url: `/groups/${team.id}` })).json();
    expect(asAuditor.abilities).toMatchObject({ readMembers: true, manageMembers: false, update: false });
    const folder = (await t.call(erinToken, { method: 'GET', url: `/folders/${top.id}` })).json();
    expect(folder.abilities).toMatchObject({ update: false, createGroup: false, readPrivileges: true });
    // where one browses: the root is the system administrators', a folder its admins'
    expect((await api.ok({ method: 'GET', url: '/folders' })).abilities).toEqual({
      createFolder: true,
      createGroup: false,
    });
    expect((await t.call(t.tokens.auditor, { method: 'GET', url: '/folders' })).json().abilities).toEqual({
      createFolder: false,
      createGroup: false,
    });
    expect((await t.call(erinToken, { method: 'GET', url: `/folders?parentId=${top.id}` })).json().abilities).toEqual({
      createFolder: false,
      createGroup: false,
    });
    expect((await api.ok({ method: 'GET', url: `/folders?parentId=${top.id}` })).abilities).toEqual({
      createFolder: true,
      createGroup: true,
    });
  });
});
