import type { Kysely } from 'kysely';
import { createAccessConfigService } from '../access/access-config-service.ts';
import { createRoleService } from '../access/role-service.ts';
import type { Limit } from '../access/access-schemas.ts';
import type { Actor } from '../platform/auth/actor.ts';
import type { DB } from '../platform/db/schema.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { parentsFirst } from './config-check-rules.ts';
import { sameValue, type SectionDiff } from './config-diff-rules.ts';
import type { CanonicalApplication } from './config-document.ts';
import type { PathOf } from './config-paths.ts';

type App = CanonicalApplication;
type Role = App['roles'][number];
type Perm = Role['permissions'][number];
const permKey = (p: Perm) => `${p.resource}\u0000${p.action}\u0000${JSON.stringify(p.limits)}`;

/**
 * Applies the applications section through the access services (each change authorised, audited, logged): removals
 * of permissions, roles and resources first (children before parents), then new resources (parents first), changed
 * resources, new and changed roles and new permissions. `deps.db` is the one transaction of the whole apply.
 */
export async function applyApplications(
  deps: ServiceDeps,
  actor: Actor,
  current: App[],
  desired: App[],
  diff: SectionDiff,
  path: PathOf,
): Promise<void> {
  const config = createAccessConfigService({ ...deps, afterWrite: async () => {} });
  const roles = createRoleService({ ...deps, afterWrite: async () => {}, config });
  const ids = idsOf(deps.db);
  const was = new Map(current.map((a) => [a.name, a]));
  const next = new Map(desired.map((a) => [a.name, a]));
  const empty = (name: string): App => ({ ...next.get(name)!, resources: [], roles: [] });

  for (const name of diff.removed) {
    const app = was.get(name)!;
    const appId = (await ids.app(name))!;
    await reconcile(app, { ...app, roles: [], resources: [] }, appId, () => `/applications`);
    await config.deleteApp(actor, appId);
  }
  for (const name of diff.added) {
    const app = next.get(name)!;
    const at = path('applications', name);
    const created = await path.at(at, () =>
      config.createApp(actor, {
        name,
        label: app.label,
        description: app.description,
        timeZone: app.timeZone,
        implications: app.implications,
      }),
    );
    await reconcile(empty(name), app, created.id, (sub) => path('applications', name, sub));
  }
  for (const { key } of diff.changed) {
    const [before, after] = [was.get(key)!, next.get(key)!];
    const appId = (await ids.app(key))!;
    const at = path('applications', key);
    const { resources: _r, roles: _o, ...fields } = after;
    const { resources: _r2, roles: _o2, ...old } = before;
    if (!sameValue(fields, old)) {
      const version = (
        await deps.db
          .selectFrom('access_applications')
          .select('version')
          .where('id', '=', appId)
          .executeTakeFirstOrThrow()
      ).version;
      await path.at(at, () => config.updateApp(actor, appId, version, fields));
    }
    await reconcile(before, after, appId, (sub) => path('applications', key, sub));
  }

  /** Moves one application's resources and roles from `before` to `after`. */
  async function reconcile(before: App, after: App, appId: number, sub: (s: string[]) => string): Promise<void> {
    const keptRoles = new Map(after.roles.map((r) => [r.name, r]));
    for (const role of before.roles) {
      const roleId = (await ids.role(appId, role.name))!;
      const target = keptRoles.get(role.name);
      if (!target) {
        await path.at(sub([]), () => roles.deleteRole(actor, roleId));
        continue;
      }
      const keep = new Set(target.permissions.map(permKey));
      for (const p of role.permissions)
        if (!keep.has(permKey(p))) {
          const permissionId = await ids.permission(roleId, p);
          await path.at(sub(['roles', role.name]), () => roles.removePermission(actor, roleId, permissionId));
        }
    }
    const had = new Map(before.resources.map((r) => [r.name, r]));
    const wants = new Map(after.resources.map((r) => [r.name, r]));
    for (const r of parentsFirst(after.resources).filter((x) => !had.has(x.name)))
      await path.at(sub(['resources', r.name]), () =>
        config.createResource(actor, appId, { name: r.name, label: r.label, parent: r.parent }),
      );
    // A resource that changes parent goes to the top first, so moves that swap places never pass through a cycle.
    const moved = after.resources.filter((r) => had.has(r.name) && had.get(r.name)!.parent !== r.parent);
    for (const r of moved.filter((x) => x.parent !== null && had.get(x.name)!.parent !== null)) {
      const row = (await ids.resource(appId, r.name))!;
      await path.at(sub(['resources', r.name]), () =>
        config.updateResource(actor, row.id, row.version, { parent: null }),
      );
    }
    for (const r of parentsFirst(after.resources)) {
      const old = had.get(r.name);
      if (!old || (old.parent === r.parent && old.label === r.label)) continue;
      const row = (await ids.resource(appId, r.name))!;
      await path.at(sub(['resources', r.name]), () =>
        config.updateResource(actor, row.id, row.version, { label: r.label, parent: r.parent }),
      );
    }
    for (const r of parentsFirst(before.resources)
      .reverse()
      .filter((x) => !wants.has(x.name))) {
      const row = (await ids.resource(appId, r.name))!;
      await path.at(sub([]), () => config.deleteResource(actor, row.id));
    }
    const hadRoles = new Map(before.roles.map((r) => [r.name, r]));
    for (const role of after.roles) {
      const old = hadRoles.get(role.name);
      const at = sub(['roles', role.name]);
      let roleId = old ? (await ids.role(appId, role.name))! : 0;
      if (!old)
        roleId = (
          await path.at(at, () =>
            roles.createRole(actor, appId, { name: role.name, label: role.label, description: role.description }),
          )
        ).id;
      else if (old.label !== role.label || old.description !== role.description) {
        const version = await ids.roleVersion(roleId);
        await path.at(at, () =>
          roles.updateRole(actor, roleId, version, { label: role.label, description: role.description }),
        );
      }
      const present = new Set((old?.permissions ?? []).map(permKey));
      for (const p of role.permissions)
        if (!present.has(permKey(p)))
          await path.at(at, () =>
            roles.addPermission(actor, roleId, { action: p.action, resource: p.resource, limits: p.limits as Limit[] }),
          );
    }
  }
}

/** The ids and versions of access rows by natural key, read in the apply's transaction. */
function idsOf(db: Kysely<DB>) {
  return {
    app: async (name: string) =>
      (await db.selectFrom('access_applications').select('id').where('name', '=', name).executeTakeFirst())?.id,
    role: async (appId: number, name: string) =>
      (
        await db
          .selectFrom('access_roles')
          .select('id')
          .where('application_id', '=', appId)
          .where('name', '=', name)
          .executeTakeFirst()
      )?.id,
    roleVersion: async (id: number) =>
      (await db.selectFrom('access_roles').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version,
    resource: (appId: number, name: string) =>
      db
        .selectFrom('access_resources')
        .select(['id', 'version'])
        .where('application_id', '=', appId)
        .where('name', '=', name)
        .executeTakeFirst(),
    permission: async (roleId: number, p: Perm) => {
      const rows = await db
        .selectFrom('access_permissions as p')
        .innerJoin('access_resources as r', 'r.id', 'p.resource_id')
        .select(['p.id', 'p.limits'])
        .where('p.role_id', '=', roleId)
        .where('p.action', '=', p.action)
        .where('r.name', '=', p.resource)
        .execute();
      return rows.find((r) => sameValue(r.limits, p.limits))!.id;
    },
  };
}
