import { sql } from 'kysely';
import type { Actor } from '../platform/auth/actor.ts';
import type { ServiceDeps } from '../platform/deps.ts';
import { assertNoProblems, conflict, forbidden, stale, StewardError } from '../platform/errors.ts';
import { type UnitOfWork, write } from '../platform/unit-of-work.ts';
import { actorPrivileges, privilegedNames, requirePrivilege } from './group-access.ts';
import { folderAbilities, listingAbilities, mayManageRootFolders, onTheWay, seesGroup } from './group-policy.ts';
import type { FolderDetail, FolderListing, FolderView } from './group-schemas.ts';
import { assertNameFree, listFolders, loadFolder, loadGroups } from './group-store.ts';
import { extensionProblems, fullName } from './names.ts';

export interface FolderInput {
  parentId?: number | null;
  extension: string;
  displayName?: string | null;
  description?: string;
}

/** 403 unless the actor may manage root folders (group-policy.ts). */
function requireRoot(actor: Actor, doing: string): void {
  if (!mayManageRootFolders(actor))
    throw forbidden(`${actor.name} may not ${doing}: the root folders are the system administrators'`);
}

/**
 * Folders: create (root folders are system administrators'; below, `admin` on the parent),
 * rename and move (rewriting every name below in the same transaction), delete (refused
 * while the folder holds folders or groups).
 */
