import type { Actor } from '../platform/auth/actor.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, conflict, notFound, stale } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import type { AccessConfigService } from './access-config-service.ts';
import { nameProblems } from './access-rules.ts';
import type { Limit, PermissionBody, RoleBody, RolePatch } from './access-schemas.ts';
import { limitProblems } from './limits.ts';

/** Roles of an application and their permissions (an action on a resource, with limits). */
export function createRoleService(
  deps: ServiceDeps & { afterWrite: () => Promise<void>; config: AccessConfigService },
) {
  const { db, config } = deps;

  async function roleView(id: number) {
    const r = await db
      .selectFrom('access_roles')
      .innerJoin('access_applications as a', 'a.id', 'access_roles.application_id')
      .select([
        'access_roles.id',
        'access_roles.application_id',
        'a.name as application',
        'access_roles.name',
        'access_roles.label',
        'access_roles.description',
        'access_roles.version',
      ])
      .where('access_roles.id', '=', id)
      .executeTakeFirst();
    if (!r) throw notFound('role', id);
    const perms = await db
      .selectFrom('access_permissions as p')
      .innerJoin('access_resources as r', 'r.id', 'p.resource_id')
      .select(['p.id', 'p.action', 'p.resource_id', 'r.name as resource', 'p.limits'])
      .where('p.role_id', '=', id)
      .orderBy('p.id')
      .execute();
    return {
      id: r.id,
      applicationId: r.application_id,
      application: r.application,
      name: r.name,
      label: r.label,
      description: r.description,
      version: r.version,
      permissions: perms.map((p) => ({
        id: p.id,
        action: p.action,
        resourceId: p.resource_id,
        resource: p.resource,
        limits: p.limits as Limit[],
      })),
    };
  }

  async function listRoles(actor: Actor, app: number | string) {
    authorise(actor, 'access:read');
    const a = await config.appRow(app);
    const ids = await db
      .selectFrom('access_roles')
      .select('id')
      .where('application_id', '=', a.id)
      .orderBy('name')
      .execute();
    return Promise.all(ids.map((r) => roleView(r.id)));
  }
  async function getRole(actor: Actor, id: number) {
    authorise(actor, 'access:read');
    return roleView(id);
  }

  async function createRole(actor: Actor, app: number | string, body: RoleBody) {
    authorise(actor, 'access:configure');
    assertNoProblems(nameProblems(body.name));
    const a = await config.appRow(app);
    const id = await write(deps, actor, async (uow) => {
      if (
        await uow.db
          .selectFrom('access_roles')
          .select('id')
          .where('application_id', '=', a.id)
          .where('name', '=', body.name)
          .executeTakeFirst()
      )
        throw conflict(`a role ${body.name} exists in ${a.name}`, { field: '/name', rule: 'unique' });
      const r = await uow.db
        .insertInto('access_roles')
        .values({
          application_id: a.id,
          name: body.name,
          label: body.label ?? body.name,
          description: body.description ?? '',
          created_at: uow.now,
          updated_at: uow.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      uow.record({
        action: 'access.role.create',
        op: 'created',
        targetType: 'access_role',
        targetId: r.id,
        after: { application: a.name, name: r.name, label: r.label },
      });
      return r.id;
    });
    await deps.afterWrite();
    return roleView(id);
  }

  async function updateRole(actor: Actor, id: number, version: number, body: RolePatch) {
    authorise(actor, 'access:configure');
    const before = await roleView(id);
    await write(deps, actor, async (uow) => {
      const r = await uow.db
        .updateTable('access_roles')
        .set({
          label: body.label ?? before.label,
          description: body.description ?? before.description,
          updated_at: uow.now,
          version: before.version + 1,
        })
        .where('id', '=', id)
        .where('version', '=', version)
        .returning('id')
        .executeTakeFirst();
      if (!r) throw stale(`role ${id}`, version);
      uow.record({
        action: 'access.role.update',
        op: 'updated',
        targetType: 'access_role',
        targetId: id,
        before: { label: before.label, description: before.description },
        after: { label: body.label ?? before.label, description: body.description ?? before.description },
      });
    });
    await deps.afterWrite();
    return roleView(id);
  }

  /** Deletes a role and its permissions; refused while anyone is assigned it. */
  async function deleteRole(actor: Actor, id: number) {
    authorise(actor, 'access:configure');
    const before = await roleView(id);
    await write(deps, actor, async (uow) => {
      const n = await uow.db
        .selectFrom('access_assignments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role_id', '=', id)
        .executeTakeFirstOrThrow();
      if (n.n) throw conflict(`role ${before.name} has ${n.n} assignments; revoke them first`);
      await uow.db.deleteFrom('access_permissions').where('role_id', '=', id).execute();
      await uow.db.deleteFrom('access_roles').where('id', '=', id).execute();
      uow.record({ action: 'access.role.delete', op: 'deleted', targetType: 'access_role', targetId: id, before });
    });
    await deps.afterWrite();
  }

  async function addPermission(actor: Actor, roleId: number, body: PermissionBody) {
    authorise(actor, 'access:configure');
    const role = await roleView(roleId);
    assertNoProblems([...nameProblems(body.action, '/action'), ...limitProblems(body.limits ?? [], '/limits')]);
    const resourceId = await config.resourceId(role.applicationId, body.resource, '/resource');
    await write(deps, actor, async (uow) => {
      if (
        await uow.db
          .selectFrom('access_permissions')
          .select('id')
          .where('role_id', '=', roleId)
          .where('action', '=', body.action)
          .where('resource_id', '=', resourceId)
          .executeTakeFirst()
      )
        throw conflict(`role ${role.name} already has ${body.action} on ${body.resource}`, {
          field: '/action',
          rule: 'unique',
        });
      const p = await uow.db
        .insertInto('access_permissions')
        .values({
          role_id: roleId,
          action: body.action,
          resource_id: resourceId,
          limits: JSON.stringify(body.limits ?? []),
          created_at: uow.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      uow.record({
        action: 'access.permission.add',
        op: 'created',
        targetType: 'access_permission',
        targetId: p.id,
        after: { roleId, role: role.name, action: body.action, resource: body.resource, limits: body.limits ?? [] },
      });
    });
    await deps.afterWrite();
    return roleView(roleId);
  }

  async function removePermission(actor: Actor, roleId: number, permissionId: number) {
    authorise(actor, 'access:configure');
    const role = await roleView(roleId);
    const p = role.permissions.find((x) => x.id === permissionId);
    if (!p) throw notFound('permission', permissionId);
    await write(deps, actor, async (uow) => {
      await uow.db.deleteFrom('access_permissions').where('id', '=', permissionId).execute();
      uow.record({
        action: 'access.permission.remove',
        op: 'deleted',
        targetType: 'access_permission',
        targetId: permissionId,
        before: { roleId, role: role.name, action: p.action, resource: p.resource, limits: p.limits },
      });
    });
    await deps.afterWrite();
    return roleView(roleId);
  }

  return { listRoles, getRole, createRole, updateRole, deleteRole, addPermission, removePermission, roleView };
}

export type RoleService = ReturnType<typeof createRoleService>;
