import { type Kysely, sql } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { type DirectoryGroup, directoryGroups } from '../selection-query.ts';
import type { TargetDefinition } from '../target-definition.ts';
import type { ScimClient } from './scim-connector.ts';
import type { ScimTargetSettings } from './scim-settings-rules.ts';
import { recordGroup, syncedGroups } from './scim-sync-store.ts';

/**
 * The groups a SCIM target pushes: those it names (groups and application roles) and every
 * group in its group folders and their subfolders. Each is made in the application when it is
 * missing (found by displayName first, so a rerun after a crash does not make it twice) and
 * renamed there when its name changed; the sync table keeps its SCIM id.
 */
type Db = Kysely<DB>;

export async function pushedGroups(db: Db, def: TargetDefinition): Promise<DirectoryGroup[]> {
  const folders = (def.settings as ScimTargetSettings).groupFolders ?? [];
  const specs = [...def.groups];
  if (folders.length) {
    const patterns = folders.map((f) => `${f.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`);
    const { rows } = await sql<{ id: number; name: string }>`
      select id, name from groups where name like any(${patterns}::text[]) order by name`.execute(db);
    const named = new Set(def.groups.flatMap((g) => ('group' in g ? [g.group] : [])));
    for (const r of rows) if (!named.has(r.name)) specs.push({ group: r.name, id: r.id });
  }
  return directoryGroups(db, specs);
}

/** Makes or renames the pushed groups in the application; returns group key → SCIM id. */
export async function ensureGroups(
  db: Db,
  client: ScimClient,
  targetId: number,
  groups: DirectoryGroup[],
  now: Date,
): Promise<Map<string, string>> {
  const synced = await syncedGroups(db, targetId);
  const out = new Map<string, string>();
  for (const g of groups) {
    const have = synced.get(g.key);
    if (!have) {
      const id = await client.ensureGroup(g.name);
      await recordGroup(db, targetId, g, id, now);
      out.set(g.key, id);
      continue;
    }
    if (have.name !== g.name) {
      await client.renameGroup(have.id, g.name);
      await recordGroup(db, targetId, g, have.id, now);
    }
    out.set(g.key, have.id);
  }
  await db
    .deleteFrom('provision_pending')
    .where('target_id', '=', targetId)
    .where('object_type', 'in', ['group', 'role'])
    .execute();
  return out;
}
