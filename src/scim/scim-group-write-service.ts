import { sql } from 'kysely';
import { lockGroups } from '../groups/effective-engine.ts';
import { managesAllGroups } from '../groups/group-policy.ts';
import type { GroupView } from '../groups/group-schemas.ts';
import { insertFolder } from '../groups/folder-service.ts';
import { deleteGroupIn } from '../groups/group-service.ts';
import { addHistory, loadFolder, loadGroup } from '../groups/group-store.ts';
import type { MembershipHooks } from '../groups/membership-service.ts';
import type { Actor } from '../platform/auth/actor.ts';
import { can } from '../platform/auth/policy.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { type UnitOfWork, write } from '../platform/unit-of-work.ts';
import { scimClientOf } from './scim-client-rules.ts';
import { ScimError } from './scim-errors.ts';
import { keepGroupExternalId } from './scim-group-external-ids.ts';
import { applyMembers } from './scim-group-members.ts';
import { type MemberPlan, patchPlan } from './scim-group-patch-rules.ts';
import { extensionFor, groupResource, ifMatchHolds, inFolder, localName } from './scim-group-write-rules.ts';
import { scimScope } from './scim-scope.ts';

/**
 * Groups written through SCIM (RFC 7644 §3.3–§3.6). A SCIM client (`scim:write`) creates basic groups in its own
 * top-level folder (`scim-<account>`, made on its first group) and changes or deletes only the groups in it; a system
 * administrator may write any basic group. Each request is one transaction: the group, its direct person members,
 * history, audit and change log together, or nothing. Every write moves the group's version (its ETag).
 */
