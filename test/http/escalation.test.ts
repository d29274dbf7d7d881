import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/platform/auth/actor.ts';
import { makeRouteFixture, type RouteFixture } from './route-fixture.ts';

const setup = systemActor('test');

/**
 * A delegated administrator (orgadmin-a: the first faculty's subtree, linked to a person of that faculty) cannot lift
 * themselves above that delegation. Each attempt must be refused with a problem and change nothing: the change log's
 * head is the same before and after.
 */
describe('a delegated administrator cannot escalate', () => {
  let fx: RouteFixture;
  let me: { userId: number; personId: number };
  beforeAll(async () => {
    fx = await makeRouteFixture();
    const personId = await fx.addPerson('Olga', 'Orgadmin', fx.org.facultyA);
    await fx.t.db().updateTable('users').set({ person_id: personId }).where('username', '=', 'orgadmin-a').execute();
    me = { userId: (await fx.call('orgadmin', { method: 'GET', url: '/auth/me' })).json().id, personId };
  });
  afterAll(() => fx.t.close());

  const head = async () =>
    Number(
      (
        await fx.t
          .db()
          .selectFrom('change_log')
          .select((eb) => eb.fn.max('position').as('head'))
          .executeTakeFirst()
      )?.head ?? 0,
    );
  const etagOf = async (url: string) => String((await fx.call('admin', { method: 'GET', url })).headers.etag);

  /** Sends the request as the delegated administrator (or with a token of theirs); it must be refused. */
  async function refused(options: InjectOptions, token?: string, statuses = [403]) {
    const before = await head();
    const response = token ? await fx.t.call(token, options) : await fx.call('orgadmin', options);
    expect(statuses, `${options.method} ${options.url}: ${response.body}`).toContain(response.statusCode);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(await head(), 'the change log moved').toBe(before);
    return response.json();
  }

  it('cannot create an account with more roles, nor read or change the roles of their own', async () => {
    for (const roles of [[{ role: 'sysadmin' }], [{ role: 'orgadmin', orgId: fx.org.root }], [{ role: 'auditor' }]])
      await refused({
        method: 'POST',
        url: '/users',
        payload: { username: `shadow${roles[0].role}`, displayName: 'Shadow', personId: me.personId, roles },
      });
    const roles = await fx.t.db().selectFrom('user_roles').select('role').where('user_id', '=', me.userId).execute();
    expect(roles.map((r) => r.role)).toEqual(['orgadmin']);
  });

  it('cannot assign themselves an access role outside their subtree', async () => {
    const access = fx.t.app.access;
    const app = await access.config.createApp(setup, { name: 'escalation-app', label: 'Escalation app' });
    await access.config.createResource(setup, app.name, { name: 'all' });
    const role = await access.roles.createRole(setup, app.name, { name: 'superuser' });
    await access.roles.addPermission(setup, role.id, { action: 'write', resource: 'all' });
    for (const scopes of [[{ kind: 'org', orgId: fx.org.facultyB }], [{ kind: 'org', orgId: fx.org.root }]])
      await refused({
        method: 'POST',
        url: '/access/assignments',
        payload: { roleId: role.id, subjects: [{ type: 'person', id: me.personId }], scopes },
      });
  });

  it('cannot add themselves to a group they only read, nor grant their own group privileges', async () => {
    const g = fx.t.app.groups;
    const folder = await g.folders.create(setup, { extension: 'escalation' });
    const readOnly = await g.groups.create(setup, { folderId: folder.id, extension: 'read-only' });
    const updatable = await g.groups.create(setup, { folderId: folder.id, extension: 'updatable' });
    await g.privileges.grant(setup, { groupId: readOnly.id }, { privilege: 'read', personId: me.personId });
    await g.privileges.grant(setup, { groupId: updatable.id }, { privilege: 'update', personId: me.personId });
    await refused({
      method: 'POST',
      url: `/groups/${readOnly.id}/members`,
      payload: { personId: me.personId, reason: 'let me in' },
    });
    for (const groupId of [readOnly.id, updatable.id])
      for (const privilege of ['admin', 'update'])
        await refused({
          method: 'POST',
          url: `/groups/${groupId}/privileges`,
          payload: { privilege, personId: me.personId },
        });
    await refused({
      method: 'POST',
      url: `/folders/${folder.id}/privileges`,
      payload: { privilege: 'admin', personId: me.personId },
    });
  });

  it('grants themselves nothing inside their own subtree either: no access role, group privilege or membership', async () => {
    const access = fx.t.app.access;
    const app = await access.config.createApp(setup, { name: 'self-app', label: 'Self app' });
    await access.config.createResource(setup, app.name, { name: 'all' });
    const role = await access.roles.createRole(setup, app.name, { name: 'editor' });
    await access.roles.addPermission(setup, role.id, { action: 'write', resource: 'all' });
    const g = fx.t.app.groups;
    const folder = await g.folders.create(setup, { extension: 'self-grant' });
    const mine = await g.groups.create(setup, { folderId: folder.id, extension: 'administered' });
    const team = await g.groups.create(setup, { folderId: folder.id, extension: 'team' });
    await g.privileges.grant(setup, { groupId: mine.id }, { privilege: 'admin', personId: me.personId });
    await g.members.add(setup, team.id, { personId: me.personId, reason: 'on the team' });
    const selfGrant = (problem: { errors: { field: string; rule: string }[] }, field: string) =>
      expect(problem.errors).toEqual([expect.objectContaining({ field, rule: 'no-self-grant' })]);

    const scopes = [{ kind: 'org', orgId: fx.org.deptA }];
    for (const subject of [
      { type: 'person', id: me.personId },
      { type: 'group', id: team.id },
    ]) {
      const problem = await refused({
        method: 'POST',
        url: '/access/assignments',
        payload: { roleId: role.id, subjects: [{ type: 'person', id: fx.person.inA }, subject], scopes },
      });
      selfGrant(problem, '/subjects/1/id');
    }
    for (const payload of [
      { privilege: 'update', personId: me.personId },
      { privilege: 'read', groupId: team.id },
    ]) {
      const problem = await refused({ method: 'POST', url: `/groups/${mine.id}/privileges`, payload });
      selfGrant(problem, payload.personId ? '/personId' : '/groupId');
    }
    for (const payload of [
      { personId: me.personId, reason: 'let me in' },
      { groupId: team.id, reason: 'let us in' },
    ]) {
      const problem = await refused({ method: 'POST', url: `/groups/${mine.id}/members`, payload });
      selfGrant(problem, payload.personId ? '/personId' : '/groupId');
    }

    // The same acts for someone else in the subtree are theirs to do.
    const other = await fx.call('orgadmin', {
      method: 'POST',
      url: '/access/assignments',
      payload: { roleId: role.id, subjects: [{ type: 'person', id: fx.person.inA }], scopes },
    });
    expect(other.statusCode, other.body).toBe(201);
    const member = await fx.call('orgadmin', {
      method: 'POST',
      url: `/groups/${mine.id}/members`,
      payload: { personId: fx.person.inA, reason: 'a colleague' },
    });
    expect(member.statusCode, member.body).toBe(201);
  });

  it('may shorten but not lengthen their own assignment or membership; a system administrator grants themselves', async () => {
    const access = fx.t.app.access;
    const role = (await access.roles.createRole(setup, 'self-app', { name: 'viewer' })).id;
    const until = '2026-12-31T00:00:00.000Z';
    const [granted] = await access.assignments.assign(setup, {
      roleId: role,
      subjects: [{ type: 'person', id: me.personId }],
      scopes: [{ kind: 'org', orgId: fx.org.deptA }],
      enabledUntil: until,
    });
    const url = `/access/assignments/${granted.id}`;
    for (const payload of [{ enabledUntil: '2027-06-30T00:00:00.000Z' }, { enabledUntil: null }])
      expect(
        (await refused({ method: 'PATCH', url, payload, headers: { 'if-match': `"${granted.version}"` } })).errors,
      ).toEqual([expect.objectContaining({ field: '/enabledUntil', rule: 'no-self-grant' })]);
    const shorter = await fx.call('orgadmin', {
      method: 'PATCH',
      url,
      payload: { enabledUntil: '2026-10-31T00:00:00.000Z' },
      headers: { 'if-match': `"${granted.version}"` },
    });
    expect(shorter.statusCode, shorter.body).toBe(200);

    const g = fx.t.app.groups;
    const group = (
      await g.groups.create(setup, {
        folderId: (await g.folders.create(setup, { extension: 'dated' })).id,
        extension: 'club',
      })
    ).id;
    await g.privileges.grant(setup, { groupId: group }, { privilege: 'update', personId: me.personId });
    const membership = await g.members.add(setup, group, { personId: me.personId, disabledAt: until });
    const memberUrl = `/groups/${group}/members/${membership.id}`;
    const ifMatch = { 'if-match': `"${membership.version}"` };
    const longer = await refused({ method: 'PATCH', url: memberUrl, payload: { disabledAt: null }, headers: ifMatch });
    expect(longer.errors).toEqual([expect.objectContaining({ field: '/disabledAt', rule: 'no-self-grant' })]);
    const ended = await fx.call('orgadmin', {
      method: 'PATCH',
      url: memberUrl,
      payload: { disabledAt: '2026-10-01T00:00:00.000Z' },
      headers: ifMatch,
    });
    expect(ended.statusCode, ended.body).toBe(200);

    // A system administrator linked to a person is not bound by the rule.
    const root = await fx.addPerson('Rita', 'Root', fx.org.root);
    await fx.t.db().updateTable('users').set({ person_id: root }).where('username', '=', 'root').execute();
    const own = await fx.call('admin', {
      method: 'POST',
      url: '/access/assignments',
      payload: { roleId: role, subjects: [{ type: 'person', id: root }], scopes: [{ kind: 'everywhere' }] },
    });
    expect(own.statusCode, own.body).toBe(201);
  });

  it('cannot move a unit from outside into their subtree, nor their own unit out from under its parent', async () => {
    const outside = await fx.addOrg('ESC-OUT', fx.org.facultyB);
    const move = async (id: number, parentId: number) => ({
      method: 'POST' as const,
      url: `/orgs/${id}/move`,
      headers: { 'if-match': await etagOf(`/orgs/${id}`) },
      payload: { parentId },
    });
    await refused(await move(outside, fx.org.deptA));
    // Out from under its parent, up to the university (outside the delegation).
    await refused(await move(fx.org.deptA, fx.org.root));
    await refused(await move(fx.org.facultyA, fx.org.facultyB));
    await refused(await move(fx.org.deptA, fx.org.facultyB));
  });

  it('cannot approve their own guest request', async () => {
    await fx.t.app.guests.config.createMissingTypes(setup, [
      {
        name: 'Escalation Visitor',
        label: 'Escalation visitor',
        lifecycle: 'visitor',
        maxDays: 365,
        renewable: true,
        approvalChain: [{ step: 'department-approvers' }],
      },
    ]);
    await fx.t
      .db()
      .insertInto('org_officers')
      .values({
        org_id: fx.org.facultyA,
        person_id: me.personId,
        function: 'approver',
        role_name: 'Dean',
        created_at: fx.t.clock.now(),
      })
      .execute();
    const submitted = await fx.call('orgadmin', {
      method: 'POST',
      url: '/guests/requests',
      payload: {
        type: 'Escalation Visitor',
        givenName: 'Fiona',
        familyName: 'Friend',
        email: 'fiona@friend.example',
        hostOrgId: fx.org.deptA,
        validFrom: '2026-09-10',
        validTo: '2026-09-30',
        guarantorId: me.personId,
      },
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    const { id, version } = submitted.json();
    const problem = await refused({
      method: 'POST',
      url: `/guests/requests/${id}/approve`,
      headers: { 'if-match': `"${version}"` },
      payload: {},
    });
    expect(problem.detail).toContain('their own request');
  });

  it('cannot mint a token with more rights than their own, nor one for another account', async () => {
    const admin = (await fx.call('admin', { method: 'GET', url: '/auth/me' })).json();
    await refused({ method: 'POST', url: '/tokens', payload: { name: 'borrowed', userId: admin.id } });
    // A token carries no roles of its own: it acts with the account's, so it opens nothing the account cannot.
    const minted = await fx.call('orgadmin', { method: 'POST', url: '/tokens', payload: { name: 'mine' } });
    expect(minted.statusCode, minted.body).toBe(201);
    const token: string = minted.json().token;
    await refused(
      {
        method: 'POST',
        url: '/orgs',
        payload: { code: 'ESC-B', kind: 'department', name: 'Elsewhere', parentId: fx.org.facultyB },
      },
      token,
    );
    await refused({ method: 'POST', url: '/tokens', payload: { name: 'again', userId: admin.id } }, token);
    await refused(
      {
        method: 'POST',
        url: '/users',
        payload: { username: 'viatoken', displayName: 'Via', roles: [{ role: 'sysadmin' }] },
      },
      token,
    );
  });
});
