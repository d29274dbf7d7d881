import { type Kysely, sql } from 'kysely';
import type { CompositeOp, GroupKind } from '../platform/db/group-tables.ts';
import type { DB } from '../platform/db/schema.ts';
import { conflict, notFound } from '../platform/errors.ts';
import type { UnitOfWork } from '../platform/unit-of-work.ts';
import type { FolderView, GroupView } from './group-schemas.ts';
import type { GroupRule } from './rules.ts';

/** Loading folders and groups as the API shows them, and the group history writer. */
type Db = Kysely<DB>;

export async function loadFolder(db: Db, id: number): Promise<FolderView> {
  const r = await db.selectFrom('group_folders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('folder', id);
  return {
    id: r.id,
    name: r.name,
    extension: r.extension,
    parentId: r.parent_id,
    displayName: r.display_name,
    description: r.description,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function listFolders(db: Db, parentId: number | null): Promise<FolderView[]> {
  const rows = await db
    .selectFrom('group_folders')
    .select('id')
    .where('parent_id', parentId === null ? 'is' : '=', parentId)
    .orderBy('name')
    .execute();
  return Promise.all(rows.map((r) => loadFolder(db, r.id)));
}

export async function loadGroups(
  db: Db,
  where: { ids?: number[]; folderId?: number; name?: string },
): Promise<GroupView[]> {
  const { rows } = await sql<{
    id: number;
    name: string;
    extension: string;
    folder_id: number;
    display_name: string | null;
    description: string;
    kind: GroupKind;
    composite_op: CompositeOp | null;
    left_group_id: number | null;
    right_group_id: number | null;
    left_name: string | null;
    right_name: string | null;
    rule: GroupRule | null;
    version: number;
    created_at: Date;
    updated_at: Date;
  }>`
    select g.*, l.name as left_name, r.name as right_name from groups g
    left join groups l on l.id = g.left_group_id left join groups r on r.id = g.right_group_id
    where ${where.ids ? sql`g.id = any(${where.ids}::bigint[])` : sql`true`}
      and ${where.folderId !== undefined ? sql`g.folder_id = ${where.folderId}` : sql`true`}
      and ${where.name !== undefined ? sql`g.name = ${where.name}` : sql`true`}
    order by g.name`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    extension: r.extension,
    folderId: r.folder_id,
    displayName: r.display_name,
    description: r.description,
    kind: r.kind,
    composite: r.composite_op
      ? {
          op: r.composite_op,
          leftId: r.left_group_id!,
          rightId: r.right_group_id!,
          leftName: r.left_name!,
          rightName: r.right_name!,
        }
      : null,
    rule: r.rule,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }));
}

export async function loadGroup(db: Db, id: number): Promise<GroupView> {
  const [g] = await loadGroups(db, { ids: [id] });
  if (!g) throw notFound('group', id);
  return g;
}

export async function groupByName(db: Db, name: string): Promise<GroupView> {
  const [g] = await loadGroups(db, { name });
  if (!g) throw notFound('group', name);
  return g;
}

/** Refuses a full name another folder or group already has. */
export async function assertNameFree(db: Db, name: string, field = '/extension'): Promise<void> {
  const { rows } = await sql<{
    n: number;
  }>`select (select count(*) from group_folders where name = ${name}) + (select count(*) from groups where name = ${name}) as n`.execute(
    db,
  );
  if (rows[0].n > 0)
    throw conflict(`${name} is taken`, { field, rule: 'unique', message: `a folder or group named ${name} exists` });
}

export interface HistoryEntry {
  groupId: number;
  event: string;
  membershipId?: number | null;
  personId?: number | null;
  memberGroupId?: number | null;
  boundaryAt?: Date | null;
  data?: unknown;
}

export async function addHistory(uow: UnitOfWork, e: HistoryEntry): Promise<void> {
  await uow.db
    .insertInto('group_history')
    .values({
      group_id: e.groupId,
      at: uow.now,
      actor: uow.actor.name,
      event: e.event,
      membership_id: e.membershipId ?? null,
      person_id: e.personId ?? null,
      member_group_id: e.memberGroupId ?? null,
      boundary_at: e.boundaryAt ?? null,
      data: JSON.stringify(e.data ?? {}),
    })
    .execute();
}