export function createScimGroupWriteService(deps: ServiceDeps, hooks: MembershipHooks) {
  const writer = (actor: Actor) => {
    if (!can(actor, 'scim:write')) throw new ScimError(403, `${actor.name} may not write through SCIM (scim:write)`);
    return { client: scimClientOf(actor), scope: scimScope(actor), reason: `SCIM ${actor.name}`, actor };
  };

  /** The client's folder, made (and audited) on its first group. */
  async function ownFolder(uow: UnitOfWork, name: string): Promise<number> {
    const found = await uow.db.selectFrom('group_folders').select('id').where('name', '=', name).executeTakeFirst();
    if (found) return Number(found.id);
    const folder = await insertFolder(uow, {
      parentId: null,
      extension: name,
      name,
      displayName: `SCIM client ${name.slice(5)}`,
      description: 'the groups a SCIM client writes',
    });
    return folder.id;
  }

  /** 409 uniqueness when another group or folder has the name, or another group of the folder the displayName. */
  async function assertUnique(
    uow: UnitOfWork,
    folderId: number,
    name: string,
    displayName: string,
    self: number | null,
  ) {
    const { rows } = await sql<{ n: number }>`
      select (select count(*) from groups where id <> ${self ?? 0} and (name = ${name} or (folder_id = ${folderId} and display_name = ${displayName})))
           + (select count(*) from group_folders where name = ${name}) as n`.execute(uow.db);
    if (Number(rows[0]!.n) > 0)
      throw new ScimError(409, `a group with the displayName ${displayName} (${name}) exists`, 'uniqueness');
  }

  /** A group the actor may write: in its folder (or any, for a system administrator), basic, at the version asked. */
  async function writable(uow: UnitOfWork, actor: Actor, folder: string, id: string, ifMatch?: string) {
    const group = /^[1-9]\d{0,15}$/.test(id) ? await loadGroup(uow.db, Number(id)).catch(() => null) : null;
    if (!group) throw new ScimError(404, `Group ${id} not found`);
    if (!managesAllGroups(actor) && !inFolder(group.name, folder))
      throw new ScimError(403, `${actor.name} may change only the groups in its folder ${folder}, not ${group.name}`);
    if (group.kind !== 'basic')
      throw new ScimError(400, `${group.name} is a ${group.kind} group: it is read-only through SCIM`, 'mutability');
    if (!ifMatchHolds(ifMatch, group.version))
      throw new ScimError(412, `${group.name} is at version W/"${group.version}", not ${ifMatch}`);
    return group;
  }

  /** A new displayName; the full name sent back (as readers other than the owning client see it) changes nothing. */
  async function rename(uow: UnitOfWork, before: GroupView, folder: string, sent: string): Promise<boolean> {
    if (sent === before.name) return false;
    const displayName = localName(sent, folder);
    const extension = extensionFor(displayName);
    const name = before.name.slice(0, before.name.length - before.extension.length) + extension;
    if (name === before.name && displayName === before.displayName) return false;
    await assertUnique(uow, before.folderId, name, displayName, before.id);
    await uow.db
      .updateTable('groups')
      .set({ extension, name, display_name: displayName })
      .where('id', '=', before.id)
      .execute();
    const after = await loadGroup(uow.db, before.id);
    await addHistory(uow, { groupId: before.id, event: 'group-updated', data: { before, after } });
    uow.record({ action: 'group.update', op: 'updated', targetType: 'group', targetId: before.id, before, after });
    return true;
  }

  const bump = (uow: UnitOfWork, id: number) =>
    uow.db
      .updateTable('groups')
      .set({ updated_at: uow.now, version: sql`version + 1` })
      .where('id', '=', id)
      .execute();

  /** POST /Groups: a new basic group in the client's folder with its members; its id. */
  async function create(actor: Actor, body: unknown): Promise<number> {
    const w = writer(actor);
    const input = groupResource(body);
    return write(deps, actor, async (uow) => {
      await lockGroups(uow.db);
      const folderId = await ownFolder(uow, w.client.folder);
      const displayName = localName(input.displayName, w.client.folder);
      const extension = extensionFor(displayName);
      const name = `${w.client.folder}:${extension}`;
      await assertUnique(uow, folderId, name, displayName, null);
      const row = await uow.db
        .insertInto('groups')
        .values({
          folder_id: folderId,
          extension,
          name,
          display_name: displayName,
          description: `written through SCIM by ${actor.name}`,
          kind: 'basic',
          created_at: uow.now,
          updated_at: uow.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      const group = await loadGroup(uow.db, id);
      await addHistory(uow, { groupId: id, event: 'group-created', data: group });
      uow.record({ action: 'group.create', op: 'created', targetType: 'group', targetId: id, after: group });
      await addMembers(uow, w, id, { add: input.members, remove: [] });
      if (input.externalId !== null) await keepGroupExternalId(uow, id, w.client.source, input.externalId);
      return id;
    });
  }

  const addMembers = (uow: UnitOfWork, w: ReturnType<typeof writer>, groupId: number, plan: MemberPlan) =>
    applyMembers(uow, { groupId, scope: w.scope, writer: w.actor, reason: w.reason, hooks }, plan);

  /** PUT and PATCH: the displayName and the member plan applied to a group the actor may write. */
  async function change(
    actor: Actor,
    id: string,
    ifMatch: string | undefined,
    plan: () => MemberPlan,
  ): Promise<number> {
    const w = writer(actor);
    const p = plan();
    // A governed group takes direct adds from its policy's direct adders only (read before the transaction opens).
    if (p.add.length && /^[1-9]\d{0,15}$/.test(id))
      await hooks.mayAddDirectly?.(actor, Number(id), { personId: p.add[0] });
    return write(deps, actor, async (uow) => {
      await lockGroups(uow.db);
      const group = await writable(uow, actor, w.client.folder, id, ifMatch);
      const folder = (await loadFolder(uow.db, group.folderId)).name;
      const renamed = p.displayName !== undefined && (await rename(uow, group, folder, p.displayName));
      const changed = await addMembers(uow, w, group.id, p);
      const kept =
        p.externalId !== undefined && (await keepGroupExternalId(uow, group.id, w.client.source, p.externalId));
      if (renamed || changed || kept) await bump(uow, group.id);
      return group.id;
    });
  }

  /** PUT /Groups/:id: the displayName and exactly these direct person members. */
  const replace = (actor: Actor, id: string, body: unknown, ifMatch?: string) =>
    change(actor, id, ifMatch, () => {
      const input = groupResource(body);
      return { displayName: input.displayName, add: input.members, remove: 'all', externalId: input.externalId };
    });

  /** PATCH /Groups/:id (RFC 7644 §3.5.2). */
  const patch = (actor: Actor, id: string, body: unknown, ifMatch?: string) =>
    change(actor, id, ifMatch, () => patchPlan(body));

  /** DELETE /Groups/:id, as the group service deletes (refused while the group is in use). */
  async function remove(actor: Actor, id: string, ifMatch?: string): Promise<void> {
    const w = writer(actor);
    await write(deps, actor, async (uow) => {
      await lockGroups(uow.db);
      await deleteGroupIn(uow, await writable(uow, actor, w.client.folder, id, ifMatch));
    });
  }

  return { create, replace, patch, remove };
}

export type ScimGroupWriteService = ReturnType<typeof createScimGroupWriteService>;
