import { systemActor } from '../../../src/platform/auth/actor.ts';
import type { RouteCase } from '../route-case.ts';
import type { ActorName, RouteFixture } from '../route-fixture.ts';

const setup = systemActor('test');
let n = 0;
const unique = (actor: ActorName) => `${actor.toLowerCase()}${++n}`;

/** A fresh folder under `routes` (created once) and a basic group in it. */
async function world(
  fx: RouteFixture,
): Promise<{ folderId: number; groupId: number; version: number; folderVersion: number }> {
  const g = fx.t.app.groups;
  const root =
    (await g.folders.list(setup, null)).folders.find((f) => f.name === 'routes') ??
    (await g.folders.create(setup, { extension: 'routes' }));
  const folder = await g.folders.create(setup, { parentId: root.id, extension: `f${++n}` });
  const group = await g.groups.create(setup, { folderId: folder.id, extension: 'g' });
  return { folderId: folder.id, groupId: group.id, version: group.version, folderVersion: folder.version };
}

/** Links the orgadmin-a account to the fixture's first person, who may opt in and out of the group. */
async function selfService(fx: RouteFixture, groupId: number, privilege: 'optin' | 'optout'): Promise<void> {
  await fx.t.db().updateTable('users').set({ person_id: fx.person.inA }).where('username', '=', 'orgadmin-a').execute();
  await fx.t.app.groups.privileges.grant(setup, { groupId }, { privilege, personId: fx.person.inA });
}

/**
 * Groups: system administrators manage everything, auditors read everything; other accounts
 * act only through privileges on groups and folders (so an organisation administrator is
 * refused unless a privilege names their person).
 */
