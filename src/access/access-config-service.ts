import type { Kysely } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import type { DB } from '../platform/db/schema.ts';
import { authorise } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, conflict, invalid, notFound, stale } from '../platform/errors.ts';
import { write } from '../platform/unit-of-work.ts';
import { implicationProblems, nameProblems, timeZoneProblems } from './access-rules.ts';
import { appAbilities } from './access-policy.ts';
import type { AppBody, ResourceBody, ResourcePatch } from './access-schemas.ts';

/**
 * Applications and their resource trees (who may configure and read them: access-policy.ts). Every change is audited
 * and change-logged; the caller's index catches up before the answer returns.
 */
export function createAccessConfigService(deps: ServiceDeps & { afterWrite: () => Promise<void> }) {
  const { db } = deps;

  const appView = (a: {
    id: number;
    name: string;
    label: string;
    description: string;
    time_zone: string;
    implications: Record<string, string[]>;
    version: number;
  }) => ({
    id: a.id,
    name: a.name,
    label: a.label,
    description: a.description,
    timeZone: a.time_zone,
    implications: a.implications,
    version: a.version,
  });

  /** The application as the caller sees it: with what the caller may do with it (never audited). */
  const shownTo = (actor: Actor, a: Parameters<typeof appView>[0]) => ({
    ...appView(a),
    abilities: appAbilities(actor),
  });

  /** The application row, read through `on` (a transaction's handle inside write: PGlite has one connection). */
  async function appRow(idOrName: number | string, on: Kysely<DB> = db) {
    const q = on.selectFrom('access_applications').selectAll();
    const row = await (
      typeof idOrName === 'number' ? q.where('id', '=', idOrName) : q.where('name', '=', idOrName)
    ).executeTakeFirst();
    if (!row) throw notFound('application', idOrName);
    return row;
  }

  async function listApps(actor: Actor) {
    authorise(actor, 'access:read');
    const rows = await db.selectFrom('access_applications').selectAll().orderBy('name').execute();
    return rows.map((a) => shownTo(actor, a));
  }
  async function getApp(actor: Actor, id: number | string) {
    authorise(actor, 'access:read');
    return shownTo(actor, await appRow(id));
  }

  function checkApp(body: AppBody) {
    assertNoProblems([
      ...nameProblems(body.name),
      ...(body.timeZone === undefined ? [] : timeZoneProblems(body.timeZone)),
      ...implicationProblems(body.implications ?? {}),
    ]);
  }

  async function createApp(actor: Actor, body: AppBody) {
    authorise(actor, 'access:configure');
    checkApp(body);
    const id = await write(deps, actor, async (uow) => {
      if (await uow.db.selectFrom('access_applications').select('id').where('name', '=', body.name).executeTakeFirst())
        throw conflict(`an application ${body.name} exists`, { field: '/name', rule: 'unique' });
      const row = await uow.db
        .insertInto('access_applications')
        .values({
          name: body.name,
          label: body.label,
          description: body.description ?? '',
          time_zone: body.timeZone ?? 'UTC',
          implications: JSON.stringify(body.implications ?? {}),
          created_at: uow.now,
          updated_at: uow.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      uow.record({
        action: 'access.application.create',
        op: 'created',
        targetType: 'access_application',
        targetId: row.id,
        after: appView(row),
      });
      return row.id;
    });
    await deps.afterWrite();
    return shownTo(actor, await appRow(id));
  }

  async function updateApp(actor: Actor, id: number, version: number, body: AppBody) {
    authorise(actor, 'access:configure');
    checkApp(body);
    await write(deps, actor, async (uow) => {
      const before = await appRow(id, uow.db);
      if (
        before.name !== body.name &&
        (await uow.db.selectFrom('access_applications').select('id').where('name', '=', body.name).executeTakeFirst())
      )
        throw conflict(`an application ${body.name} exists`, { field: '/name', rule: 'unique' });
      const row = await uow.db
        .updateTable('access_applications')
        .set({
          name: body.name,
          label: body.label,
          description: body.description ?? before.description,
          time_zone: body.timeZone ?? before.time_zone,
          implications: JSON.stringify(body.implications ?? before.implications),
          updated_at: uow.now,
          version: before.version + 1,
        })
        .where('id', '=', id)
        .where('version', '=', version)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw stale(`application ${id}`, version);
      uow.record({
        action: 'access.application.update',
        op: 'updated',
        targetType: 'access_application',
        targetId: id,
        before: appView(before),
        after: appView(row),
      });
    });
    await deps.afterWrite();
    return shownTo(actor, await appRow(id));
  }

  async function deleteApp(actor: Actor, id: number) {
    authorise(actor, 'access:configure');
    await write(deps, actor, async (uow) => {
      const before = await appRow(id, uow.db);
      const roles = await uow.db
        .selectFrom('access_roles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('application_id', '=', id)
        .executeTakeFirstOrThrow();
      const resources = await uow.db
        .selectFrom('access_resources')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('application_id', '=', id)
        .executeTakeFirstOrThrow();
      if (roles.n || resources.n)
        throw conflict(
          `application ${before.name} still has ${roles.n} roles and ${resources.n} resources; delete them first`,
        );
      await uow.db.deleteFrom('access_applications').where('id', '=', id).execute();
      uow.record({
        action: 'access.application.delete',
        op: 'deleted',
        targetType: 'access_application',
        targetId: id,
        before: appView(before),
      });
    });
    await deps.afterWrite();
  }

  // ── resources ──
  const resourceView = (
    r: { id: number; application_id: number; name: string; label: string; parent_id: number | null; version: number },
    parent: string | null,
  ) => ({
    id: r.id,
    applicationId: r.application_id,
    name: r.name,
    label: r.label,
    parentId: r.parent_id,
    parent,
    version: r.version,
  });

  async function listResources(actor: Actor, app: number | string) {
    authorise(actor, 'access:read');
    const a = await appRow(app);
    const rows = await db
      .selectFrom('access_resources')
      .selectAll()
      .where('application_id', '=', a.id)
      .orderBy('name')
      .execute();
    const names = new Map(rows.map((r) => [r.id, r.name]));
    return rows.map((r) => resourceView(r, r.parent_id === null ? null : names.get(r.parent_id)!));
  }

  async function resourceId(appId: number, name: string, field: string): Promise<number> {
    const row = await db
      .selectFrom('access_resources')
      .select('id')
      .where('application_id', '=', appId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) throw invalid(field, 'exists', `no resource ${name} in this application`);
    return row.id;
  }

  async function createResource(actor: Actor, app: number | string, body: ResourceBody) {
    authorise(actor, 'access:configure');
    assertNoProblems(nameProblems(body.name));
    const a = await appRow(app);
    const parentId = body.parent ? await resourceId(a.id, body.parent, '/parent') : null;
    const row = await write(deps, actor, async (uow) => {
      if (
        await uow.db
          .selectFrom('access_resources')
          .select('id')
          .where('application_id', '=', a.id)
          .where('name', '=', body.name)
          .executeTakeFirst()
      )
        throw conflict(`a resource ${body.name} exists in ${a.name}`, { field: '/name', rule: 'unique' });
      const r = await uow.db
        .insertInto('access_resources')
        .values({
          application_id: a.id,
          name: body.name,
          label: body.label ?? body.name,
          parent_id: parentId,
          created_at: uow.now,
          updated_at: uow.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      uow.record({
        action: 'access.resource.create',
        op: 'created',
        targetType: 'access_resource',
        targetId: r.id,
        after: resourceView(r, body.parent ?? null),
      });
      return r;
    });
    await deps.afterWrite();
    return resourceView(row, body.parent ?? null);
  }

  /** Moves or relabels a resource; a move under its own subtree is refused. */
  async function updateResource(actor: Actor, id: number, version: number, body: ResourcePatch) {
    authorise(actor, 'access:configure');
    const before = await db.selectFrom('access_resources').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound('resource', id);
    const parentId =
      body.parent === undefined
        ? before.parent_id
        : body.parent === null
          ? null
          : await resourceId(before.application_id, body.parent, '/parent');
    for (let cur = parentId; cur !== null;) {
      if (cur === id) throw invalid('/parent', 'cycle', 'a resource cannot be moved under itself or its descendants');
      cur = (
        await db.selectFrom('access_resources').select('parent_id').where('id', '=', cur).executeTakeFirstOrThrow()
      ).parent_id;
    }
    const row = await write(deps, actor, async (uow) => {
      const r = await uow.db
        .updateTable('access_resources')
        .set({
          label: body.label ?? before.label,
          parent_id: parentId,
          updated_at: uow.now,
          version: before.version + 1,
        })
        .where('id', '=', id)
        .where('version', '=', version)
        .returningAll()
        .executeTakeFirst();
      if (!r) throw stale(`resource ${id}`, version);
      uow.record({
        action: 'access.resource.update',
        op: 'updated',
        targetType: 'access_resource',
        targetId: id,
        before: resourceView(before, null),
        after: resourceView(r, body.parent ?? null),
      });
      return r;
    });
    await deps.afterWrite();
    return resourceView(row, body.parent ?? null);
  }

  async function deleteResource(actor: Actor, id: number) {
    authorise(actor, 'access:configure');
    await write(deps, actor, async (uow) => {
      const before = await uow.db.selectFrom('access_resources').selectAll().where('id', '=', id).executeTakeFirst();
      if (!before) throw notFound('resource', id);
      const kids = await uow.db
        .selectFrom('access_resources')
        .select('id')
        .where('parent_id', '=', id)
        .limit(1)
        .execute();
      const perms = await uow.db
        .selectFrom('access_permissions')
        .select('id')
        .where('resource_id', '=', id)
        .limit(1)
        .execute();
      if (kids.length || perms.length)
        throw conflict(
          `resource ${before.name} is in use: ${kids.length ? 'it has child resources' : 'permissions name it'}`,
        );
      await uow.db.deleteFrom('access_resources').where('id', '=', id).execute();
      uow.record({
        action: 'access.resource.delete',
        op: 'deleted',
        targetType: 'access_resource',
        targetId: id,
        before: resourceView(before, null),
      });
    });
    await deps.afterWrite();
  }

  return {
    listApps,
    getApp,
    createApp,
    updateApp,
    deleteApp,
    listResources,
    createResource,
    updateResource,
    deleteResource,
    appRow,
    resourceId,
  };
}

export type AccessConfigService = ReturnType<typeof createAccessConfigService>;
