import { systemActor } from '../../../src/platform/auth/actor.ts';
import type { RouteCase } from '../route-case.ts';
import type { RouteFixture } from '../route-fixture.ts';

const setup = systemActor('test');
let n = 0;

/** A fresh application with a resource tree and a role holding one permission. */
async function world(
  fx: RouteFixture,
): Promise<{ app: string; roleId: number; resourceId: number; permissionId: number }> {
  n += 1;
  const access = fx.t.app.access;
  const app = await access.config.createApp(setup, { name: `route-app-${n}`, label: 'Route app' });
  await access.config.createResource(setup, app.name, { name: 'all' });
  const leaf = await access.config.createResource(setup, app.name, { name: 'leaf', parent: 'all' });
  const role = await access.roles.createRole(setup, app.name, { name: 'clerk' });
  const withPerm = await access.roles.addPermission(setup, role.id, { action: 'read', resource: 'all' });
  return { app: app.name, roleId: role.id, resourceId: leaf.id, permissionId: withPerm.permissions[0].id };
}

/** An assignment of a fresh role in the first faculty's department. */
async function assignment(fx: RouteFixture): Promise<{ id: number; version: number }> {
  const w = await world(fx);
  const [a] = await fx.t.app.access.assignments.assign(setup, {
    roleId: w.roleId,
    subjects: [{ type: 'person', id: fx.person.inA }],
    scopes: [{ kind: 'org', orgId: fx.org.deptA }],
  });
  return a;
}

// A check of an application that exists: one naming an unknown application is answered 400, not with a decision.
const checkBody = async (fx: RouteFixture) => ({
  subject: { type: 'person', id: fx.person.inA },
  application: (await world(fx)).app,
  action: 'read',
  resource: 'leaf',
});

/**
 * Access: anyone with a role may ask the decision point and read the configuration;
 * system administrators configure applications, resources and roles; organisation
 * administrators assign, change and revoke within their subtree.
 */
export const accessCases: RouteCase[] = [
  {
    route: 'POST /check',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: async (fx) => ({ method: 'POST', url: '/check', payload: await checkBody(fx) }),
  },
  {
    route: 'POST /check/batch',
    allowed: 'auditor',
    denied: 'nobody',
    request: async (fx) => ({ method: 'POST', url: '/check/batch', payload: { checks: [await checkBody(fx)] } }),
  },
  {
    route: 'GET /access/who-can',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: async (fx) => ({
      method: 'GET',
      url: `/access/who-can?application=${(await world(fx)).app}&action=read&resource=leaf`,
    }),
  },
  {
    route: 'GET /access/what-can',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: (fx) => ({ method: 'GET', url: `/access/what-can?subjectId=${fx.person.inA}` }),
  },
  {
    route: 'GET /access/applications',
    allowed: 'auditor',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/access/applications' }),
  },
  {
    route: 'POST /access/applications',
    allowed: 'admin',
    denied: 'orgadmin',
    request: () => ({
      method: 'POST',
      url: '/access/applications',
      payload: { name: `route-new-${++n}`, label: 'New' },
    }),
  },
  {
    route: 'GET /access/applications/:app',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/access/applications/${(await world(fx)).app}` }),
  },
  {
    route: 'PUT /access/applications/:app',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx) => {
      const { app } = await world(fx);
      return {
        method: 'PUT',
        url: `/access/applications/${app}`,
        headers: { 'if-match': '"1"' },
        payload: { name: app, label: 'Renamed' },
      };
    },
  },
  {
    route: 'DELETE /access/applications/:app',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx) => ({
      method: 'DELETE',
      url: `/access/applications/${(await fx.t.app.access.config.createApp(setup, { name: `route-del-${++n}`, label: 'x' })).id}`,
    }),
  },
  {
    route: 'GET /access/applications/:app/resources',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/access/applications/${(await world(fx)).app}/resources` }),
  },
  {
    route: 'POST /access/applications/:app/resources',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx) => ({
      method: 'POST',
      url: `/access/applications/${(await world(fx)).app}/resources`,
      payload: { name: 'more', parent: 'all' },
    }),
  },
  {
    route: 'PATCH /access/resources/:id',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx) => ({
      method: 'PATCH',
      url: `/access/resources/${(await world(fx)).resourceId}`,
      headers: { 'if-match': '"1"' },
      payload: { label: 'Leaf' },
    }),
  },
  {
    route: 'DELETE /access/resources/:id',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'DELETE', url: `/access/resources/${(await world(fx)).resourceId}` }),
  },
  {
    route: 'GET /access/applications/:app/roles',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/access/applications/${(await world(fx)).app}/roles` }),
  },
  {
    route: 'POST /access/applications/:app/roles',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx) => ({
      method: 'POST',
      url: `/access/applications/${(await world(fx)).app}/roles`,
      payload: { name: 'viewer' },
    }),
  },
  {
    route: 'GET /access/roles/:id',
    allowed: 'auditor',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/access/roles/${(await world(fx)).roleId}` }),
  },
  {
    route: 'PATCH /access/roles/:id',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx) => ({
      method: 'PATCH',
      url: `/access/roles/${(await world(fx)).roleId}`,
      headers: { 'if-match': '"1"' },
      payload: { label: 'Clerk' },
    }),
  },
  {
    route: 'DELETE /access/roles/:id',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx) => ({ method: 'DELETE', url: `/access/roles/${(await world(fx)).roleId}` }),
  },
  {
    route: 'POST /access/roles/:id/permissions',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx) => ({
      method: 'POST',
      url: `/access/roles/${(await world(fx)).roleId}/permissions`,
      payload: { action: 'write', resource: 'leaf' },
    }),
  },
  {
    route: 'DELETE /access/roles/:id/permissions/:permissionId',
    allowed: 'admin',
    denied: 'orgadmin',
    request: async (fx) => {
      const w = await world(fx);
      return { method: 'DELETE', url: `/access/roles/${w.roleId}/permissions/${w.permissionId}` };
    },
  },
  {
    route: 'GET /access/assignments',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/access/assignments' }),
  },
  {
    route: 'POST /access/assignments',
    allowed: 'orgadmin',
    denied: 'orgadminElsewhere',
    request: async (fx) => ({
      method: 'POST',
      url: '/access/assignments',
      payload: {
        roleId: (await world(fx)).roleId,
        // Not fx.person.inA: the group cases link orgadmin-a to that person, and nobody assigns to themselves.
        subjects: [{ type: 'person', id: await fx.addPerson('Ann', 'Assignee', fx.org.deptA) }],
        scopes: [{ kind: 'org', orgId: fx.org.deptA }],
      },
    }),
  },
  {
    route: 'GET /access/assignments/:id',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: async (fx) => ({ method: 'GET', url: `/access/assignments/${(await assignment(fx)).id}` }),
  },
  {
    route: 'PATCH /access/assignments/:id',
    allowed: 'orgadmin',
    denied: 'auditor',
    request: async (fx) => ({
      method: 'PATCH',
      url: `/access/assignments/${(await assignment(fx)).id}`,
      headers: { 'if-match': '"1"' },
      payload: { reason: 'ticket 7' },
    }),
  },
  {
    route: 'DELETE /access/assignments/:id',
    allowed: 'orgadmin',
    denied: 'auditor',
    request: async (fx) => ({ method: 'DELETE', url: `/access/assignments/${(await assignment(fx)).id}` }),
  },
  {
    route: 'GET /access/counts',
    allowed: 'orgadmin',
    denied: 'nobody',
    request: () => ({ method: 'GET', url: '/access/counts' }),
  },
];