export const groupsCases: RouteCase[] = [
  {
    route: 'GET /folders',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'GET', url: `/folders?parentId=${(await world(fx)).folderId}` }),
  },
  {
    route: 'POST /folders',
    allowed: 'admin',
    denied: 'orgadmin',
    request: (_fx, actor) => ({ method: 'POST', url: '/folders', payload: { extension: unique(actor) } }),
  },
  {
    route: 'GET /folders/:id',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'GET', url: `/folders/${(await world(fx)).folderId}` }),
  },
  {
    route: 'PATCH /folders/:id',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      const w = await world(fx);
      return {
        method: 'PATCH',
        url: `/folders/${w.folderId}`,
        headers: { 'if-match': `"${w.folderVersion}"` },
        payload: { description: 'changed' },
      };
    },
  },
  {
    route: 'POST /folders/:id/move',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx) => {
      const w = await world(fx);
      return {
        method: 'POST',
        url: `/folders/${w.folderId}/move`,
        headers: { 'if-match': `"${w.folderVersion}"` },
        payload: { parentId: null },
      };
    },
  },
  {
    route: 'DELETE /folders/:id',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx, actor) => {
      const f = await fx.t.app.groups.folders.create(setup, { extension: `del${unique(actor)}` });
      return { method: 'DELETE', url: `/folders/${f.id}` };
    },
  },
  {
    route: 'GET /folders/:id/privileges',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'GET', url: `/folders/${(await world(fx)).folderId}/privileges` }),
  },
  {
    route: 'POST /folders/:id/privileges',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => ({
      method: 'POST',
      url: `/folders/${(await world(fx)).folderId}/privileges`,
      payload: { privilege: 'read', personId: fx.person.inB },
    }),
  },
  {
    route: 'DELETE /folders/:id/privileges/:privilegeId',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      const w = await world(fx);
      const p = await fx.t.app.groups.privileges.grant(
        setup,
        { folderId: w.folderId },
        { privilege: 'view', personId: fx.person.inB },
      );
      return { method: 'DELETE', url: `/folders/${w.folderId}/privileges/${p.id}` };
    },
  },
  {
    route: 'POST /groups',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx) => ({
      method: 'POST',
      url: '/groups',
      payload: { folderId: (await world(fx)).folderId, extension: 'made' },
    }),
  },
  {
    route: 'GET /groups/by-name/:name',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => {
      const w = await world(fx);
      const g = await fx.t.app.groups.groups.get(setup, w.groupId);
      return { method: 'GET', url: `/groups/by-name/${g.name}` };
    },
  },
  {
    route: 'GET /groups/:id',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'GET', url: `/groups/${(await world(fx)).groupId}` }),
  },
  {
    route: 'PATCH /groups/:id',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      const w = await world(fx);
      return {
        method: 'PATCH',
        url: `/groups/${w.groupId}`,
        headers: { 'if-match': `"${w.version}"` },
        payload: { description: 'changed' },
      };
    },
  },
  {
    route: 'POST /groups/:id/move',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      const w = await world(fx);
      const other = await fx.t.app.groups.folders.create(setup, { extension: `to${++n}` });
      return {
        method: 'POST',
        url: `/groups/${w.groupId}/move`,
        headers: { 'if-match': `"${w.version}"` },
        payload: { folderId: other.id },
      };
    },
  },
  {
    route: 'DELETE /groups/:id',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => ({ method: 'DELETE', url: `/groups/${(await world(fx)).groupId}` }),
  },
  {
    route: 'GET /groups/:id/members',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'GET', url: `/groups/${(await world(fx)).groupId}/members` }),
  },
  {
    route: 'GET /groups/:id/members/effective',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'GET', url: `/groups/${(await world(fx)).groupId}/members/effective` }),
  },
  {
    route: 'POST /groups/:id/members',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => ({
      method: 'POST',
      url: `/groups/${(await world(fx)).groupId}/members`,
      payload: { personId: fx.person.inA, reason: 'route case' },
    }),
  },
  {
    route: 'PATCH /groups/:id/members/:membershipId',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      const w = await world(fx);
      const m = await fx.t.app.groups.members.add(setup, w.groupId, { personId: fx.person.inA });
      return {
        method: 'PATCH',
        url: `/groups/${w.groupId}/members/${m.id}`,
        headers: { 'if-match': `"${m.version}"` },
        payload: { disabledAt: '2027-01-01T00:00:00Z' },
      };
    },
  },
  {
    route: 'DELETE /groups/:id/members/:membershipId',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      const w = await world(fx);
      const m = await fx.t.app.groups.members.add(setup, w.groupId, { personId: fx.person.inA });
      return { method: 'DELETE', url: `/groups/${w.groupId}/members/${m.id}` };
    },
  },
  {
    route: 'POST /groups/:id/opt-in',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx) => {
      const w = await world(fx);
      await selfService(fx, w.groupId, 'optin');
      return { method: 'POST', url: `/groups/${w.groupId}/opt-in`, payload: {} };
    },
  },
  {
    route: 'POST /groups/:id/opt-out',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx) => {
      const w = await world(fx);
      await selfService(fx, w.groupId, 'optout');
      await fx.t.app.groups.members.add(setup, w.groupId, { personId: fx.person.inA });
      return { method: 'POST', url: `/groups/${w.groupId}/opt-out` };
    },
  },
  {
    route: 'GET /groups/:id/privileges',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'GET', url: `/groups/${(await world(fx)).groupId}/privileges` }),
  },
  {
    route: 'POST /groups/:id/privileges',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => ({
      method: 'POST',
      url: `/groups/${(await world(fx)).groupId}/privileges`,
      payload: { privilege: 'view', personId: fx.person.inB },
    }),
  },
  {
    route: 'DELETE /groups/:id/privileges/:privilegeId',
    allowed: 'admin',
    denied: 'auditor',
    request: async (fx) => {
      const w = await world(fx);
      const p = await fx.t.app.groups.privileges.grant(
        setup,
        { groupId: w.groupId },
        { privilege: 'view', personId: fx.person.inB },
      );
      return { method: 'DELETE', url: `/groups/${w.groupId}/privileges/${p.id}` };
    },
  },
  {
    route: 'GET /groups/:id/history',
    allowed: 'auditor',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'GET', url: `/groups/${(await world(fx)).groupId}/history` }),
  },
  {
    route: 'POST /groups/rebuild',
    allowed: 'admin',
    denied: 'auditor',
    request: () => ({ method: 'POST', url: '/groups/rebuild' }),
  },
  {
    route: 'POST /groups/rules/follow',
    allowed: 'admin',
    denied: 'auditor',
    request: () => ({ method: 'POST', url: '/groups/rules/follow' }),
  },
  {
    route: 'POST /groups/memberships/boundaries',
    allowed: 'admin',
    denied: 'auditor',
    request: () => ({ method: 'POST', url: '/groups/memberships/boundaries' }),
  },
];