/** Inserts a folder whose name is known to be free, and records its creation (audit and change log). */
export async function insertFolder(
  uow: UnitOfWork,
  f: { parentId: number | null; extension: string; name: string; displayName: string | null; description: string },
): Promise<FolderView> {
  const row = await uow.db
    .insertInto('group_folders')
    .values({
      parent_id: f.parentId,
      extension: f.extension,
      name: f.name,
      display_name: f.displayName,
      description: f.description,
      created_at: uow.now,
      updated_at: uow.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const folder = await loadFolder(uow.db, row.id);
  uow.record({
    action: 'group.folder.create',
    op: 'created',
    targetType: 'group_folder',
    targetId: folder.id,
    after: folder,
  });
  return folder;
}

export function createFolderService(deps: ServiceDeps) {
  const { db, clock } = deps;

  async function renameBelow(uow: UnitOfWork, oldName: string, newName: string): Promise<void> {
    const prefix = `${oldName}:`;
    await sql`update group_folders set name = ${newName} || substr(name, ${oldName.length + 1}) where left(name, ${prefix.length}) = ${prefix}`.execute(
      uow.db,
    );
    await sql`update groups set name = ${newName} || substr(name, ${oldName.length + 1}) where left(name, ${prefix.length}) = ${prefix}`.execute(
      uow.db,
    );
  }

  /**
   * Browsing: a folder's subfolders and groups. An account sees the folders on the way to
   * what it holds privileges on (and everything under those); groups need `view`.
   */
  async function list(actor: Actor, parentId: number | null): Promise<FolderListing> {
    const now = clock.now();
    const names = await privilegedNames(db, actor, now);
    const folder = parentId === null ? null : await loadFolder(db, parentId);
    if (folder && !onTheWay(folder.name, names))
      throw forbidden(`${actor.name} lacks the view privilege on the folder ${folder.name}`);
    const folders = (await listFolders(db, parentId)).filter((f) => onTheWay(f.name, names));
    const groups =
      parentId === null ? [] : (await loadGroups(db, { folderId: parentId })).filter((g) => seesGroup(g.name, names));
    const held = parentId === null ? null : await actorPrivileges(db, actor, { folderId: parentId }, now);
    return { folder, folders, groups, abilities: listingAbilities(actor, held) };
  }

  async function get(actor: Actor, id: number): Promise<FolderDetail> {
    const folder = await loadFolder(db, id);
    const held = await requirePrivilege(db, actor, { folderId: id }, 'view', clock.now(), `the folder ${folder.name}`);
    return { ...folder, privileges: [...held].sort(), abilities: folderAbilities(actor, held, folder) };
  }

  async function create(actor: Actor, input: FolderInput): Promise<FolderView> {
    assertNoProblems(extensionProblems(input.extension));
    const parent = input.parentId ? await loadFolder(db, input.parentId) : null;
    if (parent)
      await requirePrivilege(db, actor, { folderId: parent.id }, 'admin', clock.now(), `the folder ${parent.name}`);
    else requireRoot(actor, 'create a root folder');
    const name = fullName(parent?.name ?? null, input.extension);
    return write(deps, actor, async (uow) => {
      await assertNameFree(uow.db, name);
      return insertFolder(uow, {
        parentId: parent?.id ?? null,
        extension: input.extension,
        name,
        displayName: input.displayName ?? null,
        description: input.description ?? '',
      });
    });
  }

  async function update(
    actor: Actor,
    id: number,
    expected: number,
    patch: { extension?: string; displayName?: string | null; description?: string },
  ): Promise<FolderView> {
    if (patch.extension !== undefined) assertNoProblems(extensionProblems(patch.extension));
    const current = await loadFolder(db, id);
    await requirePrivilege(db, actor, { folderId: id }, 'admin', clock.now(), `the folder ${current.name}`);
    if (current.parentId === null && patch.extension !== undefined && patch.extension !== current.extension)
      requireRoot(actor, 'rename a root folder');
    return write(deps, actor, async (uow) => {
      const before = await loadFolder(uow.db, id);
      if (before.version !== expected) throw stale(`the folder ${before.name}`, expected);
      const extension = patch.extension ?? before.extension;
      const parentName = before.parentId === null ? null : (await loadFolder(uow.db, before.parentId)).name;
      const name = fullName(parentName, extension);
      if (name !== before.name) {
        await assertNameFree(uow.db, name);
        await renameBelow(uow, before.name, name);
      }
      await uow.db
        .updateTable('group_folders')
        .set({
          extension,
          name,
          display_name: patch.displayName === undefined ? before.displayName : patch.displayName,
          description: patch.description ?? before.description,
          updated_at: uow.now,
          version: sql`version + 1`,
        })
        .where('id', '=', id)
        .execute();
      const after = await loadFolder(uow.db, id);
      uow.record({
        action: name !== before.name ? 'group.folder.rename' : 'group.folder.update',
        op: 'updated',
        targetType: 'group_folder',
        targetId: id,
        before,
        after,
      });
      return after;
    });
  }

  async function move(actor: Actor, id: number, expected: number, parentId: number | null): Promise<FolderView> {
    const current = await loadFolder(db, id);
    await requirePrivilege(db, actor, { folderId: id }, 'admin', clock.now(), `the folder ${current.name}`);
    const target = parentId === null ? null : await loadFolder(db, parentId);
    if (target)
      await requirePrivilege(db, actor, { folderId: target.id }, 'admin', clock.now(), `the folder ${target.name}`);
    else requireRoot(actor, 'move a folder to the root');
    if (target && (target.id === id || target.name.startsWith(`${current.name}:`)))
      throw conflict(`${current.name} cannot move into itself or a folder below it`, {
        field: '/parentId',
        rule: 'cycle',
        message: `${target.name} lies inside ${current.name}`,
      });
    return write(deps, actor, async (uow) => {
      const before = await loadFolder(uow.db, id);
      if (before.version !== expected) throw stale(`the folder ${before.name}`, expected);
      const name = fullName(target?.name ?? null, before.extension);
      if (name !== before.name) {
        await assertNameFree(uow.db, name, '/parentId');
        await renameBelow(uow, before.name, name);
      }
      await uow.db
        .updateTable('group_folders')
        .set({ parent_id: target?.id ?? null, name, updated_at: uow.now, version: sql`version + 1` })
        .where('id', '=', id)
        .execute();
      const after = await loadFolder(uow.db, id);
      uow.record({ action: 'group.folder.move', op: 'moved', targetType: 'group_folder', targetId: id, before, after });
      return after;
    });
  }

  async function remove(actor: Actor, id: number): Promise<void> {
    const current = await loadFolder(db, id);
    await requirePrivilege(db, actor, { folderId: id }, 'admin', clock.now(), `the folder ${current.name}`);
    await write(deps, actor, async (uow) => {
      const { rows } = await sql<{ folders: number; groups: number }>`
        select (select count(*) from group_folders where parent_id = ${id})::int as folders, (select count(*) from groups where folder_id = ${id})::int as groups`.execute(
        uow.db,
      );
      const { folders, groups } = rows[0];
      const problems = [
        ...(folders > 0
          ? [{ field: '/folders', rule: 'not-empty', message: `${current.name} holds ${folders} folder(s)` }]
          : []),
        ...(groups > 0
          ? [{ field: '/groups', rule: 'not-empty', message: `${current.name} holds ${groups} group(s)` }]
          : []),
      ];
      if (problems.length)
        throw new StewardError(
          'conflict',
          `${current.name} is not empty: ${problems.map((p) => p.message).join('; ')}`,
          {
            problems,
          },
        );
      await uow.db.deleteFrom('group_privileges').where('folder_id', '=', id).execute();
      await uow.db.deleteFrom('group_folders').where('id', '=', id).execute();
      uow.record({
        action: 'group.folder.delete',
        op: 'deleted',
        targetType: 'group_folder',
        targetId: id,
        before: current,
      });
    });
  }

  return { list, get, create, update, move, remove };
}
